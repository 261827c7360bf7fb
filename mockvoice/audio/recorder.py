"""The lifecycle of a take: record from a source (audio.sources) to a WAV that grows on disk as it is
spoken, until a stop condition; the silence that ends an answer is judged by levels.SilenceDetector.

The source pushes blocks from its own thread to `on_block`, which only puts them on a queue. A writer
thread appends them to a `WavAppender` (so a crash loses at most the header accounting of the last
second, which the store's recovery repairs) and decides the stop conditions measured in audio time
(silence, max_seconds), exactly, to the block. The calling thread waits for a stop: Enter, the end or
failure of the source, Ctrl-C; and reports progress.

    take = record("answer.wav", MicSource(), stop_on_silence=3.0)
    take.duration_s, take.stopped_by     # "enter" "silence" "max" "interrupt" "end" "error" "disk"

Enter: when stdin is a terminal or a pipe, `record()` waits on it with select() from the waiting
thread (no reader thread is left behind), so Enter stops the take at once: a line typed (or written
to the pipe) during the recording stops it and is consumed; nothing is read from stdin after
`record()` returns. Input typed on a terminal before the recording started is discarded (tcflush),
so a stray Enter does not end the take at once. A caller with its own Enter key passes
`enter_event` (a threading.Event it sets) instead, and the recorder never touches stdin.
"""
from __future__ import annotations

import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockvoice.audio.levels import FLOOR_DB, SAMPLE_RATE, SilenceDetector, level_db
from mockvoice.audio.sources import BLOCK_S, InputStalled
from mockvoice.audio.wav import WavAppender, repair_wav

POLL_S = 0.05  # the waiting thread checks its stop conditions 20 times a second
PROGRESS_S = 0.2  # on_progress about 5 times a second


@dataclass(frozen=True)
class TakeResult:
    path: Path
    duration_s: float  # audio seconds in the WAV
    stopped_by: str  # "enter" "silence" "max" "interrupt" "end" "error" "disk"
    detail: str | None = None  # one line: why, for "error" and "disk"
    dropped: int = 0  # blocks in which the audio driver dropped samples (input overflow)
    stopped_at: float | None = None  # time.monotonic() when the stop (Enter...) was seen


