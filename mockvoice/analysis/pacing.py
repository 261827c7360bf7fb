"""Pace, pauses and fillers from word times."""
from __future__ import annotations

from mockvoice.analysis.model import Filler, Pacing, Pause, StarPart, Transcript, Word
from mockvoice.analysis.text import is_hesitation, norm, word_count
from mockvoice.analysis.thresholds import LONG_PAUSE_S, PAUSE_MIN_S

# Words that are fillers only in some uses; the rules below tell which.
_NOT_FILLER_BEFORE_LIKE = frozenset(
    "i you we they he she would 'd looks look looked feel felt seems seemed sounds sounded something "
    "anything nothing just much more less things stuff don't didn't really".split())
_KNOWING_OBJECTS = frozenset("that how what why who where when if whether about the this it".split())
_KIND_OF_DETERMINERS = frozenset("what this that the a any some every which another same".split())


def _comma_before(words: tuple[Word, ...], i: int) -> bool:
    return i == 0 or words[i - 1].text.rstrip().endswith((",", ".", "?", "!"))


def _sentence_start(words: tuple[Word, ...], i: int) -> bool:
    return i == 0 or words[i - 1].text.rstrip().endswith((".", "?", "!"))


def _comma_after(words: tuple[Word, ...], i: int) -> bool:
    return words[i].text.rstrip().endswith(",")


def _discourse_filler(words: tuple[Word, ...], i: int) -> int:
    """Length in words of a filler phrase starting at word i (0 when it is not one)."""
    tok = norm(words[i].text)
    nxt = norm(words[i + 1].text) if i + 1 < len(words) else ""
    prev = norm(words[i - 1].text) if i > 0 else ""
    if tok == "like":
        # "it was, like, slow" / "like, we": set off by commas; "I like", "looks like", "like a" are not
        if _comma_after(words, i) or (_comma_before(words, i) and prev not in _NOT_FILLER_BEFORE_LIKE):
            return 1
        return 0
    if tok == "you" and nxt == "know":
        after = norm(words[i + 2].text) if i + 2 < len(words) else ""
        return 0 if (after in _KNOWING_OBJECTS and not _comma_after(words, i + 1)) else 2
    if tok == "i" and nxt == "mean":
        return 2 if _comma_after(words, i + 1) else 0  # "I mean, …" ; "I mean the service" is meant
    if tok in ("basically", "literally"):
        return 1 if (_comma_before(words, i) or _comma_after(words, i)) else 0
    if tok == "actually":  # "Actually, some of them…" means "in fact"; "and then, actually, we…" fills
        return 1 if _comma_before(words, i) and _comma_after(words, i) and not _sentence_start(words, i) else 0
    if tok in ("sort", "kind") and nxt == "of":
        return 0 if prev in _KIND_OF_DETERMINERS else 2
    return 0


def find_fillers(words: tuple[Word, ...]) -> list[Filler]:
    fillers = []
    i = 0
    while i < len(words):
        if is_hesitation(words[i].text):
            fillers.append(Filler(norm(words[i].text), words[i].start, words[i].end, "transcript"))
            i += 1
            continue
        n = _discourse_filler(words, i)
        if n:
            fillers.append(Filler(" ".join(norm(w.text) for w in words[i:i + n]),
                                  words[i].start, words[i + n - 1].end, "transcript"))
            i += n
        else:
            i += 1
    return fillers


def speech_range(words: tuple[Word, ...], quiet: list[Pause] | None) -> tuple[float, float]:
    """From the first word's start to the last word's end, moved off any silence Whisper's
    times spill into (its first word often starts in the lead-in silence)."""
    start, end = words[0].start, words[-1].end
    for q in quiet or ():
        if q.start <= start < q.end:
            start = min(q.end, words[0].end)
        if q.start < end <= q.end:
            end = max(q.start, words[-1].start)
    return start, end


def find_pauses(words: tuple[Word, ...], quiet: list[Pause] | None = None,
                min_s: float = PAUSE_MIN_S) -> list[Pause]:
    """Silences inside the answer: measured on the audio when quiet spans are given, else the
    gaps between word times."""
    if quiet is None:
        return [Pause(a.end, b.start) for a, b in zip(words, words[1:]) if b.start - a.end >= min_s]
    start, end = speech_range(words, quiet)
    inside = (Pause(max(q.start, start), min(q.end, end)) for q in quiet)
    return [p for p in inside if p.duration_s >= min_s]


def measure(transcript: Transcript, star: tuple[StarPart, ...] = (), quiet: list[Pause] | None = None) -> Pacing:
    """Pace, pauses and fillers. quiet: silent stretches measured on the audio (levels.quiet_spans);
    without them pauses come from the gaps between word times."""
    words = transcript.words
    if not words:
        return Pacing(0.0, 0.0, 0.0, 0.0, 0, (), (), (), 0.0, {})
    start, end = speech_range(words, quiet)
    total_s = max(end - start, 1e-6)
    pauses = find_pauses(words, quiet)
    speech_s = max(total_s - sum(p.duration_s for p in pauses), 1e-6)
    count = word_count(w.text for w in words)
    fillers = find_fillers(words)
    part_wpm = {}
    for part in star:
        inside = [w for w in words if part.holds(w.start, w.end)]
        part_wpm[part.part] = round(word_count(w.text for w in inside) / max(part.duration_s, 1e-6) * 60, 1)
    return Pacing(
        wpm=round(count / total_s * 60, 1),
        articulation_wpm=round(count / speech_s * 60, 1),
        total_s=round(total_s, 2),
        speech_s=round(speech_s, 2),
        word_count=count,
        pauses=tuple(pauses),
        long_pauses=tuple(p for p in pauses if p.duration_s >= LONG_PAUSE_S),
        fillers=tuple(fillers),
        fillers_per_min=round(len(fillers) / total_s * 60, 2),
        part_wpm=part_wpm,
    )
