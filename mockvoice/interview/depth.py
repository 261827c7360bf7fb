"""Technical-depth probes built from the answer's own words: a technology, technique, decision or number
the speaker named ("You mentioned a Redis cache — why that rather than precomputing the results?"),
found with the lemmas and clauses the analysis judges by (analysis/features.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from mockvoice.analysis.features import Clause, is_past, lemma, quantity_at, sentence_features
from mockvoice.analysis.model import Sentence, StarPart, Transcript
from mockvoice.analysis.star import split_sentences
from mockvoice.analysis.text import HESITATIONS, norm

# What an interviewer asks about each kind of mention: (question, what answers it: replies.EXPECTATIONS).
TEMPLATES = {
    "why": ("You mentioned {words} — why that rather than {alternative}?", "alternative"),
    "why_did": ("You {words} — why that rather than {alternative}?", "alternative"),
    "decision": ("You {words} — why that, and what else did you consider?", "alternative"),
    "why_open": ("You mentioned {words} — why that, and what else did you consider?", "alternative"),
    "what_if": ("What would you have done if {words} had failed?", "contingency"),
    "figure": ("You said {words} — how did you arrive at that figure?", "method"),
}
# The order of value: a named technique held against its alternative, the speaker's own decision,
# what if a risky step had failed, then a figure.
RANK = ("why", "why_did", "decision", "why_open", "what_if", "figure")
# Techniques and technologies worth probing: (as said, in lemmas; the alternative an interviewer holds
# it against, or None to ask what else was considered; the risky step it stands for, or None). Seed: "Technical Terms to Use", "Practice
# Technical Depth" ("I chose Redis for caching…", "I implemented feature flags…").
TERMS = (
    ("cache", "precomputing the results", None),
    ("redis", "a cache inside the service itself", None),
    ("memcached", "a cache inside the service itself", None),
    ("cdn", "scaling the origin servers", None),
    ("index", "caching the query results", None),
    ("read replica", "a cache in front of the primary", None),
    ("replica", "a cache in front of the primary", None),
    ("read model", "tuning the queries on the main database", None),
    ("queue", "calling the service directly", None),
    ("kafka", "a simpler message queue", None),
    ("rabbitmq", "a queue table in the database", None),
    ("shard", "a bigger database server", None),
    ("sharding", "a bigger database server", None),
    ("consistent hashing", "a fixed number of shards", None),
    ("partition", None, None),
    ("cold storage", "deleting the old data", None),
    ("microservice", "a modular monolith", None),
    ("microservices", "a modular monolith", None),
    ("monolith", "splitting it into services", None),
    ("eventual consistency", "strong consistency", None),
    ("circuit breaker", "retries with back-off", None),
    ("rate limiting", "adding capacity", None),
    ("feature flag", "a normal release", "the feature flag rollout"),
    ("canary", "a full rollout with a rollback plan", "the canary release"),
    ("rollback", "a forward fix", "the rollback"),
    ("roll back", "a forward fix", "the rollback"),
    ("failover", "waiting for the primary to recover", "the failover"),
    ("fail over", "waiting for the primary to recover", "the failover"),
    ("migration", "running the old and new systems side by side", "the migration"),
    ("load test", "a canary release in production", None),
    ("profile", "reading the code for the slow paths", None),
    ("design doc", "settling it in a meeting", None),
    ("prototype", "a written proposal", None),
    ("pair", "code review alone", None),
    ("one-on-one", "helping whenever asked", None),
    ("code review", "pairing", None),
    ("automate", "a written checklist", None),
    ("script", "doing it by hand", None),
    ("pipeline", "a manual release checklist", None),
    ("docker", "plain virtual machines", None),
    ("kubernetes", "plain virtual machines", None),
    ("terraform", "setting it up by hand", None),
    ("batch", "handling each item as it arrives", None),
)
# The speaker's own decisions: "I chose…", "we decided to…", "I moved search into…".
DECISION_VERBS = frozenset("choose decide pick opt switch replace introduce propose move migrate split rewrite "
                           "adopt".split())
# A clause said already holding its alternative needs no "why that rather than…".
ALREADY_WEIGHED = re.compile(r"\b(rather than|instead of|over|compared|versus|trade-off)\b")
# Where a phrase taken from the answer ends.
BREAKS = frozenset("and but because so which since while rather instead although though where when then "
                   "after before until".split())
JOINS = frozenset("in on with using via".split())  # "a cache in Redis", "a queue on Kafka"
DETERMINERS = frozenset("a an the this that these those our my their his her its".split())
STOP = DETERMINERS | BREAKS | frozenset("in on at of to for from with by into onto as is was were be been it i we "
                                        "they he she you each every all some any more most other another such".split())
YOURS = {"my": "your", "our": "your", "me": "you", "us": "you", "i": "you", "we": "you", "myself": "yourself",
         "ourselves": "yourselves", "mine": "yours", "ours": "yours", "i'd": "you'd", "we'd": "you'd"}
PHRASE_MAX_WORDS = 10
FIGURE_WORDS = 5  # a figure and what it counts: "40% of the disk", "300 gigabytes in two days"
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Mention:
    """Something the speaker named, with the question it calls for."""
    template: str              # a key of TEMPLATES
    words: str                 # the answer's own words: "a Redis cache", "moved search into a read model"
    alternative: str | None
    start: float               # when it was said
    part: str | None           # the STAR part it was said in
    acted: bool = False        # said where the speaker acts ("I moved…"), not where things happen to them

    @property
    def question(self) -> str:
        return TEMPLATES[self.template][0].format(words=self.words, alternative=self.alternative)

    @property
    def expects(self) -> str:
        return TEMPLATES[self.template][1]


def _cue(text: str) -> tuple[str, ...]:
    return tuple(lemma(t) for t in text.split())


CUES = tuple((_cue(said), alternative, risk) for said, alternative, risk in TERMS)


def kept_words(text: str) -> list[str]:
    """The sentence's words as spoken, aligned with sentence_features' tokens (hesitations out)."""
    return [w for w in text.replace("—", " ").split() if norm(w) and norm(w) not in HESITATIONS]


def mentions(transcript: Transcript, star: tuple[StarPart, ...] = ()) -> list[Mention]:
    """Every probe-worthy thing named in the answer, best first: what the speaker did before what
    happened, then by RANK, then where it was said (a figure in the Result first, anything else in
    the Action first), then the order said."""
    found = []
    for sentence in split_sentences(transcript.words):
        part = next((p.part for p in star if p.holds((sentence.start + sentence.end) / 2)), None)
        found += _in_sentence(sentence, part)
    return sorted(found, key=lambda m: (not m.acted, RANK.index(m.template),
                                        m.part != ("result" if m.template == "figure" else "action"), m.start))


def _in_sentence(sentence: Sentence, part: str | None) -> list[Mention]:
    words = kept_words(sentence.text)
    f = sentence_features(sentence.text)
    acted = f.acts("i", ("past", "present")) + f.acts("we", ("past", "present")) > 0
    out = []
    if not ALREADY_WEIGHED.search(" ".join(f.tokens)):
        out += _terms(words, f.lemmas, f.clauses, sentence.start, part)
        out += [Mention("decision", phrase, None, sentence.start, part) for c in f.clauses
                if c.subject in ("i", "we") and c.verb in DECISION_VERBS and not c.negated and not c.need
                for phrase in [_clause_phrase(words, c)] if phrase]
    figure = _figure(words, f.tokens)
    if figure:
        out.append(Mention("figure", figure, None, sentence.start, part))
    return [replace(m, acted=acted) for m in out]


def _terms(words: list[str], lemmas: tuple[str, ...], clauses: tuple[Clause, ...], start: float,
           part: str | None) -> list[Mention]:
    """The TERMS named, each run of them one mention (_runs). A verb form is a technique only as the
    speaker's own act ("I paired with her…"), not as an adjective or an infinitive ("the queued
    orders", "to profile")."""
    hits = sorted((i, i + len(cue), alternative, risk) for cue, alternative, risk in CUES
                  for i in range(len(lemmas) - len(cue) + 1) if lemmas[i:i + len(cue)] == cue)
    out = []
    for first, end, alternative, risk in _runs(hits, lemmas):
        verb = next((c for c in clauses if c.subject in ("i", "we") and _verb_index(words, c) == first), None)
        if verb is not None:
            out.append(Mention("why_did", _clause_phrase(words, verb) or words[first], alternative, start, part))
        elif _a_noun(words, first):
            out.append(Mention("why" if alternative else "why_open", _noun_phrase(words, first, end), alternative,
                               start, part))
        if risk:
            out.append(Mention("what_if", risk, None, start, part))
    return out


