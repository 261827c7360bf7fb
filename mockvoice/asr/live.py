"""Transcribe an answer while it is being spoken.

Audio arrives in blocks (from the recorder's writer thread: feed() only queues them). A worker
thread gathers them into a chunk; a chunk closes at a pause (Silero VAD, bundled with
faster-whisper) of CHUNK_PAUSE_S, at the latest at CHUNK_MAX_S (see chunking.find_cut), and is
transcribed at once, its words shifted onto the take's timeline. During a shorter pause the open
chunk is transcribed ahead — whole when the speaker has stopped, up to that pause while they go on —
so when the answer ends only the speech after its last pause is left, and that is decoded with an
encoder context as long as the audio (transcribe._one_pass), not Whisper's 30 s. If transcription
is slower than speech, the queue grows and finish() catches up: no audio is dropped. The 20 ms frame levels of every block are gathered as it
arrives, so the pauses of the take (quiet()) need no second reading of its WAV.

Chunks get the filler prompt but not the text before them: with tiny.en the earlier text as a
prompt made Whisper cut chunks short (evaluation set, word error 11.4 % with 40 words of context,
11.6 % with 12, 10.0 % with none). Each chunk is decoded once (transcribe.TRANSCRIBE_OPTIONS):
word error 9.7 % and STAR label accuracy 0.980 on the evaluation set, against 9.2 % / 0.982 for
review's 28 s windows and 9.4 % / 0.985 for one faster-whisper pass over each whole file
(benchmarks/accuracy.py --path live|review|whole).
"""
from __future__ import annotations

import queue
import threading

import numpy as np

from mockvoice.analysis.model import Pause, Transcript, Word
from mockvoice.analysis.star import live_span_s, segment
from mockvoice.analysis.text import clock
from mockvoice.asr.fillers import heard_fillers
from mockvoice.asr.seams import joined
from mockvoice.asr.transcribe import transcribe_speech
from mockvoice.audio.chunking import find_cut, spans_within, speech_spans
from mockvoice.audio.levels import SAMPLE_RATE, FrameLevels, quiet_after

CHECK_EVERY_S = 0.25     # look for a cut each time this much new audio has arrived
SPECULATE_PAUSE_S = 0.3  # an open chunk whose speech has paused this long is transcribed ahead


