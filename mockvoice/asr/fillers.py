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
# A sound at least this long in the stretch of a run of fillers, and none of its fillers, is one more
# ("uh, um, uh, hm, hm, um": Whisper wrote "uh, um, uh, um"; the hums last 0.8 s each, the shortest
# filler said in a run 0.22 s): benchmarks/real.py, mfa_fillers.
MIN_UNHEARD_FILLER_S = 0.2


def drop_induced_fillers(words: list[Word]) -> list[Word]:
    """Words without the fillers Whisper gives under INDUCED_FILLER_P."""
    return _without(words, {i for i, w in enumerate(words) if is_hesitation(w.text) and w.probability < INDUCED_FILLER_P})


def heard_fillers(words: list[Word], sounds: list[tuple[float, float]]) -> list[Word]:
    """Words with each run of two or more "um"/"uh" (no other word between them) matched to the
    sounds made in its stretch of audio, from the end of the word before to the start of the word
    after (sounds: levels.sounds, seconds). A run with more fillers than sounds began in it is cut to
    that number, keeping the likeliest: Whisper writes a run twice over where a window seam or a
    second decoding pass crosses it, and more "uh" than were said in a long one; a run is never cut
    to nothing (its sounds may hide under the words beside it). A run with fewer fillers than the
    sounds of MIN_UNHEARD_FILLER_S or more in its stretch gains a "hm" for each sound none of its
    fillers stands for (unexplained_sounds): Whisper leaves out a hum or an "mm" between "uh" and "um"."""
    drop: set[int] = set()
    after: dict[int, list[Word]] = {}  # hums to put after the word at an index (-1: first of all)
    onsets = [a for a, _ in sounds]
    for first, last in _hesitation_runs(words):
        start = words[first - 1].end if first else float("-inf")
        end = words[last + 1].start if last + 1 < len(words) else float("inf")
        heard = max(1, bisect.bisect_left(onsets, end) - bisect.bisect_left(onsets, start))
        run = range(first, last + 1)
        if len(run) > heard:
            likeliest = sorted(run, key=lambda i: (-words[i].probability, i))[:heard]
            drop |= set(run) - set(likeliest)
            continue
        fillers = words[first:last + 1]
        said = [(a, b) for a, b in sounds if start < (a + b) / 2 < end and b - a >= MIN_UNHEARD_FILLER_S]
        p = round(sum(w.probability for w in fillers) / len(fillers), 3)  # the run's: Whisper gave the hum none
        for a, b in unexplained_sounds(fillers, said):
            at = max((i for i in run if words[i].start <= a), default=first - 1)
            after.setdefault(at, []).append(Word("hm,", a, b, p))
    merged, dropped = list(after.get(-1, [])), set()
    for i, w in enumerate(words):
        if i in drop:
            dropped.add(len(merged))
        merged += [w, *after.get(i, [])]
    return _without(merged, dropped)


def unexplained_sounds(fillers: list[Word], sounds: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The sounds no filler stands for: each filler takes the sound it starts in, or else the
    closest one not taken (Whisper's times in a run drift by a few tenths); what is left over when
    there are more sounds than fillers."""
    if len(sounds) <= len(fillers):
        return []
    taken: set[int] = set()
    for w in fillers:
        j = next((j for j, (a, b) in enumerate(sounds) if a <= w.start < b and j not in taken), None)
        if j is None:
            j = min((j for j in range(len(sounds)) if j not in taken),
                    key=lambda j: max(sounds[j][0] - w.start, w.start - sounds[j][1]))
        taken.add(j)
    return [s for j, s in enumerate(sounds) if j not in taken]


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
