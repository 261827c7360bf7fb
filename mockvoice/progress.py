"""A spinner on stderr while something slow runs (only when stderr is a terminal)."""
from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager


@contextmanager
def spinner(label: str | Callable[[], str]):
    """label: fixed, or called at each frame (for progress that changes)."""
    if not sys.stderr.isatty():
        yield
        return
    done = threading.Event()
    started = time.monotonic()

    def spin() -> None:
        for frame in itertools.cycle("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"):
            if done.wait(0.1):
                break
            text = label() if callable(label) else label
            sys.stderr.write(f"\r\033[K{frame} {text} {time.monotonic() - started:4.1f}s")
            sys.stderr.flush()
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
