"""A PulseAudio server of one's own with a null sink as a virtual microphone: for tests and benchmarks.

Its socket, state, cookie and log live in a fresh folder, it loads only the native protocol and one
null sink (the default sink; its monitor is the default source), so nothing else on the machine is
heard and nothing played into it leaks out. Clients find it through the variables in `env`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

NEEDED = ("pulseaudio", "pactl", "paplay")
INSTALL = "apt-get install pulseaudio pulseaudio-utils libasound2-plugins"


class PulseError(RuntimeError):
    """The server could not be started (the message says why)."""


class PrivatePulse:
    """Start with PrivatePulse(sink=...) (or `with`); `env` holds the PULSE_* variables its clients need,
    client_env() the whole environment of a client process."""

    def __init__(self, sink: str = "mockvoice_sink", folder: Path | None = None, start_s: float = 10.0) -> None:
        if missing := [tool for tool in NEEDED if not shutil.which(tool)]:
            raise PulseError(f"{', '.join(missing)} not found: {INSTALL}")
        self._own_dir = folder is None
        self.dir = Path(tempfile.mkdtemp(prefix="mockvoice-pulse-")) if folder is None else folder
        self.dir.mkdir(parents=True, exist_ok=True)
        socket = self.dir / "native"
        self.env = {"PULSE_RUNTIME_PATH": str(self.dir), "PULSE_STATE_PATH": str(self.dir / "state"),
                    "PULSE_SERVER": f"unix:{socket}", "PULSE_COOKIE": str(self.dir / "cookie"),
                    "PULSE_SINK": sink, "PULSE_SOURCE": f"{sink}.monitor"}
        script = self.dir / "default.pa"
        script.write_text(f"load-module module-native-protocol-unix socket={socket} auth-anonymous=1\n"
                          f"load-module module-null-sink sink_name={sink}\n"
                          f"set-default-sink {sink}\nset-default-source {sink}.monitor\n")
        self.proc = subprocess.Popen(["pulseaudio", "-n", "-F", str(script), "--daemonize=no", "--exit-idle-time=-1",
                                      "--use-pid-file=no", "--system=false", f"--log-target=file:{self.dir / 'log'}"],
                                     env=self.client_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + start_s
        while time.monotonic() < deadline and self.proc.poll() is None:
            if self.pactl("info").returncode == 0:
                return
            time.sleep(0.05)
        log = (self.dir / "log").read_text(errors="replace").strip().splitlines()[-1:] if (self.dir / "log").exists() else []
        self.close()
        raise PulseError(f"the private PulseAudio server did not start{': ' + log[0] if log else ''}")

    def client_env(self) -> dict[str, str]:
        """This process's environment pointed at this server (any PULSE_* of its own left out)."""
        return {**{k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}, **self.env}

    @property
    def pid(self) -> int:
        return self.proc.pid

    def pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pactl", *args], env=self.client_env(), capture_output=True, text=True, check=False)

    def close(self) -> None:
        """Stop the server (if it still runs) and remove its folder when it made one."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
