"""Time from Enter at the end of a spoken 3-minute answer to its analysis JSON, through the sound server.

The real path, as a person at a microphone meets it: a PulseAudio server of the benchmark's own (a
private runtime folder and socket, a null sink as the default sink and its monitor as the default
source, so nothing else on the machine is heard and nothing of it leaks out), `mockvoice interview`
as a subprocess (one question, no follow-ups, no closing, --voice none, a temp --recordings) with
its stdin a pipe, the rendered answer -- trimmed to end exactly where its speech ends -- played into
the sink with paplay, and Enter written to the interview's stdin the moment paplay returns. The clock
runs from that Enter until the take's analysis JSON exists. Median of --runs.

Per run, the breakdown: audio still buffered in the sound server and PortAudio at Enter (the WAV's
length when Enter was sent against where the answer's speech ends in it, found by correlation), the
speech lost at the end (none, or the stop is too hasty), and the interview's own figures from the
line it prints ("report ready ... after Enter: ..."): the last chunk's length and its transcription,
the analysis, the writing of the JSON and of session.json.

    python benchmarks/latency.py                  # 3 runs of the first ~3 minutes of a rendered long answer
    python benchmarks/latency.py --runs 1 --seconds 40
Target: <= 1.0 s median on a 2-core machine (issue #13).
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from mockvoice.audio.decode import SAMPLE_RATE, load_audio
from mockvoice.audio.wav import write_wav
from mockvoice.samples.scripted import load_script, render_to
from mockvoice.samples.virtualmic import PrivatePulse, PulseError

EVALSET = Path(__file__).parent / "evalset"
ANSWER = "scratch-piper-long"
SINK = "latency_bench"
MOCKVOICE = [sys.executable, "-m", "mockvoice"]


def answer_audio(seconds: float, folder: Path) -> tuple[Path, str, float]:
    """The long evaluation answer's sentences up to `seconds`, cut exactly where the last one's
    speech ends: (WAV, question id, duration)."""
    script = load_script(EVALSET / f"{ANSWER}.toml")
    wav = EVALSET / "audio" / f"{ANSWER}.wav"
    truth = render_to(script, wav)
    end = max(s["end"] for s in truth if s["end"] <= seconds)
    out = folder / "answer.wav"
    write_wav(out, load_audio(wav)[:int(end * SAMPLE_RATE)], SAMPLE_RATE)
    return out, script.question, end


def wav_seconds(path: Path) -> float:
    try:
        return max(0, path.stat().st_size - 44) / 2 / SAMPLE_RATE
    except FileNotFoundError:
        return 0.0


def wait_for(condition, timeout: float, step: float = 0.002) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def speech_end_in(recorded: np.ndarray, answer: np.ndarray) -> float | None:
    """Where the answer's last sample lies in the recording, seconds (by correlating the answer's
    last 2 s with the recording's last 6 s); None when it cannot be found."""
    probe = answer[-2 * SAMPLE_RATE:]
    tail_start = max(0, recorded.size - 6 * SAMPLE_RATE)
    tail = recorded[tail_start:]
    if tail.size < probe.size:
        return None
    corr = np.correlate(tail, probe, mode="valid")
    best = int(np.argmax(corr))
    if corr[best] < 0.5 * float(np.dot(probe, probe)):
        return None
    return (tail_start + best + probe.size) / SAMPLE_RATE


def one_run(answer: Path, question: str, pulse: PrivatePulse, folder: Path) -> dict:
    """One interview answered by playing `answer`: the figures of the breakdown."""
    recordings = folder / f"rec-{time.monotonic_ns()}"
    proc = subprocess.Popen([*MOCKVOICE, "interview", "--question", question, "--no-follow-ups", "--no-closing",
                             "--voice", "none", "--recordings", str(recordings)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=pulse.client_env(), text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        if not wait_for(lambda: any("Answer now" in line for line in list(lines)), 120, 0.05):
            raise SystemExit(f"the interview did not start: {proc.stderr.read() if proc.poll() is not None else ''}")
        wav = next(recordings.glob("*/*.wav"))
        wait_for(lambda: wav_seconds(wav) > 0.5, 10, 0.05)  # the null sink delivers its first block late
        subprocess.run(["paplay", str(answer)], env=pulse.client_env(), check=True)
        enter = time.perf_counter()
        proc.stdin.write("\n")
        proc.stdin.flush()
        at_enter = wav_seconds(wav)
        analysis = wav.with_suffix(".json")
        wait_for(analysis.exists, 60)
        latency = time.perf_counter() - enter
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    reader.join(timeout=5)
    end = speech_end_in(load_audio(wav), load_audio(answer))
    ready = next((line.strip() for line in lines if "report ready" in line), "(no 'report ready' line)")
    return {"latency": latency, "buffered": None if end is None else end - at_enter,
            "lost": None if end is None else max(0.0, end - wav_seconds(wav)), "interview": ready}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=180.0, help="how much of the long answer to play (default 180)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mockvoice-latency-"))
    answer, question, duration = answer_audio(args.seconds, folder)
    try:
        pulse = PrivatePulse(sink=SINK)
    except PulseError as e:
        raise SystemExit(str(e)) from None
    try:
        latencies = []
        for run in range(args.runs):
            r = one_run(answer, question, pulse, folder)
            latencies.append(r["latency"])
            fmt = lambda v: "?" if v is None else f"{v:.2f} s"  # noqa: E731
            print(f"run {run + 1}: {duration:.1f} s answer; Enter -> analysis JSON {r['latency']:.2f} s; "
                  f"buffered at Enter {fmt(r['buffered'])}, speech lost at the end {fmt(r['lost'])}\n"
                  f"  interview: {r['interview']}", flush=True)
    finally:
        pulse.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Enter -> analysis JSON through the sound server: median {statistics.median(latencies):.2f} s "
          f"of {args.runs} run(s) (target <= 1.0 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
