"""Audio files in, 16 kHz mono float32 out: block by block (review, in bounded memory), or whole
for short clips (the bundled demo answers). Any file FFmpeg decodes (through PyAV, which faster-whisper
bundles): wav of any sample width, flac, mp3, m4a, ogg; any rate; mono or stereo. Reading never
writes: a take left by a crash (WAV header sizes stale or 0) is decoded through a corrected view."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from mockvoice.audio.levels import SAMPLE_RATE
from mockvoice.audio.wav import corrected, from_pcm16


class AudioError(Exception):
    """The input cannot be used as an answer recording; one line for the user."""


def _checked(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise AudioError(f"no such file: {path}")
    if path.is_dir():
        raise AudioError(f"is a directory, not an audio file: {path}")
    if path.stat().st_size == 0:
        raise AudioError(f"empty file (0 bytes): {path}")
    return path


def _open(path: Path, av):
    """The PyAV container of the file; a WAV left by a crashed or killed recorder (header sizes stale
    or 0) through a read-only view with the sizes its length says, so all of it is decoded."""
    view = None
    if path.suffix.lower() == ".wav":
        try:
            view = corrected(path)
        except OSError:  # unreadable: PyAV says so
            view = None
    try:
        return av.open(view if view is not None else str(path), metadata_errors="ignore"), view
    except BaseException:
        if view is not None:
            view.close()
        raise


def iter_audio(path: str | Path, block_s: float = 30.0) -> Iterator[np.ndarray]:
    """The file as 16 kHz mono float32 blocks of block_s (the last one shorter). Frames FFmpeg
    cannot decode in the middle of a file are skipped, as faster-whisper does."""
    import av

    path = _checked(path)
    block = int(block_s * SAMPLE_RATE)
    pending: list[np.ndarray] = []
    have = total = 0
    view = None
    try:
        container, view = _open(path, av)
        with container:
            if not container.streams.audio:
                raise AudioError(f"no audio stream in file: {path}")
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            for frame in _frames(container, av):
                for out in resampler.resample(frame):
                    samples = from_pcm16(out.to_ndarray().reshape(-1))
                    pending.append(samples)
                    have += samples.size
                    while have >= block:
                        joined = np.concatenate(pending)
                        yield joined[:block]
                        total += block
                        pending, have = [joined[block:]], have - block
    except AudioError:
        raise
    except Exception as exc:  # PyAV raises InvalidDataError, ValueError, IndexError… for bad files
        raise AudioError(f"not a readable audio file: {path} ({type(exc).__name__})") from None
    finally:
        if view is not None:
            view.close()
    if have:
        yield np.concatenate(pending)
    elif total == 0:
        raise AudioError(f"no audio in file: {path}")


def _frames(container, av):
    """Decoded audio frames, then None (flushes the resampler); undecodable frames skipped."""
    frames = container.decode(audio=0)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            break
        except av.error.InvalidDataError:
            continue
        frame.pts = None  # resampling ignores gaps in the timestamps
        yield frame
    yield None


def load_audio(path: str | Path) -> np.ndarray:
    """The whole file as 16 kHz mono float32 (short clips; recordings go through iter_audio)."""
    return np.concatenate(list(iter_audio(path)))