class LiveTranscriber:
    def __init__(self, model, options: dict | None = None) -> None:
        self.model = model
        self.options = options or {}  # for each chunk (transcribe.vocabulary_options)
        # (chunk start, samples transcribed, words): the open chunk transcribed ahead, during a
        # pause, in case the answer ends there
        self._guess: tuple[int, int, tuple[Word, ...]] | None = None
        # (chunk start, cut, words): the open chunk up to a pause inside it, transcribed ahead while
        # the speaker goes on, so that if the answer ends in this chunk only the speech after the
        # cut is left to decode (used for the last chunk only: the others are decoded whole)
        self._prefix: tuple[int, int, tuple[Word, ...]] | None = None
        self._inbox: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._words: list[Word] = []
        self._received = 0     # samples fed
        self._levels = FrameLevels()
        self.chunks: list[tuple[float, float]] = []
        # seconds of audio decoded after finish() was called: what the speaker waits for (the rest
        # of the last chunk was transcribed ahead)
        self.decoded_at_end_s = 0.0
        self._cancelled = threading.Event()
        self._done = threading.Event()  # set by the worker as it ends (see cancel)
        self._thread = threading.Thread(target=self._work, name="live-transcriber", daemon=True)
        self._thread.start()

    def feed(self, block: np.ndarray) -> None:
        """Queue 16 kHz mono float32 samples. Never blocks: safe from an audio thread."""
        self._inbox.put(np.asarray(block, dtype=np.float32).reshape(-1))

    @property
    def words(self) -> tuple[Word, ...]:
        with self._lock:
            return tuple(self._words)

    @property
    def behind_s(self) -> float:
        """Audio queued that the worker has not even looked at yet, seconds: it grows only when
        transcription is slower than speech."""
        return sum(b.size for b in list(self._inbox.queue) if b is not None) / SAMPLE_RATE

    def finish(self) -> Transcript:
        """Transcribe what is left and return the whole answer's transcript."""
        self._inbox.put(None)
        self._thread.join()
        with self._lock:
            cuts = [end for _, end in self.chunks[:-1]]
            words = joined(heard_fillers(self._words, self._levels.sounds()), cuts, self._levels.quiet())
            return Transcript(tuple(words), duration_s=round(self._received / SAMPLE_RATE, 3))

    def quiet(self) -> list[Pause]:
        """The quiet spans of the answer (levels.quiet_spans of all that was fed); after finish()."""
        return self._levels.quiet()

    def cancel(self) -> None:
        """Stop without transcribing what is left (Ctrl-C, a take that failed): queued audio is
        dropped and this returns once the model call in progress (one chunk) is over, waiting through
        Ctrl-C: a thread still inside the model when the program exits aborts it ("terminate called
        without an active exception"). finish() afterwards returns the words so far."""
        self._cancelled.set()
        self._inbox.put(None)
        # not Thread.join()/is_alive(): on Python < 3.13 a join() interrupted by Ctrl-C can mark the
        # thread dead while it still runs (CPython issue #90882)
        while True:
            try:
                if self._done.wait(0.1):
                    return
            except KeyboardInterrupt:
                continue

    def _work(self) -> None:
        try:
            self._run()
        finally:
            self._done.set()

    def _run(self) -> None:
        chunk = np.zeros(0, dtype=np.float32)
        start = 0  # sample index of the chunk's first sample in the take
        pending: list[np.ndarray] = []
        new = 0
        while True:
            block = self._inbox.get()
            if self._cancelled.is_set():
                return
            final = block is None
            if not final:
                pending.append(block)
                self._levels.push(block)
                new += block.size
                with self._lock:
                    self._received += block.size
                if new < CHECK_EVERY_S * SAMPLE_RATE:
                    continue
            chunk = np.concatenate([chunk, *pending]) if pending else chunk
            pending, new = [], 0
            if final and self._guess_holds(chunk, start):
                self._transcribe(chunk, start, ending=True)  # the answer ended in the pause it was transcribed in
                return
            while chunk.size and not self._cancelled.is_set():
                cut = find_cut(chunk, final)
                if cut is None:
                    break
                self._transcribe(chunk[:cut], start, ending=final, last=final and cut == chunk.size)
                chunk, start = chunk[cut:], start + cut
            if final:
                return
            if chunk.size and self._inbox.empty():  # idle, i.e. keeping up with the speaker
                self._transcribe_ahead(chunk, start)

    def _guess_holds(self, audio: np.ndarray, start: int) -> bool:
        """Nothing but silence came after the audio transcribed ahead."""
        if not self._guess or self._guess[0] != start or audio.size < self._guess[1]:
            return False
        return quiet_after(audio, self._guess[1])

    def _transcribe_ahead(self, chunk: np.ndarray, start: int) -> None:
        """The speaker has paused (SPECULATE_PAUSE_S, less than a chunk-closing pause): transcribe the
        open chunk now, so that if the answer ends here nothing is left to do but the analysis."""
        if self._guess_holds(chunk, start):
            return
        speech = speech_spans(chunk, SPECULATE_PAUSE_S)
        if not speech:
            return
        if chunk.size - speech[-1][1] >= SPECULATE_PAUSE_S * SAMPLE_RATE:
            self._guess = (start, *transcribe_speech(chunk, self.model, speech, start / SAMPLE_RATE, **self.options))
        elif len(speech) > 1:
            self._transcribe_prefix(chunk, start, speech)

    def _transcribe_prefix(self, chunk: np.ndarray, start: int, speech: list[tuple[int, int]]) -> None:
        """Still speaking: transcribe the open chunk up to the middle of its last pause of
        SPECULATE_PAUSE_S, unless that was done already."""
        cut = (speech[-2][1] + speech[-1][0]) // 2
        if self._prefix and self._prefix[0] == start and self._prefix[1] >= cut:
            return
        before = spans_within(speech[:-1], cut)
        self._prefix = (start, cut, transcribe_speech(chunk[:cut], self.model, before, start / SAMPLE_RATE,
                                                      **self.options)[1])

    def _transcribe(self, audio: np.ndarray, start: int, ending: bool = False, last: bool = False) -> None:
        """A closed chunk; ending: the answer has ended (the speaker waits for this one); last: the
        answer's last, which reuses the part of it transcribed ahead."""
        offset = start / SAMPLE_RATE
        prefix = self._prefix if last and self._prefix and self._prefix[0] == start else None
        # after the end the speaker waits: the encoder reads only the audio (transcribe._one_pass)
        options = {**self.options, "short_context": ending}
        if self._guess_holds(audio, start):
            words, decoded = self._guess[2], 0
        elif prefix and prefix[1] < audio.size:
            rest = audio[prefix[1]:]
            words = prefix[2] + transcribe_speech(rest, self.model, speech_spans(rest, SPECULATE_PAUSE_S),
                                                  offset + prefix[1] / SAMPLE_RATE, **options)[1]
            decoded = rest.size
        else:
            words = transcribe_speech(audio, self.model, speech_spans(audio, SPECULATE_PAUSE_S), offset,
                                      **options)[1]
            decoded = audio.size
        if ending:
            self.decoded_at_end_s += decoded / SAMPLE_RATE
        self._guess = self._prefix = None
        with self._lock:
            self._words.extend(words)
            self.chunks.append((offset, offset + audio.size / SAMPLE_RATE))


def live_cue(words: tuple[Word, ...], elapsed_s: float, targets: dict[str, tuple[float, float]] | None) -> str | None:
    """Where the answer seems to be, from the partial transcript: "Action 0:48 / 60–90 s" (its
    sentences placed in the answer it is becoming: star.live_span_s)."""
    parts = segment(Transcript(words, duration_s=elapsed_s), targets, span_s=live_span_s(elapsed_s, targets))
    if not parts:
        return None
    current = max(parts, key=lambda p: p.runs[-1][1])  # the part told last (a Result said first is not "now")
    *before, (start, _) = current.runs
    spent = sum(b - a for a, b in before) + max(0.0, elapsed_s - start)
    lo, hi = current.target_s
    return f"{current.part.title()} {clock(spent)} / {lo:.0f}–{hi:.0f} s"
