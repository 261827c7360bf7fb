"""review: an audio file in, an Analysis out (decode -> transcribe -> analyze)."""
from __future__ import annotations

from pathlib import Path

from .analyze import analyze
from .model import Analysis, Question
from .progress import spinner
from .transcribe import load_audio, load_model, transcribe
from .voicing import quiet_spans


def review_file(path: str | Path, question: Question | None = None, model_name: str | None = None) -> Analysis:
    audio = load_audio(path)
    with spinner("loading the Whisper model"):
        model = load_model(model_name)
    with spinner(f"transcribing {len(audio) / 16000:.0f} s of audio"):
        transcript = transcribe(audio, model)
    return analyze(transcript, question, audio_path=str(path), quiet=quiet_spans(audio))
