"""Record a spoken answer to a WAV that grows on disk as it is spoken.

A source (the microphone, or a file played back at a chosen pace) pushes 0.1 s blocks of 16 kHz mono
float32 samples from its own thread to `on_block`, which only puts them on a queue. A writer thread
appends them to a `WavAppender` (so a crash loses at most the header accounting of the last second,
which `repair_wav` restores) and decides the stop conditions measured in audio time (silence,
max_seconds), exactly, to the block. The calling thread waits for a stop: Enter, the end or failure
of the source, Ctrl-C; and reports progress.

    take = record("answer.wav", MicSource(), stop_on_silence=3.0)
    take.duration_s, take.stopped_by     # "enter" "silence" "max" "interrupt" "end" "error" "disk"

Enter: pass `enter_event` (a threading.Event the UI sets) and the recorder never touches stdin.
Without it, and when stdin is a terminal, `record()` polls stdin with select() from the waiting
thread (no reader thread is left behind): a line typed during the recording stops it and is
consumed; nothing is read from stdin after `record()` returns. Input typed before the recording
started is discarded (tcflush), so a stray Enter does not end the take at once.

sounddevice/PortAudio notes (its docs and issue tracker): the callback's `indata` buffer is reused
after the callback returns, so it is copied; the callback must not block, print or call PortAudio
(stream.close() from a callback hangs), so it only copies and enqueues; an exception in it aborts
the stream, so errors are caught and kept in `error`; `status.input_overflow` (samples dropped by
the driver) is counted in `overflows`, not printed; PortAudio gives no notice when a device is
unplugged mid-stream (the callback just stops), so a watchdog turns a stream that went inactive or
has had no callback for STALL_S (START_S before the first one: a fresh PulseAudio null sink delivers
its first block only after ~2.1 s, dropping the audio before it) into `error`; and the device list
is fixed when PortAudio initialises, so a microphone plugged in later is not seen until restart.
"""
from __future__ import annotations

import bisect
import math
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockvoice.audio.wav import WavAppender, repair_wav

SAMPLE_RATE = 16_000
BLOCK_S = 0.1
SPEECH_DBFS = -35.0  # a block louder than this (RMS) is speech, at the least
NOISE_MARGIN_DB = 20.0  # ... or this far above the noise floor (quietest 10% of blocks), if higher
FLOOR_DB = -120.0  # level given to digital silence
POLL_S = 0.05  # the waiting thread checks its stop conditions 20 times a second
PROGRESS_S = 0.2  # on_progress about 5 times a second
STALL_S = 2.0  # no callback from a running microphone for this long: the device is gone
START_S = 5.0  # ... allowed before the first callback (a fresh PulseAudio null sink takes ~2.1 s)

STOP_REASONS = ("enter", "silence", "max", "interrupt", "end", "error", "disk")

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


@dataclass(frozen=True)
class TakeResult:
    path: Path
    duration_s: float  # audio seconds in the WAV
    stopped_by: str  # one of STOP_REASONS
    detail: str | None = None  # one line: why, for "error" and "disk"


def level_db(samples: np.ndarray) -> float:
    """RMS level in dBFS (FLOOR_DB for silence)."""
    if samples.size == 0:
        return FLOOR_DB
    rms = math.sqrt(float(np.mean(np.square(samples, dtype=np.float64))))
    return max(FLOOR_DB, 20.0 * math.log10(rms)) if rms > 0 else FLOOR_DB


def _one_line(exc: BaseException) -> str:
    """The error in one line; its type named unless it is ours and says it all."""
    text = " ".join(str(exc).split())
    if isinstance(exc, InputStalled) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --------------------------------------------------------------------------- sources


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


# --------------------------------------------------------------------------- recording


