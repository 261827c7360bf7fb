"""Transcribe a recording of any length in bounded memory: decoded block by block, cut in
pauses into windows of up to chunking.PACKED_MAX_S, each window transcribed as it fills; only the
words and the 20 ms frame levels (for the pauses) of what has passed are kept.

One faster-whisper pass over a whole file holds the audio several times over (decoded, a
speech-only copy, a short-time Fourier transform of all of it): 909 MB at 10 minutes. Here the
peak is the model plus one window, whatever the length (benchmarks/memory.py). Windows cut in
pauses are also what lets each be decoded in one pass (transcribe.TRANSCRIBE_OPTIONS).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockvoice.analysis.model import Pause, Transcript
from mockvoice.asr.fillers import heard_fillers
from mockvoice.asr.seams import joined
from mockvoice.asr.transcribe import transcribe_speech
from mockvoice.audio.chunking import MIN_GAP_S, PACKED_MAX_S, packed_cut, spans_within, speech_spans
from mockvoice.audio.levels import SAMPLE_RATE, FrameLevels

BLOCK_S = 10.0  # decoded audio taken at a time


@dataclass(frozen=True)
class Window:
    """Audio to decode, the sample of the recording it starts at, and its speech
    (chunking.speech_spans, found once: it serves the cut, the trim and the left-out check)."""

    audio: np.ndarray
    start: int
    speech: list[tuple[int, int]]


def windows(blocks: Iterable[np.ndarray], each: Callable[[np.ndarray], None] | None = None,
            window_s: float = PACKED_MAX_S) -> Iterator[Window]:
    """The windows of a stream of 16 kHz mono float32 blocks, cut in pauses (chunking.packed_cut)
    every window_s at most (shorter ones put more seams to the test: benchmarks/seams.py);
    each(block) is called on every block as it is read."""
    size = int(window_s * SAMPLE_RATE)
    buffer = np.zeros(0, dtype=np.float32)
    start = 0
    for block in blocks:
        if each:
            each(block)
        buffer = np.concatenate([buffer, block])
        while len(buffer) >= size:
            speech = speech_spans(buffer[:size], MIN_GAP_S)
            cut = packed_cut(buffer, speech, size)
            yield Window(buffer[:cut], start, spans_within(speech, cut))
            buffer, start = buffer[cut:], start + cut
    if buffer.size:
        yield Window(buffer, start, speech_spans(buffer, MIN_GAP_S))


def transcribe_blocks(blocks: Iterable[np.ndarray], model, progress: Callable[[float], None] | None = None,
                      options: dict | None = None, window_s: float = PACKED_MAX_S) -> tuple[Transcript, list[Pause]]:
    """The transcript of 16 kHz mono float32 blocks and the quiet spans of the whole;
    progress(seconds read) after each block; options: for each window (transcribe.vocabulary_options);
    window_s: the longest window."""
    levels, received, words = FrameLevels(), [0], []

    def read(block: np.ndarray) -> None:
        levels.push(block)
        received[0] += block.size
        if progress:
            progress(received[0] / SAMPLE_RATE)

    cuts = []
    for window in windows(blocks, read, window_s):
        words += transcribe_speech(window.audio, model, window.speech, window.start / SAMPLE_RATE, **(options or {}))[1]
        cuts.append((window.start + window.audio.size) / SAMPLE_RATE)
    quiet = levels.quiet()
    words = joined(heard_fillers(words, levels.sounds()), cuts[:-1], quiet)
    return Transcript(tuple(words), duration_s=round(received[0] / SAMPLE_RATE, 3)), quiet


def seams(path: str | Path, window_s: float = PACKED_MAX_S) -> list[float]:
    """The times (seconds) where review cuts a file into windows (benchmarks/real.py, seams.py)."""
    from mockvoice.audio.decode import iter_audio

    cuts = [(w.start + w.audio.size) / SAMPLE_RATE for w in windows(iter_audio(path, BLOCK_S), window_s=window_s)]
    return cuts[:-1]
