"""Signal levels, the one place for them: the sample rate, RMS and dBFS, 20 ms frame levels, the level
of the voice, speech activity and quiet spans (pauses measured on the signal itself, since Whisper's
word times drift into silences: a word may 'start' a second before it is spoken) and the silence
that ends an answer."""
from __future__ import annotations

import bisect
import math

import numpy as np

from mockvoice.analysis.model import Pause
from mockvoice.analysis.thresholds import (ACTIVITY_NOISE_PERCENTILE, ACTIVITY_TOP_BANDS, MIN_QUIET_S,
                                           MIN_VOICE_FRAMES, QUIET_BELOW_VOICE_DB, SPEECH_HOLD, SPEECH_ON)

SAMPLE_RATE = 16_000  # every audio stage works on 16 kHz mono float32 in [-1, 1]
FRAME_S = 0.02
FLOOR_DB = -120.0  # level given to digital silence
VOICE_PERCENTILE = 90
# Speech activity is judged band by band (16 bands, 125 Hz to 7.6 kHz, of each frame's 512-point
# spectrum), each against its own noise floor: a fan's hum or a phone line's hiss raises the floor
# of its own bands only, and a hoarse voice still stands out in the bands it uses.
_FFT = 512
_BAND_BINS = np.unique(np.searchsorted(np.fft.rfftfreq(_FFT, 1 / SAMPLE_RATE), np.geomspace(125.0, 7600.0, 17)))
_SILENT_POWER = 1e-9  # a band with less energy than this in a frame is digital silence
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


def frame_bands(audio: np.ndarray) -> np.ndarray:
    """The energy of each whole 20 ms frame (Hann window) in each activity band: (frames, bands)."""
    frame = round(SAMPLE_RATE * FRAME_S)
    n = len(audio) // frame
    frames = np.asarray(audio[:n * frame], dtype=np.float32).reshape(n, frame) * np.hanning(frame).astype(np.float32)
    power = np.abs(np.fft.rfft(frames, _FFT, axis=1)) ** 2
    return np.add.reduceat(power[:, _BAND_BINS[0]:_BAND_BINS[-1]], _BAND_BINS[:-1] - _BAND_BINS[0], axis=1)


def band_score(bands: np.ndarray, db: np.ndarray) -> np.ndarray:
    """How far each frame stands above the recording's noise floor, dB: the mean of its
    ACTIVITY_TOP_BANDS bands most above their own floor (a band's ACTIVITY_NOISE_PERCENTILE over
    the frames that are not digital silence); a frame QUIET_BELOW_VOICE_DB under the voice scores
    0, however clean the recording."""
    sounding = bands.sum(axis=1) > _SILENT_POWER * bands.shape[1]
    floor = np.percentile(bands[sounding], ACTIVITY_NOISE_PERCENTILE, axis=0) if sounding.any() else 1.0
    above = np.clip(10 * np.log10(np.maximum(bands, 1e-20) / np.maximum(floor, _SILENT_POWER)), 0.0, 40.0)
    score = -np.sort(-above, axis=1)[:, :ACTIVITY_TOP_BANDS].mean(axis=1)
    return np.where(db < np.percentile(db, VOICE_PERCENTILE) - QUIET_BELOW_VOICE_DB, 0.0, score)


def speech_frames(bands: np.ndarray, db: np.ndarray) -> np.ndarray:
    """Which 20 ms frames hold sound other than the room's noise (speech, fillers, breaths close to
    the microphone), with hysteresis: a run of MIN_VOICE_FRAMES frames scoring SPEECH_ON of the way
    from the quiet frames' score to the loud ones' (10th to 90th percentile) starts it, and it holds
    while the score stays above SPEECH_HOLD of the way, through dips of one frame. One loud frame
    (a click) cannot start it, so it never splits a pause."""
    if not len(db):
        return np.zeros(0, dtype=bool)
    score = band_score(bands, db)
    quiet, loud = np.percentile(score, 10), np.percentile(score, 90)
    on, hold = quiet + SPEECH_ON * (loud - quiet), quiet + SPEECH_HOLD * (loud - quiet)
    held = score >= hold
    held[1:-1] |= held[:-2] & held[2:]
    speech = np.zeros(len(db), dtype=bool)
    for a, b in _runs(score >= on):
        speech[a:b] |= b - a >= MIN_VOICE_FRAMES
    for a, b in _runs(held):
        speech[a:b] |= bool(speech[a:b].any())
    return speech


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frame index runs where mask is True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2], edges[1::2]))


# Two sounds said without a pause between them ("uh" "uh") part where the level falls this far under
# the loudest frame of the speech they are in, for a frame or more (speech_frames holds across such a dip).
SOUND_DIP_DB = 30.0


def sounds(db: np.ndarray, speech: np.ndarray) -> list[tuple[float, float]]:
    """(start, end) times (seconds) of the separate sounds in a speech_frames mask: each run of
    speech, parted where a frame dips SOUND_DIP_DB under the run's loudest (the fillers of a run are
    counted against them: asr/fillers.heard_fillers)."""
    out = []
    for a, b in _runs(speech):
        loud = db[a:b] >= db[a:b].max() - SOUND_DIP_DB
        out += [((a + c) * FRAME_S, (a + d) * FRAME_S) for c, d in _runs(loud)]
    return out


def quiet_spans(audio: np.ndarray) -> list[Pause]:
    """Stretches of at least MIN_QUIET_S with no speech_frames, in seconds."""
    return quiet_in_frames(speech_frames(frame_bands(audio), frame_db(audio)))


def quiet_in_frames(speech: np.ndarray) -> list[Pause]:
    """The quiet spans of a speech_frames mask."""
    return [Pause(a * FRAME_S, b * FRAME_S) for a, b in _runs(~speech) if (b - a) * FRAME_S >= MIN_QUIET_S]


class FrameLevels:
    """The 20 ms frame levels and band energies of a stream gathered block by block, whatever the
    blocks' sizes: speech() and quiet() give what speech_frames and quiet_spans would of the whole."""

    def __init__(self) -> None:
        self._levels: list[np.ndarray] = []
        self._bands: list[np.ndarray] = []
        self._carry = np.zeros(0, dtype=np.float32)

    def push(self, block: np.ndarray) -> None:
        audio = np.concatenate([self._carry, np.asarray(block, dtype=np.float32).reshape(-1)])
        whole = len(audio) - len(audio) % round(SAMPLE_RATE * FRAME_S)
        self._levels.append(frame_db(audio[:whole]))
        self._bands.append(frame_bands(audio[:whole]))
        self._carry = audio[whole:]

    def speech(self) -> np.ndarray:
        """speech_frames of all the frames so far."""
        if not self._levels:
            return np.zeros(0, dtype=bool)
        return speech_frames(np.concatenate(self._bands), np.concatenate(self._levels))

    def quiet(self) -> list[Pause]:
        return quiet_in_frames(self.speech())

    def sounds(self) -> list[tuple[float, float]]:
        """sounds of all the frames so far."""
        return sounds(np.concatenate(self._levels), self.speech()) if self._levels else []


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
