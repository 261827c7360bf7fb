"""Where a take's audio comes from: the microphone (MicSource) or a file played back as if spoken
(FileSource). A source pushes 0.1 s blocks of 16 kHz mono float32 samples from its own thread to the
`on_block` it was started with, and has `finished` (an Event: it ran out), `error` (why it failed, or
None), `overflows` (blocks the audio driver dropped) and `stop()`.

sounddevice/PortAudio notes (its docs and issue tracker): the callback's `indata` buffer is reused
after the callback returns, so it is copied; the callback must not block, print or call PortAudio
(stream.close() from a callback hangs), so it only copies and hands over; an exception in it aborts
the stream, so errors are caught and kept in `error`; `status.input_overflow` (samples dropped by
the driver) is counted in `overflows`, not printed (the interview says so after the take);
PortAudio gives no notice when a device is unplugged mid-stream (the callback just stops), so a
watchdog turns a stream that went inactive or has had no callback for STALL_S (START_S before the
first one: a fresh PulseAudio null sink delivers its first block only after ~2.1 s, dropping the
audio before it) into `error`; and the device list is fixed when PortAudio initialises, so a
microphone plugged in later is not seen until restart.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from mockvoice.audio.levels import SAMPLE_RATE

BLOCK_S = 0.1
STALL_S = 2.0  # no callback from a running microphone for this long: the device is gone
START_S = 5.0  # ... allowed before the first callback (a fresh PulseAudio null sink takes ~2.1 s)

OnBlock = Callable[[np.ndarray], None]


class NoInputDevice(Exception):
    """No usable microphone; str() is one line, with PortAudio's reason in parentheses."""

    def __init__(self, reason: object = None) -> None:
        message = "no audio input device found (run 'mockvoice doctor', or try 'mockvoice interview --demo')"
        detail = " ".join(str(reason).split()) if reason is not None else ""
        super().__init__(f"{message} ({detail})" if detail else message)
        self.reason = detail or None


class InputStalled(Exception):
    """The microphone stopped delivering audio during a recording (unplugged, server gone)."""


