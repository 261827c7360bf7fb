"""Where mockvoice writes, besides the recordings folder: the user's cache only
($XDG_CACHE_HOME/mockvoice, else ~/.cache/mockvoice), for short-lived files such as a spoken
question rendered before it is played. Nothing goes to /tmp or anywhere else."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mockvoice"


def scratch() -> tempfile.TemporaryDirectory:
    """A temporary folder in the cache, removed when the with-block ends."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=folder)