def _runs(hits: list[tuple], lemmas: tuple[str, ...]) -> list[tuple]:
    """Matches that make one noun phrase, merged: side by side, the last is its head ("a Redis cache");
    joined by a preposition, the first ("a read-through cache in Redis"). (first, end, alternative, risk)."""
    runs: list[list] = []
    for i, end, alternative, risk in hits:
        last = runs[-1] if runs else None
        if last and i < last[1]:                        # inside the run: the longer match is the head
            if end > last[1]:
                last[1:] = [end, alternative, risk]
        elif last and i == last[1]:                     # side by side
            last[1:] = [end, alternative, risk]
        elif last and i == last[1] + 1 and lemmas[last[1]] in JOINS:
            last[1] = end
        else:
            runs.append([i, end, alternative, risk])
    return [tuple(run) for run in runs]


def _a_noun(words: list[str], first: int) -> bool:
    """A term not said as a verb: not an inflected past form ("the queued orders", "rolled back"; "read
    model" is a noun), not after "to" ("to profile")."""
    word = norm(words[first])
    return not ((is_past(word) and word != lemma(word)) or (first > 0 and norm(words[first - 1]) == "to"
                                                           and "VERB" in _readings(word)))


def _readings(word: str) -> dict:
    """The parts of speech a word can be (lemminflect)."""
    from lemminflect import getAllLemmas

    return getAllLemmas(word)


