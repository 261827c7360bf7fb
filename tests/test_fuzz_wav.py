"""Fuzzing the WAV header repair (mockvoice.audio.wav.repair_wav) with hypothesis.

Guarantees checked: repair_wav raises nothing but OSError; it never touches a file that is not
RIFF/WAVE and otherwise rewrites only the two size fields; repairing twice is repairing once; and a
damaged PCM WAV (sizes 0 / 0xFFFFFFFF / random / stale, truncated anywhere, half a frame cut, junk
appended) opens with the stdlib `wave` module afterwards and yields the whole frames that were
present: none lost, and none invented unless bytes follow the audio (trailing chunks, a pad byte or
junk: once the data size is lost they cannot be told from audio).
"""
from __future__ import annotations

import io
import struct
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from mockvoice.audio.decode import AudioError, load_audio
from mockvoice.audio.wav import WavAppender, repair_wav

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX = 0xFFFFFFFF


@dataclass(frozen=True)
class Take:
    """A valid PCM WAV and where its audio is."""

    raw: bytes
    data_at: int  # offset of the first audio byte
    audio_len: int  # audio bytes (without a pad byte)
    channels: int
    width: int
    rate: int

    @property
    def block_align(self) -> int:
        return self.channels * self.width


@dataclass(frozen=True)
class Damage:
    riff: int | None = None  # new RIFF size, None: kept
    data: int | None = None  # new data size, None: kept
    cut: int | None = None  # truncate to this length
    junk: bytes = b""  # appended (after the cut)


def chunk(cid: bytes, payload: bytes) -> bytes:
    return cid + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) & 1)


chunks = st.builds(chunk, st.sampled_from([b"LIST", b"fact", b"cue ", b"JUNK", b"id3 "]), st.binary(max_size=21))


