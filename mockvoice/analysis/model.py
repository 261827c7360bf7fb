"""Data passed between the pipeline stages. Times are seconds from the start of the answer audio."""
from __future__ import annotations

from dataclasses import dataclass, field

PARTS = ("situation", "task", "action", "result")
NOTE_PARTS = PARTS + ("lessons",)  # the sections of a story's notes


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
    # the stretches it is told in, when not one: a Task stated in the middle of the Action leaves
    # the Action two (empty: one, start to end)
    spans: tuple[tuple[float, float], ...] = ()

    @property
    def runs(self) -> tuple[tuple[float, float], ...]:
        return self.spans or ((self.start, self.end),)

    @property
    def duration_s(self) -> float:
        """Seconds spent on the part (a part told in two stretches: both, not the time between)."""
        return sum(end - start for start, end in self.runs)

    def holds(self, start: float, end: float | None = None) -> bool:
        """Whether the moment `start`, or the stretch start..end (a word, a sentence), lies in the part."""
        end = start if end is None else end
        return any(a <= start and end <= b for a, b in self.runs)


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
class Timing:
    """The targets an attempt is judged against: the seed's, or scaled to a time version (--target 2:00)."""
    parts: dict[str, tuple[float, float]]
    answer_s: tuple[float, float]
    too_short_s: float
    too_long_s: float


@dataclass(frozen=True)
class Story:
    """One of the user's prepared stories (stories/<id>.toml): what it is and the points to make."""
    id: str
    title: str
    type: str                              # a story type of the question bank
    themes: tuple[str, ...]                # the question themes it answers
    notes: dict[str, tuple[str, ...]]      # NOTE_PARTS -> the points planned there
    terms: tuple[str, ...] = ()            # words Whisper should know (the speaker's jargon)
    target_s: float | None = None          # the length this story is practised at


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    item: str                   # the reference's wording
    ok: bool
    evidence: str | None        # the sentence (or note) that satisfies it, or that shows the red flag
    start: float | None         # where that sentence is said (None for a written note)
    advice: str | None          # what to add or change when not ok


@dataclass(frozen=True)
class Checklist:
    story_type: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class NoteMatch:
    part: str
    note: str
    said: bool
    start: float | None
    heard: str | None           # the words heard that say it


@dataclass(frozen=True)
class NumberMatch:
    text: str                   # as written in the notes: "600 ms", "six weeks"
    said: bool


@dataclass(frozen=True)
class StoryMatch:
    """An attempt held against its story's notes."""
    id: str
    coverage: float             # share of the notes said
    notes: tuple[NoteMatch, ...]
    numbers: tuple[NumberMatch, ...]


@dataclass(frozen=True)
class Analysis:
    audio_path: str
    transcript: Transcript
    star: tuple[StarPart, ...]
    pacing: Pacing
    findings: tuple[Finding, ...]
    question: Question | None = None
    checklist: Checklist | None = None   # when the story type is known
    story: StoryMatch | None = None      # with a story (--story)

    def part(self, name: str) -> StarPart | None:
        return next((p for p in self.star if p.part == name), None)
