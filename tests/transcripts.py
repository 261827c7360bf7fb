"""Hand-built transcripts with exact word times, for the pure stages' tests; and how two decodings
of the same speech are compared."""
from __future__ import annotations

import re

from mockvoice.analysis.model import Transcript, Word


def build(sentences: list[tuple[str, str]], wpm: float = 150.0, pause_s: float = 0.6,
          pauses: dict[int, float] | None = None) -> tuple[Transcript, dict[str, tuple[float, float]]]:
    """A transcript of (part, text) sentences spoken at wpm with pause_s between sentences
    (pauses overrides the pause after sentence i). Returns it and each part's true span."""
    words: list[Word] = []
    spans: dict[str, tuple[float, float]] = {}
    t = 0.0
    per_word = 60.0 / wpm
    for i, (part, text) in enumerate(sentences):
        start = t
        for token in text.split():
            words.append(Word(token, round(t, 3), round(t + per_word * 0.85, 3), 0.9))
            t += per_word
        end = words[-1].end if words else start
        lo, _ = spans.get(part, (start, end))
        spans[part] = (lo, end)
        t = end + (pauses or {}).get(i, pause_s)
    return Transcript(tuple(words), duration_s=round(t, 3)), spans


GOOD_OUTAGE = [
    ("situation", "Last year I was the on-call engineer for the payments team at an online retailer."),
    ("situation", "On a Friday evening our payment service went down during peak shopping hours."),
    ("situation", "About fifty thousand checkouts were failing and support was flooded with calls."),
    ("task", "My job was to restore the service within one hour without losing any transactions."),
    ("action", "First I joined the incident call and checked the monitoring dashboards."),
    ("action", "I reviewed the recent deployments and found a release from two hours earlier."),
    ("action", "I analyzed the error logs and saw the connection pool was exhausted."),
    ("action", "I rolled back the deployment and restarted the service with more memory."),
    ("action", "I sent status updates to the stakeholders every fifteen minutes."),
    ("action", "Afterwards I wrote the postmortem and added alerts on connection usage."),
    ("action", "I also added an automated load test to the deployment pipeline."),
    ("result", "As a result the service was restored in 45 minutes and only 5% of transactions failed."),
    ("result", "We have had no similar incident since, and I learned to set up monitoring before launching."),
]


def letters(text: str) -> str:
    """The letters and digits of a text: two decodings of the same speech split and spell words
    differently ("post morning" / "postmortem", "check out" / "checkout")."""
    return re.sub(r"[^a-z0-9]", "", text.lower())
