"""Crash-safe WAV writing and header repair (mockvoice.audio.wav)."""
from __future__ import annotations

import os
import struct
import wave
from pathlib import Path

import numpy as np
import pytest
from fakes import FullDisk

from mockvoice.audio import wav as wavfile
from mockvoice.audio.wav import HEADER_SIZE, WavAppender, repair_wav

SR = 16_000


def tone(seconds: float, amp: float = 0.5, freq: float = 440.0) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def sizes(path: Path, data_size_at: int = 40) -> tuple[int, int]:
    raw = path.read_bytes()
    return struct.unpack("<I", raw[4:8])[0], struct.unpack("<I", raw[data_size_at:data_size_at + 4])[0]


def wav_frames(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SR)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def set_sizes(path: Path, riff: int, data: int, data_size_at: int = 40) -> None:
    with open(path, "r+b") as f:
        f.seek(4)
        f.write(struct.pack("<I", riff))
        f.seek(data_size_at)
        f.write(struct.pack("<I", data))


def write_take(path: Path, samples: np.ndarray) -> None:
    with WavAppender(path, SR) as wav:
        wav.append(samples)




# ---------------------------------------------------------------- WavAppender


def test_header_exact_after_close(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    with WavAppender(path, SR) as wav:
        assert path.stat().st_size == HEADER_SIZE and sizes(path) == (36, 0)  # header at once, sizes 0
        for _ in range(7):
            wav.append(tone(0.1))
        assert wav.frames_written == 11_200
    assert path.stat().st_size == HEADER_SIZE + 22_400
    assert sizes(path) == (36 + 22_400, 22_400)
    frames = wav_frames(path)
    assert len(frames) == 11_200 and abs(int(frames.max()) - round(0.5 * 32767)) <= 1
    assert repair_wav(path) is False  # nothing to repair


def test_input_types(tmp_path: Path) -> None:
    path = tmp_path / "b.wav"
    with WavAppender(path, SR) as wav:
        wav.append(np.array([0.0, 1.0, -1.0, 2.0, -2.0], dtype=np.float32))  # clipped
        wav.append(np.array([5, -5], dtype=np.int16))  # as is
        wav.append(np.zeros((3, 1), dtype=np.float64))  # a (n, 1) column, float64
        wav.append(np.zeros(0, dtype=np.float32))
        with pytest.raises(ValueError):
            wav.append(np.zeros((4, 2), dtype=np.float32))
    assert wav_frames(path).tolist() == [0, 32767, -32767, 32767, -32767, 5, -5, 0, 0, 0]
    with pytest.raises(ValueError):
        wav.append(tone(0.1))  # closed
    wav.close()  # idempotent


def test_header_synced_at_most_once_a_second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(wavfile.time, "monotonic", lambda: clock[0])
    fsyncs = []
    real_fsync = os.fsync
    monkeypatch.setattr(wavfile.os, "fsync", lambda fd: (fsyncs.append(fd), real_fsync(fd)))
    path = tmp_path / "c.wav"
    wav = WavAppender(path, SR)
    assert len(fsyncs) == 1
    for _ in range(9):  # 0.9 s of wall time: header not touched yet, but the bytes are in the file
        clock[0] += 0.1
        wav.append(tone(0.1))
    assert len(fsyncs) == 1 and sizes(path) == (36, 0)
    assert path.stat().st_size == HEADER_SIZE + 9 * 3200
    clock[0] += 0.1
    wav.append(tone(0.1))  # one second since the last sync
    assert len(fsyncs) == 2 and sizes(path) == (36 + 32_000, 32_000)
    wav.append(tone(0.1))
    assert len(fsyncs) == 2 and sizes(path)[1] == 32_000
    wav.close()
    assert len(fsyncs) == 3 and sizes(path) == (36 + 35_200, 35_200)


def test_disk_full_keeps_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "full.wav"
    wav = WavAppender(path, SR)
    wav._file = FullDisk(wav._file, room=5001)  # ends mid-frame
    wav.append(tone(0.1))  # 3200 bytes: fits
    with pytest.raises(OSError) as info:
        wav.append(tone(0.1))
    assert info.value.errno == 28
    assert wav.frames_written == 2500
    wav.close()  # header rewrite needs no space
    assert path.stat().st_size == HEADER_SIZE + 5001  # the odd byte stays on disk ...
    assert sizes(path) == (36 + 5000, 5000)  # ... but is not declared
    assert len(wav_frames(path)) == 2500
    assert repair_wav(path) is False


# ---------------------------------------------------------------- repair_wav


@pytest.mark.parametrize("riff, data", [(0, 0), (0xFFFFFFFF, 0xFFFFFFFF), (36, 0), (36 + 6400, 6400)],
                         ids=["zero", "ffffffff", "riff-ok-data-zero", "stale"])
def test_repair_bad_sizes(tmp_path: Path, riff: int, data: int) -> None:
    path = tmp_path / "t.wav"
    write_take(path, tone(1.0))
    set_sizes(path, riff, data)
    assert repair_wav(path) is True
    assert sizes(path) == (36 + 32_000, 32_000)
    assert len(wav_frames(path)) == 16_000
    assert repair_wav(path) is False


def test_repair_truncated_half_frame(tmp_path: Path) -> None:
    path = tmp_path / "t.wav"
    write_take(path, tone(1.0))
    with open(path, "r+b") as f:
        f.truncate(HEADER_SIZE + 10_001)  # cut mid-sample; header still says 32000 bytes
    assert repair_wav(path) is True
    assert path.stat().st_size == HEADER_SIZE + 10_001  # the file is not truncated further
    assert sizes(path) == (36 + 10_000, 10_000)
    assert len(wav_frames(path)) == 5000


def wav_with_list(path: Path, samples: np.ndarray, list_after: bool = False) -> int:
    """A PCM16 mono WAV with a LIST/INFO chunk before (or after) data; returns the data size offset."""
    info = b"INFO" + b"ISFT" + struct.pack("<I", 9) + b"mockvoice" + b"\x00"  # odd size: padded
    list_chunk = b"LIST" + struct.pack("<I", len(info) - 1) + info
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, SR, SR * 2, 2, 16)
    pcm = np.round(samples * 32767).astype("<i2").tobytes()
    data = b"data" + struct.pack("<I", len(pcm)) + pcm
    body = b"WAVE" + fmt + (data + list_chunk if list_after else list_chunk + data)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return 12 + len(fmt) + (0 if list_after else len(list_chunk)) + 4


