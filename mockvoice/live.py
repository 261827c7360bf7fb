"""Transcribe an answer while it is being spoken.

Audio arrives in blocks (from the recorder's writer thread: feed() only queues them). A worker
thread gathers them into a chunk; a chunk closes at a pause (Silero VAD, bundled with
faster-whisper) of CHUNK_PAUSE_S, at the latest at CHUNK_MAX_S (see find_cut), and is
transcribed at once, its words shifted onto the take's timeline. During a shorter pause the open
chunk is transcribed ahead, so when the answer ends (people stop after a sentence) usually nothing
but the analysis is left. If transcription is slower than speech, the queue grows and
finish() catches up: no audio is dropped.

Chunks get the filler prompt but not the text before them: with tiny.en the earlier text as a
prompt made Whisper cut chunks short (evaluation set, word error 11.4 % with 40 words of context,
11.6 % with 12, 10.0 % with none, against 9.4 % for the whole file in one pass).
"""
from __future__ import annotations

import queue
import threading

import numpy as np

from .model import Transcript, Word
from .star import segment
from .text import clock
from .transcribe import SAMPLE_RATE, transcribe
from .voicing import QUIET_BELOW_VOICE_DB, frame_db

CHUNK_PAUSE_S = 0.7      # a pause this long closes a chunk (the cut is in its middle)
CHUNK_MAX_S = 22.0       # a chunk this long is cut at its last pause, however short
CHECK_EVERY_S = 0.25     # look for a cut each time this much new audio has arrived
_MIN_GAP_S = 0.1         # the shortest gap a forced cut may use
_ONSET_MARGIN_S = 0.2    # a cut stays this far before the next speech begins
_TAIL_S = 0.4            # audio kept after the last speech Silero hears (soft word endings)
SPECULATE_PAUSE_S = 0.3  # an open chunk whose speech has paused this long is transcribed ahead
_SILENCE_DBFS = -45.0    # a fragment with no 20 ms frame above this is silence


def _speech(audio: np.ndarray, min_silence_s: float) -> list[tuple[int, int]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=int(min_silence_s * 1000), speech_pad_ms=0)
    return [(s["start"], s["end"]) for s in get_speech_timestamps(audio, options)]


def _gaps(speech: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(a_end, b_start) for (_, a_end), (b_start, _) in zip(speech, speech[1:])]


