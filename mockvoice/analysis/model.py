"""Data passed between the pipeline stages. Times are seconds from the start of the answer audio."""
from __future__ import annotations

from dataclasses import dataclass, field

PARTS = ("situation", "task", "action", "result")


def join_words(texts) -> str:
    """Transcript tokens as text: Whisper splits '40,000' into '40' ',000' and 'multi-region'
    into 'multi' '-region'; those continuations attach without a space."""
    out = ""
    for t in texts:
        t = t.strip()
        out += t if (not out or t[:1] in ",.%-'?!;:") else " " + t
    return out


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...]
    duration_s: float
    language: str = "en"
    language_probability: float = 1.0

    @property
    def text(self) -> str:
        return join_words(w.text for w in self.words)


@dataclass(frozen=True)
class Sentence:
    """A run of words the segmenter labels as a unit."""

    words: tuple[Word, ...]

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return join_words(w.text for w in self.words)


@dataclass(frozen=True)
class StarPart:
    part: str
    start: float
    end: float
    word_count: int
    text: str
    confidence: float
    target_s: tuple[float, float]

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Pause:
    start: float
    end: float

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Filler:
    text: str
    start: float
    end: float
    source: str = "transcript"  # "transcript" or "audio"


@dataclass(frozen=True)
class Pacing:
    wpm: float
    articulation_wpm: float
    total_s: float
    speech_s: float
    word_count: int
    pauses: tuple[Pause, ...]
    long_pauses: tuple[Pause, ...]
    fillers: tuple[Filler, ...]
    fillers_per_min: float
    part_wpm: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "info" | "warn" | "fail"
    message: str
    part: str | None = None
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    theme: str
    story_type: str
    follow_ups: tuple[str, ...] = ()
    targets: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Analysis:
    audio_path: str
    transcript: Transcript
    star: tuple[StarPart, ...]
    pacing: Pacing
    findings: tuple[Finding, ...]
    question: Question | None = None

    def part(self, name: str) -> StarPart | None:
        return next((p for p in self.star if p.part == name), None)