def _is_noun(word: str) -> bool:
    return norm(word) not in STOP and "NOUN" in _readings(norm(word))


def _verb_index(words: list[str], clause: Clause) -> int:
    """The index of the clause's main verb among the words (the first after the subject with its lemma)."""
    return next((j for j in range(clause.at + 1, min(len(words), clause.at + 7))
                 if lemma(norm(words[j])) == clause.verb), -1)


def _yours(word: str) -> str:
    bare = norm(word)
    return YOURS.get(bare, word.strip(".,!?;:\"()"))


def _noun_phrase(words: list[str], start: int, end: int) -> str:
    """The term with up to two modifiers before it and its determiner, and the noun it modifies, as
    said ("a Redis cache", "a Docker image")."""
    first = start
    while first > 0 and start - first < 2 and _modifier(words, first - 1):
        first -= 1
    if end < len(words) and not words[end - 1].endswith((",", ".")) and _is_noun(words[end]):
        end += 1
    if first > 0 and norm(words[first - 1]) in DETERMINERS:
        first -= 1
    phrase = [_yours(w) for w in words[first:end]]
    if norm(phrase[0]) in DETERMINERS:
        phrase[0] = phrase[0].lower()
    return " ".join(phrase)


def _modifier(words: list[str], i: int) -> bool:
    """A word that can stand before a term in its noun phrase: not a function word, not a verb
    ("we added more partitions"), unless a determiner makes it an adjective ("a cached page")."""
    word = norm(words[i])
    if word in STOP or words[i].endswith(","):
        return False
    return not is_past(word) or (i > 0 and norm(words[i - 1]) in DETERMINERS)


def _clause_phrase(words: list[str], clause: Clause) -> str | None:
    """From the clause's verb to the end of the clause, in the second person ("moved search into a
    separate read model")."""
    verb = _verb_index(words, clause)
    phrase = _phrase_from(words, verb, PHRASE_MAX_WORDS) if verb >= 0 else ""
    return phrase if " " in phrase else None


def _phrase_from(words: list[str], i: int, most: int) -> str:
    """The words from i to the end of the clause (a comma, a full stop, "and", "because"…), at most
    `most` of them, in the second person."""
    phrase: list[str] = []
    for word in words[i:i + most]:
        if phrase and norm(word) in BREAKS:
            break
        phrase.append(_yours(word))
        if word.endswith((",", ".", "?", "!", ";", ":")):
            break
    return " ".join(phrase)


def _figure(words: list[str], toks: tuple[str, ...]) -> str | None:
    """The sentence's most telling figure with the words after it ("40% of the disk"): a percentage
    first, then any number said in digits (years left out)."""
    at = [i for i in range(len(toks)) if quantity_at(toks, i) and any(ch.isdigit() for ch in toks[i])
          and not _YEAR.match(toks[i])]
    if not at:
        return None
    i = next((j for j in at if toks[j].endswith("%") or toks[j + 1:j + 2] == ("percent",)), at[0])
    phrase = _phrase_from(words, i, FIGURE_WORDS).split()
    counted = next((k for k, w in enumerate(phrase[1:], 1) if is_past(norm(w))), len(phrase))  # "6,000 orders arrived"
    phrase = phrase[:counted]
    while len(phrase) > 1 and norm(phrase[-1]) in STOP:
        phrase.pop()
    return " ".join(phrase).rstrip(".,!?;:")
