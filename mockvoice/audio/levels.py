"""Signal levels, the one place for them: the sample rate, RMS and dBFS, 20 ms frame levels, the level
of the voice, quiet spans (pauses measured on the signal itself, since Whisper's word times drift
into silences: a word may 'start' a second before it is spoken) and the silence that ends an answer."""
from __future__ import annotations

import bisect
import math

import numpy as np

from mockvoice.analysis.model import Pause

SAMPLE_RATE = 16_000  # every audio stage works on 16 kHz mono float32 in [-1, 1]
FRAME_S = 0.02
FLOOR_DB = -120.0  # level given to digital silence
# Quiet = 30 dB under the voice (90th percentile frame level), but never under 6 dB over the
# room's noise floor (10th percentile), so a noisy recording still has pauses.
QUIET_BELOW_VOICE_DB = 30.0
QUIET_OVER_FLOOR_DB = 6.0
MIN_QUIET_S = 0.08
VOICE_PERCENTILE = 90
# The end of an answer (block levels while recording): a block louder than SPEECH_DBFS is speech,
# at the least, or NOISE_MARGIN_DB above the noise floor (quietest 10% of blocks), if higher.
SPEECH_DBFS = -35.0
NOISE_MARGIN_DB = 20.0


def rms(samples: np.ndarray) -> float:
    """Root mean square of the samples (0 for none)."""
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0


def level_db(samples: np.ndarray) -> float:
    """RMS level in dBFS (FLOOR_DB for silence)."""
    value = rms(samples)
    return max(FLOOR_DB, 20.0 * math.log10(value)) if value > 0 else FLOOR_DB


def frame_power(audio: np.ndarray, frame_s: float = FRAME_S, sample_rate: int = SAMPLE_RATE,
                pad: bool = False) -> np.ndarray:
    """Mean square of each frame of frame_s, in the samples' own float type; a last partial
    frame is dropped, or with pad counted as if filled with zeros."""
    frame = max(1, round(sample_rate * frame_s))
    audio = np.asarray(audio)
    if pad:
        audio = np.pad(audio, (0, -len(audio) % frame))
    n = len(audio) // frame
    frames = audio[:n * frame].reshape(n, frame)
    return np.mean(frames * frames, axis=1)


def frame_db(audio: np.ndarray) -> np.ndarray:
    """The level of each 20 ms frame, dBFS."""
    return 10 * np.log10(frame_power(np.asarray(audio, dtype=np.float32)) + 1e-12)


def voice_rms(audio: np.ndarray, frame_s: float = 0.03) -> float:
    """The level of the voice: the RMS of the loud frames (90th percentile of frame_s frames)."""
    power = frame_power(audio, frame_s)
    return float(np.percentile(np.sqrt(power), VOICE_PERCENTILE)) if power.size else rms(audio)


def quiet_after(audio: np.ndarray, start: int) -> bool:
    """No 20 ms frame after sample `start` is within QUIET_BELOW_VOICE_DB of the voice of the whole."""
    rest = frame_db(audio[start:])
    return rest.size == 0 or rest.max() < np.percentile(frame_db(audio), VOICE_PERCENTILE) - QUIET_BELOW_VOICE_DB


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frame index runs where mask is True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2], edges[1::2]))


def quiet_spans(audio: np.ndarray) -> list[Pause]:
    """Stretches of at least MIN_QUIET_S where the signal is quiet, in seconds."""
    return quiet_in_levels(frame_db(audio))


def quiet_in_levels(db: np.ndarray) -> list[Pause]:
    """quiet_spans from the 20 ms frame levels (frame_db), which a long recording gathers block
    by block (FrameLevels)."""
    if db.size == 0:
        return []
    voice, floor = np.percentile(db, VOICE_PERCENTILE), np.percentile(db, 10)
    threshold = max(voice - QUIET_BELOW_VOICE_DB, floor + QUIET_OVER_FLOOR_DB)
    return [Pause(a * FRAME_S, b * FRAME_S) for a, b in _runs(db < threshold)
            if (b - a) * FRAME_S >= MIN_QUIET_S]


class FrameLevels:
    """The 20 ms frame levels of a stream gathered block by block, whatever the blocks' sizes:
    quiet() gives what quiet_spans would of the whole."""

    def __init__(self) -> None:
        self._levels: list[np.ndarray] = []
        self._carry = np.zeros(0, dtype=np.float32)

    def push(self, block: np.ndarray) -> None:
        audio = np.concatenate([self._carry, np.asarray(block, dtype=np.float32).reshape(-1)])
        whole = len(audio) - len(audio) % round(SAMPLE_RATE * FRAME_S)
        self._levels.append(frame_db(audio[:whole]))
        self._carry = audio[whole:]

    def quiet(self) -> list[Pause]:
        return quiet_in_levels(np.concatenate(self._levels) if self._levels else np.zeros(0))


class SilenceDetector:
    """Per block: has speech been heard, and have the last `hold_s` seconds stayed below the speech
    threshold? The threshold is max(SPEECH_DBFS, noise floor + NOISE_MARGIN_DB), the floor being
    the 10th percentile of all block levels so far; the margin is capped at half the distance from
    the floor to the 90th percentile so a noisy room (floor within 40 dB of the voice) still leaves
    the voice above it. Re-judged on every block, so speech that began before any silence was seen
    counts once the floor is known. The answer is never over before `not_before_s` seconds of it
    (thinking time), which may be moved on while recording (the question said again)."""

    def __init__(self, hold_s: float, block_s: float, not_before_s: float = 0.0) -> None:
        self.need = max(1, math.ceil(hold_s / block_s - 1e-9))
        self.block_s = block_s
        self.not_before_s = not_before_s
        self.levels: list[float] = []
        self.sorted: list[float] = []
        self.loudest_before = FLOOR_DB  # loudest block before the last `need` ones
        self.quiet_s = 0.0  # how long it has been below the threshold since speech was last heard

    def threshold(self) -> float:
        n = len(self.sorted)
        floor, loud = self.sorted[n // 10], self.sorted[min(n - 1, (9 * n) // 10)]
        return max(SPEECH_DBFS, min(floor + NOISE_MARGIN_DB, (floor + loud) / 2))

    def push(self, db: float) -> bool:
        """Add a block's level (level_db); True when the answer is over."""
        self.levels.append(db)
        bisect.insort(self.sorted, db)
        thr = self.threshold()
        run = next((k for k, level in enumerate(reversed(self.levels[-self.need:])) if level >= thr),
                   min(self.need, len(self.levels)))
        if len(self.levels) <= self.need:
            self.quiet_s = run * self.block_s if run < len(self.levels) else 0.0
            return False
        self.loudest_before = max(self.loudest_before, self.levels[-self.need - 1])
        heard = run < self.need or self.loudest_before >= thr
        self.quiet_s = run * self.block_s if heard else 0.0
        return (run == self.need and self.loudest_before >= thr
                and len(self.levels) * self.block_s >= self.not_before_s - 1e-9)
