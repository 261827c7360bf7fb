from __future__ import annotations

import subprocess
import sys
import wave

import numpy as np
import pytest

from mockvoice.interview import voice
from mockvoice.audio.wav import write_wav
from mockvoice.interview.voice import VoiceUnavailable, speak, synthesize, trim_silence

QUESTION = "Tell me about a time you disagreed with your manager and how you resolved it."
NOISE_FLOOR = 1e-3  # RMS, -60 dBFS: Piper's background noise sits far below it, espeak-ng's silence is 0


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


@pytest.fixture(scope="module", params=["espeak", "piper"])
def rendered(request: pytest.FixtureRequest) -> tuple[str, np.ndarray, int]:
    samples, sample_rate = synthesize(QUESTION, request.param)
    return request.param, samples, sample_rate


def test_synthesize_renders_plausible_speech(rendered: tuple[str, np.ndarray, int]) -> None:
    _, samples, sample_rate = rendered
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert sample_rate == 22050
    assert 0.15 <= len(samples) / sample_rate / len(QUESTION.split()) <= 0.7
    assert np.abs(samples).max() <= 1.0
    assert _rms(samples) > 0.03


def test_synthesize_trims_to_the_speech(rendered: tuple[str, np.ndarray, int]) -> None:
    _, samples, sample_rate = rendered
    edge = int(0.02 * sample_rate)
    assert _rms(samples[:edge]) > NOISE_FLOOR
    assert _rms(samples[-edge:]) > NOISE_FLOOR


@pytest.mark.parametrize(("engine", "slow", "fast"), [("piper", 1.5, 0.8), ("espeak", 110, 220)])
def test_synthesize_rate(engine: str, slow: float, fast: float) -> None:
    slow_len = len(synthesize(QUESTION, engine, slow)[0])
    fast_len = len(synthesize(QUESTION, engine, fast)[0])
    assert slow_len > 1.4 * fast_len


def test_trim_silence_cuts_padding_and_keeps_a_margin() -> None:
    sr = 16000
    tone = 0.5 * np.sin(2 * np.pi * 440 * np.arange(sr) / sr)
    noise = 1e-4 * np.random.default_rng(0).standard_normal(int(0.8 * sr) + sr)
    padded = np.concatenate([np.zeros(int(0.5 * sr)), tone, np.zeros(int(0.3 * sr))]) + noise
    trimmed = trim_silence(padded, sr)
    assert abs(len(trimmed) - (sr + 2 * 0.01 * sr)) <= 0.01 * sr  # tone + 10 ms each side, +- one frame
    assert np.array_equal(trim_silence(tone, sr), tone)
    assert len(trim_silence(np.zeros(sr), sr)) == 0
    assert len(trim_silence(np.zeros(0), sr)) == 0


def test_write_wav_is_16_bit_mono_and_clips(tmp_path) -> None:
    path = tmp_path / "out.wav"
    write_wav(path, np.array([0.0, 0.5, -2.0, 2.0], dtype=np.float32), 22050)
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    assert pcm.tolist() == [0, 16384, -32767, 32767]


def test_unknown_engine_is_unavailable() -> None:
    with pytest.raises(VoiceUnavailable, match="unknown TTS engine 'festival'") as info:
        synthesize("Hello", "festival")
    assert "\n" not in str(info.value)


def test_missing_espeak_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voice.shutil, "which", lambda name: None)
    with pytest.raises(VoiceUnavailable, match="^espeak-ng not found: apt-get install espeak-ng$"):
        synthesize("Hello", "espeak")


def test_missing_piper_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)  # makes `import piper` raise ImportError
    voice._piper_voice.cache_clear()
    try:
        with pytest.raises(VoiceUnavailable, match=r"^Piper voice not installed: pip install 'mockvoice\[piper\]'"):
            synthesize("Hello", "piper")
    finally:
        voice._piper_voice.cache_clear()


def test_pyttsx3_renders_under_load_are_complete_and_quiet() -> None:
    """pyttsx3's runAndWait() can return before espeak-ng's thread has written the file; on a busy
    machine a render then went missing, or its late callback printed a traceback. Busy processes
    make the race likely; every render must still be whole and stderr clean."""
    script = ("from mockvoice.interview.voice import speak\n"
              "for i in range(40):\n"
              "    reason = speak(f'Question {i}: tell me about a time you failed.', 'espeak', 'no-such-device')\n"
              "    assert reason.startswith('no audio output device'), (i, reason)\n")
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    try:
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    finally:
        for p in busy:
            p.kill()
            p.wait()
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_speak_voice_none_gives_reason() -> None:
    assert speak("Hello there", voice="none") == "voice off (--voice none)"


def test_speak_without_output_device_gives_reason() -> None:
    reason = speak("Hello there", device="no-such-device")
    assert reason is not None and reason.startswith("no audio output device: ")


@pytest.mark.audio
def test_speak_plays_through_pulseaudio(pulse: list[str]) -> None:
    assert "pulse" in pulse
    assert speak("Hello there", voice="espeak") is None


@pytest.mark.parametrize(("missing", "engine", "why"), [
    ((), "piper", "Piper, the natural voice"),
    (("piper",), "espeak", "Piper is not installed"),
    (("piper", "pyttsx3"), "none", "nor is pyttsx3"),
])
def test_the_default_voice_is_piper_then_espeak_then_none(monkeypatch: pytest.MonkeyPatch, missing, engine, why) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name in missing else real(name))
    chosen, line = voice.default_voice()
    assert chosen == engine and why in line and line.startswith("voice: ")


def test_no_espeak_ng_means_print_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "piper" else real(name))
    monkeypatch.setattr(voice.shutil, "which", lambda name: None)
    assert voice.default_voice() == ("none", "voice: none, questions printed only (Piper is not installed: "
                                             "pip install 'mockvoice[piper]'; nor is espeak-ng: apt-get install espeak-ng)")
