"""Accuracy of the analysis, set by set: training, development, each unseen test set, and the real
recordings (benchmarks/corpus.py says which sets the weights and settings were fitted on).

Per set: STAR time-label accuracy, median boundary error, present/missing decisions wrong, findings
precision/recall/F1 over the four content findings the issue names (and per code), `not_a_story` on
stories and non-stories; on the audio paths also word error, um/uh recall and WPM error. Truth:
each answer's sentence labels and expected_findings; timing findings are left out (they follow
from the measured length, not from judgement).

    python benchmarks/accuracy.py                       # text level (word times from the script), all sets but the unseen one
    python benchmarks/accuracy.py --path review --set test-a --set test-b   # rendered audio, as review does
    python benchmarks/accuracy.py --path live --set train                   # the live path (chunks while recording)
    python benchmarks/accuracy.py --set benchmarks/evalset --path whole     # a folder; one whole-file pass
    python benchmarks/accuracy.py --set real --real-dir /path/to/more/clips # real recordings: not_a_story, delivery
    python benchmarks/accuracy.py --set dev --verbose   # each answer's sentences, labels and misses
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).parent))
from corpus import FITTED, SETS, Answer, cached_transcript, load_set, text_transcript  # noqa: E402

from mockvoice.analysis.analyze import analyze  # noqa: E402
from mockvoice.analysis.model import PARTS, Transcript  # noqa: E402
from mockvoice.analysis.text import HESITATIONS, is_hesitation, tokens, word_count  # noqa: E402
from mockvoice.interview.bank import get_question, load_bank  # noqa: E402
from mockvoice.samples.scripted import Script, load_script, render_to  # noqa: E402

CONTENT_CODES = ("no_quantified_result", "no_lessons_learned", "low_personal_ownership", "blaming_others")
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real-speech"


@dataclass
class Scores:
    right: float = 0.0
    total: float = 0.0
    boundary: list[float] = field(default_factory=list)
    presence_wrong: int = 0
    presence_total: int = 0
    false_missing_complete: int = 0
    codes: dict[str, list[int]] = field(default_factory=lambda: {c: [0, 0, 0] for c in CONTENT_CODES})
    story_flagged: list[int] = field(default_factory=lambda: [0, 0])      # not_a_story on stories: fired, of
    non_story_flagged: list[int] = field(default_factory=lambda: [0, 0])  # ... on non-stories
    hes: list[int] = field(default_factory=lambda: [0, 0, 0])             # found, true, reported
    wpm_errors: list[float] = field(default_factory=list)
    wer: list[int] = field(default_factory=lambda: [0, 0])

    def f1(self, codes=CONTENT_CODES) -> tuple[float, float, float]:
        tp, fp, fn = (sum(self.codes[c][i] for c in codes) for i in range(3))
        return prf(tp, fp, fn)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def text_truth(script: Script) -> tuple[Transcript, list[dict]]:
    """The text-level transcript and its per-sentence truth, in the format render() gives."""
    transcript, parts = text_transcript(script)
    truth, i = [], 0
    for s in script.sentences:
        n = len(s.text.split())
        words = transcript.words[i:i + n]
        truth.append({"part": s.part, "start": words[0].start, "end": words[-1].end, "text": s.text,
                      "words": word_count(s.text.split()), "hesitations": sum(is_hesitation(x) for x in s.text.split())})
        i += n
    return transcript, truth


def true_spans(truth: list[dict]) -> dict[str, tuple[float, float]]:
    spans: dict[str, tuple[float, float]] = {}
    for s in truth:
        if s["part"]:
            spans[s["part"]] = (spans.get(s["part"], (s["start"], 0))[0], s["end"])
    return spans


def score_labels(truth: list[dict], star, scores: Scores) -> None:
    """Time-label accuracy over each true sentence (10 ms steps) and the boundary errors."""
    for s in truth:
        t = s["start"]
        while t < s["end"]:
            pred = next((p.part for p in star if p.holds(t)), None)
            scores.right += 0.01 * (pred == s["part"])
            scores.total += 0.01
            t += 0.01
    spans, predicted = true_spans(truth), {p.part: p for p in star}
    present = [p for p in PARTS if p in spans]
    scores.boundary += [abs(predicted[p].start - spans[p][0]) for p in present[1:] if p in predicted]


def score_answer(answer: Answer, truth: list[dict], analysis, scores: Scores, verbose: bool) -> str:
    codes = {f.code for f in analysis.findings}
    flagged = "not_a_story" in codes
    if not answer.story:
        scores.non_story_flagged[0] += flagged
        scores.non_story_flagged[1] += 1
        return f"non-story: not_a_story {'yes' if flagged else 'NO'}; parts {[p.part for p in analysis.star]}"
    scores.story_flagged[0] += flagged
    scores.story_flagged[1] += 1
    score_labels(truth, analysis.star, scores)
    spans = true_spans(truth)
    true_parts, pred_parts = set(spans), {p.part for p in analysis.star}
    scores.presence_wrong += len(true_parts ^ pred_parts)
    scores.presence_total += len(PARTS)
    if true_parts == set(PARTS):
        scores.false_missing_complete += len(true_parts - pred_parts)
    expected = set(answer.script.expected_findings)
    for code in CONTENT_CODES:
        row = scores.codes[code]
        row[0 if code in expected and code in codes else 1 if code in codes else 2] += (code in expected) or (code in codes)
    missed, extra = sorted(expected & set(CONTENT_CODES) - codes), sorted(codes & set(CONTENT_CODES) - expected)
    parts_note = "" if true_parts == pred_parts else f" parts {sorted(true_parts)} -> {sorted(pred_parts)}"
    if verbose:
        for s in truth:
            pred = next((p.part for p in analysis.star if p.holds((s["start"] + s["end"]) / 2)), "-")
            print(f"   {'  ' if pred == s['part'] else '!!'} {s['part'][:4]:4} {pred[:4]:4} {s['start']:6.1f} {s['text']}")
    return f"missed {missed} extra {extra}{parts_note}" + (" NOT_A_STORY" if flagged else "")


def score_audio(truth: list[dict], transcript: Transcript, analysis, scores: Scores) -> None:
    reference = [t for s in truth for t in tokens(s["text"]) if t not in HESITATIONS]
    hypothesis = [t for t in tokens(transcript.text) if t not in HESITATIONS]
    scores.wer[0] += Levenshtein.distance(reference, hypothesis)
    scores.wer[1] += len(reference)
    hes = [f for f in analysis.pacing.fillers if f.text in HESITATIONS]
    scores.hes[0] += sum(min(sum(s["start"] - 0.3 <= f.start <= s["end"] + 0.3 for f in hes), s["hesitations"])
                         for s in truth)
    scores.hes[1] += sum(s["hesitations"] for s in truth)
    scores.hes[2] += len(hes)
    true_wpm = sum(s["words"] for s in truth) / (truth[-1]["end"] - truth[0]["start"]) * 60
    scores.wpm_errors.append(abs(analysis.pacing.wpm - true_wpm) / true_wpm)


def audio_transcript(wav: Path, path: str, reuse: bool) -> tuple[Transcript, list]:
    """The transcript of a rendered answer through one of the audio paths, cached beside it."""
    from mockvoice.asr.live import LiveTranscriber
    from mockvoice.asr.transcribe import load_model, transcribe
    from mockvoice.asr.windowed import BLOCK_S, transcribe_blocks
    from mockvoice.audio.decode import load_audio
    from mockvoice.audio.levels import SAMPLE_RATE, quiet_spans

    cache = wav.with_suffix({"review": ".transcript.json", "live": ".chunked.json", "whole": ".whole.json"}[path])
    audio = load_audio(wav)
    quiet = quiet_spans(audio)
    if reuse and cache.exists():
        return cached_transcript(cache), quiet
    if path == "review":
        step = int(BLOCK_S * SAMPLE_RATE)
        transcript = transcribe_blocks((audio[i:i + step] for i in range(0, len(audio), step)), load_model())[0]
    elif path == "live":
        live = LiveTranscriber(load_model())
        for i in range(0, len(audio), 1600):
            live.feed(audio[i:i + 1600])
        transcript = live.finish()
    else:
        transcript = transcribe(audio, load_model(), without_timestamps=False)
    cache.write_text(json.dumps({"words": [asdict(w) for w in transcript.words], "duration_s": transcript.duration_s}))
    return transcript, quiet


def run_set(name: str, answers: list[Answer], args, bank) -> Scores:
    scores = Scores()
    print(f"\n== {name}: {len(answers)} answers ({FITTED.get(name, 'folder given')}; {args.path} path)")
    for answer in answers:
        script = answer.script
        question = get_question(bank, script.question) if script.question else None
        if args.path == "text":
            transcript, truth = text_truth(script)
            quiet = None
        else:
            wav = answer.folder / "audio" / f"{script.id}.wav"
            truth = render_to(script, wav)
            transcript, quiet = audio_transcript(wav, args.path, args.reuse_transcripts)
        analysis = analyze(transcript, question, quiet=quiet)
        if args.path != "text" and answer.story:
            score_audio(truth, transcript, analysis, scores)
        if args.verbose:
            print(f"-- {script.id}")
        print(f"  {script.id:28} {score_answer(answer, truth, analysis, scores, args.verbose)}")
    return scores


def run_real(folders: list[Path], args, bank) -> None:
    """Real recordings of people, none of them a STAR story: not_a_story and the delivery figures."""
    from mockvoice.pipeline import review_file

    files = [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.flac"))]
    print(f"\n== real: {len(files)} recordings in {', '.join(map(str, folders))} (none is a story)")
    fired = 0
    for path in files:
        analysis = review_file(path)
        codes = [f.code for f in analysis.findings]
        fired += "not_a_story" in codes
        p = analysis.pacing
        print(f"  {path.name:40} not_a_story {'yes' if 'not_a_story' in codes else 'NO '}  parts "
              f"{[s.part[0] for s in analysis.star]}  {p.wpm:.0f} wpm  {len(p.pauses)} pauses  "
              f"{len(p.fillers)} fillers  findings {codes}")
    print(f"  not_a_story on {fired}/{len(files)} real non-story recordings")


def summary(name: str, s: Scores, path: str) -> None:
    p, r, f1 = s.f1()
    print(f"\n{name} summary ({FITTED.get(name, 'folder given')})")
    if s.total:
        med = statistics.median(s.boundary) if s.boundary else 0.0
        print(f"  STAR time-label accuracy   {s.right / s.total:.3f}   (target >= 0.95)")
        print(f"  median boundary error      {med:.2f} s  (target <= 1.0 s)")
        print(f"  present/missing wrong      {s.presence_wrong}/{s.presence_total} "
              f"({s.presence_wrong / max(s.presence_total, 1):.1%}; target <= 1 %); false missing_* on complete "
              f"answers: {s.false_missing_complete}")
        print(f"  findings P/R/F1            {p:.2f} / {r:.2f} / {f1:.2f}   (4 content codes; target F1 >= 0.92)")
        for code in CONTENT_CODES:
            cp, cr, cf = s.f1((code,))
            tp, fp, fn = s.codes[code]
            print(f"    {code:24} tp {tp:2d} fp {fp:2d} fn {fn:2d}   P {cp:.2f} R {cr:.2f}")
    print(f"  not_a_story                on {s.non_story_flagged[0]}/{s.non_story_flagged[1]} non-stories, "
          f"on {s.story_flagged[0]}/{s.story_flagged[1]} stories")
    if path != "text" and s.wpm_errors:
        print(f"  word error {s.wer[0] / max(s.wer[1], 1):.3f}; um/uh recall {s.hes[0] / max(s.hes[1], 1):.3f} "
              f"({s.hes[0]}/{s.hes[1]}, {s.hes[2]} reported); WPM error mean {statistics.mean(s.wpm_errors):.1%}, "
              f"max {max(s.wpm_errors):.1%}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", help=f"{', '.join(SETS)}, real, or a folder (repeatable; default: "
                                                   "all but an unseen test set, which is scored only when named)")
    ap.add_argument("--path", choices=("text", "review", "live", "whole"), default="text",
                    help="text (word times from the script; default), review (rendered audio through "
                         "review's windows), live (chunks as while recording) or whole (one faster-whisper pass)")
    ap.add_argument("--real-dir", action="append", type=Path, default=[],
                    help="more real recordings (*.flac) beside ../shared/real-speech")
    ap.add_argument("--only", action="append", help="answer id (repeatable)")
    ap.add_argument("--reuse-transcripts", action="store_true", help="score cached transcripts again")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    bank = load_bank()
    results = []
    for name in args.set or [*(n for n in SETS if not FITTED[n].startswith("unseen")), "real"]:
        if name == "real":
            run_real([REAL, *args.real_dir], args, bank)
            continue
        if name in SETS:
            answers = load_set(name)
        else:
            answers = [Answer(load_script(p), any(s.part for s in load_script(p).sentences), Path(name))
                       for p in sorted(Path(name).glob("*.toml"))]
        answers = [a for a in answers if not args.only or a.script.id in args.only]
        results.append((name, run_set(name, answers, args, bank)))
    for name, scores in results:
        summary(name, scores, args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
