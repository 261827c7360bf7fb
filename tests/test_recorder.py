"""Recording to a growing WAV (mockvoice.audio.recorder): stop conditions, failures, crash safety, and the
microphone through a PulseAudio null sink."""
from __future__ import annotations

import _thread
import os
import re
import select
import subprocess
import sys
import textwrap
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from fakes import FullDisk

from mockvoice.audio import recorder
from mockvoice.audio.levels import level_db
from mockvoice.audio.recorder import TakeResult, record
from mockvoice.audio.sources import FileSource, MicSource, NoInputDevice
from mockvoice.audio.wav import HEADER_SIZE, WavAppender, repair_wav

SR = 16_000
BLOCK = 1600
REPO = Path(__file__).resolve().parents[1]
NO_DEVICE = "no audio input device found (run 'mockvoice doctor', or try 'mockvoice interview --demo')"


def bursts(seconds: float, on: float = 0.4, off: float = 0.1, amp: float = 0.3) -> np.ndarray:
    """Speech-like: tone bursts (two partials) separated by short gaps, ending with a gap."""
    t = np.arange(round(seconds * SR)) / SR
    voice = amp * (0.7 * np.sin(2 * np.pi * 220 * t) + 0.3 * np.sin(2 * np.pi * 660 * t))
    voice[(t % (on + off)) >= on] = 0.0
    return voice.astype(np.float32)


class FakeSource:
    """Pushes `samples` in 0.1 s blocks from a thread at `speed` x real time, then zeros forever if
    `endless`, else sets `finished`. `fail_after` blocks: sets `error` and stops pushing."""

    def __init__(self, samples: np.ndarray, *, speed: float = 10.0, endless: bool = False,
                 noise_db: float | None = None, fail_after: int | None = None) -> None:
        self.samples, self.speed, self.endless, self.fail_after = samples, speed, endless, fail_after
        self.noise = None if noise_db is None else 10 ** (noise_db / 20)
        self.finished = threading.Event()
        self.error: BaseException | None = None
        self.stopped = threading.Event()
        self.pushed = 0
        self._thread: threading.Thread | None = None

    def blocks(self):
        rng = np.random.default_rng(0)
        n = 0
        while True:
            block = self.samples[n * BLOCK:(n + 1) * BLOCK]
            if len(block) == 0:
                if not self.endless:
                    return
                block = np.zeros(BLOCK, np.float32)
            if self.noise is not None:
                block = block + (self.noise * rng.standard_normal(len(block))).astype(np.float32)
            yield block
            n += 1

    def start(self, on_block) -> None:
        self._thread = threading.Thread(target=self._run, args=(on_block,), daemon=True)
        self._thread.start()

    def _run(self, on_block) -> None:
        t0 = time.monotonic()
        for block in self.blocks():
            if self.fail_after is not None and self.pushed >= self.fail_after:
                self.error = RuntimeError("device vanished")
                return
            if self.stopped.wait(max(0.0, t0 + (self.pushed + 1) * 0.1 / self.speed - time.monotonic())):
                return
            on_block(block)
            self.pushed += 1
        self.finished.set()

    def stop(self) -> None:
        self.stopped.set()
        if self._thread:
            self._thread.join()


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SR)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32767


def assert_complete(take: TakeResult) -> np.ndarray:
    """The WAV's header is exact (nothing to repair) and holds take.duration_s of audio."""
    assert repair_wav(take.path) is False
    audio = read_wav(take.path)
    assert len(audio) == round(take.duration_s * SR)
    assert take.path.stat().st_size == HEADER_SIZE + 2 * len(audio)
    return audio


# ---------------------------------------------------------------- stop conditions


def test_stop_on_enter_event(tmp_path: Path) -> None:
    enter = threading.Event()
    threading.Timer(0.4, enter.set).start()
    source = FakeSource(bursts(1.0), speed=5.0, endless=True)
    started = time.monotonic()
    take = record(tmp_path / "a.wav", source, enter_event=enter, stop_on_silence=None)
    assert take.stopped_by == "enter" and take.detail is None
    assert time.monotonic() - started < 1.0
    assert 1.0 <= take.duration_s <= 3.0  # ~0.4 s of wall time at 5x
    assert source.stopped.is_set()
    assert_complete(take)


