"""Where to cut a stream of speech into chunks for Whisper, so that no word is split: in pauses
heard by Silero VAD (bundled with faster-whisper).

Two policies: `find_cut` closes a chunk at the first clear pause (live: a short chunk is ready
soon after the speaker pauses); `packed_cut` fills Whisper's 30 s window and cuts in the last clear
pause (long files: fewer, fuller windows are faster and closer to a whole-file pass).
"""
from __future__ import annotations

import numpy as np

from mockvoice.audio.levels import FRAME_S, SAMPLE_RATE, frame_db, frame_power

CHUNK_PAUSE_S = 0.7      # a pause this long closes a chunk (the cut is in its middle)
CHUNK_MAX_S = 22.0       # a live chunk this long is cut at its last pause, however short
PACKED_MAX_S = 28.0      # a packed chunk: Whisper's 30 s window less room for the tail kept
MIN_GAP_S = 0.1          # the shortest gap a forced cut may use
_ONSET_MARGIN_S = 0.2    # a cut stays this far before the next speech begins
_TAIL_S = 0.4            # audio kept after the last speech Silero hears (soft word endings)
_SILENCE_DBFS = -45.0    # a fragment with no 20 ms frame above this is silence


def speech_spans(audio: np.ndarray, min_silence_s: float) -> list[tuple[int, int]]:
    """[start, end) sample spans of speech; pauses shorter than min_silence_s do not split them."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=int(min_silence_s * 1000), speech_pad_ms=0)
    return [(s["start"], s["end"]) for s in get_speech_timestamps(audio, options)]


def _gaps(speech: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(a_end, b_start) for (_, a_end), (b_start, _) in zip(speech, speech[1:])]


def _cut_in(gap: tuple[int, int], min_pause: int) -> int:
    """Late in the pause: Silero hears a soft last word ("...noticed") end early, while it hears
    the next word begin sharply."""
    start, end = gap
    return max(start + min_pause // 2, end - int(_ONSET_MARGIN_S * SAMPLE_RATE))


def _forced_cut(audio: np.ndarray) -> int:
    """A chunk with no clear pause: its last gap of MIN_GAP_S, failing that the quietest 20 ms
    of its second half."""
    shorter = _gaps(speech_spans(audio, MIN_GAP_S))
    if shorter:
        return _cut_in(shorter[-1], int(MIN_GAP_S * SAMPLE_RATE))
    frame = round(SAMPLE_RATE * FRAME_S)
    half = len(audio) // 2
    return half + int(np.argmin(frame_power(np.asarray(audio[half:], dtype=np.float32)))) * frame + frame // 2


def find_cut(audio: np.ndarray, final: bool = False) -> int | None:
    """Sample index where the open (live) chunk should be cut, or None to wait for more audio.

    The first pause of CHUNK_PAUSE_S (between two stretches of speech, or after the last one);
    past CHUNK_MAX_S a forced cut (also at the end: a chunk must fit one Whisper window). Audio
    with no speech is cut whole. (Cutting at shorter pauses to
    keep chunks small cost accuracy: tiny.en invents words on short fragments of slow speech.)"""
    pause = int(CHUNK_PAUSE_S * SAMPLE_RATE)
    speech = speech_spans(audio, CHUNK_PAUSE_S)
    if not speech:
        return min(len(audio), int(CHUNK_MAX_S * SAMPLE_RATE)) if (final or len(audio) >= pause) else None
    gaps = _gaps(speech)
    if gaps:
        return _cut_in(gaps[0], pause)
    if len(audio) - speech[-1][1] >= pause:
        return speech[-1][1] + pause // 2
    if len(audio) < CHUNK_MAX_S * SAMPLE_RATE:
        return len(audio) if final else None
    return _forced_cut(audio)


def packed_cut(audio: np.ndarray, speech: list[tuple[int, int]] | None = None, size: int | None = None) -> int | None:
    """Sample index where a long recording's chunk ends, or None while less than `size` samples
    (default PACKED_MAX_S) are buffered. In the window's second half: its last pause of
    CHUNK_PAUSE_S, else its longest pause of MIN_GAP_S or more; failing both, the window's longest
    pause, else a forced cut. A window with no speech is cut whole. speech: speech_spans(window,
    MIN_GAP_S) when already known."""
    size = size or int(PACKED_MAX_S * SAMPLE_RATE)
    if len(audio) < size:
        return None
    window = audio[:size]
    if speech is None:
        speech = speech_spans(window, MIN_GAP_S)
    if not speech:
        return size
    gaps = _gaps(speech + [(size, size)])  # the silence at the window's end counts
    gaps = [g for g in gaps if g[1] - g[0] >= MIN_GAP_S * SAMPLE_RATE]
    if not gaps:
        return _forced_cut(window)
    pause = int(CHUNK_PAUSE_S * SAMPLE_RATE)
    late = [g for g in gaps if g[0] >= size // 2]
    clear = [g for g in late if g[1] - g[0] >= pause]
    gap = clear[-1] if clear else max(late or gaps, key=lambda g: g[1] - g[0])
    return _cut_in(gap, min(pause, gap[1] - gap[0]))


def spans_within(speech: list[tuple[int, int]], end: int) -> list[tuple[int, int]]:
    """The spans (or their parts) before sample `end`: the speech of audio[:end]."""
    return [(a, min(b, end)) for a, b in speech if a < end]


def merge_spans(speech: list[tuple[int, int]], min_silence_s: float) -> list[tuple[int, int]]:
    """Spans as speech_spans with a longer min_silence_s would give them (gaps shorter are closed)."""
    merged: list[tuple[int, int]] = []
    for start, end in speech:
        if merged and start - merged[-1][1] < min_silence_s * SAMPLE_RATE:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def heard(audio: np.ndarray, speech: list[tuple[int, int]]) -> int:
    """Samples worth transcribing, given the speech Silero hears in them: up to its end plus
    _TAIL_S (the pause after the last word stays out: Whisper fills trailing silence with
    invented text)."""
    if speech:
        return min(audio.size, speech[-1][1] + int(_TAIL_S * SAMPLE_RATE))
    # Silero can miss a short fragment; anything louder than silence still goes to Whisper
    db = frame_db(audio)
    return audio.size if db.size and db.max() > _SILENCE_DBFS else 0
