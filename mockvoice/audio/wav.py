"""WAV files, the one place for PCM16: samples to 16-bit PCM and back (to_pcm16, from_pcm16, write_wav,
read_wav), a crash-safe PCM16 mono writer whose file is always readable, and its header repair.

`WavAppender` writes the 44-byte header at once and appends samples with unbuffered writes, so
every appended block is in the operating system's hands as soon as `append()` returns: a killed
process (even `kill -9`) loses none of it. The header's RIFF and data sizes are brought up to date
(and the file fsync'ed, against power loss) at most once a second and exactly on `close()`; a file
left by a crash therefore has sizes up to a second stale (or 0). `repair_wav()` fixes them from the
file's length (the store's recovery step does, for a session's takes); `corrected()` reads such a
file as if repaired, without writing it (`mockvoice.audio.decode` decodes every `.wav` through it).
"""
from __future__ import annotations

import io
import os
import struct
import time
import wave
from pathlib import Path
from typing import NamedTuple

import numpy as np

from mockvoice.audio.levels import SAMPLE_RATE

HEADER_SIZE = 44
_RIFF_SIZE_AT = 4
_DATA_SIZE_AT = HEADER_SIZE - 4  # the canonical header ends with the data chunk's size
_MAX_CHUNK = 0xFFFFFFFF
_PCM_FORMATS = (1, 3, 0xFFFE)  # integer PCM, IEEE float, WAVE_FORMAT_EXTENSIBLE


