"""Bad input, table-driven: every case either works (odd but valid audio) or ends with one clear
line on stderr and a non-zero exit, never a traceback.

Each case builds its input in a temporary folder and names the command to run. The cases that
need the Whisper model (audio that must work, silence, noise, another language) are slow.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from mockvoice.audio.decode import SAMPLE_RATE
from mockvoice.samples.scripted import load_script, render_to
from mockvoice.audio.wav import write_wav

SCRIPTS = Path(__file__).parent / "scripts"
GERMAN = ("Letztes Jahr hatten wir einen großen Ausfall in unserem Zahlungssystem. Meine Aufgabe war es, den "
          "Dienst innerhalb einer Stunde wiederherzustellen. Ich habe zuerst die Protokolle geprüft und dann die "
          "fehlerhafte Konfiguration zurückgesetzt. Danach lief alles wieder, und die Ausfallzeit war halbiert.")
FRENCH = ("L'année dernière, nous avons eu une grave panne du système de paiement. Ma mission était de rétablir "
          "le service en moins d'une heure. J'ai d'abord vérifié les journaux, puis j'ai annulé la configuration "
          "défectueuse. Ensuite tout a fonctionné, et nous avons réduit le temps d'arrêt de moitié.")


def run(args: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mockvoice", *args], capture_output=True, text=True, timeout=300, check=False,
                          cwd=cwd, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> Path:
    """About 20 s of a spoken STAR answer (Piper), 16 kHz mono 16-bit."""
    folder = tmp_path_factory.mktemp("speech")
    render_to(load_script(SCRIPTS / "short-outage.toml"), folder / "full.wav")
    with wave.open(str(folder / "full.wav")) as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(20 * rate), dtype="<i2")
    write_wav(folder / "answer.wav", pcm / 32768.0, rate)
    return folder / "answer.wav"


def ffmpeg(source: Path, out: Path, *options: str) -> Path:
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg not installed (./install.sh installs it)")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), *options, str(out)], check=True)
    return out


def made(path: Path, content: bytes) -> str:
    """Write a file; its path, for the command line."""
    path.write_bytes(content)
    return str(path)


def wav_bytes(pcm16: bytes) -> bytes:
    return (b"RIFF" + struct.pack("<I", 36 + len(pcm16)) + b"WAVE" + b"fmt "
            + struct.pack("<IHHIIHH", 16, 1, 1, SAMPLE_RATE, 2 * SAMPLE_RATE, 2, 16)
            + b"data" + struct.pack("<I", len(pcm16)) + pcm16)


def espeak(text: str, voice: str, out: Path) -> Path:
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng not installed (./install.sh installs it)")
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(out), text], check=True)
    return out


def bank(tmp: Path, *files: tuple[str, str]) -> Path:
    folder = tmp / "bank"
    folder.mkdir()
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


GOOD_BANK = "theme = 'mine'\nstory_type = 'failure'\n[[questions]]\nid = 'mine-1'\ntext = 'Tell me about a bug.'\n"


def model_dir(tmp: Path, content: bytes | None) -> Path:
    folder = tmp / "model"
    folder.mkdir()
    if content is not None:
        (folder / "model.bin").write_bytes(content)
        (folder / "config.json").write_text("{}")
    return folder


def old_session(tmp: Path) -> Path:
    folder = tmp / "recordings" / "2020-01-01_000000-abcd"
    folder.mkdir(parents=True)
    (folder / "session.json").write_text(json.dumps({"schema": 0, "id": folder.name, "created": "2020", "takes": []}))
    return tmp / "recordings"


@dataclass
class Case:
    id: str
    args: Callable[[Path, Path], list[str]]  # (temporary folder, speech WAV) -> command line
    expect: str                               # "error", "works", "no_speech", "not_understood", "warns"
    needle: str = ""                          # in the one stderr line
    env: Callable[[Path], dict] = lambda t: {}  # (temporary folder) -> environment to add
    slow: bool = False


def tone_wav(tmp: Path, kind: str) -> Path:
    rng = np.random.default_rng(0)
    samples = np.zeros(10 * SAMPLE_RATE) if kind == "silence" else rng.normal(0, 0.1, 10 * SAMPLE_RATE)
    write_wav(tmp / f"{kind}.wav", samples, SAMPLE_RATE)
    return tmp / f"{kind}.wav"


def not_a_folder(tmp: Path) -> Path:
    (tmp / "file").write_text("")
    return tmp / "file" / "recordings"


def demo(tmp: Path, *extra: str, recordings: Path | None = None) -> list[str]:
    """A one-question demo interview (later options override earlier ones)."""
    return ["interview", "--demo", "--count", "1", "--no-follow-ups", "--no-closing", "--recordings",
            str(recordings or tmp / "recordings"), *extra]


def no_audio_system(tmp: Path) -> dict:
    """A PulseAudio server that is not there: sounddevice then sees no device at all."""
    return {"PULSE_SERVER": "unix:/nonexistent/pulse"}


def no_pyttsx3(tmp: Path) -> dict:
    """An import path on which `import pyttsx3` fails, as when the library is not installed."""
    shadow = tmp / "shadow" / "pyttsx3"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named pyttsx3')\n")
    return {"PYTHONPATH": os.pathsep.join([str(tmp / "shadow"), *sys.path])}


CASES = [
    # audio files that cannot be used
    Case("missing file", lambda t, s: ["review", str(t / "nope.wav")], "error", "no such file"),
    Case("directory instead of file", lambda t, s: ["review", str(t)], "error", "directory"),
    Case("0-byte file", lambda t, s: ["review", made(t / "e.wav", b"")], "error", "empty"),
    Case("text file named .wav",
         lambda t, s: ["review", made(t / "t.wav", b"not audio\n" * 50)],
         "error", "not a readable audio file"),
    Case("truncated WAV header",
         lambda t, s: ["review", made(t / "h.wav", s.read_bytes()[:30])],
         "error", "not a readable audio file"),
    Case("WAV with 0 frames", lambda t, s: ["review", made(t / "z.wav", wav_bytes(b""))],
         "error", "no audio"),
    Case("random bytes named .mp3",
         lambda t, s: ["review", made(t / "r.mp3", np.random.default_rng(1).bytes(4000))],
         "error", "not a readable audio file"),
    # audio that must work
    Case("8-bit WAV", lambda t, s: ["review", "--json", str(ffmpeg(s, t / "u8.wav", "-c:a", "pcm_u8"))], "works", slow=True),
    Case("24-bit WAV", lambda t, s: ["review", "--json", str(ffmpeg(s, t / "s24.wav", "-c:a", "pcm_s24le"))], "works", slow=True),
    Case("float WAV", lambda t, s: ["review", "--json", str(ffmpeg(s, t / "f32.wav", "-c:a", "pcm_f32le"))], "works", slow=True),
    Case("48 kHz stereo WAV", lambda t, s: ["review", "--json", str(ffmpeg(s, t / "st.wav", "-ar", "48000", "-ac", "2"))],
         "works", slow=True),
    Case("FLAC", lambda t, s: ["review", "--json", str(ffmpeg(s, t / "a.flac"))], "works", slow=True),
    Case("MP3", lambda t, s: ["review", "--json", str(ffmpeg(s, t / "a.mp3"))], "works", slow=True),
    Case("M4A", lambda t, s: ["review", "--json", str(ffmpeg(s, t / "a.m4a"))], "works", slow=True),
    Case("Ogg Opus", lambda t, s: ["review", "--json", str(ffmpeg(s, t / "a.ogg", "-c:a", "libopus"))], "works", slow=True),
    Case("silence only", lambda t, s: ["review", "--json", str(tone_wav(t, "silence"))], "no_speech", "no speech detected",
         slow=True),
    Case("noise only", lambda t, s: ["review", "--json", str(tone_wav(t, "noise"))], "no_speech", "no speech detected",
         slow=True),
    Case("German speech", lambda t, s: ["review", str(espeak(GERMAN, "de", t / "de.wav"))], "not_understood",
         slow=True),
    Case("French speech", lambda t, s: ["review", str(espeak(FRENCH, "fr", t / "fr.wav"))], "not_understood",
         slow=True),
    # question banks
    Case("malformed bank TOML", lambda t, s: ["questions", "--bank", str(bank(t, ("bad.toml", "theme = [unclosed\n")))],
         "error", "bad.toml"),
    Case("invalid bank entry",
         lambda t, s: ["questions", "--bank", str(bank(t, ("bad.toml", GOOD_BANK.replace("mine-1", "Bad Id"))))],
         "error", "bad.toml"),
    Case("duplicate question ids",
         lambda t, s: ["questions", "--bank", str(bank(t, ("a.toml", GOOD_BANK), ("b.toml", GOOD_BANK)))],
         "error", "mine-1"),
    Case("unknown --question", lambda t, s: ["review", str(s), "--question", "nope-9"], "error", "unknown question id"),
    Case("unknown --theme", lambda t, s: ["questions", "--theme", "cooking"], "error", "unknown theme"),
    Case("unknown interview question", lambda t, s: demo(t, "--question", "nope-9"), "error", "nope-9"),
    Case("unknown interview theme", lambda t, s: demo(t, "--theme", "cooking"), "error", "cooking"),
    # the model
    Case("missing model directory", lambda t, s: ["review", str(s), "--model", str(t / "none")], "error", "model"),
    Case("model directory without model.bin", lambda t, s: ["review", str(s), "--model", str(model_dir(t, None))],
         "error", "model"),
    Case("corrupt model.bin", lambda t, s: ["review", str(s), "--model", str(model_dir(t, b"\0garbage" * 100))],
         "error", "cannot load Whisper model"),
    # devices and voices
    Case("no input device", lambda t, s: ["interview", "--question", "outage-1", "--voice", "none", "--recordings",
                                          str(t / "recordings")], "error", "no audio input device", env=no_audio_system),
    Case("no output device", lambda t, s: demo(t, "--voice", "espeak"), "warns", "output", env=no_audio_system,
         slow=True),
    Case("TTS library missing", lambda t, s: demo(t, "--voice", "espeak"), "warns", "pyttsx3", env=no_pyttsx3,
         slow=True),
    # sessions and the recordings folder
    Case("recordings folder not writable",
         lambda t, s: demo(t, "--voice", "none", recordings=not_a_folder(t)),
         "error", "recordings folder"),
    Case("unknown session", lambda t, s: ["review", "--session", "nope", "--recordings", str(t)], "error", "nope"),
    Case("session from an older schema",
         lambda t, s: ["review", "--session", "2020-01-01_000000-abcd", "--recordings", str(old_session(t))],
         "error", "schema"),
    Case("forget an unknown session", lambda t, s: ["forget", "nope", "--yes", "--recordings", str(t)], "error", "nope"),
    # the command line itself
    Case("unknown option", lambda t, s: ["review", "--bogus"], "error", "--bogus"),
    Case("--count 0", lambda t, s: demo(t, "--count", "0"), "error", "--count"),
    Case("negative --max-seconds", lambda t, s: demo(t, "--max-seconds", "-3"), "error", "--max-seconds"),
]


def test_at_least_25_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.slow else [])
                                  for c in CASES])
def test_bad_input(case: Case, speech: Path, tmp_path: Path) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    proc = run(case.args(tmp_path, speech), cwd, case.env(tmp_path))
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    if case.expect == "error":
        assert proc.returncode != 0
        assert len(lines) == 1, proc.stderr
        assert case.needle in lines[0] and lines[0].startswith("mockvoice: "), lines[0]
    elif case.expect == "works":  # decoded like the 16 kHz WAV: the same 20 s, the answer's words
        assert proc.returncode == 0, proc.stderr
        doc = json.loads(proc.stdout)
        assert doc["audio"]["duration_s"] == pytest.approx(20.0, abs=0.1)
        assert len(doc["transcript"]["words"]) >= 30 and doc["star"][0]["part"] == "situation"
    elif case.expect == "no_speech":  # no invented words
        assert proc.returncode == 3 and len(lines) == 1 and case.needle in lines[0]
        doc = json.loads(proc.stdout)
        assert doc["transcript"]["words"] == [] and doc["star"] == []
        assert [f["code"] for f in doc["findings"]] == ["no_speech"]
    elif case.expect == "not_understood":
        assert proc.returncode == 0, proc.stderr
        assert "speech_not_understood" in proc.stdout and "missing_" not in proc.stdout
    else:  # "warns": the interview goes on, the question printed instead of spoken, one line says why
        assert proc.returncode == 0, proc.stderr
        notes = [line for line in proc.stdout.splitlines() if "question not spoken" in line]
        assert len(notes) == 1 and case.needle in notes[0], proc.stdout
        assert "report ready" in proc.stdout