class MicSource:
    """The microphone through sounddevice/PortAudio: 16 kHz mono float32 in 0.1 s blocks.

    Checks the device at construction and raises NoInputDevice (one line) when there is none or it
    cannot record 16 kHz mono. `overflows` counts callbacks flagged input_overflow (audio dropped by
    the driver). A stream that stops delivering audio while running sets `error` to InputStalled.
    """

    def __init__(self, device: int | str | None = None, sample_rate: int = SAMPLE_RATE, block_s: float = BLOCK_S,
                 *, stall_s: float = STALL_S, start_s: float = START_S) -> None:
        self.device_name = self.check(device, sample_rate)
        import sounddevice as sd

        self._sd = sd
        self.device = device
        self.sample_rate = int(sample_rate)
        self.blocksize = round(sample_rate * block_s)
        self.stall_s, self.start_s = stall_s, start_s
        self.finished = threading.Event()  # never set: a microphone does not run out
        self.error: BaseException | None = None
        self.overflows = 0
        self._stream = None
        self._stopping = threading.Event()
        self._watchdog: threading.Thread | None = None
        self._started = 0.0
        self._last_block: float | None = None

    @staticmethod
    def check(device: int | str | None = None, sample_rate: int = SAMPLE_RATE) -> str:
        """The input device's name if it can record `sample_rate` Hz mono float32, else NoInputDevice."""
        try:
            import sounddevice as sd
        except (ImportError, OSError) as exc:  # OSError: libportaudio missing
            raise NoInputDevice(exc) from None
        try:
            info = sd.query_devices(device, kind="input")
        except (sd.PortAudioError, ValueError) as exc:  # no default input / no such or not an input device
            raise NoInputDevice(exc) from None
        try:
            sd.check_input_settings(device, channels=1, dtype="float32", samplerate=sample_rate)
        except (sd.PortAudioError, ValueError) as exc:
            raise NoInputDevice(f"{info['name']!r} cannot record {sample_rate} Hz mono: {exc}") from None
        return str(info["name"])

    def start(self, on_block: OnBlock) -> None:
        """Open and start the stream; NoInputDevice if PortAudio refuses (nothing recorded yet)."""
        sd = self._sd

        def callback(indata, frames, time_info, status) -> None:  # PortAudio's thread: copy, hand over
            if status.input_overflow:
                self.overflows += 1
            self._last_block = time.monotonic()
            try:
                on_block(indata[:, 0].copy())  # indata is reused after we return
            except Exception as exc:  # an exception here would abort the stream and print a traceback
                if self.error is None:
                    self.error = exc
                raise sd.CallbackAbort from None

        self._stopping.clear()
        self.error, self.overflows = None, 0
        try:
            self._stream = sd.InputStream(samplerate=self.sample_rate, channels=1, dtype="float32",
                                          blocksize=self.blocksize, device=self.device, callback=callback)
            self._started, self._last_block = time.monotonic(), None
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self._close_stream()
            raise NoInputDevice(exc) from None
        self._watchdog = threading.Thread(target=self._watch, name="mic-watchdog", daemon=True)
        self._watchdog.start()

    def _watch(self) -> None:
        while not self._stopping.wait(0.2):
            stream = self._stream
            if stream is None:
                return
            try:
                active = stream.active
            except Exception:  # PortAudio error querying a dead stream
                active = False
            last = self._last_block
            silent_for = time.monotonic() - (self._started if last is None else last)
            if not active or silent_for > (self.start_s if last is None else self.stall_s):
                if self.error is None:
                    why = "stream stopped" if not active else f"no audio for {silent_for:.1f} s"
                    self.error = InputStalled(f"microphone {self.device_name!r} stopped delivering audio "
                                              f"({why}; unplugged?)")
                return

    def stop(self) -> None:
        """Stop and close the stream (idempotent; blocks already delivered stay delivered)."""
        self._stopping.set()
        self._close_stream()
        if self._watchdog is not None and self._watchdog is not threading.current_thread():
            self._watchdog.join(timeout=2.0)

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception:  # the device may already be gone; nothing more to save
                pass


class FileSource:
    """A recording played back as if spoken: blocks pushed from a thread, paced at `speed` times real
    time (0 or None: as fast as possible); sets `finished` at the end. `path` is any file
    decode.load_audio decodes (decoded here, so AudioError is raised before recording), or
    already-decoded 16 kHz mono float32 samples."""

    def __init__(self, path: str | Path | np.ndarray, speed: float | None = 1.0, block_s: float = BLOCK_S) -> None:
        if isinstance(path, np.ndarray):
            self.path = None
            self.samples = np.asarray(path, dtype=np.float32).ravel()
        else:
            from mockvoice.audio.decode import load_audio

            self.path = Path(path)
            self.samples = load_audio(self.path)
        self.speed = speed or 0.0
        if self.speed < 0:
            raise ValueError(f"speed must be >= 0, got {speed}")
        self.block = max(1, round(SAMPLE_RATE * block_s))
        self.finished = threading.Event()
        self.error: BaseException | None = None
        self.overflows = 0  # a file drops nothing
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    def start(self, on_block: OnBlock) -> None:
        self._stop.clear()
        self.finished.clear()
        self.error = None
        self._thread = threading.Thread(target=self._run, args=(on_block,), name="file-source", daemon=True)
        self._thread.start()

    def _run(self, on_block: OnBlock) -> None:
        try:
            t0 = time.monotonic()
            for start in range(0, len(self.samples), self.block):
                block = self.samples[start:start + self.block]
                if self.speed:  # a block is available once its last sample has been "spoken"
                    due = t0 + (start + len(block)) / SAMPLE_RATE / self.speed
                    if self._stop.wait(max(0.0, due - time.monotonic())):
                        return
                elif self._stop.is_set():
                    return
                on_block(block.copy())
            self.finished.set()
        except Exception as exc:
            self.error = exc

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
