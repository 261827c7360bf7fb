"""Bundled sample answers (Piper-rendered Ogg/Opus) that stand in for a microphone in the demo, and the
scripted answers they are made from: sentences with their STAR part, rendered to speech so every part's
true span is known (scripted; also the evaluation sets and test fixtures), re-rendered by render."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_dir() -> Path:
    return Path(str(resources.files(__name__)))


def sample_path(name: str) -> Path:
    """The rendered answer for a question id (or 'follow-up', 'closing')."""
    return sample_dir() / f"{name}.ogg"
