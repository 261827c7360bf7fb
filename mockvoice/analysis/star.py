"""Transcript -> STAR parts, by cue phrases (fuzzy), word signals and timing priors.

Each sentence gets a score for each part; a dynamic programme then picks the labelling that
keeps the parts in S-T-A-R order (any part may be absent) with the highest total. A part
with no sentence is absent: it is reported missing by the findings, never invented.
"""
from __future__ import annotations

import math
import re

from mockvoice.analysis.model import PARTS, Sentence, StarPart, Transcript, Word, join_words
from mockvoice.analysis.text import cue_hits, is_hesitation, is_quantity, norm, spoken_words
from mockvoice.analysis.thresholds import PART_TARGETS_S, SENTENCE_GAP_S

SITUATION_CUES = (
    "back in", "at the time", "at my last company", "at my previous company", "at my previous job",
    "at my last job", "last year", "a few years ago", "years ago", "i was working", "i worked at",
    "i was working as", "we were", "our team", "our company", "there was", "there were", "we had a",
    "was experiencing", "were experiencing", "was causing", "the problem was", "the situation",
    "the context", "was struggling", "kept failing", "was taking", "were taking", "customers were",
    "users were", "when i joined", "i joined", "startup", "at the company", "was built", "had grown",
    "was growing", "every time", "used to", "it turned out", "at that point",
)
SITUATION_PATTERNS = (
    r"\bat (my|our|a) (last|previous|old|current|first|former) (company|job|employer|team|role|workplace)\b",
    r"\b(a few|two|three|several|some) (years|months|weeks) ago\b",
    r"\b(in|around|back in) (19|20)\d\d\b",
    r"\b(on a|one|that) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|evening|night|weekend)\b",
    r"\bour (?!goal|job|task|target|aim|mission|priority|deadline)\w+ (was|were|had|kept|used|took|ran|lived|served)\b",
    r"\b(was|were) (experiencing|struggling|failing|taking|growing|running|seeing|losing|spending|getting)\b",
    r"\bi (was|worked) (a|an|as|at|for|on) \w+",
)
TASK_CUES = (
    "responsible for", "i was asked", "asked me to", "i was tasked", "tasked with", "i was in charge",
    "in charge of", "without any downtime", "i owned", "i volunteered", "i took ownership",
    "it was up to me", "my assignment", "assigned me", "i was assigned", "the mandate", "the brief",
    "the plan was", "i set myself", "the target was", "our target", "i was supposed to", "i wanted to",
    "was mine", "my call", "wanted to", "fell to me", "it was on me", "up to me", "so i had to",
)
TASK_PATTERNS = (
    r"\b(my|our|the|his|her) (\w+ )?(job|task|goal|role|responsibility|objective|mission|priority|"
    r"constraint|requirement|requirements|deadline|challenge|aim|assignment|brief|decision|call)( \w+){0,3} "
    r"(was|were|is)\b",
    r"\b(i|we) (also |really |still |then |first |now |just )?(had|needed|wanted|have|need) to\b",
    r"\bi was (supposed|expected|asked|tasked|responsible|in charge|on the hook|given)\b",
    r"\b(asked|told|wanted|needed|expected|challenged) (me|us) to\b",
    r"\b(had|needed) to (be|stay|happen|ship|land|go)\b",
    r"\b(within|in under|before|by) (the )?(\w+ )?(hour|hours|days|weeks|months|deadline|end of)\b.*\b(without|no)\b",
    r"\b(zero|no) (downtime|data loss)\b",
    r"\bi had (\w+ ){1,3}to (make|decide|deliver|ship|fix|get|finish|find|build|choose|pick|move|cut|bring)\b",
    r"\b(leadership|management|my manager|my boss|the business|the company|the ceo|the cto|my lead|"
    r"product|the client|the customer|our director) (\w+ )?(wanted|needed|asked|expected|required)\b",
    r"\b(offered|volunteered|agreed|signed up|stepped up) to (take|lead|own|do|build|fix|handle|drive|run)\b",
    r"\b(fell|came down) to me\b",
    r"\bthe question was\b",
)
ACTION_CUES = (
    "first", "then", "next", "after that", "so i", "finally", "to do that", "i also", "i then", "step",
    "i started", "i decided", "i began", "i set up", "i worked with", "i paired",
)
RESULT_CUES = (
    "as a result", "in the end", "ultimately", "the result", "the outcome", "end result", "reduced",
    "improved", "increased", "decreased", "dropped", "saved", "went from", "went down", "went up",
    "by the end", "was promoted", "got promoted", "successfully", "achieved", "since then",
    "i learned", "lesson", "taught me", "looking back", "in hindsight", "next time", "going forward",
    "would do differently", "takeaway", "the impact", "overall", "thanks to", "we ended up",
    "it ended up", "from then on", "i now", "over time", "restored", "resolved",
    "recovered", "became", "on schedule", "appreciated", "happy with", "fell to", "rose to", "on time",
    "smoothly", "no longer", "went away", "disappeared", "went quiet", "stopped completely",
)
RESULT_PATTERNS = (
    r"\b(was|were|is|are) (\w+ )?(back|restored|resolved|fixed|stable|live|adopted|done|promoted)\b",
    r"\bfrom \S+ (\w+ )?to \S+",
    r"\b(down|up) (to|by) \S+",
    r"\b(weeks|months|days|years) later\b",
    r"\b(after|once|since|with) (the|that|this|our) (switch|launch|rollout|change|migration|release|fix|move)\b",
    r"\b(we|i|it|they|the team) (launched|shipped|delivered|finished|completed|hit|met|beat|cut|saved)\b",
    r"\b(now|today|these days|still)\b",
    r"\b(i|we) (now|still) \w+",
    r"\bnot my fault\b",
)
IRREGULAR_PAST = frozenset(
    "built wrote led ran set made took found chose got sent went began brought spoke drove held met put "
    "saw told thought gave kept left paid read sat shut split spent stood taught understood won broke "
    "caught dug drew fed felt fought hid hung knew lent let lit meant rode rang rose sought sold shot "
    "shook slept swept swam threw tore woke wore wound did rewrote rebuilt undertook oversaw".split()
)
STATIVE = frozenset("was were had needed wanted seemed used been".split())
# Words that describe a state of affairs rather than an act: the stuff of a Situation.
DESCRIPTIVE = frozenset("was were had wasn't weren't hadn't been our company team customers users "
                        "every always often".split())

