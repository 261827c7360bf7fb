"""Peak memory of `mockvoice review` on long recordings (target: under 600 MB for 60 minutes).

Builds the recordings from the evaluation set's answers (rendered by benchmarks/accuracy.py),
one after another with 2 s of silence between them, then reviews each in a fresh process and
reads that process's peak resident memory (GNU time). Review goes window by window, so the peak
should not grow with the length (one faster-whisper pass over a whole 10-minute file peaked at
909 MB).

    python benchmarks/memory.py                 # 10 and 60 minutes
    python benchmarks/memory.py --minutes 120
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from mockvoice.audio.decode import SAMPLE_RATE, load_audio
from mockvoice.samples.scripted import load_script, render_to
from mockvoice.audio.wav import WavAppender

HERE = Path(__file__).parent
LIMIT_MB = 600


def build(minutes: float, out: Path) -> Path:
    """A recording of `minutes` made of the evaluation set's answers, written block by block."""
    if out.exists():
        return out
    answers = []
    for script in sorted((HERE / "evalset").glob("*.toml")):
        answers.append(HERE / "evalset" / "audio" / f"{script.stem}.wav")
        render_to(load_script(script), answers[-1])
    need, gap = int(minutes * 60 * SAMPLE_RATE), np.zeros(2 * SAMPLE_RATE, dtype=np.float32)
    out.parent.mkdir(parents=True, exist_ok=True)
    with WavAppender(out.with_suffix(".part")) as wav:
        i = 0
        while wav.frames_written < need:
            audio = load_audio(answers[i % len(answers)])[:need - wav.frames_written]
            wav.append(audio)
            wav.append(gap[:max(0, need - wav.frames_written)])
            i += 1
    out.with_suffix(".part").rename(out)
    return out


def review(path: Path) -> tuple[float, float, int]:
    """(peak resident MB, wall seconds, words) of one `mockvoice review --json` process, measured by
    GNU time (a fork of this process would start with this process's memory counted)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak-kb"
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(peak), sys.executable, "-m", "mockvoice",
                               "review", str(path), "--json"], capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 3):
            raise SystemExit(f"review failed on {path}: {proc.stderr.strip()}")
        kb = int(peak.read_text().split()[-1])
    return kb / 1024, time.perf_counter() - started, len(json.loads(proc.stdout)["transcript"]["words"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, action="append", help="recording length (repeatable)")
    args = ap.parse_args()
    worst = 0.0
    for minutes in args.minutes or [10, 60]:
        path = build(minutes, HERE / "audio" / f"long-{minutes:g}min.wav")
        peak, wall, words = review(path)
        worst = max(worst, peak)
        print(f"{minutes:5g} min: peak memory {peak:6.0f} MB, {wall:6.0f} s wall ({wall / (minutes * 60):.3f} x real time), "
              f"{words} words")
    print(f"largest peak {worst:.0f} MB (target < {LIMIT_MB} MB): {'met' if worst < LIMIT_MB else 'NOT met'}")
    return 0 if worst < LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