@pytest.mark.parametrize("hold", [1.0, 1.5])
def test_stop_on_silence(tmp_path: Path, hold: float) -> None:
    speech = bursts(2.0)  # ends with a 0.1 s gap: the speech ends at 1.9 s
    take = record(tmp_path / "s.wav", FakeSource(speech, speed=10.0, endless=True), stop_on_enter=False,
                  stop_on_silence=hold)
    assert take.stopped_by == "silence"
    assert take.duration_s == pytest.approx(2.0 + hold, abs=0.3)
    audio = assert_complete(take)
    assert np.all(audio[2 * SR:] == 0)  # the trailing silence stays in the file
    assert np.abs(audio[:2 * SR]).max() > 0.15


def test_silence_needs_speech_first_and_a_noise_floor(tmp_path: Path) -> None:
    """Leading silence does not stop the take; over -45 dBFS room noise, speech at about -15 dBFS
    still ends on the silence after it."""
    answer = np.concatenate([np.zeros(2 * SR, np.float32), bursts(1.5)])
    take = record(tmp_path / "n.wav", FakeSource(answer, speed=10.0, endless=True, noise_db=-45.0),
                  stop_on_enter=False, stop_on_silence=1.0)
    assert take.stopped_by == "silence"
    assert take.duration_s == pytest.approx(3.5 + 1.0, abs=0.3)


def test_quiet_speech_above_loud_floor(tmp_path: Path) -> None:
    """-35 dBFS is the least a block needs to count as speech: a whisper at ~-45 dBFS over digital
    silence is not enough to start the silence countdown, so max_seconds ends the take."""
    take = record(tmp_path / "w.wav", FakeSource(bursts(1.0, amp=0.008), speed=20.0, endless=True),
                  stop_on_enter=False, stop_on_silence=0.5, max_seconds=3.0)
    assert take.stopped_by == "max"


def test_stop_on_max_seconds(tmp_path: Path) -> None:
    take = record(tmp_path / "m.wav", FakeSource(bursts(10.0), speed=10.0, endless=True),
                  stop_on_enter=False, stop_on_silence=5.0, max_seconds=1.55)
    assert take.stopped_by == "max"
    assert take.duration_s == pytest.approx(1.55, abs=0.15)
    assert_complete(take)


def test_stop_at_source_end(tmp_path: Path) -> None:
    source = FakeSource(bursts(1.23), speed=50.0)
    take = record(tmp_path / "e.wav", source, stop_on_enter=False, stop_on_silence=3.0)
    assert take.stopped_by == "end"
    assert take.duration_s == pytest.approx(1.23, abs=1e-6)  # every block written, the last one short
    assert np.allclose(assert_complete(take), np.round(bursts(1.23) * 32767) / 32767, atol=1e-6)


def test_source_error_keeps_the_recording(tmp_path: Path) -> None:
    source = FakeSource(bursts(5.0), speed=20.0, endless=True, fail_after=7)
    take = record(tmp_path / "x.wav", source, stop_on_enter=False)
    assert take.stopped_by == "error"
    assert "device vanished" in take.detail and "\n" not in take.detail
    assert take.duration_s == pytest.approx(0.7)
    assert_complete(take)


@pytest.mark.parametrize("how", ["progress", "interrupt_main"])
def test_ctrl_c_keeps_a_complete_file(tmp_path: Path, how: str) -> None:
    calls = []

    def progress(elapsed: float, level: float) -> None:
        calls.append((elapsed, level))
        if how == "progress" and len(calls) == 3:
            raise KeyboardInterrupt

    if how == "interrupt_main":
        threading.Timer(0.5, _thread.interrupt_main).start()
    source = FakeSource(bursts(3.0), speed=5.0, endless=True)
    take = record(tmp_path / "c.wav", source, stop_on_enter=False, on_progress=progress)
    assert take.stopped_by == "interrupt"
    assert source.stopped.is_set()
    audio = assert_complete(take)
    assert take.duration_s >= 1.0 and len(audio) == source.pushed * BLOCK  # every delivered block written



