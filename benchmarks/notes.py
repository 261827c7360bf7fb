"""Notes matched to what was said (analysis/notes.py), and the word error of jargon-heavy answers with and
without the story's vocabulary given to Whisper, on scripted answers told from story files.

Sets: benchmarks/stories/<set>/stories/*.toml (story files) and answers/*.toml (scripted answers, the
samples.scripted format, each naming its `story`; each sentence lists the notes it says, "action:2" being
the second action note). A note counts as said when the answer makes its point, with its figure when it
has one ("database load down 60 %" is not said by "the database was much less busy"). `dev` is what the
matching was tuned on; `test` was written after, and looked at only to be scored.

    python benchmarks/notes.py                  # precision / recall of note matching, text level
    python benchmarks/notes.py --audio          # ... and on speech rendered with Piper, through review's path,
                                                #     without and with the vocabulary (word error, term recall)
    python benchmarks/notes.py --set test --verbose
"""
from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import asdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).parent))
from corpus import text_transcript  # noqa: E402

from mockvoice.analysis.model import Story, Transcript, Word  # noqa: E402
from mockvoice.analysis.notes import match, story_notes, vocabulary  # noqa: E402
from mockvoice.analysis.text import HESITATIONS, tokens  # noqa: E402
from mockvoice.samples.scripted import Script, load_script, render_to  # noqa: E402
from mockvoice.stories import load_stories  # noqa: E402

HERE = Path(__file__).parent / "stories"


def load_set(name: str) -> tuple[dict[str, Story], list[tuple[Script, str, set[str]]]]:
    """The set's stories, and its answers as (script, story id, the notes it says as "part:N")."""
    stories = load_stories(HERE / name / "stories")
    answers = []
    for path in sorted((HERE / name / "answers").glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        said = {n for s in raw["sentences"] for n in s.get("notes", ())}
        answers.append((load_script(path), raw["story"], said))
    return stories, answers


def truth(story: Story, said: set[str]) -> list[bool]:
    """Said or not, for every note in the order of analysis.notes.story_notes."""
    index: dict[str, int] = {}
    out = []
    for part, _ in story_notes(story):
        index[part] = index.get(part, 0) + 1
        out.append(f"{part}:{index[part]}" in said)
    return out


def score(story: Story, transcript: Transcript, said: set[str], counts: list[int], verbose: bool) -> None:
    """counts: true positives, false positives, false negatives, true negatives."""
    result = match(story, transcript)
    for m, true in zip(result.notes, truth(story, said)):
        counts[(0 if m.said else 2) if true else (1 if m.said else 3)] += 1
        if verbose and m.said != true:
            print(f"    {'FALSE SAID' if m.said else 'MISSED    '} {m.part}: {m.note!r}  heard {m.heard!r}")


def prf(counts: list[int]) -> str:
    tp, fp, fn, _ = counts
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return f"precision {p:.3f}  recall {r:.3f}  ({tp} said and found, {fp} found but not said, {fn} said but missed)"


def transcribe(wav: Path, options: dict, cache: Path) -> Transcript:
    """review's path (windowed.transcribe_blocks) with these options, cached beside the audio."""
    from mockvoice.asr.transcribe import load_model
    from mockvoice.asr.windowed import BLOCK_S, transcribe_blocks
    from mockvoice.audio.decode import load_audio
    from mockvoice.audio.levels import SAMPLE_RATE

    if cache.exists():
        data = json.loads(cache.read_text())
        return Transcript(tuple(Word(**w) for w in data["words"]), data["duration_s"])
    audio = load_audio(wav)
    step = int(BLOCK_S * SAMPLE_RATE)
    transcript, _ = transcribe_blocks((audio[i:i + step] for i in range(0, len(audio), step)), load_model(),
                                      options=options)
    cache.write_text(json.dumps({"words": [asdict(w) for w in transcript.words], "duration_s": transcript.duration_s}))
    return transcript


def word_errors(script: Script, transcript: Transcript, terms: list[str]) -> tuple[int, int, int, int]:
    """(edit distance, reference words, story terms in the reference, of them recognised)."""
    reference = [t for s in script.sentences for t in tokens(s.text) if t not in HESITATIONS]
    heard = [t for t in tokens(transcript.text) if t not in HESITATIONS]
    text, said = " ".join(reference), " ".join(heard)
    used = [t.lower() for t in terms if f" {t.lower()} " in f" {text} "]
    return (Levenshtein.distance(reference, heard), len(reference), len(used),
            sum(f" {t} " in f" {said} " for t in used))


def configurations(story: Story) -> dict[str, dict]:
    from mockvoice.asr.transcribe import FILLER_PROMPT, vocabulary_options

    words = vocabulary(story)
    return {"none": {}, "vocabulary": vocabulary_options(words),
            "in the prompt": {"initial_prompt": f"{FILLER_PROMPT} {', '.join(words)}."}}


def run_audio(name: str, stories: dict[str, Story], answers: list, verbose: bool) -> None:
    audio = HERE / name / "audio"
    totals: dict[str, list[int]] = {}
    counts: dict[str, list[int]] = {}
    for script, sid, said in answers:
        wav = audio / f"{script.id}.wav"
        render_to(script, wav)
        story = stories[sid]
        for config, options in configurations(story).items():
            cache = wav.with_suffix(f".{config.replace(' ', '-')}.json")
            transcript = transcribe(wav, options, cache)
            errors = word_errors(script, transcript, list(story.terms))
            totals[config] = [a + b for a, b in zip(totals.get(config, [0, 0, 0, 0]), errors)]
            score(story, transcript, said, counts.setdefault(config, [0, 0, 0, 0]), verbose and config != "none")
            if verbose:
                print(f"  {script.id:28} {config:14} word error {errors[0] / errors[1]:.1%}  terms {errors[3]}/{errors[2]}")
    for config, (dist, words, used, found) in totals.items():
        print(f"  audio, {config + ':':15} word error {dist / words:.1%} ({dist}/{words}), story terms recognised "
              f"{found}/{used}; notes {prf(counts[config])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", choices=("dev", "test"), help="default: both")
    parser.add_argument("--audio", action="store_true", help="also render the answers and transcribe them")
    parser.add_argument("--verbose", action="store_true", help="every note matched wrongly")
    args = parser.parse_args()
    for name in args.set or ("dev", "test"):
        stories, answers = load_set(name)
        notes = sum(len(truth(stories[sid], said)) for _, sid, said in answers)
        print(f"== {name}: {len(stories)} stories, {len(answers)} answers, {notes} note decisions")
        counts = [0, 0, 0, 0]
        for script, sid, said in answers:
            if args.verbose:
                print(f"  {script.id}")
            score(stories[sid], text_transcript(script)[0], said, counts, args.verbose)
        print(f"  text level: notes {prf(counts)}")
        if args.audio:
            run_audio(name, stories, answers, args.verbose)


if __name__ == "__main__":
    main()
