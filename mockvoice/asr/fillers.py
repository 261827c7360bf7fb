"""The "um"/"uh" of a transcript checked against the audio: a filler stays only where the speaker
made one. Whisper, prompted to keep fillers (transcribe.FILLER_PROMPT), also writes some that were
not said: ones it doubts itself, and more in a run of them than there were sounds."""
from __future__ import annotations

import bisect

from mockvoice.analysis.model import Word
from mockvoice.analysis.text import is_hesitation

# The filler prompt makes Whisper write "um"/"uh" where none was said, and it says so: on real
# speech and on the rendered test answers every "um"/"uh" under this probability was not in the
# audio or the script (0.003-0.018: a phone call, a reverberant reading, answers without fillers), and
# every one that was said scored above it (0.049 and up). benchmarks/real.py, accuracy.py --path review.
INDUCED_FILLER_P = 0.03


def drop_induced_fillers(words: list[Word]) -> list[Word]:
    """Words without the fillers Whisper gives under INDUCED_FILLER_P."""
    return _without(words, {i for i, w in enumerate(words) if is_hesitation(w.text) and w.probability < INDUCED_FILLER_P})


def heard_fillers(words: list[Word], onsets: list[float]) -> list[Word]:
    """Words with each run of two or more "um"/"uh" (no other word between them) cut to the number of
    sounds that begin in its stretch of audio, from the end of the word before to the start of the
    word after (onsets: levels.sound_onsets, seconds), keeping the likeliest. Whisper writes a run
    twice over where a window seam or a second decoding pass crosses it, and more "uh" than were
    said in a long one; a run is never cut to nothing (its sounds may hide under the words beside
    it)."""
    drop: set[int] = set()
    for first, last in _hesitation_runs(words):
        start = words[first - 1].end if first else float("-inf")
        end = words[last + 1].start if last + 1 < len(words) else float("inf")
        heard = max(1, bisect.bisect_left(onsets, end) - bisect.bisect_left(onsets, start))
        run = range(first, last + 1)
        if len(run) > heard:
            likeliest = sorted(run, key=lambda i: (-words[i].probability, i))[:heard]
            drop |= set(run) - set(likeliest)
    return _without(words, drop)


def _hesitation_runs(words: list[Word]) -> list[tuple[int, int]]:
    """(first, last) indexes of each run of two or more hesitations in a row."""
    runs, start = [], None
    for i, w in enumerate([*words, None]):
        if w is not None and is_hesitation(w.text):
            start = i if start is None else start
            continue
        if start is not None and i - start >= 2:
            runs.append((start, i - 1))
        start = None
    return runs


def _without(words: list[Word], drop: set[int]) -> list[Word]:
    """Words but those at the indexes in drop; a sentence end a dropped word carried ("…so, uh.")
    goes to the word kept before it."""
    keep: list[Word] = []
    for i, w in enumerate(words):
        if i not in drop:
            keep.append(w)
            continue
        end = w.text.rstrip()[-1:]
        if keep and end in ".?!" and not keep[-1].text.rstrip().endswith((".", "?", "!")):
            last = keep[-1]
            keep[-1] = Word(last.text.rstrip().rstrip(",;:") + end, last.start, last.end, last.probability)
    return keep
