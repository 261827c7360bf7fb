"""Time from the end of an answer to the finished analysis, live path against reviewing the take after it.

A rendered answer goes through the recorder exactly as a microphone would (FileSource at real-time
pace -> record() -> the WAV on disk, with LiveTranscriber tapping the blocks); when the source runs
out the clock starts, and stops when the analysis is done. Median of --runs, next to the time the
whole-file pass (`review` of the saved WAV: transcribe all of it, then analyse) takes on the same
audio in the same run.

    python benchmarks/latency.py                         # the first 3 minutes of a rendered long answer
    python benchmarks/latency.py --audio FILE --runs 3 --speed 1.0
Target: <= 1.5 s on a 2-core machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mockvoice.analysis.analyze import analyze
from mockvoice.audio.decode import SAMPLE_RATE, load_audio
from mockvoice.asr.live import LiveTranscriber
from mockvoice.pipeline import review_file
from mockvoice.audio.recorder import record
from mockvoice.audio.sources import FileSource
from mockvoice.samples.scripted import load_script, render_to
from mockvoice.asr.transcribe import load_model
from mockvoice.audio.levels import quiet_spans

EVALSET = Path(__file__).parent / "evalset"


def three_minute_answer() -> Path:
    """The first ~3 minutes of the long evaluation answer, cut in a pause."""
    wav = EVALSET / "audio" / "scratch-piper-long.wav"
    truth = render_to(load_script(EVALSET / "scratch-piper-long.toml"), wav)
    end = max(s["end"] for s in truth if s["end"] <= 180.0) + 0.5
    out = Path(tempfile.mkdtemp()) / "answer-3min.wav"
    from mockvoice.audio.wav import write_wav
    write_wav(out, load_audio(wav)[:int(end * SAMPLE_RATE)], SAMPLE_RATE)
    return out


def live_run(audio_path: Path, model, speed: float) -> tuple[float, float, int]:
    """(seconds from the end of the answer to the analysis, audio seconds, chunks)."""
    live = LiveTranscriber(model)
    with tempfile.TemporaryDirectory() as tmp:
        take = Path(tmp) / "take.wav"
        result = record(take, FileSource(audio_path, speed=speed), stop_on_enter=False, max_seconds=None,
                        tap=live.feed)
        ended = time.perf_counter()
        transcript = live.finish()
        analyze(transcript, None, str(take), quiet=quiet_spans(load_audio(take)))
        return time.perf_counter() - ended, result.duration_s, len(live.chunks)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--audio", type=Path, help="answer to play (default: 3 minutes of a rendered answer)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--speed", type=float, default=1.0, help="pace of the file source (1.0 = real time)")
    args = ap.parse_args()
    audio = args.audio or three_minute_answer()
    model = load_model()
    lat, whole = [], []
    for run in range(args.runs):
        latency, duration, chunks = live_run(audio, model, args.speed)
        start = time.perf_counter()
        review_file(audio)
        whole.append(time.perf_counter() - start)
        lat.append(latency)
        print(f"run {run + 1}: {duration:.0f} s answer in {chunks} chunks; report {latency:.2f} s after the end "
              f"(whole-file pass {whole[-1]:.2f} s)", flush=True)
    lm, wm = statistics.median(lat), statistics.median(whole)
    print(f"end of answer -> analysis: median {lm:.2f} s (target <= 1.5 s); whole-file pass median {wm:.2f} s; "
          f"ratio {lm / wm:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