class _SilenceDetector:
    """Per block: has speech been heard, and have the last `hold_s` seconds stayed below the speech
    threshold? The threshold is max(SPEECH_DBFS, noise floor + NOISE_MARGIN_DB), the floor being
    the 10th percentile of all block levels so far; the margin is capped at half the distance from
    the floor to the 90th percentile so a noisy room (floor within 40 dB of the voice) still leaves
    the voice above it. Re-judged on every block, so speech that began before any silence was seen
    counts once the floor is known."""

    def __init__(self, hold_s: float, block_s: float) -> None:
        self.need = max(1, math.ceil(hold_s / block_s - 1e-9))
        self.levels: list[float] = []
        self.sorted: list[float] = []
        self.loudest_before = FLOOR_DB  # loudest block before the last `need` ones

    def threshold(self) -> float:
        n = len(self.sorted)
        floor, loud = self.sorted[n // 10], self.sorted[min(n - 1, (9 * n) // 10)]
        return max(SPEECH_DBFS, min(floor + NOISE_MARGIN_DB, (floor + loud) / 2))

    def push(self, db: float) -> bool:
        """Add a block's level; True when the answer is over."""
        self.levels.append(db)
        bisect.insort(self.sorted, db)
        if len(self.levels) <= self.need:
            return False
        self.loudest_before = max(self.loudest_before, self.levels[-self.need - 1])
        thr = self.threshold()
        return self.loudest_before >= thr and all(level < thr for level in self.levels[-self.need:])


class _Writer(threading.Thread):
    """Takes blocks off the queue into the WAV; decides "max", "silence" and "disk" in audio time."""

    def __init__(self, wav: WavAppender, blocks: queue.Queue, max_frames: int | None,
                 silence: _SilenceDetector | None, tap: Callable[[np.ndarray], object] | None = None) -> None:
        super().__init__(name="wav-writer", daemon=True)
        self.wav, self.blocks, self.max_frames, self.silence = wav, blocks, max_frames, silence
        self.tap = tap
        self.stop_reason: str | None = None
        self.detail: str | None = None
        self.decided = threading.Event()
        self.done = threading.Event()  # set as the thread ends: see _finish
        self.peak_db = FLOOR_DB  # loudest block since the waiting thread last read it

    def run(self) -> None:
        try:
            while True:
                block = self.blocks.get()
                try:
                    if block is None:
                        return
                    if self.stop_reason is None:
                        self._take(block)
                finally:
                    self.blocks.task_done()
        finally:
            self.done.set()

    def _take(self, block: np.ndarray) -> None:
        if self.max_frames is not None:
            block = block[:max(0, self.max_frames - self.wav.frames_written)]
        db = level_db(block)
        try:
            self.wav.append(block)
        except OSError as exc:
            self._decide("disk", _one_line(exc))
            return
        self.peak_db = max(self.peak_db, db)
        if self.tap is not None:
            self.tap(block)
        if self.max_frames is not None and self.wav.frames_written >= self.max_frames:
            self._decide("max")
        elif self.silence is not None and self.silence.push(db):
            self._decide("silence")

    def _decide(self, reason: str, detail: str | None = None) -> None:
        self.stop_reason, self.detail = reason, detail
        self.decided.set()


class _StdinEnter:
    """Enter on a terminal, polled with select() by the waiting thread: nothing reads stdin once the
    recording is over. Typeahead from before the recording is flushed."""

    def __init__(self) -> None:
        self.fd: int | None = None
        try:
            import select  # noqa: F401 - POSIX only
            import termios

            if sys.stdin is not None and sys.stdin.isatty():
                fd = sys.stdin.fileno()
                if os.tcgetpgrp(fd) != os.getpgrp():
                    return  # in the background: reading the terminal would stop the process (SIGTTIN)
                termios.tcflush(fd, termios.TCIFLUSH)
                self.fd = fd
        except (ImportError, OSError, ValueError, AttributeError):
            self.fd = None

    def pressed(self) -> bool:
        if self.fd is None:
            return False
        import select

        try:
            ready, _, _ = select.select([self.fd], [], [], 0)
        except (OSError, ValueError):
            self.fd = None
            return False
        if ready:
            sys.stdin.readline()  # a whole line is there (canonical mode): consume it
            return True
        return False


def record(path: str | Path, source, *, stop_on_enter: bool = True, stop_on_silence: float | None = None,
           max_seconds: float | None = 240.0, on_progress: Callable[[float, float], object] | None = None,
           enter_event: threading.Event | None = None,
           tap: Callable[[np.ndarray], object] | None = None) -> TakeResult:
    """Record from `source` (MicSource, FileSource or anything with start/stop/finished/error) into a
    16 kHz PCM16 mono WAV at `path` until a stop condition; returns TakeResult.

    Stops on: `enter_event` set (or, without one and with stop_on_enter, a line typed on a
    terminal stdin) → "enter"; `stop_on_silence` seconds below the speech threshold after speech
    → "silence" (the trailing silence stays in the file); `max_seconds` of audio written →
    "max" (the file holds exactly that much); Ctrl-C → "interrupt" (not re-raised); the source
    running out → "end"; the source failing → "error"; the disk refusing a write → "disk". In
    every case the source is stopped, the blocks it delivered are written, and the header is made
    exact. `tap(block)` gets each block once it is in the file, on the writer thread (it must
    not block: LiveTranscriber.feed only queues). `on_progress(elapsed_s, level_db)` is called about 5 times a second from the calling
    thread (elapsed: audio seconds written; level: loudest 0.1 s block since the last call).
    Raises NoInputDevice if the source cannot start (the empty file is removed) and OSError if the
    WAV cannot be created.
    """
    path = Path(path)
    blocks: queue.Queue = queue.Queue()
    wav = WavAppender(path, SAMPLE_RATE)
    max_frames = None if max_seconds is None else max(0, round(max_seconds * SAMPLE_RATE))
    silence = _SilenceDetector(stop_on_silence, BLOCK_S) if stop_on_silence else None
    writer = _Writer(wav, blocks, max_frames, silence, tap)
    writer.start()
    try:
        source.start(blocks.put)
    except BaseException:
        blocks.put(None)
        writer.join()
        wav.close()
        path.unlink(missing_ok=True)
        raise

    reason: str | None = None
    detail: str | None = None
    try:
        stdin = _StdinEnter() if enter_event is None and stop_on_enter else None
        next_progress = time.monotonic() + PROGRESS_S
        while reason is None:
            if writer.stop_reason is not None:
                reason = writer.stop_reason
            elif (enter_event is not None and enter_event.is_set()) or (stdin is not None and stdin.pressed()):
                reason = "enter"
            elif source.error is not None:
                reason, detail = "error", _one_line(source.error)
            elif source.finished.is_set() and blocks.unfinished_tasks == 0:
                reason = writer.stop_reason or "end"
            else:
                if on_progress is not None and time.monotonic() >= next_progress:
                    next_progress = time.monotonic() + PROGRESS_S
                    peak, writer.peak_db = writer.peak_db, FLOOR_DB
                    on_progress(wav.frames_written / SAMPLE_RATE, peak)
                writer.decided.wait(POLL_S)
    except KeyboardInterrupt:
        reason = "interrupt"
    finally:
        _finish(source, blocks, writer, wav)
    if writer.stop_reason == "disk":  # possibly while draining after another stop: audio was lost, say so
        reason, detail = "disk", writer.detail
    return TakeResult(path, round(wav.frames_written / SAMPLE_RATE, 4), reason or "interrupt", detail)


def _finish(source, blocks: queue.Queue, writer: _Writer, wav: WavAppender) -> None:
    """Stop the source, write what it delivered, close the WAV with an exact header. A second Ctrl-C
    while this runs does not leave the file half-closed: every step is retried. (The writer is
    waited for with its own event, not join()/is_alive(): on Python < 3.13 a join() interrupted by
    Ctrl-C can mark the thread dead while it still runs, CPython issue #90882, and the WAV would
    be closed under it.)"""
    for _ in range(5):
        try:
            source.stop()
            if not writer.done.is_set():
                blocks.put(None)
                while not writer.done.wait(0.1):
                    pass
            try:
                wav.close()
            except OSError:  # disk gone or full: the header may be stale, repair from the length
                try:
                    repair_wav(wav.path)
                except OSError:
                    pass
            return
        except KeyboardInterrupt:
            continue
