"""Window seams under stress: review's windowing (asr/windowed.py) run with windows far shorter than
its 28 s, so that cuts fall inside sentences and speech crosses them, on rendered answers whose
script gives the truth.

For each window length: the cuts, the reference words lost or said twice within a second of a cut
(benchmarks/real.py's seam_losses), and the sentence breaks put at a cut where the script has none
(a word ending in . ? ! within a second before the cut whose script word does not) and the script's
sentence ends there that the transcript lost; next to the same counts for one whole-file decoding
on the same stretches (what the seams themselves cost).

    python benchmarks/seams.py                                   # the kept test rendering
    python benchmarks/seams.py --wav benchmarks/evalset/audio/*.wav --window 28 --window 6
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).parent))
from real import SEAM_S, seam_losses, timed_tokens, tokens  # noqa: E402

from mockvoice.analysis.model import Word  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KEPT = ROOT / "tests" / "audio" / "story-cache.wav"
WINDOWS_S = (28.0, 10.0, 6.0, 5.0, 4.0)


def reference(wav: Path) -> tuple[list[str], list[bool]]:
    """The script's scored tokens (render_to's truth beside the WAV) and, per token, whether a
    sentence ends there."""
    truth = json.loads(wav.with_suffix(".json").read_text())
    toks, ends = [], []
    for s in truth:
        words = tokens([s["text"]])
        toks += words
        ends += [False] * (len(words) - 1) + [True]
    return toks, ends


def breaks_at_cuts(ref: list[str], ends: list[bool], words: tuple[Word, ...], cuts: list[float]) -> tuple[int, int]:
    """(sentence breaks within SEAM_S before a cut that the script does not have there, the script's
    sentence ends there that the transcript lost)."""
    hyp, times = timed_tokens(words)
    stops = []
    for w in words:
        stops += [w.text.rstrip().endswith((".", "?", "!"))] + [False] * (len(tokens([w.text])) - 1)
    ref_of = {}
    for op in Levenshtein.opcodes(ref, hyp):
        if op.tag in ("equal", "replace"):
            for k in range(min(op.src_end - op.src_start, op.dest_end - op.dest_start)):
                ref_of[op.dest_start + k] = op.src_start + k
    near = [i in ref_of and any(0 <= c - times[i] <= SEAM_S for c in cuts) for i in range(len(hyp))]
    invented = sum(stops[i] and not ends[ref_of[i]] for i in range(len(hyp)) if near[i])
    lost = sum(ends[ref_of[i]] and not stops[i] for i in range(len(hyp)) if near[i])
    return invented, lost


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wav", action="append", type=Path, help="rendered answers with their truth JSON beside them")
    ap.add_argument("--window", action="append", type=float, help=f"window lengths, s (default {WINDOWS_S})")
    args = ap.parse_args()
    from mockvoice.asr.transcribe import load_model, transcribe
    from mockvoice.asr.windowed import BLOCK_S, seams, transcribe_blocks
    from mockvoice.audio.decode import load_audio
    from mockvoice.audio.levels import SAMPLE_RATE

    model, step = load_model(), int(BLOCK_S * SAMPLE_RATE)
    files = args.wav or [KEPT]
    totals = {w: [0] * 7 for w in args.window or WINDOWS_S}  # cuts, lost, invented, missed; whole: the same three
    for wav in files:
        ref, ends = reference(wav)
        audio = load_audio(wav)
        whole = transcribe(audio, model, without_timestamps=False).words
        for window_s, t in totals.items():
            cuts = seams(wav, window_s)
            words = transcribe_blocks((audio[i:i + step] for i in range(0, len(audio), step)), model,
                                      window_s=window_s)[0].words
            counts = (len(cuts), seam_losses(ref, words, cuts), *breaks_at_cuts(ref, ends, words, cuts),
                      seam_losses(ref, whole, cuts), *breaks_at_cuts(ref, ends, whole, cuts))
            totals[window_s] = [a + b for a, b in zip(t, counts)]
            print(f"{wav.name:32} {window_s:4.0f} s windows: {counts[0]:2} cuts, lost or doubled {counts[1]} "
                  f"(whole file {counts[4]}), sentence breaks invented {counts[2]} ({counts[5]}), "
                  f"missed {counts[3]} ({counts[6]})", flush=True)
    print(f"\n{len(files)} files")
    for window_s, (cuts, lost, invented, missed, lost_whole, invented_whole, missed_whole) in totals.items():
        print(f"{window_s:4.0f} s windows: {cuts} cuts; words lost or doubled within {SEAM_S:.0f} s of them {lost} "
              f"(one whole-file decoding: {lost_whole}); sentence breaks invented there {invented} ({invented_whole}), "
              f"the script's missed there {missed} ({missed_whole})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
