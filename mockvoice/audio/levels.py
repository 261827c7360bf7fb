"""Where the audio is quiet: pauses measured on the signal itself, since Whisper's word times
drift into silences (a word may 'start' a second before it is spoken)."""
from __future__ import annotations

import numpy as np

from mockvoice.analysis.model import Pause

SAMPLE_RATE = 16_000
FRAME_S = 0.02
# Quiet = 30 dB under the voice (90th percentile frame level), but never under 6 dB over the
# room's noise floor (10th percentile), so a noisy recording still has pauses.
QUIET_BELOW_VOICE_DB = 30.0
QUIET_OVER_FLOOR_DB = 6.0
MIN_QUIET_S = 0.08


def frame_db(audio: np.ndarray) -> np.ndarray:
    frame = int(SAMPLE_RATE * FRAME_S)
    n = len(audio) // frame
    frames = audio[:n * frame].reshape(n, frame).astype(np.float32)
    return 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-12)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frame index runs where mask is True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2], edges[1::2]))


def quiet_spans(audio: np.ndarray) -> list[Pause]:
    """Stretches of at least MIN_QUIET_S where the signal is quiet, in seconds."""
    return quiet_in_levels(frame_db(audio))


def quiet_in_levels(db: np.ndarray) -> list[Pause]:
    """quiet_spans from the 20 ms frame levels (frame_db), which a long recording gathers block
    by block."""
    if db.size == 0:
        return []
    voice, floor = np.percentile(db, 90), np.percentile(db, 10)
    threshold = max(voice - QUIET_BELOW_VOICE_DB, floor + QUIET_OVER_FLOOR_DB)
    return [Pause(a * FRAME_S, b * FRAME_S) for a, b in _runs(db < threshold)
            if (b - a) * FRAME_S >= MIN_QUIET_S]
