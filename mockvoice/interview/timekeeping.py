"""Time-keeping like a person, for one take: a gentle note once at the top of the answer window, "Let's
stop there" at the limit, thinking time before silence may end an answer, the silence countdown on
the recording line, and a request to hear the question again. Pure: fed the elapsed audio time, the
current silence and the live words, it says what the interviewer does; the clock is the caller's."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from mockvoice.analysis.model import Word
from mockvoice.analysis.star import split_sentences
from mockvoice.analysis.text import clock, tokens

# Thinking time: --stop-on-silence never ends an answer in its first 10 s (nor in the 10 s after the
# question is repeated): a candidate may think before speaking.
THINKING_S = 10.0
# The recording line counts the silence down once it has lasted this long.
COUNTDOWN_AFTER_S = 1.0
STOP_THERE = "Let's stop there. Thank you."
# "Could you repeat the question?", "sorry, can you say that again?", "what was the question again?"
REPEAT_REQUEST = re.compile(r"\b(repeat|rephrase) (the|that|your) question\b|\b(say|ask) (that|it|the question) again\b"
                            r"|\bwhat was the question\b|\bcould you repeat\b|\bcan you repeat\b|\brepeat that\b")


@dataclass(frozen=True)
class Limits:
    """The time limits of one take."""
    band: tuple[float, float] | None  # an answer's target length (a reply has none)
    max_s: float | None               # --max-seconds
    silence_s: float | None           # --stop-on-silence


def window_note(top_s: float) -> str:
    """What the interviewer says, once, at the top of the answer window."""
    minutes, seconds = divmod(round(top_s), 60)
    length = f"{minutes} minute{'s' * (minutes != 1)}" + (f" {seconds} seconds" if seconds else "")
    return f"We're at {length} — take a moment to bring it to a close."


class TimeKeeper:
    """The interviewer's eye on the clock during one take (state: whether the note was given)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.noted = False

    def note(self, elapsed_s: float) -> str | None:
        """The gentle note, when the answer has just reached the top of its window (once, and not
        when the limit comes first)."""
        band, max_s = self.limits.band, self.limits.max_s
        if self.noted or band is None or elapsed_s < band[1] or (max_s is not None and band[1] >= max_s):
            return None
        self.noted = True
        return window_note(band[1])

    def line(self, elapsed_s: float, silent_s: float, thinking_until_s: float = THINKING_S) -> str:
        """What the recording line says about time: the silence countdown, thinking time, or where
        the answer is against its window."""
        silence = self.limits.silence_s
        if silence and silent_s >= COUNTDOWN_AFTER_S:
            if elapsed_s < thinking_until_s:
                return "take your time"
            return f"silence: stopping in {max(1, math.ceil(silence - silent_s))} s"
        band = self.limits.band
        if band is None:
            return "a reply"
        lo, hi = band
        if elapsed_s < lo:
            return "keep going"
        return f"in the {clock(lo)}–{clock(hi)} window" if elapsed_s <= hi else "wrap up"

    @staticmethod
    def ended(stopped_by: str) -> str | None:
        """What the interviewer says as the take ends: at the limit, "Let's stop there"."""
        return STOP_THERE if stopped_by == "max" else None


def repeat_requests(words: tuple[Word, ...]) -> list[float]:
    """When the speaker asked to hear the question again: the start of each sentence that asks."""
    return [s.start for s in split_sentences(words) if REPEAT_REQUEST.search(" ".join(tokens(s.text)))]