def _header(sample_rate: int, data_bytes: int) -> bytes:
    """The canonical 44-byte header of a 16-bit PCM mono WAV."""
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16)
            + b"data" + struct.pack("<I", data_bytes))


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Mono samples (float in [-1, 1], clipped; or int16) as little-endian int16."""
    samples = np.asarray(samples)
    if samples.ndim == 2 and samples.shape[1] == 1:
        samples = samples[:, 0]
    if samples.ndim != 1:
        raise ValueError(f"expected mono samples (1-D), got shape {samples.shape}")
    if samples.dtype == np.int16:
        return samples.astype("<i2", copy=False)
    if not np.issubdtype(samples.dtype, np.floating):
        raise ValueError(f"expected float samples in [-1, 1] or int16, got {samples.dtype}")
    # in float64, where x * 32767 is exact for float32 x: the nearest step, always
    return np.round(np.clip(samples.astype(np.float64, copy=False), -1.0, 1.0) * 32767.0).astype("<i2")


def from_pcm16(pcm: np.ndarray) -> np.ndarray:
    """16-bit PCM as float32 samples in [-1, 1) (divided by 32768, as FFmpeg does)."""
    return np.asarray(pcm).astype(np.float32) / np.float32(32768.0)


def write_wav(path: str | os.PathLike, samples: np.ndarray, sample_rate: int) -> None:
    """Write mono samples (floats in [-1, 1], clipped; or int16) as a 16-bit PCM mono WAV."""
    pcm = to_pcm16(samples).tobytes()
    Path(path).write_bytes(_header(int(sample_rate), len(pcm)) + pcm)


def read_wav(path: str | os.PathLike) -> tuple[np.ndarray, int]:
    """A 16-bit mono WAV (as espeak-ng and pyttsx3 write) as float32 samples in [-1, 1), and its rate."""
    with wave.open(str(path), "rb") as wav:
        return from_pcm16(np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")), wav.getframerate()


class WavAppender:
    """A 16-bit PCM mono WAV that grows on disk as samples are appended.

        with WavAppender("take.wav") as wav:
            wav.append(block)          # float32 in [-1, 1] or int16

    Writes are unbuffered (one write() system call per block), so the bytes of every block that
    `append()` returned from are in the file even if the process is killed. The header sizes are
    rewritten, and the file flushed and fsync'ed, at most once per `sync_interval` seconds of wall
    time and on `close()`, which makes them exact. An OSError while writing (disk full: errno 28)
    is raised to the caller; `frames_written` then counts the whole frames that did reach the
    file, and `close()` still fixes the header if the disk lets it (rewriting 8 header bytes needs
    no new space).
    """

    def __init__(self, path: str | os.PathLike, sample_rate: int = SAMPLE_RATE, *, sync_interval: float = 1.0) -> None:
        self.path = Path(path)
        self.sample_rate = int(sample_rate)
        self.sync_interval = sync_interval
        self._data_bytes = 0
        self._synced_bytes = -1
        self._file = open(self.path, "wb", buffering=0)  # noqa: SIM115 - closed by close()
        try:
            self._write_all(_header(self.sample_rate, 0))
            self._sync()
        except BaseException:
            self._file.close()
            raise
        self._last_sync = time.monotonic()

    @property
    def frames_written(self) -> int:
        """Whole frames appended so far (those that reached the file)."""
        return self._data_bytes // 2

    def append(self, samples: np.ndarray) -> None:
        """Append mono samples; raises OSError when the disk refuses them (what fit is kept)."""
        if self._file.closed:
            raise ValueError(f"WAV already closed: {self.path}")
        data = to_pcm16(samples).tobytes()
        if data and self._data_bytes % 2:  # an earlier write stopped mid-frame: realign first
            data = b"\x00" + data
        if data:
            self._data_bytes += self._write_all(data, counted=True)
        if time.monotonic() - self._last_sync >= self.sync_interval:
            self._sync()

    def close(self) -> None:
        """Make the header sizes exact, fsync and close. Idempotent. Raises OSError if the header
        cannot be rewritten (the file is closed anyway; `repair_wav()` can fix it later)."""
        if self._file.closed:
            return
        try:
            self._sync()
        finally:
            self._file.close()

    def __enter__(self) -> WavAppender:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write_all(self, data: bytes, counted: bool = False) -> int:
        """Write every byte (a raw write may be short), counting what reached the file in
        self._data_bytes as it goes when `counted`, so a failure midway leaves the count exact."""
        view = memoryview(data)
        done = 0
        try:
            while done < len(view):
                n = self._file.write(view[done:])
                if not n:  # a raw file returns None/0 only when nothing could be written
                    raise OSError(28, os.strerror(28), str(self.path))
                done += n
        except BaseException:
            if counted:
                self._data_bytes += done
            raise
        return done

    def _sync(self) -> None:
        """Rewrite the two size fields for the whole frames written, then flush and fsync."""
        self._last_sync = time.monotonic()
        data_bytes = self._data_bytes - self._data_bytes % 2
        if data_bytes != self._synced_bytes:
            end = self._file.tell()
            try:
                self._file.seek(_RIFF_SIZE_AT)
                self._file.write(struct.pack("<I", 36 + data_bytes))
                self._file.seek(_DATA_SIZE_AT)
                self._file.write(struct.pack("<I", data_bytes))
            finally:
                self._file.seek(end)
            self._synced_bytes = data_bytes
        self._file.flush()
        os.fsync(self._file.fileno())


class _Layout(NamedTuple):
    riff_size: int    # as declared
    data_at: int      # offset of the first sample
    data_size: int    # as declared
    block_align: int  # of the fmt chunk before the data


class _Fix(NamedTuple):
    riff_size: int    # what the header should declare
    data_at: int
    data_size: int


def _layout(f, file_len: int) -> _Layout | None:
    """Where the data chunk is, walking the chunks before it (LIST, fact, ...); None unless the file
    is a parseable RIFF/WAVE file with a PCM fmt chunk before its data chunk."""
    f.seek(0)
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, block_align = 12, None
    while True:
        f.seek(pos)
        chunk = f.read(8)
        if len(chunk) < 8:
            return None  # no data chunk: nothing to repair
        cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        if cid == b"data":
            return None if block_align is None else _Layout(struct.unpack("<I", head[4:8])[0], pos + 8, size,
                                                            block_align)
        if pos + 8 + size > file_len:
            return None  # a chunk before data overruns the file: not ours to guess
        if cid == b"fmt ":
            block_align = _pcm_block_align(f, size)
            if block_align is None:
                return None
        pos += 8 + size + (size & 1)


def _pcm_block_align(f, size: int) -> int | None:
    """The block align of the fmt chunk whose body f is at, if it describes PCM audio."""
    if size < 16:
        return None
    audio_format, channels, _rate, _byte_rate, block_align, _bits = struct.unpack("<HHIIHH", f.read(16))
    return block_align if audio_format in _PCM_FORMATS and channels >= 1 and block_align >= 1 else None


def _plausible_chunk_chain(f, pos: int, end: int) -> bool:
    """True if the bytes from pos to end are a chain of RIFF chunks (ASCII ids, sizes that end
    exactly at end, allowing a pad byte): how a chunk after the data chunk looks, as opposed to
    audio written after a stale data size."""
    while pos < end:
        if end - pos < 8:
            return False
        f.seek(pos)
        head = f.read(8)
        cid, size = head[:4], struct.unpack("<I", head[4:])[0]
        if not all(48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c == 32 for c in cid):
            return False
        pos += 8 + size + (size & 1)
        if pos > end + 1:
            return False
    return True


def _chain_end(f, pos: int, end: int) -> int:
    """End of the last whole chunk of the chain starting at pos (at most end)."""
    while pos + 8 <= end:
        f.seek(pos + 4)
        size = struct.unpack("<I", f.read(4))[0]
        nxt = pos + 8 + size + (size & 1)
        if nxt > end + 1:
            break
        pos = min(nxt, end)
    return pos


def _true_data_size(f, file_len: int, layout: _Layout) -> int:
    """The data size the file's length says: the whole frames present when the declared size is
    larger than the file (truncated, killed before the header was written, or 0xFFFFFFFF), not whole
    frames (no PCM writer declares that), or smaller with audio after it (stale, or 0); else as declared."""
    size, available = layout.data_size, file_len - layout.data_at
    whole = available - available % layout.block_align
    if size > available:
        return whole
    if size < whole and (size % layout.block_align
                         or not _plausible_chunk_chain(f, layout.data_at + size + (size & 1), file_len)):
        return whole
    return size


def _header_fix(f) -> _Fix | None:
    """The sizes a PCM WAV's header should declare, read from the open file f; None when they are
    right already, or the file is not one repair_wav may touch."""
    file_len = os.fstat(f.fileno()).st_size
    layout = _layout(f, file_len)
    if layout is None or file_len < layout.data_at:
        return None
    data_size = _true_data_size(f, file_len, layout)
    data_end = layout.data_at + data_size + (data_size & 1)
    riff_size = layout.riff_size
    if data_size != layout.data_size:
        new_riff = min(data_end, file_len) - 8
    elif riff_size in (0, _MAX_CHUNK) or not min(data_end, file_len) - 8 <= riff_size <= file_len - 8:
        # 0, unknown, past the end of the file, or ending inside the data (readers stop there)
        new_riff = file_len - 8 if data_end >= file_len - 1 else _chain_end(f, data_end, file_len) - 8
    else:
        return None
    if new_riff > _MAX_CHUNK or data_size > _MAX_CHUNK:
        return None  # over 4 GiB: cannot be said in a RIFF header
    return _Fix(new_riff, layout.data_at, data_size)


def repair_wav(path: str | os.PathLike) -> bool:
    """Make a PCM WAV's RIFF and data sizes agree with the file's length; True if it rewrote them.

    Fixes what a killed or truncated writer leaves: sizes 0, 0xFFFFFFFF, larger than the file, a
    RIFF size that ends inside the data chunk, or a data size smaller than the audio that follows it
    (a header last updated before more samples were appended) or that is not whole frames. The data
    size becomes the whole frames present (a trailing partial frame is left in the file but not
    declared). Chunks before `data` (LIST, fact, ...) are walked; chunks after it are recognised
    and kept. Anything that is not a parseable RIFF/WAVE file with a fmt chunk before its data
    chunk is left alone (False). May raise OSError if the file cannot be read, or cannot be opened
    for writing when it needs repair.
    """
    fix = _fix_of(path)
    if fix is None:
        return False
    with open(path, "r+b") as f:
        f.seek(_RIFF_SIZE_AT)
        f.write(struct.pack("<I", fix.riff_size))
        f.seek(fix.data_at - 4)
        f.write(struct.pack("<I", fix.data_size))
        f.flush()
        os.fsync(f.fileno())
    return True


def corrected(path: str | os.PathLike) -> io.BufferedReader | None:
    """The WAV at path read as repair_wav would leave it, without writing to it: a read-only file
    object whose two size fields are the corrected ones; None when nothing needs correcting (or
    the file is not one repair_wav would touch). Raises OSError if the file cannot be read."""
    fix = _fix_of(path)
    if fix is None:
        return None
    return io.BufferedReader(_Patched(Path(path), {_RIFF_SIZE_AT: fix.riff_size, fix.data_at - 4: fix.data_size}))


def _fix_of(path: str | os.PathLike) -> _Fix | None:
    """_header_fix of the file at path (None for no such file)."""
    if not Path(path).is_file():
        return None
    with open(path, "rb") as f:
        return _header_fix(f)


class _Patched(io.RawIOBase):
    """A file read through with some 4-byte little-endian fields replaced."""

    def __init__(self, path: Path, fields: dict[int, int]) -> None:
        super().__init__()
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by close()
        self._fields = {at: struct.pack("<I", value) for at, value in fields.items()}

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def readinto(self, buffer) -> int:
        start = self._file.tell()
        n = self._file.readinto(buffer)
        for at, value in self._fields.items():
            lo, hi = max(at, start), min(at + 4, start + (n or 0))
            if lo < hi:
                memoryview(buffer).cast("B")[lo - start:hi - start] = value[lo - at:hi - at]
        return n

    def close(self) -> None:
        self._file.close()
        super().close()
