"""Shared pytest fixtures."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from mockvoice.samples.virtualmic import PrivatePulse, PulseError

PULSE_SINK = "mockvoice_sink"
SCRIPTS = Path(__file__).parent / "scripts"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "audio: plays sound through a real output device (PulseAudio null sink)")


@pytest.fixture(scope="session")
def pulse_server() -> Iterator[PrivatePulse]:
    """A PulseAudio server of the test run's own (its socket in a temp folder, a null sink as the
    default sink and its monitor as the default source), so nothing else on the machine is heard."""
    try:
        server = PrivatePulse(sink=PULSE_SINK)
    except PulseError as e:
        pytest.skip(str(e))
    yield server
    server.close()


@pytest.fixture
def pulse(pulse_server: PrivatePulse, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Point this test (and the processes it starts) at the private server, so sounddevice plays and
    records through ALSA's "pulse"/"default" devices on a machine without a sound card; yields the
    device names sounddevice sees."""
    for name, value in pulse_server.env.items():
        monkeypatch.setenv(name, value)
    import sounddevice as sd

    sd._terminate()  # PortAudio lists devices when initialised: re-scan now that the server is set
    sd._initialize()
    names = [device["name"] for device in sd.query_devices()]
    if "pulse" not in names:
        pytest.skip(f"ALSA has no 'pulse' device (apt-get install libasound2-plugins); sounddevice sees {names}")
    return names


@pytest.fixture(scope="session")
def answer(tmp_path_factory) -> tuple[Path, np.ndarray]:
    """The short outage answer (tests/scripts/short-outage.toml) rendered with Piper: its WAV and
    its 16 kHz samples."""
    from mockvoice.audio.decode import load_audio
    from mockvoice.samples.scripted import load_script, render_to

    wav = tmp_path_factory.mktemp("answer") / "answer.wav"
    render_to(load_script(SCRIPTS / "short-outage.toml"), wav)
    return wav, load_audio(wav)
