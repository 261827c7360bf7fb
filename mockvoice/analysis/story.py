"""Is the recording a STAR story at all? A first-person account of something that happened ("I
rolled back…", "so I give him easy orders…", "Had to find it before the launch."), against a talk,
a lecture, a reading, a conversation or a news clip. Each sentence is judged on the same evidence
the parts are labelled by (its lemmas, lemma pairs and clauses: star.sentence_feature_names
without its place in the answer) by a logistic model fitted on the sentences of labelled answers
and non-stories (benchmarks/train_star.py); the recording is a story when its sentences read as
story sentences on average, the threshold set under every story of the development sets, each
scored by a model fitted without it (train_star.py --story-cv).
"""
from __future__ import annotations

import math

from mockvoice.analysis.features import SentenceFeatures, sentence_features
from mockvoice.analysis.model import Transcript, Word
from mockvoice.analysis.star import sentence_feature_names, split_sentences, weights
from mockvoice.analysis.text import word_count
from mockvoice.analysis.thresholds import MIN_WORDS_TO_JUDGE

# Where a sentence sits says nothing about whether it belongs to a story.
_POSITION = ("x=", "len=", "first")


def sentence_evidence(words: tuple[Word, ...]) -> list[SentenceFeatures]:
    """Each sentence's evidence, as the decision reads it."""
    return [sentence_features(s.text) for s in split_sentences(words)]


def story_names(f: SentenceFeatures) -> list[str]:
    """The evidence a sentence gives for or against being part of a story."""
    return [n for n in sentence_feature_names(f, 0.0, False, False) if not n.startswith(_POSITION)]


def sentence_story_p(f: SentenceFeatures, model: dict) -> float:
    """P(the sentence is part of a story) under the fitted model ({"weights": {name: w}})."""
    z = sum(model["weights"].get(n, 0.0) for n in story_names(f))
    return 1 / (1 + math.exp(-max(min(z, 50.0), -50.0)))


def story_score(evidence: list[SentenceFeatures], model: dict) -> float:
    """How much the recording's sentences read as a story's: their mean P(story sentence)."""
    if not evidence:
        return 0.0
    return sum(sentence_story_p(f, model) for f in evidence) / len(evidence)


def is_story(evidence: list[SentenceFeatures], model: dict) -> bool:
    return story_score(evidence, model) >= model["threshold"]


def told_a_story(transcript: Transcript) -> bool:
    """False when a recording long enough to judge is clearly not a story (the fitted model), or
    when a short one has no clause of the speaker's at all ("I…", "we…"): a short answer that says
    what the speaker did is never refused."""
    evidence = sentence_evidence(transcript.words)
    if word_count(w.text for w in transcript.words) < MIN_WORDS_TO_JUDGE:
        return any(c.subject in ("i", "we") for f in evidence for c in f.clauses)
    return is_story(evidence, weights()["story"])
