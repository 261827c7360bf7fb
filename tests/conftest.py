"""Shared pytest fixtures."""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

PULSE_SINK = "mockvoice_sink"
SCRIPTS = Path(__file__).parent / "scripts"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "audio: plays sound through a real output device (PulseAudio null sink)")


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def pulse() -> Iterator[list[str]]:
    """Make a PulseAudio null sink the default output, so sounddevice can play through ALSA's
    "pulse"/"default" devices on a machine without a sound card. Starts the daemon if none is running
    (as root it only warns "not intended to be run as root"), undoes its changes afterwards, and
    yields the device names sounddevice sees."""
    if not (shutil.which("pulseaudio") and shutil.which("pactl")):
        pytest.skip("pulseaudio not installed: apt-get install pulseaudio pulseaudio-utils libasound2-plugins")
    started = _run("pulseaudio", "--check").returncode != 0
    if started:
        proc = _run("pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "--system=false")
        if proc.returncode:
            pytest.skip(f"could not start pulseaudio: {proc.stderr.strip()}")
    defaults = {kind: _run("pactl", f"get-default-{kind}").stdout.strip() for kind in ("sink", "source")}
    module = _run("pactl", "load-module", "module-null-sink", f"sink_name={PULSE_SINK}")
    try:
        if module.returncode:
            pytest.skip(f"could not load a PulseAudio null sink: {module.stderr.strip()}")
        _run("pactl", "set-default-sink", PULSE_SINK)
        _run("pactl", "set-default-source", f"{PULSE_SINK}.monitor")

        import sounddevice as sd

        sd._terminate()  # PortAudio lists devices when initialised: re-scan now that PulseAudio is up
        sd._initialize()
        names = [device["name"] for device in sd.query_devices()]
        if "pulse" not in names:
            pytest.skip(f"ALSA has no 'pulse' device (apt-get install libasound2-plugins); sounddevice sees {names}")
        yield names
    finally:
        if not module.returncode:
            _run("pactl", "unload-module", module.stdout.strip())
        if started:
            _run("pulseaudio", "--kill")
        else:
            for kind, name in defaults.items():
                _run("pactl", f"set-default-{kind}", name)


@pytest.fixture(scope="session")
def answer(tmp_path_factory) -> tuple[Path, np.ndarray]:
    """The short outage answer (tests/scripts/short-outage.toml) rendered with Piper: its WAV and
    its 16 kHz samples."""
    from mockvoice.audio.decode import load_audio
    from mockvoice.samples.scripted import load_script, render_to

    wav = tmp_path_factory.mktemp("answer") / "answer.wav"
    render_to(load_script(SCRIPTS / "short-outage.toml"), wav)
    return wav, load_audio(wav)
