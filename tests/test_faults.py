"""Takes survive faults (issue #6, guarantee 1), end to end: `mockvoice interview` runs as a
subprocess, a fault hits it (Ctrl-C while answering, while transcribing, while the report is printed;
kill -9 mid-answer; the disk filling up; the microphone disappearing), and then:

- the audio recorded so far is on disk as a WAV the stdlib `wave` module reads (kill -9: at most
  1 s behind what was fed);
- session.json parses and names the take and its audio file;
- the user saw one clear line, not a traceback;
- `mockvoice review --session ID --json` finishes the analysis afterwards.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path
from typing import Self

import pytest

from mockvoice.interview.interviewer import ready_line
from mockvoice.samples.scripted import load_script, render_to
from mockvoice.samples.virtualmic import PrivatePulse

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).parent / "scripts"
SR = 16_000
HEADER = 44
def child_env() -> dict[str, str]:
    """The test's environment now (with the pulse fixture's server, when it is used) and the checkout on PYTHONPATH."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
DEMO = ["--demo", "--voice", "none", "--no-closing"]
MIC = ["--question", "outage-1", "--voice", "none", "--no-follow-ups", "--no-closing"]  # the default input
pytestmark = pytest.mark.slow


# ---------------------------------------------------------------- helpers


class Interview:
    """`python -m mockvoice interview ARGS` with stdout read a byte at a time, so the test knows
    exactly what the child has printed and nothing is read ahead; stderr is collected."""

    def __init__(self, *args: str, env: dict | None = None, pipe_size: int | None = None) -> None:
        self.fd, write_end = os.pipe()
        if pipe_size:
            fcntl.fcntl(self.fd, fcntl.F_SETPIPE_SZ, pipe_size)
        self.proc = subprocess.Popen([sys.executable, "-m", "mockvoice", "interview", *args], stdout=write_end,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env or child_env(), cwd=REPO)
        self._write_end: int | None = write_end  # kept open until fill_pipe() (or close()) is done with it
        self.out = b""
        self.err = b""
        self._err_thread = threading.Thread(target=self._read_err, daemon=True)
        self._err_thread.start()

    def _read_err(self) -> None:
        self.err = self.proc.stderr.read()

    @property
    def stdout(self) -> str:
        return self.out.decode(errors="replace")

    @property
    def stderr(self) -> str:
        return self.err.decode(errors="replace")

    def _read_byte(self, deadline: float) -> bool:
        """Read one byte of stdout: False if none came by `deadline`; EOFError at the end."""
        import select

        if not select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
            return False
        byte = os.read(self.fd, 1)
        if not byte:
            raise EOFError
        self.out += byte
        return True

    def wait_for_line(self, text: str, timeout: float = 120) -> str:
        """Read until a whole line containing `text` has been printed; returns that line."""
        deadline = time.monotonic() + timeout
        line = b""
        while True:
            try:
                if not self._read_byte(deadline):
                    raise AssertionError(f"{text!r} never printed:\n{self.stdout}\n{self.stderr}")
            except EOFError:
                raise AssertionError(f"interview ended early (exit {self.proc.wait()}):\n"
                                     f"{self.stdout}\n{self.stderr}") from None
            line += self.out[-1:]
            if line.endswith(b"\n"):
                if text in line.decode(errors="replace"):
                    return line.decode(errors="replace")
                line = b""

    def read_for(self, seconds: float) -> None:
        """Read whatever is printed during `seconds`."""
        deadline = time.monotonic() + seconds
        with contextlib.suppress(EOFError):
            while time.monotonic() < deadline:
                self._read_byte(deadline)

    def fill_pipe(self, leave: int) -> None:
        """Stop reading and fill stdout's pipe (empty now) so that only `leave` more bytes fit:
        the child's next larger write blocks."""
        import termios

        unread = fcntl.ioctl(self.fd, termios.FIONREAD, b"\0\0\0\0")
        assert int.from_bytes(unread, sys.byteorder) == 0, "stdout not drained"
        capacity = fcntl.fcntl(self.fd, fcntl.F_GETPIPE_SZ)
        os.write(self._write_end, b"#" * (capacity - leave))
        self._close_write_end()

    def blocked_writing(self, timeout: float = 60) -> bool:
        """True once the child's main thread sleeps in a pipe write (Linux /proc)."""
        deadline = time.monotonic() + timeout
        wchan = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/wchan")
        while time.monotonic() < deadline:
            try:
                if "pipe_write" in wchan.read_text():
                    return True
            except OSError:
                return False
            time.sleep(0.05)
        return False

    def _close_write_end(self) -> None:
        if self._write_end is not None:
            os.close(self._write_end)
            self._write_end = None

    def finish(self, timeout: float = 300) -> int:
        """Read stdout to the end; the exit code."""
        self._close_write_end()
        deadline = time.monotonic() + timeout
        with contextlib.suppress(EOFError):  # stdout closed: the child has ended
            while self._read_byte(deadline) or time.monotonic() < deadline:
                continue
            raise AssertionError(f"interview did not end:\n{self.stdout}\n{self.stderr}")
        code = self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        self._err_thread.join(10)
        return code

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._close_write_end()
        os.close(self.fd)
        self.proc.stderr.close()


