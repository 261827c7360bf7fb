"""Accuracy of review on the evaluation set (benchmarks/evalset/*.toml, rendered with Piper and espeak-ng).

Prints per answer and overall: STAR time-label accuracy, median boundary error, missing-part and
finding precision/recall/F1, um/uh recall and WPM error. Truth for content findings is each
answer's expected_findings plus its absent parts; truth for timing findings (too_short, pace…)
is computed from the true sentence spans with the same thresholds the analysis uses.

    python benchmarks/accuracy.py                 # render what is missing, transcribe, score
    python benchmarks/accuracy.py --reuse-transcripts   # score again without re-transcribing
    python benchmarks/accuracy.py --only outage-piper-normal --verbose
    python benchmarks/accuracy.py --set benchmarks/holdout     # answers written apart from the rules
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from mockvoice.analysis.analyze import analyze
from mockvoice.interview.bank import get_question, load_bank
from mockvoice.audio.decode import SAMPLE_RATE, load_audio
from mockvoice.asr.live import LiveTranscriber
from mockvoice.analysis.model import PARTS, Transcript, Word
from mockvoice.samples.scripted import load_script, render_to
from mockvoice.analysis.text import HESITATIONS, tokens
from mockvoice.analysis.thresholds import (
    ANSWER_TOO_LONG_S,
    ANSWER_TOO_SHORT_S,
    FILLERS_PER_MIN_MAX,
    LONG_PAUSE_S,
    PACE_WPM,
    PART_TARGETS_S,
    PART_TOO_LONG_FACTOR,
    PART_TOO_SHORT_FACTOR,
)
from mockvoice.asr.transcribe import load_model, transcribe
from mockvoice.audio.levels import quiet_spans
from mockvoice.asr.windowed import BLOCK_S, transcribe_blocks

EVALSET = Path(__file__).parent / "evalset"
TIMING_CODES = {"too_short", "too_long", "part_too_long", "part_too_short", "pace_too_fast", "pace_too_slow",
                "many_fillers", "long_pause"}


def true_spans(truth: list[dict]) -> dict[str, tuple[float, float]]:
    spans: dict[str, tuple[float, float]] = {}
    for s in truth:
        lo = spans.get(s["part"], (s["start"], 0))[0]
        spans[s["part"]] = (lo, s["end"])
    return spans


def timing_truth(truth: list[dict], targets: dict[str, tuple[float, float]]) -> set[str]:
    """Timing findings the true spans call for, by the analysis' own thresholds."""
    total = truth[-1]["end"] - truth[0]["start"]
    words = sum(s["words"] for s in truth)
    hesitations = sum(s["hesitations"] for s in truth)
    codes = set()
    too_short = total < ANSWER_TOO_SHORT_S
    if too_short:
        codes.add("too_short")
    elif total > ANSWER_TOO_LONG_S:
        codes.add("too_long")
    for part, (a, b) in true_spans(truth).items():
        lo, hi = targets[part]
        if b - a > hi * PART_TOO_LONG_FACTOR:
            codes.add("part_too_long")
        elif not too_short and b - a < lo * PART_TOO_SHORT_FACTOR:
            codes.add("part_too_short")
    wpm = words / total * 60
    if wpm > PACE_WPM[1]:
        codes.add("pace_too_fast")
    elif wpm < PACE_WPM[0]:
        codes.add("pace_too_slow")
    if hesitations / total * 60 > FILLERS_PER_MIN_MAX:
        codes.add("many_fillers")
    if any(b["start"] - a["end"] >= LONG_PAUSE_S for a, b in zip(truth, truth[1:])):
        codes.add("long_pause")
    return codes


def label_accuracy(truth: list[dict], star, step: float = 0.01) -> tuple[float, float]:
    """(correctly labelled seconds, labelled seconds) over the true parts' spans."""
    right = total = 0.0
    for part, (a, b) in true_spans(truth).items():
        t = a
        while t < b:
            pred = next((p.part for p in star if p.start <= t <= p.end), None)
            right += step * (pred == part)
            total += step
            t += step
    return right, total


