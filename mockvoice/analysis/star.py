"""Transcript -> STAR parts: each sentence's linguistic evidence (features.py) weighed by a linear
model fitted to labelled answers (benchmarks/train_star.py writes star_weights.json), then the
labelling that keeps the parts in S-T-A-R order (any part may be absent; the answer may open with
its Result, told first, before the S-T-A-R) with the highest total log-probability, by dynamic
programming. A part the order has no place for but that a sentence states plainly (a Task said in
the middle of the Action, the only Result told first) is kept where it is said (recover_missing).
A part with no sentence is absent: it is reported missing by the findings, never invented. The
sentences labelled are units(): a goal told after a comma in the same breath as its context is one
of its own.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from mockvoice.analysis.features import SentenceFeatures, sentence_features
from mockvoice.analysis.model import PARTS, Sentence, StarPart, Transcript, Word, join_words
from mockvoice.analysis.text import word_count
from mockvoice.analysis.thresholds import ANSWER_TOO_SHORT_S, PART_TARGETS_S, SENTENCE_GAP_S

POSITION_BINS = 10
# the feature families a sentence's neighbours lend it (their words and position stay their own)
NEIGHBOUR_FAMILIES = ("c=", "act=", "cv=", "need=", "neg=", "q=", "start=", "lesson", "goal", "change", "blame")


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


# A Task told in the same breath as its context ("…took a day of clicking, so I decided to take it on",
# "…seventeen cells full, and it was on me to decide"): a sentence is parted after a comma, before
# one of these, where what follows states a goal of the speaker's and what comes before does not.
GOAL_JOINS = frozenset("so and but since because".split())
MIN_UNIT_WORDS = 6


def units(words: tuple[Word, ...]) -> list[Sentence]:
    """The sentences the parts are labelled by: split_sentences, each parted before a goal told in
    the same breath as what came before it."""
    return [unit for sentence in split_sentences(words) for unit in _goal_parted(sentence)]


def _goal_parted(sentence: Sentence) -> list[Sentence]:
    words = sentence.words
    for k in range(MIN_UNIT_WORDS, len(words) - MIN_UNIT_WORDS + 1):
        if not (words[k - 1].text.rstrip().endswith(",") and words[k].text.strip(",.").lower() in GOAL_JOINS):
            continue
        head, rest = Sentence(words[:k]), Sentence(words[k:])
        if _speakers_goal(sentence_features(rest.text)) and not sentence_features(head.text).goal:
            return [head, *_goal_parted(rest)]
    return [sentence]


def _speakers_goal(f: SentenceFeatures) -> bool:
    """A goal the speaker states: "I had to", "it was on me to", "I decided to take it on"."""
    return f.goal and any(c.subject == "i" or c.need for c in f.clauses[:2])


def sentence_feature_names(f: SentenceFeatures, x: float, first: bool, last: bool) -> list[str]:
    """The model's inputs for one sentence: lemmas and lemma pairs, its clauses (subject with verb
    lemma, tense and need), quantities, lesson and blame evidence, and where it sits in the answer
    (x: its middle as a fraction of the answer's expected or actual length)."""
    names = ["bias", f"x={min(int(x * POSITION_BINS), POSITION_BINS - 1)}", f"len={min(len(f.tokens) // 6, 5)}"]
    if first:
        names.append("first")
    lemmas = f.lemmas
    names += [f"w={w}" for w in set(lemmas)]
    names += [f"b={a}_{b}" for a, b in set(zip(lemmas, lemmas[1:]))]
    names += [f"start={w}" for w in lemmas[:2]]
    for c in f.clauses:
        names += [f"c={c.subject}:{c.tense}", f"c={c.subject}:{c.verb}", f"cv={c.verb}:{c.tense}"]
        if c.need:
            names.append(f"need={c.subject}:{c.tense}")
        if c.negated:
            names.append(f"neg={c.subject}")
        elif c.deed:
            names.append(f"act={c.subject}:{c.tense}")  # a deed ("I send", "I rolled back"), not a state
    names.append(f"q={min(f.quantities, 3)}")
    if f.lesson:
        names.append("lesson")
    names += [group for group, present in (("blame", f.blame), ("goal", f.goal), ("change", f.change)) if present]
    if f.goal and f.clauses and f.clauses[0].subject == "i":
        names.append("goal+i")
    return names


@lru_cache(maxsize=1)
def weights() -> dict:
    """The fitted model: {"parts", "weights": {feature: [one weight per part]}, "transitions", "fitted_on"}."""
    text = resources.files("mockvoice.analysis").joinpath("star_weights.json").read_text(encoding="utf-8")
    return json.loads(text)


def part_log_probs(names: list[str], model: dict | None = None) -> list[float]:
    """log P(part | sentence) for each of PARTS under the linear model."""
    model = model or weights()
    table = model["weights"]
    scores = list(model.get("part_bias", [0.0] * len(PARTS)))
    for name in names:
        row = table.get(name)
        if row:
            scores = [s + w for s, w in zip(scores, row)]
    top = max(scores)
    norm_ = top + math.log(sum(math.exp(s - top) for s in scores))
    return [s - norm_ for s in scores]


def sentence_inputs(sentences: list[Sentence], span_s: float | None = None) -> list[list[str]]:
    """Feature names of each sentence; span_s: the answer's expected length (live: the answer is
    not over, so positions are judged against the length it should reach), else its actual one."""
    if not sentences:
        return []
    t0 = sentences[0].start
    span = max(span_s or (sentences[-1].end - t0), 1e-6)
    own = []
    for i, s in enumerate(sentences):
        x = min(max(((s.start + s.end) / 2 - t0) / span, 0.0), 0.999)
        own.append(sentence_feature_names(sentence_features(s.text), x, i == 0,
                                          i == len(sentences) - 1 and span_s is None))
    return [names + _neighbour_names(own, i) for i, names in enumerate(own)]


def _neighbour_names(own: list[list[str]], i: int) -> list[str]:
    """The clause, quantity, lesson and goal evidence of the sentences before and after, as "p:" and
    "n:" features: a sentence that only narrates reads as an Action after a need and before a
    result, as context after context."""
    out = []
    for prefix, j in (("p:", i - 1), ("n:", i + 1)):
        if 0 <= j < len(own):
            out += [prefix + name for name in own[j] if name.startswith(NEIGHBOUR_FAMILIES)]
    return out


def decode(log_probs: list[list[float]], transitions: list[list[float]],
           opening_result: list[float] | None = None) -> list[int]:
    """The best S<=T<=A<=R labelling (part indexes) of rows of log P(part | sentence), with
    log-transition scores between parts (j -> k, k >= j) and into the first part (row 4).
    opening_result: (stay, leave) log-scores of a Result told first ("We cut the bill by 40 %, so
    that's the one I'd tell"): an answer may open with Result sentences, entered as freely as any
    part, before its S-T-A-R; None, no such opening."""
    n, k = len(log_probs), len(PARTS)
    result = PARTS.index("result")
    opening = k  # the state of the Result told first; its sentences are labelled Result
    best = [[-math.inf] * (k + 1) for _ in range(n)]
    back = [[0] * (k + 1) for _ in range(n)]
    best[0] = [log_probs[0][p] + transitions[k][p] for p in range(k)]
    best[0].append(log_probs[0][result] if opening_result else -math.inf)
    stay, leave = opening_result or (-math.inf, -math.inf)
    for i in range(1, n):
        for p in range(k):
            q = max(range(p + 1), key=lambda j: best[i - 1][j] + transitions[j][p])
            score = best[i - 1][q] + transitions[q][p]
            if best[i - 1][opening] + leave > score:
                q, score = opening, best[i - 1][opening] + leave
            best[i][p] = score + log_probs[i][p]
            back[i][p] = q
        best[i][opening] = best[i - 1][opening] + stay + log_probs[i][result]
        back[i][opening] = opening
    labels = [max(range(k), key=lambda p: best[n - 1][p])]
    for i in range(n - 1, 0, -1):
        labels.append(back[i][labels[-1]])
    labels.reverse()
    return [result if label == opening else label for label in labels]


def recover_missing(log_probs: list[list[float]], labels: list[int], min_p: float) -> list[int]:
    """Labels with each part the decoding left out given back to the sentence that reads most as it,
    when that sentence's P(part) is at least min_p and the S-T-A-R order has no place for the part
    there (where it has, the decoding weighed it and said no), and to the neighbours that read most
    as it too, as long as the part they are taken from keeps a sentence."""
    labels = list(labels)
    for part in range(len(PARTS)):
        if part in labels or not log_probs:
            continue
        best = max(range(len(labels)), key=lambda i: log_probs[i][part])
        in_order = all(x <= part for x in labels[:best]) and all(x >= part for x in labels[best + 1:])
        if in_order or math.exp(log_probs[best][part]) < min_p:
            continue
        for i in [best] + _reading_as(log_probs, best, -1, part) + _reading_as(log_probs, best, 1, part):
            if labels.count(labels[i]) > 1:
                labels[i] = part
    return labels


def _reading_as(log_probs: list[list[float]], i: int, step: int, part: int) -> list[int]:
    """The sentences next to i, going by step, that read most as `part`, up to the first that does not."""
    out = []
    i += step
    while 0 <= i < len(log_probs) and max(range(len(PARTS)), key=log_probs[i].__getitem__) == part:
        out.append(i)
        i += step
    return out


def best_labels(log_probs: list[list[float]], model: dict) -> list[int]:
    """The S-T-A-R decoding, with the parts it left out that a sentence states plainly given back."""
    labels = decode(log_probs, model["transitions"], model.get("opening_result"))
    return recover_missing(log_probs, labels, model["recover_p"])


def label_sentences(sentences: list[Sentence], span_s: float | None = None) -> tuple[list[int], list[list[float]]]:
    """Best labelling (part indexes) and each sentence's log P(part)."""
    if not sentences:
        return [], []
    model = weights()
    rows = [part_log_probs(names, model) for names in sentence_inputs(sentences, span_s)]
    return best_labels(rows, model), rows


def segment(transcript: Transcript, targets: dict[str, tuple[float, float]] | None = None,
            span_s: float | None = None) -> tuple[StarPart, ...]:
    """The STAR parts present in the answer, in order. span_s: the expected length of an answer
    still being spoken (the live cue)."""
    targets = {**PART_TARGETS_S, **(targets or {})}
    sentences = units(transcript.words)
    labels, rows = label_sentences(sentences, span_s)
    parts = []
    for index, name in enumerate(PARTS):
        members = [i for i, label in enumerate(labels) if label == index]
        if not members:
            continue
        words = [w for i in members for w in sentences[i].words]
        parts.append(StarPart(
            part=name, start=words[0].start, end=words[-1].end, word_count=word_count(w.text for w in words),
            text=join_words(w.text for w in words),
            confidence=round(sum(math.exp(rows[i][index]) for i in members) / len(members), 2),
            target_s=targets[name], spans=_stretches(sentences, members)))
    return tuple(parts)


def _stretches(sentences: list[Sentence], members: list[int]) -> tuple[tuple[float, float], ...]:
    """(start, end) of each run of consecutive member sentences."""
    runs: list[list[int]] = []
    for i in members:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return tuple((sentences[run[0]].start, sentences[run[-1]].end) for run in runs)


def live_span_s(elapsed_s: float, targets: dict[str, tuple[float, float]] | None = None) -> float:
    """The length a live answer's positions are measured against: the shortest answer that is not
    too short (ANSWER_TOO_SHORT_S, scaled to the part bands in force), or what has been said when
    longer. So 20 s in, the answer is near its start, not at its end (a Result 12 s in is unlikely),
    and a short complete answer still reaches its Result."""
    bands = {**PART_TARGETS_S, **(targets or {})}
    scale = sum(sum(b) for b in bands.values()) / sum(sum(b) for b in PART_TARGETS_S.values())
    return max(elapsed_s, ANSWER_TOO_SHORT_S * scale)