def appender_bytes(samples: list[int]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "take.wav"
        with WavAppender(path, 16_000) as wav:
            wav.append(np.array(samples, dtype=np.int16))
        return path.read_bytes()


def stdlib_bytes(channels: int, width: int, rate: int, audio: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(audio)
    return out.getvalue()


@st.composite
def takes(draw: st.DrawFn) -> Take:
    """A WAV written by WavAppender or by the wave module (any width, mono or stereo, odd-length
    data), with optional chunks spliced in before and after the data chunk."""
    if draw(st.booleans()):
        samples = draw(st.lists(st.integers(-32768, 32767), max_size=300))
        channels, width, rate, raw = 1, 2, 16_000, appender_bytes(samples)
    else:
        channels, width = draw(st.integers(1, 2)), draw(st.integers(1, 4))
        rate = draw(st.sampled_from([8000, 16_000, 44_100]))
        n = draw(st.integers(0, 200)) * channels * width
        raw = stdlib_bytes(channels, width, rate, draw(st.binary(min_size=n, max_size=n)))
    assert raw[36:40] == b"data"  # both write the canonical 44-byte header
    audio_len = struct.unpack("<I", raw[40:44])[0]
    before = b"".join(draw(st.lists(chunks, max_size=2)))
    after = b"".join(draw(st.lists(chunks, max_size=2)))
    if after and audio_len % 2 and len(raw) == 44 + audio_len:
        raw += b"\x00"  # the pad byte Python < 3.12's wave leaves out (a chunk after data must start even)
    body = raw[8:36] + before + raw[36:] + after
    return Take(b"RIFF" + struct.pack("<I", len(body)) + body, 44 + len(before), audio_len, channels, width, rate)


def sizes(take: Take) -> st.SearchStrategy[int | None]:
    """A size field's new value: kept, 0, 0xFFFFFFFF, random, or near the truth (stale, off by one)."""
    near = st.integers(-3 * take.block_align, 3 * take.block_align)
    return st.one_of(st.none(), st.sampled_from([0, MAX]), st.integers(0, MAX),
                     near.map(lambda d: max(0, take.audio_len + d)), st.integers(0, take.audio_len))


@st.composite
def damages(draw: st.DrawFn, take: Take) -> Damage:
    frame_cut = st.builds(lambda k, r: take.data_at + k * take.block_align + r,
                          st.integers(0, take.audio_len // take.block_align), st.integers(0, take.block_align - 1))
    cut = draw(st.one_of(st.none(), st.integers(0, len(take.raw)), frame_cut))
    junk = draw(st.just(b"") | st.binary(min_size=1, max_size=40)) if cut is None or cut >= take.data_at else b""
    return Damage(draw(sizes(take)), draw(sizes(take)), cut, junk)


def apply(take: Take, damage: Damage) -> bytes:
    raw = bytearray(take.raw)
    if damage.riff is not None:
        raw[4:8] = struct.pack("<I", damage.riff)
    if damage.data is not None:
        raw[take.data_at - 4:take.data_at] = struct.pack("<I", damage.data)
    if damage.cut is not None:
        del raw[damage.cut:]
    return bytes(raw) + damage.junk


# ---------------------------------------------------------------- helpers


def repaired(content: bytes) -> tuple[bool, bytes, bool, bytes]:
    """repair_wav twice on a file holding content: (its result, the bytes after) for each call."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.wav"
        path.write_bytes(content)
        first = repair_wav(path)
        once = path.read_bytes()
        second = repair_wav(path)
        return first, once, second, path.read_bytes()


def check_repair_contract(content: bytes) -> tuple[bool, bytes]:
    """What holds for any file: not RIFF/WAVE is never touched, else only the RIFF size and the data
    chunk's size field may change; True iff something changed; a second repair changes nothing."""
    first, once, second, twice = repaired(content)
    assert first is (once != content)
    assert (second, twice) == (False, once), "repairing twice differs from repairing once"
    if content[:4] != b"RIFF" or content[8:12] != b"WAVE":
        assert not first
    assert len(once) == len(content)
    changed = [i for i in range(len(content)) if content[i] != once[i] and not 4 <= i < 8]
    if changed:  # the 4 bytes after a "data" id
        at = [i for i in range(changed[0] - 3, changed[0] + 1) if content[i - 4:i] == b"data"]
        assert at and changed[-1] < at[0] + 4, f"bytes {changed} rewritten"
    return first, once


def frames_of(content: bytes, take: Take) -> bytes:
    with wave.open(io.BytesIO(content), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (take.channels, take.width, take.rate)
        frames = w.readframes(w.getnframes())
        assert len(frames) == w.getnframes() * take.block_align, "the header declares frames that cannot be read"
        return frames


# ---------------------------------------------------------------- properties


@FUZZ
@given(st.binary(max_size=200) | st.binary(max_size=200).map(lambda b: b"RIFF" + b[:4] + b"WAVE" + b[4:]))
def test_arbitrary_bytes(content: bytes) -> None:
    """Any bytes: no exception, non-RIFF/WAVE never changed, only size fields rewritten, idempotent."""
    check_repair_contract(content)


riff_chunks = st.binary(max_size=40).flatmap(lambda payload: st.builds(
    lambda cid, size: cid + struct.pack("<I", size) + payload,
    st.sampled_from([b"data", b"data", b"LIST", b"fact", b"fmt "]) | st.binary(min_size=4, max_size=4),
    st.one_of(st.just(len(payload)), st.sampled_from([0, 1, 2, 16, 18, 40, MAX]), st.integers(0, MAX))))
fmt_chunks = st.builds(lambda tag, ch, rate, align, bits, extra: b"fmt " + struct.pack(
    "<IHHIIHH", 16 + len(extra), tag, ch, rate, rate * align, align, bits) + extra,
    st.sampled_from([1, 3, 0xFFFE, 2]), st.integers(0, 3), st.integers(0, 48_000), st.integers(0, 9),
    st.sampled_from([0, 8, 16, 24, 32, 7]), st.sampled_from([b"", b"\x00\x00", b"\x16\x00" + bytes(22)]))


@FUZZ
@given(st.lists(riff_chunks | fmt_chunks, max_size=5) | st.builds(lambda fmt, rest: [fmt, *rest], fmt_chunks,
                                                                   st.lists(riff_chunks, max_size=3)),
       st.integers(0, MAX))
def test_arbitrary_riff_chunks(parts: list[bytes], riff_size: int) -> None:
    """RIFF/WAVE files made of arbitrary chunks (fmt fields of any value, sizes exact, wrong or
    huge, payloads of any bytes): no exception, only size fields rewritten, idempotent."""
    first, _ = check_repair_contract(b"RIFF" + struct.pack("<I", riff_size) + b"WAVE" + b"".join(parts))
    event("repaired" if first else "unchanged")


@FUZZ
@given(takes())
def test_healthy_takes_are_left_alone(take: Take) -> None:
    """A valid WAV (chunks after data and pad bytes included) is not changed."""
    assert repaired(take.raw)[:2] == (False, take.raw)


@FUZZ
@given(takes().flatmap(lambda t: st.tuples(st.just(t), damages(t))))
@example((Take(appender_bytes([1, 2]), 44, 4, 1, 2, 16_000), Damage(riff=38)))  # RIFF size ends inside the data
@example((Take(appender_bytes([1, 2]), 44, 4, 1, 2, 16_000), Damage(data=3)))  # half a frame declared, pad-like tail
def test_damaged_takes(case: tuple[Take, Damage]) -> None:
    """A damaged PCM WAV opens with `wave` after repair and yields the whole frames present: none
    lost, none invented when nothing follows the audio (or the data size and what follows survived)."""
    take, damage = case
    content = apply(take, damage)
    _, once = check_repair_contract(content)
    if damage.cut is not None and damage.cut < take.data_at:
        assert once == content  # the header before the audio is incomplete: left alone
        return
    present = min(take.audio_len, len(content) - take.data_at)
    expected = content[take.data_at:take.data_at + present - present % take.block_align]
    if take.block_align == 1 and damage.data is not None and damage.data % 2 and damage.data == present - 1:
        expected = expected[:-1]  # 8-bit mono: a sample after an odd data size could be its pad byte
    frames = frames_of(once, take)
    assert frames[:len(expected)] == expected, "frames lost"
    tail = content[take.data_at + take.audio_len:]
    data_size_kept = damage.data in (None, take.audio_len)
    event("repaired" if once != content else "unchanged")
    if not tail or (data_size_kept and tail == take.raw[take.data_at + take.audio_len:]):
        event("exact")
        assert frames == expected, "frames invented"


@settings(FUZZ, max_examples=30)
@given(st.binary(min_size=1, max_size=200) | takes().flatmap(lambda t: damages(t).map(lambda d: apply(t, d))))
def test_load_audio_raises_only_audio_error(content: bytes) -> None:
    """decode.load_audio on any .wav (it repairs, then decodes): audio, or a one-line AudioError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answer.wav"
        path.write_bytes(content)
        try:
            audio = load_audio(path)
        except AudioError as exc:
            assert len(str(exc).splitlines()) == 1 and str(path) in str(exc)
            event("AudioError")
            return
    assert audio.dtype == np.float32 and audio.ndim == 1 and audio.size > 0
    event("decoded")


crashed_takes = st.lists(st.integers(-32768, 32767), min_size=1, max_size=2000).map(
    lambda samples: Take(appender_bytes(samples), 44, 2 * len(samples), 1, 2, 16_000))


@settings(FUZZ, max_examples=30)
@given(crashed_takes.flatmap(lambda t: st.tuples(st.just(t), damages(t))))
def test_load_audio_decodes_crashed_takes(case: tuple[Take, Damage]) -> None:
    """A WavAppender take left by a crash (sizes stale, 0 or garbage; cut anywhere in the audio,
    down to no sample at all: a one-line AudioError) decodes to exactly the whole samples on disk,
    which are the ones written."""
    take, damage = case
    content = apply(take, Damage(damage.riff, damage.data, max(damage.cut or len(take.raw), 44)))
    present = (len(content) - 44) // 2
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answer.wav"
        path.write_bytes(content)
        if present == 0:
            with pytest.raises(AudioError, match="no audio"):
                load_audio(path)
            return
        audio = load_audio(path)
    written = np.frombuffer(take.raw, dtype="<i2", count=present, offset=44)
    assert np.array_equal(np.round(audio * 32768).astype(np.int32), written.astype(np.int32))

