"""Bundled sample answers (Piper-rendered Ogg/Opus) that stand in for a microphone in the demo."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_dir() -> Path:
    return Path(str(resources.files(__name__)))


def sample_path(name: str) -> Path:
    """The rendered answer for a question id (or 'follow-up', 'closing')."""
    return sample_dir() / f"{name}.ogg"