# Where in the answer each part tends to sit (fraction of the answer's time): centres from the
# seed's targets S 30 s, T 20 s, A 75 s, R 30 s over a 155 s story; widths loose.
_PRIOR = {"situation": (0.1, 0.25), "task": (0.25, 0.25), "action": (0.55, 0.35), "result": (0.88, 0.25)}
_PRIOR_WEIGHT = 0.6
# Task and Situation must be earned by evidence more than the others: an unmarked sentence near
# the start is more often Situation than Task, and a missing Task must stay missing.
_BIAS = {"situation": 0.0, "task": -0.6, "action": 0.0, "result": -0.3}


def split_sentences(words: tuple[Word, ...], gap_s: float = SENTENCE_GAP_S) -> list[Sentence]:
    """Sentences end at . ? ! or at a silence of gap_s."""
    sentences: list[Sentence] = []
    current: list[Word] = []
    for i, word in enumerate(words):
        current.append(word)
        next_gap = words[i + 1].start - word.end if i + 1 < len(words) else math.inf
        if word.text.rstrip().endswith((".", "?", "!")) or next_gap >= gap_s:
            sentences.append(Sentence(tuple(current)))
            current = []
    if current:
        sentences.append(Sentence(tuple(current)))
    return sentences


def _first_person_verbs(toks: list[str]) -> tuple[int, int]:
    """(actions by 'I', actions by 'we'): subject followed (maybe after an adverb) by a past-tense
    action verb; stative verbs (was, had, needed) describe the situation, not an action."""
    counts = {"i": 0, "we": 0}
    for i, tok in enumerate(toks[:-1]):
        if tok not in counts:
            continue
        for verb in toks[i + 1:i + 3]:
            if verb in STATIVE:
                break
            if (verb.endswith("ed") and len(verb) > 3) or verb in IRREGULAR_PAST:
                counts[tok] += 1
                break
    return counts["i"], counts["we"]


