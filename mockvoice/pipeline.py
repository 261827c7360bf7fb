"""review: an audio file in, an Analysis out (decode, transcribe window by window, analyze); and
the same for a take of a saved session, whose analysis JSON is written beside its WAV."""
from __future__ import annotations

import itertools
from pathlib import Path

from mockvoice.analysis.analyze import analyze
from mockvoice.analysis.model import Analysis, Pause, Question, Story, Transcript
from mockvoice.analysis.notes import vocabulary
from mockvoice.analysis.text import clock
from mockvoice.asr.transcribe import load_model, vocabulary_options
from mockvoice.asr.windowed import BLOCK_S, transcribe_blocks
from mockvoice.audio.decode import iter_audio
from mockvoice.interview import closing, replies
from mockvoice.progress import spinner
from mockvoice.report.document import to_dict
from mockvoice.store import Session, TakeRecord, write_json_atomic


def review_file(path: str | Path, question: Question | None = None, model_name: str | None = None,
                story: bool = True, plan: Story | None = None, target_s: float | None = None) -> Analysis:
    """plan: the user's story the answer tells (its words are given to Whisper, its notes matched);
    target_s: the length aimed at (analyze)."""
    blocks = iter_audio(path, BLOCK_S)
    first = next(blocks)  # a file that is not audio fails here, before the model loads
    with spinner("loading the Whisper model"):
        model = load_model(model_name)
    read = [0.0]
    with spinner(lambda: f"transcribing, {clock(read[0])} of audio so far"):
        transcript, quiet = transcribe_blocks(itertools.chain([first], blocks), model,
                                              progress=lambda s: read.__setitem__(0, s), options=whisper_options(plan))
    return analyze(transcript, question, audio_path=str(path), quiet=quiet, story=story, plan=plan, target_s=target_s)


def whisper_options(plan: Story | None) -> dict:
    """What Whisper is told for an answer: the vocabulary of the story it tells, if any."""
    return vocabulary_options(vocabulary(plan)) if plan else {}


def review_take(session: Session, take: TakeRecord, question: Question | None,
                model_name: str | None = None, live: tuple[Transcript, list[Pause]] | None = None,
                plan: Story | None = None) -> tuple[Analysis, dict]:
    """Analyse a take's WAV and save its analysis JSON (the review --json document; for the
    closing take with the questions asked, for a follow-up with its reply judged) beside it.
    Returns the analysis and that document. live: the transcript and quiet spans made while the
    take was recorded (LiveTranscriber); without them the WAV is read and transcribed. plan: the
    story the take tells (take.story), for an answer; its target length is the take's own
    (take.target_s)."""
    path, story = session.path(take.audio), take.kind == "answer"
    plan = plan if story else None
    if live is None:
        analysis = review_file(path, question, model_name, story=story, plan=plan, target_s=take.target_s)
    else:
        transcript, quiet = live
        analysis = analyze(transcript, question, audio_path=str(path), quiet=quiet, story=story, plan=plan,
                           target_s=take.target_s)
    document = to_dict(analysis)
    document["audio"]["path"] = take.audio  # relative: the session folder can be moved
    if take.kind == "closing":
        document["closing"] = closing.review(analysis.transcript).to_dict()
        session.closing = document["closing"]
    if take.kind == "follow_up":
        expects = take.expects or replies.classify(take.question_text)
        document["reply"] = replies.judge(take.question_text, expects, take.probes, analysis.transcript).to_dict()
    write_json_atomic(session.path(f"{take.id}.json"), document)
    take.analysis = f"{take.id}.json"
    take.duration_s = round(analysis.transcript.duration_s, 2)
    session.save()
    return analysis, document
