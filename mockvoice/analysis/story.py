"""Is the recording a STAR story at all? A first-person account of something that happened, told
in the past ("I rolled back…", "we were seeing…"), against a talk, a lecture, a reading, a
conversation or a news clip. Decided from the same clause evidence as the parts (features.py), by
a logistic model fitted on labelled answers and non-stories (benchmarks/train_star.py), its
threshold set so that no training or development answer, however short or rambling, is refused.
"""
from __future__ import annotations

import math
import re

from mockvoice.analysis.features import OPINION, SentenceFeatures, sentence_features
from mockvoice.analysis.model import Transcript
from mockvoice.analysis.star import split_sentences, weights
from mockvoice.analysis.text import word_count
from mockvoice.analysis.thresholds import MIN_WORDS_TO_JUDGE


# Words that move a narration on: "then I…", "so we…", "after that…".
SEQUENCE = frozenset("then so after afterwards next first finally eventually later when once".split())
# A story is anchored in its own time: "that week", "one Friday", "two months later", "back then",
# "at my last job", "when I joined"; a talk, a demo or a lesson plan is not.
_TIME_UNITS = ("day|week|weekend|month|year|morning|afternoon|evening|night|quarter|sprint|release|shift|"
               "summer|winter|spring|autumn|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|"
               "february|march|april|may|june|july|august|september|october|november|december|christmas")
ANCHOR = re.compile(
    rf"\b((last|that|one|the next|the following|the same|the previous|a few|two|three|a couple of) ({_TIME_UNITS})s?"
    rf"|({_TIME_UNITS})s? (later|after|before)|ago|at the time|back then|back in"
    r"|at my (last|previous|first|old)|when i (was|joined|started)|in my (first|second|last|previous|old))\b")


def story_features(evidence: list[SentenceFeatures]) -> dict[str, float]:
    """Shares, over the sentences or clauses of the whole recording, of what a story is made of."""
    n = max(len(evidence), 1)
    clauses = [c for f in evidence for c in f.clauses]
    nc = max(len(clauses), 1)
    acts = {tense: sum(f.acts("i", (tense,)) + f.acts("we", (tense,)) > 0 for f in evidence) / n
            for tense in ("past", "present")}
    return {
        # acts by I or we in the tense the account is told in ("I rolled back…", "so I check the logs…")
        "acts": max(acts.values()),
        "i_share": sum(f.acts("i", ("past", "present")) > 0 for f in evidence) / n,
        "sequence": sum(bool(SEQUENCE.intersection(f.tokens[:3])) for f in evidence) / n,
        "anchor": sum(bool(ANCHOR.search(" ".join(f.tokens))) for f in evidence) / n,
        "opinion": sum(c.subject == "i" and c.verb in OPINION and c.tense == "present" for c in clauses) / nc,
        "modal": sum(c.tense in ("future", "conditional") for c in clauses) / nc,
        "first_person": sum(c.subject in ("i", "we") for c in clauses) / nc,
        "you": sum(c.subject == "you" for c in clauses) / nc,
        "third_party": sum(c.subject in ("they", "other", "third") for c in clauses) / nc,
        # the account is told in the past ("we rolled back"), a talk or a demo in the present ("we call that")
        "past": sum(c.tense == "past" for c in clauses) / nc,
        # a conversation, a talk or a demo asks ("have you got a minute?", "can everyone see that?")
        "questions": sum(f.question for f in evidence) / n,
        "goal": sum(f.goal for f in evidence) / n,
        "change": sum(f.change for f in evidence) / n,
        "lesson": float(any(f.lesson for f in evidence)),
        # who one is now ("I'm a backend engineer", "I've been doing this for years", "I mostly work in Go")
        "self_now": sum(c.subject == "i" and c.tense == "present" and c.verb in ("be", "have", "work", "enjoy", "like",
                                                                                "love", "live", "do")
                        for c in clauses) / nc,
        # others acting now (commentary, a demo): "he cuts inside", "it shows"
        "others_now": sum(f.acts("third", ("present",)) + f.acts("other", ("present",)) + f.acts("they", ("present",)) > 0
                          for f in evidence) / n,
    }


def story_score(evidence: list[SentenceFeatures], model: dict) -> float:
    """P(story) under the fitted model ({"weights": {feature: w}, "bias": b})."""
    feats = story_features(evidence)
    z = model["bias"] + sum(model["weights"][k] * v for k, v in feats.items())
    return 1 / (1 + math.exp(-z))


def is_story(evidence: list[SentenceFeatures], model: dict) -> bool:
    return story_score(evidence, model) >= model["threshold"]


def told_a_story(transcript: Transcript) -> bool:
    """False when a recording long enough to judge is clearly not a story (the fitted model), or
    when a short one has no clause of the speaker's at all ("I…", "we…"): a short answer that says
    what the speaker did is never refused."""
    evidence = [sentence_features(s.text) for s in split_sentences(transcript.words)]
    if word_count(w.text for w in transcript.words) < MIN_WORDS_TO_JUDGE:
        return any(c.subject in ("i", "we") for f in evidence for c in f.clauses)
    return is_story(evidence, weights()["story"])
