"""Transcribe a recording of any length in bounded memory: decoded block by block, cut in
pauses into windows of up to chunking.PACKED_MAX_S, each window transcribed as it fills; only the
words and the 20 ms frame levels (for the pauses) of what has passed are kept.

One faster-whisper pass over a whole file holds the audio several times over (decoded, a
speech-only copy, a short-time Fourier transform of all of it): 909 MB at 10 minutes. Here the
peak is the model plus one window, whatever the length (benchmarks/memory.py). Windows cut in
pauses are also what lets each be decoded in one pass (transcribe.TRANSCRIBE_OPTIONS).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from mockvoice.analysis.model import Pause, Transcript, Word
from mockvoice.asr.transcribe import transcribe_speech
from mockvoice.audio.chunking import MIN_GAP_S, PACKED_MAX_S, packed_cut, spans_within, speech_spans
from mockvoice.audio.levels import SAMPLE_RATE, FrameLevels

BLOCK_S = 10.0  # decoded audio taken at a time


def transcribe_blocks(blocks: Iterable[np.ndarray], model, progress: Callable[[float], None] | None = None,
                      options: dict | None = None) -> tuple[Transcript, list[Pause]]:
    """The transcript of 16 kHz mono float32 blocks and the quiet spans of the whole;
    progress(seconds read) after each block; options: for each window (transcribe.vocabulary_options)."""
    options = options or {}
    buffer = np.zeros(0, dtype=np.float32)
    start = received = 0
    words: list[Word] = []
    levels = FrameLevels()
    for block in blocks:
        levels.push(block)
        received += block.size
        buffer = np.concatenate([buffer, block])
        while len(buffer) >= PACKED_MAX_S * SAMPLE_RATE:
            speech = speech_spans(buffer[:int(PACKED_MAX_S * SAMPLE_RATE)], MIN_GAP_S)
            cut = packed_cut(buffer, speech)
            # the window's speech, found once, serves the cut, the trim and the left-out check
            words.extend(transcribe_speech(buffer[:cut], model, spans_within(speech, cut), start / SAMPLE_RATE,
                                           **options)[1])
            buffer, start = buffer[cut:], start + cut
        if progress:
            progress(received / SAMPLE_RATE)
    if buffer.size:
        words.extend(transcribe_speech(buffer, model, speech_spans(buffer, MIN_GAP_S), start / SAMPLE_RATE, **options)[1])
    transcript = Transcript(tuple(words), duration_s=round(received / SAMPLE_RATE, 3))
    return transcript, levels.quiet()