def boundary_errors(truth: list[dict], star) -> list[float]:
    spans = true_spans(truth)
    present = [p for p in PARTS if p in spans]
    predicted = {p.part: p for p in star}
    errors = []
    for part in present[1:]:
        if part in predicted:
            errors.append(abs(predicted[part].start - spans[part][0]))
    return errors


def hesitation_hits(truth: list[dict], fillers) -> tuple[int, int, int]:
    """(true um/uh found, true um/uh, um/uh reported): matched per sentence."""
    hes = [f for f in fillers if f.text in HESITATIONS]
    found = 0
    for s in truth:
        inside = sum(s["start"] - 0.3 <= f.start <= s["end"] + 0.3 for f in hes)
        found += min(inside, s["hesitations"])
    return found, sum(s["hesitations"] for s in truth), len(hes)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def word_errors(truth: list[dict], transcript: Transcript) -> tuple[int, int]:
    """(word edits, reference words): the script against the transcript, both normalised."""
    reference = [t for s in truth for t in tokens(s["text"]) if t not in HESITATIONS]
    hypothesis = [t for t in tokens(transcript.text) if t not in HESITATIONS]
    return Levenshtein.distance(reference, hypothesis), len(reference)


def live_transcript(audio) -> Transcript:
    """The live path: the audio fed block by block into LiveTranscriber, as the recorder does."""
    live = LiveTranscriber(load_model())
    for i in range(0, len(audio), 1600):
        live.feed(audio[i:i + 1600])
    return live.finish()


def review_transcript(audio) -> Transcript:
    """What review does: windows cut in pauses, each decoded in one pass (mockvoice.asr.windowed)."""
    blocks = (audio[i:i + int(BLOCK_S * SAMPLE_RATE)] for i in range(0, len(audio), int(BLOCK_S * SAMPLE_RATE)))
    return transcribe_blocks(blocks, load_model())[0]


def whole_transcript(audio) -> Transcript:
    """One faster-whisper pass over the whole file (timestamp tokens on: it seeks window by window)."""
    return transcribe(audio, load_model(), without_timestamps=False)


TRANSCRIBERS = {"review": review_transcript, "live": live_transcript, "whole": whole_transcript}