def session_of(recordings: Path) -> tuple[Path, dict]:
    [folder] = [p for p in recordings.iterdir() if p.is_dir()]
    return folder, json.loads((folder / "session.json").read_text())


def wav_frames(path: Path) -> int:
    """Frames the WAV's header declares, read with the standard library."""
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SR)
        return w.getnframes()


def frames_on_disk(path: Path) -> int:
    return max(0, path.stat().st_size - HEADER) // 2


def wav_take(recordings: Path) -> Path | None:
    """The first take's WAV, once the session folder has one."""
    for folder in (p for p in recordings.iterdir() if p.is_dir()) if recordings.is_dir() else ():
        for wav in sorted(folder.glob("*.wav")):
            return wav
    return None


def wait_for_audio(recordings: Path, seconds: float, timeout: float = 60) -> Path:
    """Wait until the take's WAV holds `seconds` of audio; returns its path."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        wav = wav_take(recordings)
        if wav is not None and frames_on_disk(wav) >= seconds * SR:
            return wav
        time.sleep(0.02)
    raise AssertionError(f"the take never reached {seconds} s of audio in {recordings}")


def one_line(stderr: str, *needles: str) -> str:
    """stderr is one mockvoice line (PortAudio's own C diagnostics aside), no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("Expression '")]
    assert len(lines) == 1 and lines[0].startswith("mockvoice: "), stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def run_review(recordings: Path, session_id: str) -> subprocess.CompletedProcess:
    """`mockvoice review --session ID --json`, finished."""
    return subprocess.run([sys.executable, "-m", "mockvoice", "review", "--session", session_id,
                           "--recordings", str(recordings), "--json"], capture_output=True, text=True,
                          timeout=600, env=child_env(), cwd=REPO, stdin=subprocess.DEVNULL, check=False)


def review_session(recordings: Path, session_id: str) -> dict:
    """`mockvoice review --session ID --json` succeeds; its document."""
    proc = run_review(recordings, session_id)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def assert_finished_later(recordings: Path, *, words: tuple[str, ...] = ()) -> dict:
    """review --session analyses the (only) take; the WAV's header is exact afterwards and
    session.json names the analysis. Returns the take's analysis document."""
    folder, session = session_of(recordings)
    [take] = session["takes"]
    document = review_session(recordings, session["id"])
    [done] = document["takes"]
    assert done["take"] == take["id"] and done["audio"]["path"] == take["audio"]
    text = done["transcript"]["text"].lower()
    assert done["transcript"]["words"], done["transcript"]
    for word in words:
        assert word in text, text
    wav = folder / take["audio"]
    assert wav_frames(wav) == frames_on_disk(wav)  # repaired if it had to be
    assert done["audio"]["duration_s"] == pytest.approx(frames_on_disk(wav) / SR, abs=0.01)
    _, after = session_of(recordings)
    assert after["takes"][0]["analysis"] == f"{take['id']}.json"
    assert json.loads((folder / after["takes"][0]["analysis"]).read_text())["transcript"]["words"]
    return done


def assert_no_temp_files(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- Ctrl-C


def test_ctrl_c_while_answering_keeps_the_take_and_ends_the_interview(tmp_path):
    """Two questions with follow-ups planned: Ctrl-C once 3 s of the first answer are on disk ends
    the interview at once (no analysis, no follow-up, no second question) with one line naming the
    session; the take is closed with an exact header."""
    recordings = tmp_path / "rec"
    with Interview(*DEMO, "--count", "2", "--recordings", str(recordings)) as child:
        child.wait_for_line("(demo: a bundled answer is playing")
        wav = wait_for_audio(recordings, 3.0)
        before = frames_on_disk(wav)
        child.proc.send_signal(signal.SIGINT)
        code = child.finish()
    assert code == 130, child.stderr
    folder, session = session_of(recordings)
    one_line(child.stderr, "interrupted", str(folder), f"mockvoice review --session {session['id']}")
    assert "recorded 0:" in child.stdout and "(interrupt) → 01-outage-1.wav" in child.stdout
    assert "report ready" not in child.stdout and "Question 2" not in child.stdout, child.stdout
    [take] = session["takes"]
    assert (take["id"], take["audio"], take["stopped_by"], take["analysis"]) == \
        ("01-outage-1", "01-outage-1.wav", "interrupt", None)
    frames = wav_frames(folder / take["audio"])
    assert frames == frames_on_disk(folder / take["audio"])  # closed cleanly: the header is exact
    assert frames >= before and take["duration_s"] == pytest.approx(frames / SR, abs=0.01)
    assert_no_temp_files(folder)
    assert_finished_later(recordings)


def test_ctrl_c_while_transcribing_keeps_the_take(tmp_path):
    """Ctrl-C as soon as the answer has ended (30 s of demo audio: --max-seconds), while the
    live transcription finishes and the take is analysed: the take is saved, not analysed."""
    recordings = tmp_path / "rec"
    with Interview(*DEMO, "--count", "1", "--max-seconds", "30", "--recordings", str(recordings)) as child:
        child.wait_for_line("recorded 0:30 (max)")
        child.proc.send_signal(signal.SIGINT)
        code = child.finish()
    assert code == 130, child.stderr
    folder, session = session_of(recordings)
    one_line(child.stderr, "interrupted", f"mockvoice review --session {session['id']}")
    assert "report ready" not in child.stdout, child.stdout
    [take] = session["takes"]
    assert take["stopped_by"] == "max" and take["duration_s"] == 30.0 and take["analysis"] is None
    assert wav_frames(folder / take["audio"]) == 30 * SR == frames_on_disk(folder / take["audio"])
    assert not (folder / f"{take['id']}.json").exists()
    assert_no_temp_files(folder)
    assert_finished_later(recordings, words=("food delivery",))


REPORT_READY_LINE = len(ready_line("max", [0.0, 0.01, 0.5, 0.7], [(0.0, 9.9)], 9.9) + "\n")


def test_ctrl_c_while_the_report_is_printed(tmp_path):
    """stdout is a 4 KiB pipe the test fills once the answer is recorded, leaving room for the
    '(report ready …)' line only: the child blocks printing the report and gets Ctrl-C there.
    The analysis was saved before the report is printed; review --session writes the rest."""
    recordings = tmp_path / "rec"
    with Interview(*DEMO, "--count", "1", "--max-seconds", "30", "--recordings", str(recordings),
                   pipe_size=4096) as child:
        child.wait_for_line("recorded 0:30 (max)")
        child.read_for(0.3)  # a "transcription fell behind" line follows at once, if any
        assert "report ready" not in child.stdout, "the analysis finished before the test could block the report"
        child.fill_pipe(leave=REPORT_READY_LINE)
        assert child.blocked_writing(), "the interview never blocked printing its report"
        child.proc.send_signal(signal.SIGINT)
        code = child.finish()
    assert code == 130, child.stderr
    folder, session = session_of(recordings)
    one_line(child.stderr, "interrupted", f"mockvoice review --session {session['id']}")
    assert "Saved in" not in child.stdout
    [take] = session["takes"]
    assert take["analysis"] == f"{take['id']}.json" and take["stopped_by"] == "max"
    assert json.loads((folder / take["analysis"]).read_text())["transcript"]["words"]
    assert not (folder / "report.html").exists()  # the interview stopped before writing it
    assert_no_temp_files(folder)
    assert_finished_later(recordings, words=("food delivery",))
    assert (folder / "report.html").is_file()


# ---------------------------------------------------------------- the disk fills up


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs (about 8 s of 16 kHz audio), unmounted afterwards."""
    mount = tmp_path / "small"
    mount.mkdir()
    if not shutil.which("mount"):
        pytest.skip("no mount command")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        pytest.skip(f"cannot mount a small tmpfs (needs root): {proc.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True, check=False)


def test_disk_full_mid_answer(small_disk):
    recordings = small_disk
    with Interview(*DEMO, "--count", "1", "--recordings", str(recordings)) as child:
        code = child.finish()
    assert code == 2, child.stderr
    folder, session = session_of(recordings)  # the session.json written as the take began
    one_line(child.stderr, "recording stopped after 0:0", "the disk is full", "No space left on device",
             str(folder), f"mockvoice review --session {session['id']}")
    assert "(disk) → 01-outage-1.wav" in child.stdout and "report ready" not in child.stdout
    [take] = session["takes"]
    assert take["audio"] == "01-outage-1.wav" and take["analysis"] is None
    wav = folder / take["audio"]
    frames = wav_frames(wav)  # the header was made exact in place: it needs no new space
    assert frames == frames_on_disk(wav) and frames > 6 * SR  # what fit is kept
    assert f"recorded {frames // SR // 60}:{frames // SR % 60:02d} (disk)" in child.stdout
    assert_no_temp_files(folder)

    # still full: review says so in one line and leaves the good session.json as it was
    good = (folder / "session.json").read_bytes()
    proc = run_review(recordings, session["id"])
    assert proc.returncode == 2
    one_line(proc.stderr, "cannot save", "No space left on device")
    assert (folder / "session.json").read_bytes() == good
    assert not (folder / f"{take['id']}.json").exists()
    assert_no_temp_files(folder)

    # space freed: review finishes the analysis
    subprocess.run(["mount", "-o", "remount,size=8m", str(recordings)], check=True)
    assert_finished_later(recordings, words=("food delivery",))
    assert (folder / "report.html").is_file()


# ---------------------------------------------------------------- the PulseAudio virtual microphone


@pytest.fixture(scope="module")
def spoken_answer(tmp_path_factory) -> tuple[Path, list[dict]]:
    wav = tmp_path_factory.mktemp("answer") / "short-outage.wav"
    return wav, render_to(load_script(SCRIPTS / "short-outage.toml"), wav)


@contextlib.contextmanager
def two_sentences_spoken(recordings: Path, spoken_answer: tuple[Path, list[dict]], sink: str,
                         env: dict | None = None):
    """Once the take's WAV receives audio (a fresh null sink starts ~2 s late), play the answer
    into `sink` (the microphone runs in real time) and wait until its first two sentences are
    spoken; yields (the WAV, seconds of audio fed by then: what the WAV held when paplay started
    plus the wall time since). paplay is stopped on exit."""
    answer, truth = spoken_answer
    wav = wait_for_audio(recordings, 0.5)
    frames0, t0 = frames_on_disk(wav), time.monotonic()
    player = subprocess.Popen(["paplay", f"--device={sink}", str(answer)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env)
    try:
        time.sleep(truth[1]["end"] + 0.5)
        yield wav, frames0 / SR + time.monotonic() - t0
    finally:
        player.kill()
        player.wait(10)


@pytest.mark.audio
def test_kill_9_mid_answer_loses_at_most_a_second(pulse, tmp_path, spoken_answer):
    """The microphone (the null sink's monitor) runs in real time, so the audio fed by the time
    of the kill is known: what the WAV held when paplay started plus the wall time since."""
    recordings = tmp_path / "rec"
    with (Interview(*MIC, "--recordings", str(recordings)) as child,
          two_sentences_spoken(recordings, spoken_answer, "mockvoice_sink") as (wav, fed)):
        child.proc.kill()
        child.proc.wait(10)
    _, session = session_of(recordings)
    [take] = session["takes"]
    assert take["audio"] == wav.name and take["stopped_by"] is None and take["analysis"] is None
    declared = wav_frames(wav) / SR  # before any repair: the header is at most a second stale
    kept = frames_on_disk(wav) / SR
    print(f"fed {fed:.2f} s, on disk {kept:.2f} s, header says {declared:.2f} s")
    assert fed - 1.0 <= kept <= fed + 0.5, (fed, kept)  # at most 1 s lost
    assert kept - 1.2 <= declared <= kept, (kept, declared)  # the header is updated every second
    done = assert_finished_later(recordings, words=("payment", "customers"))
    assert done["audio"]["duration_s"] == pytest.approx(kept, abs=0.01)


@pytest.fixture
def own_pulse(pulse, tmp_path):
    """A second PulseAudio server, the test's own (one null sink whose monitor is the default
    source), so it can be killed without touching the run's. Yields (environment for its clients, its pid)."""
    with PrivatePulse(sink="doomed_sink", folder=tmp_path / "pulse") as server:
        yield {**child_env(), **server.env}, server.pid


@pytest.mark.audio
def test_microphone_disappears_mid_answer(own_pulse, tmp_path, spoken_answer):
    """The audio server dies (kill -9) mid-answer, taking the microphone with it. (Unloading the
    null sink is not enough: PulseAudio moves the recording stream to another source.)"""
    env, server = own_pulse
    recordings = tmp_path / "rec"
    with (Interview(*MIC, "--recordings", str(recordings), env=env) as child,
          two_sentences_spoken(recordings, spoken_answer, "doomed_sink", env) as (_, fed)):
        os.kill(server, signal.SIGKILL)
        code = child.finish(timeout=120)
    assert code == 2, child.stderr
    folder, session = session_of(recordings)
    one_line(child.stderr, "recording stopped after 0:", "stopped delivering audio", str(folder),
             f"mockvoice review --session {session['id']}")
    assert "(error) → 01-outage-1.wav" in child.stdout and "report ready" not in child.stdout
    [take] = session["takes"]
    assert take["stopped_by"] == "error" and take["analysis"] is None
    frames = wav_frames(folder / take["audio"])
    assert frames == frames_on_disk(folder / take["audio"])
    assert take["duration_s"] == pytest.approx(frames / SR, abs=0.01)
    assert fed - 1.0 <= frames / SR <= fed + 0.5, (fed, frames / SR)  # everything before the loss
    assert_no_temp_files(folder)
    assert_finished_later(recordings, words=("payment", "customers"))
