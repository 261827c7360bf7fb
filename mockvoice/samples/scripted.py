"""Scripted answers: TOML files of sentences, each with its STAR part and the pause after it,
rendered to speech so that every part's true span is known exactly. They make the evaluation
set (benchmarks/evalset), the end-to-end test fixtures and the bundled demo answers."""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockvoice.analysis.model import PARTS
from mockvoice.analysis.text import is_hesitation, spoken_words
from mockvoice.audio.wav import write_wav
from mockvoice.interview.voice import synthesize

LEAD_S = 0.5  # silence before the first sentence and after the last


@dataclass(frozen=True)
class ScriptedSentence:
    part: str | None  # None: not a STAR story (a follow-up or closing reply)
    text: str
    pause_after: float = 0.6


@dataclass(frozen=True)
class Script:
    id: str
    question: str | None
    theme: str | None
    voice: str
    rate: float | None
    sentences: tuple[ScriptedSentence, ...]
    expected_findings: tuple[str, ...] = ()


def load_script(path: Path) -> Script:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    sentences = tuple(ScriptedSentence(s.get("part"), s["text"], float(s.get("pause_after", 0.6)))
                      for s in data["sentences"])
    for s in sentences:
        if s.part is not None and s.part not in PARTS:
            raise ValueError(f"{path}: unknown part {s.part!r}")
    return Script(id=data.get("id", Path(path).stem), question=data.get("question"), theme=data.get("theme"),
                  voice=data.get("voice", "piper"), rate=data.get("rate"), sentences=sentences,
                  expected_findings=tuple(data.get("expected_findings", ())))


def render(script: Script) -> tuple[np.ndarray, int, list[dict]]:
    """Samples, sample rate and per-sentence truth (part, start, end, words, hesitations)."""
    pieces: list[np.ndarray] = []
    truth: list[dict] = []
    rate = None
    t = LEAD_S
    for s in script.sentences:
        samples, rate = synthesize(s.text, script.voice, script.rate)
        if not pieces:
            pieces.append(np.zeros(int(LEAD_S * rate), dtype=np.float32))
        pieces.append(samples.astype(np.float32))
        duration = len(samples) / rate
        toks = s.text.split()
        truth.append({"part": s.part, "start": round(t, 3), "end": round(t + duration, 3), "text": s.text,
                      "words": sum(spoken_words(x) for x in toks if not is_hesitation(x)),
                      "hesitations": sum(is_hesitation(x) for x in toks)})
        gap = round(s.pause_after * rate) if s is not script.sentences[-1] else int(LEAD_S * rate)
        pieces.append(np.zeros(gap, dtype=np.float32))
        t += duration + gap / rate
    return np.concatenate(pieces), int(rate), truth


def render_to(script: Script, wav_path: Path) -> list[dict]:
    """Render to wav_path (and its .json truth beside it) unless already rendered; returns the truth."""
    truth_path = wav_path.with_suffix(".json")
    if wav_path.exists() and truth_path.exists():
        return json.loads(truth_path.read_text())
    samples, rate, truth = render(script)
    wav_path.parent.mkdir(parents=True, exist_ok=True)
    write_wav(wav_path, samples, rate)
    truth_path.write_text(json.dumps(truth, indent=1))
    return truth