def test_second_ctrl_c_while_the_backlog_is_written(tmp_path: Path) -> None:
    """Ctrl-C, then Ctrl-C again while the writer is still writing the blocks queued behind it:
    every delivered block still reaches the file, the header is exact, no thread fails. (On Python
    < 3.13 a Thread.join() interrupted by Ctrl-C can mark a running thread dead: CPython #90882.)"""
    failures: list[BaseException] = []
    hook, threading.excepthook = threading.excepthook, lambda args: failures.append(args.exc_value)
    calls = []

    def progress(elapsed: float, level: float) -> None:
        calls.append(elapsed)
        if len(calls) == 3:
            threading.Timer(0.15, _thread.interrupt_main).start()  # the second Ctrl-C, while draining
            raise KeyboardInterrupt

    source = FakeSource(bursts(30.0), speed=100.0)
    try:
        take = record(tmp_path / "cc.wav", source, stop_on_enter=False, on_progress=progress,
                      tap=lambda block: time.sleep(0.01))  # the writer falls behind the source
        time.sleep(0.3)
    finally:
        threading.excepthook = hook
    assert take.stopped_by == "interrupt" and not failures
    audio = assert_complete(take)
    assert len(audio) == source.pushed * BLOCK and take.duration_s > 1.0


def test_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class SmallDisk(WavAppender):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._file = FullDisk(self._file, room=10_001)

    monkeypatch.setattr(recorder, "WavAppender", SmallDisk)
    source = FakeSource(bursts(10.0), speed=20.0, endless=True)
    take = record(tmp_path / "d.wav", source, stop_on_enter=False)
    assert take.stopped_by == "disk"
    assert "No space left" in take.detail and "\n" not in take.detail
    assert take.duration_s == pytest.approx(5000 / SR)
    assert source.stopped.is_set()
    repair_wav(take.path)
    assert len(read_wav(take.path)) == 5000


def test_progress_reports(tmp_path: Path) -> None:
    calls = []
    take = record(tmp_path / "p.wav", FakeSource(bursts(1.5), speed=1.5), stop_on_enter=False,
                  on_progress=lambda elapsed, level: calls.append((time.monotonic(), elapsed, level)))
    assert take.stopped_by == "end"
    assert 3 <= len(calls) <= 7  # about 5 a second over ~1 s
    elapsed = [c[1] for c in calls]
    assert elapsed == sorted(elapsed) and 0 < elapsed[-1] <= take.duration_s
    assert all(-30 < c[2] < 0 for c in calls)  # loud bursts in every 0.2 s


def test_level_db() -> None:
    assert level_db(np.zeros(100, np.float32)) == recorder.FLOOR_DB
    assert level_db(np.ones(100, np.float32)) == pytest.approx(0.0)
    assert level_db(np.full(100, 0.1, np.float32)) == pytest.approx(-20.0)


def test_source_that_cannot_start_removes_the_file(tmp_path: Path) -> None:
    class Broken(FakeSource):
        def start(self, on_block) -> None:
            raise NoInputDevice("Error opening InputStream: Device unavailable [PaErrorCode -9985]")

    path = tmp_path / "b.wav"
    with pytest.raises(NoInputDevice):
        record(path, Broken(bursts(1.0)), stop_on_enter=False)
    assert not path.exists()


# ---------------------------------------------------------------- FileSource


def test_file_source_paced_and_fast(tmp_path: Path) -> None:
    samples = bursts(1.0)
    started = time.monotonic()
    take = record(tmp_path / "f.wav", FileSource(samples, speed=2.0), stop_on_enter=False)
    wall = time.monotonic() - started
    assert take.stopped_by == "end" and take.duration_s == 1.0
    assert 0.45 <= wall <= 0.9
    started = time.monotonic()
    take = record(tmp_path / "g.wav", FileSource(samples, speed=0), stop_on_enter=False)
    assert take.stopped_by == "end" and take.duration_s == 1.0 and time.monotonic() - started < 0.3


def test_file_source_decodes_files(tmp_path: Path) -> None:
    from mockvoice.audio.wav import write_wav

    path = tmp_path / "in.wav"
    write_wav(path, bursts(0.75), SR)
    source = FileSource(path, speed=None)
    assert source.duration_s == 0.75
    take = record(tmp_path / "out.wav", source, stop_on_enter=False, stop_on_silence=2.0, max_seconds=0.5)
    assert take.stopped_by == "max" and take.duration_s == 0.5