def test_repair_with_list_chunk_before_data(tmp_path: Path) -> None:
    path = tmp_path / "list.wav"
    at = wav_with_list(path, tone(0.5))
    total = path.stat().st_size
    assert len(wav_frames(path)) == 8000 and repair_wav(path) is False
    set_sizes(path, 0, 0, data_size_at=at)
    assert repair_wav(path) is True
    assert sizes(path, at) == (total - 8, 16_000)
    assert len(wav_frames(path)) == 8000
    set_sizes(path, total - 8 - 6000, 10_000, data_size_at=at)  # stale: an appender killed mid-take
    assert repair_wav(path) is True and sizes(path, at) == (total - 8, 16_000)


def test_chunk_after_data_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "after.wav"
    at = wav_with_list(path, tone(0.5), list_after=True)
    total = path.stat().st_size
    assert repair_wav(path) is False  # a data size smaller than the rest of the file is legitimate here
    assert sizes(path, at) == (total - 8, 16_000)
    set_sizes(path, 0, 16_000, data_size_at=at)  # RIFF size lost: recomputed, LIST included
    assert repair_wav(path) is True and sizes(path, at) == (total - 8, 16_000)
    assert len(wav_frames(path)) == 8000


@pytest.mark.parametrize("content", [b"", b"hello, not a wav file at all" * 10, b"RIFF\x00\x00\x00\x00AVI LIST",
                                     b"RIFF\x24\x00\x00\x00WAVEdata\x00\x00\x00\x00" + bytes(100)],
                         ids=["empty", "text", "avi", "no-fmt"])
def test_non_wav_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.wav"
    path.write_bytes(content)
    assert repair_wav(path) is False
    assert path.read_bytes() == content
    assert repair_wav(tmp_path / "missing.wav") is False
    assert repair_wav(tmp_path) is False


def test_load_audio_reads_a_crashed_take_whole_without_writing(tmp_path: Path) -> None:
    """FFmpeg trusts a stale data size and would decode only part of the take; decoding goes
    through a corrected view instead, and leaves the file as it is (the store's recovery repairs it)."""
    from mockvoice.audio.decode import load_audio

    path = tmp_path / "crashed.wav"
    write_take(path, tone(2.0))
    set_sizes(path, 36 + 16_000, 16_000)  # the header of half a second
    audio = load_audio(path)
    assert len(audio) == 32_000
    assert sizes(path) == (36 + 16_000, 16_000)  # reading never writes
    assert repair_wav(path) is True and sizes(path) == (36 + 64_000, 64_000)


def test_corrected_view_reads_as_the_repaired_file(tmp_path: Path) -> None:
    path = tmp_path / "crashed.wav"
    write_take(path, tone(1.0))
    set_sizes(path, 0, 0)
    damaged = path.read_bytes()
    with wavfile.corrected(path) as view:
        seen = view.read()
    assert path.read_bytes() == damaged
    repair_wav(path)
    assert seen == path.read_bytes()
    assert wavfile.corrected(path) is None  # nothing left to correct