def _one_line(exc: BaseException) -> str:
    """The error in one line; its type named unless it is ours and says it all."""
    text = " ".join(str(exc).split())
    if isinstance(exc, InputStalled) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Writer(threading.Thread):
    """Takes blocks off the queue into the WAV; decides "max", "silence" and "disk" in audio time."""

    def __init__(self, wav: WavAppender, blocks: queue.Queue, max_frames: int | None,
                 silence: SilenceDetector | None, tap: Callable[[np.ndarray], object] | None = None) -> None:
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
    """Enter on a terminal or a pipe, waited for with select() by the waiting thread: nothing reads
    stdin once the recording is over. Typeahead on a terminal from before the recording is flushed."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self.pressed = False
        try:
            import select  # noqa: F401 - POSIX only
            import stat
            import termios

            fd = sys.stdin.fileno()
            if os.isatty(fd):
                if os.tcgetpgrp(fd) != os.getpgrp():
                    return  # in the background: reading the terminal would stop the process (SIGTTIN)
                termios.tcflush(fd, termios.TCIFLUSH)
            elif not stat.S_ISFIFO(os.fstat(fd).st_mode):
                return  # a file or /dev/null: nobody presses Enter there
            self.fd = fd
        except (ImportError, OSError, ValueError, AttributeError):
            self.fd = None

    def wait(self, timeout: float) -> bool:
        """Up to `timeout` seconds for a line (consumed here); like threading.Event.wait."""
        if self.fd is None or self.pressed:
            if not self.pressed:
                time.sleep(timeout)  # no Enter can come: wait as the caller asked, without spinning
            return self.pressed
        import select

        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            data = os.read(self.fd, 4096) if ready else None  # a terminal gives one line at most
        except (OSError, ValueError):
            data = b""
        if data == b"":  # end of input (or it failed): nobody can press Enter any more
            self.fd = None
        self.pressed = bool(data) and b"\n" in data
        return self.pressed

    def is_set(self) -> bool:
        return self.wait(0)


def record(path: str | Path, source, *, stop_on_enter: bool = True,
           stop_on_silence: float | SilenceDetector | None = None,
           max_seconds: float | None = 240.0, on_progress: Callable[[float, float], object] | None = None,
           enter_event: threading.Event | None = None,
           tap: Callable[[np.ndarray], object] | None = None) -> TakeResult:
    """Record from `source` (MicSource, FileSource or anything with start/stop/finished/error) into a
    16 kHz PCM16 mono WAV at `path` until a stop condition; returns TakeResult.

    Stops on: `enter_event` set (or, without one and with stop_on_enter, a line typed on a
    terminal stdin) → "enter"; `stop_on_silence` seconds below the speech threshold after speech
    → "silence" (the trailing silence stays in the file; a SilenceDetector may be given instead, for
    its thinking time and so the caller can read how long it has been quiet); `max_seconds` of audio written →
    "max" (the file holds exactly that much); Ctrl-C → "interrupt" (not re-raised); the source
    running out → "end"; the source failing → "error"; the disk refusing a write → "disk". In
    every case the source is stopped, the blocks it delivered are written, and the header is made
    exact. `tap(block)` gets each block once it is in the file, on the writer thread (it must
    not block: LiveTranscriber.feed only queues). `on_progress(elapsed_s, level_db)` is called
    about 5 times a second from the calling thread (elapsed: audio seconds written; level: loudest
    0.1 s block since the last call). Raises NoInputDevice if the source cannot start (the empty
    file is removed) and OSError if the WAV cannot be created.
    """
    path = Path(path)
    max_frames = None if max_seconds is None else max(0, round(max_seconds * SAMPLE_RATE))
    silence = (stop_on_silence if isinstance(stop_on_silence, SilenceDetector)
               else SilenceDetector(stop_on_silence, BLOCK_S) if stop_on_silence else None)
    writer = _Writer(WavAppender(path, SAMPLE_RATE), queue.Queue(), max_frames, silence, tap)
    writer.start()
    try:
        source.start(writer.blocks.put)
    except BaseException:
        writer.blocks.put(None)
        writer.join()
        writer.wav.close()
        path.unlink(missing_ok=True)
        raise
    try:
        enter = enter_event if enter_event is not None else (_StdinEnter() if stop_on_enter else None)
        reason, detail = _wait(source, writer, enter, on_progress)
    except KeyboardInterrupt:
        reason, detail = "interrupt", None
    finally:
        stopped_at = time.monotonic()
        _finish(source, writer)
    if writer.stop_reason == "disk":  # possibly while draining after another stop: audio was lost, say so
        reason, detail = "disk", writer.detail
    return TakeResult(path, round(writer.wav.frames_written / SAMPLE_RATE, 4), reason, detail,
                      getattr(source, "overflows", 0), stopped_at)


def _wait(source, writer: _Writer, enter, on_progress) -> tuple[str, str | None]:
    """Wait on the calling thread for the first stop condition, reporting progress: (reason, detail)."""
    next_progress = time.monotonic() + PROGRESS_S
    while True:
        if writer.stop_reason is not None:
            return writer.stop_reason, None
        if enter is not None and enter.is_set():
            return "enter", None
        if source.error is not None:
            return "error", _one_line(source.error)
        if source.finished.is_set() and writer.blocks.unfinished_tasks == 0:
            return writer.stop_reason or "end", None
        if on_progress is not None and time.monotonic() >= next_progress:
            next_progress = time.monotonic() + PROGRESS_S
            peak, writer.peak_db = writer.peak_db, FLOOR_DB
            on_progress(writer.wav.frames_written / SAMPLE_RATE, peak)
        if enter is not None:  # wake the moment Enter is pressed
            enter.wait(POLL_S)
        else:
            writer.decided.wait(POLL_S)


def _finish(source, writer: _Writer) -> None:
    """Stop the source, write what it delivered, close the WAV with an exact header. A second Ctrl-C
    while this runs does not leave the file half-closed: every step is retried. (The writer is
    waited for with its own event, not join()/is_alive(): on Python < 3.13 a join() interrupted by
    Ctrl-C can mark the thread dead while it still runs, CPython issue #90882, and the WAV would
    be closed under it.)"""
    for _ in range(5):
        try:
            source.stop()
            if not writer.done.is_set():
                writer.blocks.put(None)
                while not writer.done.wait(0.1):
                    pass
            try:
                writer.wav.close()
            except OSError:  # disk gone or full: the header may be stale, repair from the length
                try:
                    repair_wav(writer.wav.path)
                except OSError:
                    pass
            return
        except KeyboardInterrupt:
            continue