def _cut_in(gap: tuple[int, int], min_pause: int) -> int:
    """Late in the pause: Silero hears a soft last word ("...noticed") end early, while it hears
    the next word begin sharply."""
    start, end = gap
    return max(start + min_pause // 2, end - int(_ONSET_MARGIN_S * SAMPLE_RATE))


def find_cut(audio: np.ndarray, final: bool = False) -> int | None:
    """Sample index where the open chunk should be cut, or None to wait for more audio.

    Cuts lie in pauses, so no word is split: the first pause of CHUNK_PAUSE_S (between two
    stretches of speech, or after the last one); past
    CHUNK_MAX_S the chunk's last pause of _MIN_GAP_S, failing that the quietest 20 ms. Audio with
    no speech is cut whole. (Cutting at shorter pauses to keep chunks small cost accuracy: tiny.en
    invents words on short fragments of slow speech.)"""
    pause = int(CHUNK_PAUSE_S * SAMPLE_RATE)
    speech = _speech(audio, CHUNK_PAUSE_S)
    if not speech:
        return len(audio) if (final or len(audio) >= pause) else None
    gaps = _gaps(speech)
    if gaps:
        return _cut_in(gaps[0], pause)
    if len(audio) - speech[-1][1] >= pause:
        return speech[-1][1] + pause // 2
    if final:
        return len(audio)
    if len(audio) < CHUNK_MAX_S * SAMPLE_RATE:
        return None
    shorter = _gaps(_speech(audio, _MIN_GAP_S))
    if shorter:
        return _cut_in(shorter[-1], int(_MIN_GAP_S * SAMPLE_RATE))
    frame = SAMPLE_RATE // 50
    tail = audio[len(audio) // 2:len(audio) // 2 + (len(audio) // 2 // frame) * frame].reshape(-1, frame)
    return len(audio) // 2 + int(np.argmin(np.mean(tail * tail, axis=1))) * frame + frame // 2


class LiveTranscriber:
    def __init__(self, model) -> None:
        self.model = model
        # (chunk start, samples transcribed, words): the open chunk transcribed ahead, during a
        # pause, in case the answer ends there
        self._guess: tuple[int, int, tuple[Word, ...]] | None = None
        self._inbox: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._words: list[Word] = []
        self._received = 0     # samples fed
        self.chunks: list[tuple[float, float]] = []
        self._thread = threading.Thread(target=self._run, name="live-transcriber", daemon=True)
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
            return Transcript(tuple(self._words), duration_s=round(self._received / SAMPLE_RATE, 3))

    def _run(self) -> None:
        chunk = np.zeros(0, dtype=np.float32)
        start = 0  # sample index of the chunk's first sample in the take
        pending: list[np.ndarray] = []
        new = 0
        while True:
            block = self._inbox.get()
            final = block is None
            if not final:
                pending.append(block)
                new += block.size
                with self._lock:
                    self._received += block.size
                if new < CHECK_EVERY_S * SAMPLE_RATE:
                    continue
            chunk = np.concatenate([chunk, *pending]) if pending else chunk
            pending, new = [], 0
            if final and self._guess_holds(chunk, start):
                self._transcribe(chunk, start)  # the answer ended in the pause it was transcribed in
                return
            while chunk.size:
                cut = find_cut(chunk, final)
                if cut is None:
                    break
                self._transcribe(chunk[:cut], start)
                chunk, start = chunk[cut:], start + cut
            if final:
                return
            if chunk.size and self._inbox.empty():  # idle, i.e. keeping up with the speaker
                self._transcribe_ahead(chunk, start)

    @staticmethod
    def _heard(audio: np.ndarray, speech: list[tuple[int, int]]) -> int:
        """Samples worth transcribing, given the speech Silero hears in them: up to its end plus
        _TAIL_S (the pause after the last word stays out: Whisper fills trailing silence with
        invented text)."""
        if speech:
            return min(audio.size, speech[-1][1] + int(_TAIL_S * SAMPLE_RATE))
        # Silero can miss a short fragment; anything louder than silence still goes to Whisper
        db = frame_db(audio)
        return audio.size if db.size and db.max() > _SILENCE_DBFS else 0

    def _guess_holds(self, audio: np.ndarray, start: int) -> bool:
        """Nothing but silence came after the audio transcribed ahead."""
        if not self._guess or self._guess[0] != start or audio.size < self._guess[1]:
            return False
        rest = frame_db(audio[self._guess[1]:])
        return rest.size == 0 or rest.max() < np.percentile(frame_db(audio), 90) - QUIET_BELOW_VOICE_DB

    def _transcribe_ahead(self, chunk: np.ndarray, start: int) -> None:
        """The speaker has paused (SPECULATE_PAUSE_S, less than a chunk-closing pause): transcribe the
        open chunk now, so that if the answer ends here nothing is left to do but the analysis."""
        if self._guess_holds(chunk, start):
            return
        speech = _speech(chunk, SPECULATE_PAUSE_S)
        if not speech or chunk.size - speech[-1][1] < SPECULATE_PAUSE_S * SAMPLE_RATE:
            return
        heard = self._heard(chunk, speech)
        self._guess = (start, heard, transcribe(chunk[:heard], self.model, offset_s=start / SAMPLE_RATE).words)

    def _transcribe(self, audio: np.ndarray, start: int) -> None:
        offset = start / SAMPLE_RATE
        if self._guess_holds(audio, start):
            words = self._guess[2]
        else:
            heard = self._heard(audio, _speech(audio, SPECULATE_PAUSE_S))
            words = transcribe(audio[:heard], self.model, offset_s=offset).words if heard else ()
        self._guess = None
        with self._lock:
            self._words.extend(words)
            self.chunks.append((offset, offset + audio.size / SAMPLE_RATE))


def live_cue(words: tuple[Word, ...], elapsed_s: float, targets: dict[str, tuple[float, float]] | None) -> str | None:
    """Where the answer seems to be, from the partial transcript: "Action 0:48 / 60–90 s"."""
    parts = segment(Transcript(words, duration_s=elapsed_s), targets)
    if not parts:
        return None
    current = parts[-1]
    lo, hi = current.target_s
    return f"{current.part.title()} {clock(max(0.0, elapsed_s - current.start))} / {lo:.0f}–{hi:.0f} s"