def sentence_scores(sentence: Sentence) -> dict[str, float]:
    """Evidence for each part from the sentence's own words (no position)."""
    toks = [norm(w.text) for w in sentence.words if not is_hesitation(w.text)]
    i_actions, we_actions = _first_person_verbs(toks)
    quantities = sum(is_quantity(t) for t in toks)
    descriptive = sum(t in DESCRIPTIVE for t in toks)
    text = " ".join(toks)

    def hits(cues: tuple[str, ...], patterns: tuple[str, ...] = ()) -> int:
        return len(cue_hits(toks, cues)) + sum(bool(re.search(p, text)) for p in patterns)

    return {
        "situation": 0.9 * min(hits(SITUATION_CUES, SITUATION_PATTERNS), 3) + 0.25 * min(descriptive, 3),
        "task": 2.2 * min(hits(TASK_CUES, TASK_PATTERNS), 2),
        "action": 0.8 * min(hits(ACTION_CUES), 3) + 0.8 * min(i_actions + 0.6 * we_actions, 3),
        "result": 1.0 * min(hits(RESULT_CUES, RESULT_PATTERNS), 3) + 0.35 * min(quantities, 3),
    }


def _position_prior(part: str, x: float) -> float:
    centre, width = _PRIOR[part]
    return -_PRIOR_WEIGHT * ((x - centre) / width) ** 2 / 2 + _BIAS[part]


def label_sentences(sentences: list[Sentence]) -> tuple[list[int], list[list[float]]]:
    """Best monotonic S<=T<=A<=R labelling (part indexes) and the per-sentence part scores."""
    if not sentences:
        return [], []
    t0, t1 = sentences[0].start, sentences[-1].end
    span = max(t1 - t0, 1e-6)
    scores = []
    for s in sentences:
        evidence = sentence_scores(s)
        x = ((s.start + s.end) / 2 - t0) / span
        scores.append([evidence[p] + _position_prior(p, x) for p in PARTS])
    n, k = len(sentences), len(PARTS)
    best = [[-math.inf] * k for _ in range(n)]
    back = [[0] * k for _ in range(n)]
    best[0] = list(scores[0])
    for i in range(1, n):
        for p in range(k):
            q = max(range(p + 1), key=lambda j: best[i - 1][j])
            best[i][p] = best[i - 1][q] + scores[i][p]
            back[i][p] = q
    labels = [max(range(k), key=lambda p: best[n - 1][p])]
    for i in range(n - 1, 0, -1):
        labels.append(back[i][labels[-1]])
    labels.reverse()
    return labels, scores


def _confidence(part_index: int, rows: list[list[float]]) -> float:
    """Mean, over the part's sentences, of how clearly its score beats the others (0-1)."""
    margins = [row[part_index] - max(v for j, v in enumerate(row) if j != part_index) for row in rows]
    return round(sum(1 / (1 + math.exp(-m)) for m in margins) / len(margins), 2)


def segment(transcript: Transcript, targets: dict[str, tuple[float, float]] | None = None) -> tuple[StarPart, ...]:
    """The STAR parts present in the answer, in order."""
    targets = {**PART_TARGETS_S, **(targets or {})}
    sentences = split_sentences(transcript.words)
    labels, scores = label_sentences(sentences)
    parts = []
    for index, name in enumerate(PARTS):
        members = [i for i, label in enumerate(labels) if label == index]
        if not members:
            continue
        words = [w for i in members for w in sentences[i].words]
        parts.append(StarPart(
            part=name,
            start=words[0].start,
            end=words[-1].end,
            word_count=sum(spoken_words(w.text) for w in words if not is_hesitation(w.text)),
            text=join_words(w.text for w in words),
            confidence=_confidence(index, [scores[i] for i in members]),
            target_s=targets[name],
        ))
    return tuple(parts)
