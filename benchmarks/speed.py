"""review wall time against a bare faster-whisper transcription of the same file, same run.

Both run as fresh processes (interpreter start, imports, model load, transcription), alternating,
and the medians are compared. Bare = WhisperModel with the same model and options
(mockvoice.asr.transcribe.TRANSCRIBE_OPTIONS, word timestamps on) in faster-whisper's own pass over the
whole file (timestamp tokens on, as it needs to seek), segments consumed, nothing else.

    python benchmarks/speed.py [AUDIO ...] [--repeat 3]      # target: ratio <= 1.15
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = """
import os, sys
os.environ["HF_HUB_OFFLINE"] = "1"
from faster_whisper import WhisperModel
from mockvoice.asr.transcribe import TRANSCRIBE_OPTIONS, default_model_dir
model = WhisperModel(default_model_dir(), device="cpu", compute_type="int8", cpu_threads=os.cpu_count())
segments, _ = model.transcribe(sys.argv[1], **{**TRANSCRIBE_OPTIONS, "without_timestamps": False})
print(sum(len(s.words) for s in segments))
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("audio", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = args.audio or sorted((Path(__file__).parent / "evalset" / "audio").glob("scratch-piper-long.wav"))
    if not files:
        print("no audio: run benchmarks/accuracy.py first (it renders the evaluation set) or pass files")
        return 2
    for path in files:
        bare, review = [], []
        for _ in range(args.repeat):
            bare.append(timed([sys.executable, "-c", BARE, str(path)]))
            review.append(timed([sys.executable, "-m", "mockvoice", "review", str(path), "--json"]))
        b, r = statistics.median(bare), statistics.median(review)
        print(f"{path.name}: bare faster-whisper {b:.2f} s, mockvoice review {r:.2f} s, ratio {r / b:.3f} "
              f"(median of {args.repeat}; target <= 1.15)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