# ---------------------------------------------------------------- crash safety, Enter on a terminal


CHILD = textwrap.dedent("""
    import sys
    import numpy as np
    from mockvoice.audio.recorder import record
    from mockvoice.audio.sources import FileSource
    t = np.arange(30 * 16000) / 16000
    audio = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    record(sys.argv[1], FileSource(audio, speed=1.0), stop_on_enter=False,
           on_progress=lambda elapsed, level: print(f"{elapsed:.3f}", flush=True))
""")


def test_kill_9_loses_at_most_a_second(tmp_path: Path) -> None:
    path = tmp_path / "killed.wav"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        first = float(child.stdout.readline())  # recording: audio time `first` at wall time `t0`
        t0 = time.monotonic()
        time.sleep(2.0)
        elapsed = first + time.monotonic() - t0
        child.kill()  # SIGKILL: no cleanup, no close()
        child.wait(5)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
    with wave.open(str(path), "rb") as w:  # readable even before repair: the header is < 1 s stale
        assert w.getnframes() >= (elapsed - 1.0 - 0.2) * SR
    repair_wav(path)  # True unless the kill came right after a header update
    audio = read_wav(path)
    assert len(audio) >= (elapsed - 1.0) * SR
    assert len(audio) <= (elapsed + 0.3) * SR
    assert np.abs(audio).max() > 0.25


ENTER_CHILD = textwrap.dedent("""
    import os, sys, time
    os.close(os.open(os.ttyname(0), os.O_RDWR))  # session leader: this terminal becomes ours
    import numpy as np
    from mockvoice.audio.recorder import record
    from mockvoice.audio.sources import FileSource
    import select
    print("READY", flush=True)
    select.select([0], [], [], 10)  # the parent types a line now: typeahead, discarded by record()
    said = []
    def progress(elapsed, level):
        if not said:
            said.append(1)
            print("RECORDING", flush=True)
    audio = (0.3 * np.sin(2 * np.pi * 220 * np.arange(30 * 16000) / 16000)).astype(np.float32)
    take = record(sys.argv[1], FileSource(audio, speed=1.0), on_progress=progress)
    print(f"STOPPED {take.stopped_by} {take.duration_s:.1f}", flush=True)
    print("NEXT " + repr(sys.stdin.readline()), flush=True)
""")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_enter_on_a_terminal(tmp_path: Path) -> None:
    """Without enter_event, a line typed on the terminal stops the take; earlier typeahead does not,
    and the next line typed after record() returns is still there for the program."""
    master, slave = os.openpty()
    child = subprocess.Popen([sys.executable, "-c", ENTER_CHILD, str(tmp_path / "t.wav")], cwd=REPO,
                             stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    output = b""

    def wait_for(marker: bytes, timeout: float = 10.0) -> None:
        """Read the terminal until `marker` (a regex) has been printed in full."""
        nonlocal output
        end = time.monotonic() + timeout
        while not re.search(marker, output):
            assert time.monotonic() < end, output.decode(errors="replace")
            if not select.select([master], [], [], 0.2)[0]:
                continue
            try:
                output += os.read(master, 4096)
            except OSError:  # child closed the terminal
                break

    try:
        wait_for(b"READY")
        os.write(master, b"early\n")
        wait_for(b"RECORDING")
        time.sleep(0.5)
        os.write(master, b"\n")
        wait_for(rb"STOPPED \w+ \d+\.\d\r?\n")  # the whole line, before typing again
        os.write(master, b"after\n")
        wait_for(rb"NEXT .*\n")
        child.wait(5)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)
    text = output.decode(errors="replace")
    stopped = re.search(r"STOPPED (\w+) (\d+\.\d)", text)
    assert stopped, text
    assert stopped[1] == "enter" and 0.5 <= float(stopped[2]) <= 2.0, text
    assert "NEXT 'after\\n'" in text, text


# ---------------------------------------------------------------- the microphone


def test_no_such_device_is_one_line() -> None:
    with pytest.raises(NoInputDevice) as info:
        MicSource(device="no-such-device")
    message = str(info.value)
    assert message.startswith(NO_DEVICE) and "\n" not in message
    assert "no-such-device" in message  # PortAudio's reason, in parentheses
    assert str(NoInputDevice()) == NO_DEVICE