def get_transcript(script, wav: Path, reuse: bool, path: str) -> Transcript:
    cache = wav.with_suffix({"review": ".transcript.json", "live": ".chunked.json", "whole": ".whole.json"}[path])
    if reuse and cache.exists():
        data = json.loads(cache.read_text())
        return Transcript(tuple(Word(**w) for w in data["words"]), data["duration_s"])
    audio = load_audio(wav)
    transcript = TRANSCRIBERS[path](audio)
    cache.write_text(json.dumps({"words": [asdict(w) for w in transcript.words],
                                 "duration_s": transcript.duration_s}))
    return transcript


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", type=Path, default=EVALSET, help="folder of scripted answers (default: evalset)")
    ap.add_argument("--only", action="append", help="answer id (repeatable)")
    ap.add_argument("--reuse-transcripts", action="store_true", help="score cached transcripts again")
    ap.add_argument("--verbose", action="store_true", help="print each answer's parts and findings")
    ap.add_argument("--path", choices=sorted(TRANSCRIBERS), default="review",
                    help="review (windows of up to 28 s cut in pauses, as mockvoice review does), live (chunks "
                         "cut at the first pause, as while recording) or whole (one faster-whisper pass over "
                         "the whole file, for comparison)")
    args = ap.parse_args()
    bank = load_bank()
    scripts = [load_script(p) for p in sorted(args.set.glob("*.toml"))]
    scripts = [s for s in scripts if not args.only or s.id in args.only]
    right = total = 0.0
    errors: list[float] = []
    miss = [0, 0, 0]  # tp fp fn
    find = [0, 0, 0]
    hes_found = hes_true = hes_reported = 0
    wpm_errors = []
    wer_edits = wer_words = 0
    per_code: dict[str, list[int]] = {}
    print(f"{'answer':34} {'label':>6} {'bound':>6} {'wpm':>11} {'um':>5}  findings: missed / extra")
    for script in scripts:
        wav = args.set / "audio" / f"{script.id}.wav"
        truth = render_to(script, wav)
        question = get_question(bank, script.question) if script.question else None
        transcript = get_transcript(script, wav, args.reuse_transcripts, args.path)
        edits, ref_words = word_errors(truth, transcript)
        wer_edits, wer_words = wer_edits + edits, wer_words + ref_words
        analysis = analyze(transcript, question, str(wav), quiet=quiet_spans(load_audio(wav)))
        r, t = label_accuracy(truth, analysis.star)
        right, total = right + r, total + t
        errs = boundary_errors(truth, analysis.star)
        errors += errs
        spans = true_spans(truth)
        true_missing = {f"missing_{p}" for p in PARTS if p not in spans}
        pred_codes = {f.code for f in analysis.findings}
        pred_missing = {c for c in pred_codes if c.startswith("missing_")}
        miss[0] += len(true_missing & pred_missing)
        miss[1] += len(pred_missing - true_missing)
        miss[2] += len(true_missing - pred_missing)
        targets = {**PART_TARGETS_S, **(question.targets if question else {})}
        expected = set(script.expected_findings) | true_missing | timing_truth(truth, targets)
        find[0] += len(expected & pred_codes)
        find[1] += len(pred_codes - expected)
        find[2] += len(expected - pred_codes)
        for code in expected | pred_codes:
            row = per_code.setdefault(code, [0, 0, 0])
            row[0 if code in expected and code in pred_codes else 1 if code in pred_codes else 2] += 1
        hf, ht, hr = hesitation_hits(truth, analysis.pacing.fillers)
        hes_found, hes_true, hes_reported = hes_found + hf, hes_true + ht, hes_reported + hr
        true_wpm = sum(s["words"] for s in truth) / (truth[-1]["end"] - truth[0]["start"]) * 60
        wpm_errors.append(abs(analysis.pacing.wpm - true_wpm) / true_wpm)
        med = f"{statistics.median(errs):6.2f}" if errs else "     -"
        print(f"{script.id:34} {r / t:6.3f} {med} {analysis.pacing.wpm:5.0f}/{true_wpm:<5.0f} {hf:2d}/{ht:<2d}  "
              f"{sorted(expected - pred_codes)} / {sorted(pred_codes - expected)}")
        if args.verbose:
            for s in truth:
                pred = next((p.part for p in analysis.star if p.start <= (s["start"] + s["end"]) / 2 <= p.end), "-")
                flag = "  " if pred == s["part"] else "!!"
                print(f"   {flag} {s['part'][:4]:4} {pred[:4]:4} {s['start']:6.1f} {s['text']}")
    p, r, f1 = prf(*find)
    mp, mr, mf = prf(*miss)
    print()
    print(f"word error rate            {wer_edits / max(wer_words, 1):.3f}   ({args.path} path;"
          f" script vs transcript, numbers as written)")
    print(f"STAR time-label accuracy   {right / total:.3f}   (target >= 0.92)")
    print(f"median boundary error      {statistics.median(errors) if errors else 0:.2f} s  (target <= 1.5 s)")
    print(f"missing parts  P/R/F1      {mp:.2f} / {mr:.2f} / {mf:.2f}")
    print(f"findings       P/R/F1      {p:.2f} / {r:.2f} / {f1:.2f}   (target F1 >= 0.9)")
    print(f"um/uh recall               {hes_found / max(hes_true, 1):.3f}   ({hes_found}/{hes_true}; "
          f"{hes_reported} reported; target >= 0.95)")
    print(f"WPM error                  mean {statistics.mean(wpm_errors):.1%}, max {max(wpm_errors):.1%}   "
          f"(target within 5 %)")
    print("per finding code (tp/fp/fn): " + ", ".join(f"{c} {v[0]}/{v[1]}/{v[2]}" for c, v in sorted(per_code.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