class FakeStream:
    """sounddevice.InputStream stand-in: delivers `blocks` callbacks (one flagged input_overflow),
    then goes quiet while staying 'active', like a USB microphone pulled out mid-take."""

    blocks = 6
    fail_start: Exception | None = None

    def __init__(self, *, samplerate, channels, dtype, blocksize, device, callback) -> None:
        assert (samplerate, channels, dtype, blocksize) == (16_000, 1, "float32", 1600)
        self.callback, self.active, self._thread = callback, False, None

    def start(self) -> None:
        if self.fail_start is not None:
            raise self.fail_start
        self.active = True
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import sounddevice as sd

        for i in range(self.blocks):
            time.sleep(0.02)
            status = sd.CallbackFlags()
            status.input_overflow = i == 2
            indata = np.full((1600, 1), 0.25, np.float32)
            self.callback(indata, 1600, None, status)
            indata[:] = 9.0  # PortAudio reuses the buffer: the recorder must have copied it

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        """A fake stream holds nothing to release."""


@pytest.fixture
def fake_portaudio(monkeypatch: pytest.MonkeyPatch):
    sd = pytest.importorskip("sounddevice")
    monkeypatch.setattr(sd, "query_devices", lambda device=None, kind=None: {"name": "Fake USB mic"})
    monkeypatch.setattr(sd, "check_input_settings", lambda *args, **kwargs: None)
    monkeypatch.setattr(sd, "InputStream", FakeStream)
    return sd


def test_microphone_unplugged_mid_take(tmp_path: Path, fake_portaudio) -> None:
    source = MicSource(stall_s=0.3)
    assert source.device_name == "Fake USB mic"
    take = record(tmp_path / "u.wav", source, stop_on_enter=False)
    assert take.stopped_by == "error"
    assert "Fake USB mic" in take.detail and "stopped delivering audio" in take.detail
    assert take.duration_s == pytest.approx(0.6) and source.overflows == 1
    assert np.allclose(assert_complete(take), 0.25, atol=1e-4)  # the copies, not the reused buffer


def test_microphone_that_cannot_start(tmp_path: Path, fake_portaudio, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FakeStream, "fail_start",
                        fake_portaudio.PortAudioError("Error starting stream: Device unavailable [PaErrorCode -9985]"))
    path = tmp_path / "n.wav"
    with pytest.raises(NoInputDevice, match=r"\(Error starting stream: Device unavailable"):
        record(path, MicSource(), stop_on_enter=False)
    assert not path.exists()


@pytest.mark.audio
def test_record_from_microphone(pulse, tmp_path: Path) -> None:
    """paplay plays 3 s of tone bursts into the null sink; the microphone (its monitor) records it
    until 1.5 s of silence."""
    from mockvoice.audio.wav import write_wav

    clip = tmp_path / "bursts.wav"
    write_wav(clip, bursts(3.0, on=0.5, off=0.25, amp=0.5), SR)
    players: list[subprocess.Popen] = []

    def progress(elapsed: float, level: float) -> None:
        if not players and elapsed >= 0.3:  # the stream is running: start "speaking"
            players.append(subprocess.Popen(["paplay", "--device=mockvoice_sink", str(clip)],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))

    source = MicSource()
    try:
        take = record(tmp_path / "mic.wav", source, stop_on_enter=False, stop_on_silence=1.5, max_seconds=15.0,
                      on_progress=progress)
    finally:
        for player in players:
            player.wait(10)
    assert players and players[0].returncode == 0, players[0].stderr.read() if players else "paplay never started"
    assert take.stopped_by == "silence", take
    assert 3.0 <= take.duration_s <= 7.0
    audio = assert_complete(take)
    levels = np.array([level_db(audio[i:i + BLOCK]) for i in range(0, len(audio) - BLOCK + 1, BLOCK)])
    loud = levels > -20
    assert 12 <= loud.sum() <= 26, levels.round(1)  # 2 s of bursts (20 blocks), edges blurred
    assert np.median(levels[loud]) == pytest.approx(-11.4, abs=1.5)  # the bursts' RMS as played ...
    assert np.median(levels[~loud]) < -60  # ... far above the silence around them
    assert source.error is None and source.overflows == 0
