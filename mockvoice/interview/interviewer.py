"""The live mock interview: ask (print and speak), record, review, follow up, close, save."""
from __future__ import annotations

import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from mockvoice.analysis.model import Question, Story, Timing
from mockvoice.analysis.text import clock
from mockvoice.analysis.thresholds import ANSWER_TARGET_S, timing
from mockvoice.asr.live import LiveTranscriber, live_cue
from mockvoice.asr.transcribe import load_model
from mockvoice.audio.recorder import record
from mockvoice.audio.sources import FileSource, MicSource
from mockvoice.interview import closing, followups
from mockvoice.interview.bank import BankError, pick
from mockvoice.interview.voice import speak
from mockvoice.pipeline import review_take, whisper_options
from mockvoice.progress import spinner
from mockvoice.report.pages import write_session_report
from mockvoice.report.terminal import render_text
from mockvoice.samples import sample_path
from mockvoice.store import Session, StoreError, new_session

DEMO_QUESTIONS = ("outage-1", "design-1", "mentor-1")
LIVE_CUE_EVERY_S = 2.0   # how often the STAR cue is recomputed from the partial transcript
CATCH_UP_NOTE_S = 3.0    # say so when more than this much audio is left to transcribe
ENDS_INTERVIEW = ("interrupt", "error", "disk")  # how a take can stop that ends the interview


@dataclass
class Options:
    questions: list[Question]
    recordings: Path
    voice: str = "espeak"
    demo: bool = False
    demo_speed: float = 8.0
    input_device: str | int | None = None
    stop_on_silence: float | None = None
    max_seconds: float = 240.0
    follow_ups: bool = True
    closing: bool = True
    model: str | None = None
    colour: bool = False
    live_cue: bool = True
    plans: dict[str, Story] = field(default_factory=dict)  # question id -> the user's story told in answer
    target_s: float | None = None  # --target: the length every answer aims at (else its story's own)


def choose_questions(bank: dict[str, Question], ids: list[str] | None, theme: str | None, count: int,
                     demo: bool) -> list[Question]:
    if ids:
        unknown = [i for i in ids if i not in bank]
        if unknown:
            raise BankError(f"unknown question id '{unknown[0]}' (see: mockvoice questions)")
        chosen = [bank[i] for i in ids]
    elif demo and theme is None:
        chosen = [bank[i] for i in DEMO_QUESTIONS][:count]
    else:
        chosen = pick(bank, theme, count)
    if demo:
        missing = [q.id for q in chosen if not sample_path(q.id).is_file()]
        if missing:
            raise BankError(f"no bundled demo answer for '{missing[0]}' "
                            f"(demo answers: {', '.join(DEMO_QUESTIONS)})")
    return chosen


class TakeStopped(Exception):
    """A take ended by a fault the interview cannot go on after (the microphone gone, the disk
    full): one line for the user, saying where what was recorded is and how to finish it."""


class Terminal:
    """What the person sees. (The Enter key that ends an answer is the recorder's: it reads the
    terminal only while a take is recorded.)"""

    def __init__(self, colour: bool) -> None:
        self.colour = colour
        self.live = sys.stderr.isatty()

    def say(self, text: str = "") -> None:
        print(text, flush=True)

    def progress(self, elapsed_s: float, level_db: float, cue: str | None = None,
                 band: tuple[float, float] = ANSWER_TARGET_S) -> None:
        """band: the whole-answer target of this take (a time version's, or the seed's 2–3 minutes)."""
        if not self.live:
            return
        lo, hi = band
        bars = "▁▂▃▄▅▆▇█"[max(0, min(7, int((level_db + 60) / 7.5)))]
        state = (f"in the {clock(lo)}–{clock(hi)} window" if lo <= elapsed_s <= hi
                 else ("keep going" if elapsed_s < lo else "wrap up"))
        cue = f"  {cue}" if cue else ""
        sys.stderr.write(f"\r● REC {clock(elapsed_s)}  {bars}{cue}  ({state}; Enter to stop) \033[K")
        sys.stderr.flush()

    def end_progress(self) -> None:
        if self.live:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


class Interview:
    def __init__(self, options: Options, ui: Terminal) -> None:
        self.o = options
        self.ui = ui
        self.session: Session | None = None
        self._voice_note_shown = False
        self.model = None

    def ask(self, text: str) -> None:
        self.ui.say(f"\nInterviewer: {text}")
        reason = speak(text, self.o.voice) if self.o.voice != "none" else None
        if reason and not self._voice_note_shown:
            self.ui.say(f"  (question not spoken: {reason})")
            self._voice_note_shown = True

    def source(self, sample: str):
        if self.o.demo:
            return FileSource(sample_path(sample), speed=self.o.demo_speed)
        return MicSource(self.o.input_device)

    def record(self, kind: str, question: Question | None, text: str, sample: str, follow_up_of: str | None = None,
               probes: str | None = None):
        """Record a take while transcribing it, review it: (take, analysis, review document). An answer
        to a question a story of the user's is told for is held against that story and its target."""
        plan = self.o.plans.get(question.id) if question and kind == "answer" else None
        target = (self.o.target_s or (plan.target_s if plan else None)) if kind == "answer" else None
        take = self.session.add_take(kind, question.id if question else None, text, follow_up_of, probes,
                                     story=plan.id if plan else None, target_s=target)
        source = self.source(sample)
        self.ui.say(f"  (demo: a bundled answer is playing into the recorder, {clock(source.duration_s)} of it)"
                    if self.o.demo else "  Answer now; press Enter when you are done.")
        live = LiveTranscriber(self.model, whisper_options(plan))
        try:
            try:
                result = record(self.session.path(take.audio), source,
                                stop_on_silence=None if self.o.demo else self.o.stop_on_silence,
                                max_seconds=self.o.max_seconds,
                                on_progress=self._progress(kind, live, timing(target, question.targets if question else None)),
                                tap=live.feed)
            finally:
                self.ui.end_progress()
            ended = time.monotonic()
            self._recorded(take, result)
            if live.behind_s > CATCH_UP_NOTE_S:
                self.ui.say(f"  transcription fell behind the answer: catching up on {live.behind_s:.0f} s of audio…")
            transcript = live.finish()
            analysis, document = review_take(self.session, take, question if kind != "closing" else None,
                                             self.o.model, (transcript, live.quiet()), plan)
            self.ui.say(f"  (report ready {time.monotonic() - ended:.1f} s after the answer ended)")
            return take, analysis, document
        except BaseException:  # Ctrl-C, a failed take: no thread may be left inside the model at exit
            live.cancel()
            raise

    def _progress(self, kind: str, live: LiveTranscriber, bands: Timing):
        """The recorder's on_progress: the REC line, with the live STAR cue of an answer against its bands."""
        cue: list[str | None] = [None]
        next_cue = [0.0]

        def progress(elapsed_s: float, level_db: float) -> None:
            if self.o.live_cue and kind == "answer" and elapsed_s >= next_cue[0]:
                next_cue[0] = elapsed_s + LIVE_CUE_EVERY_S
                cue[0] = live_cue(live.words, elapsed_s, bands.parts)
            self.ui.progress(elapsed_s, level_db, cue[0], bands.answer_s)

        return progress

    def _recorded(self, take, result) -> None:
        """Note how the take ended in session.json and on the screen; end the interview if it must."""
        take.duration_s, take.stopped_by = round(result.duration_s, 2), result.stopped_by
        try:
            self.session.save()
        except StoreError:  # a full disk: the session.json saved as the take began, naming it, stays
            if result.stopped_by not in ENDS_INTERVIEW:
                raise
        self.ui.say(f"  recorded {clock(result.duration_s)} ({result.stopped_by}) → {take.audio}")
        if result.dropped:
            self.ui.say(f"  (the audio driver dropped samples in {result.dropped} block(s) of this take: "
                        "the recording has short gaps; close other programs using the microphone)")
        if result.stopped_by in ENDS_INTERVIEW:
            self._stop(result)

    def _stop(self, result) -> None:
        """End the interview after a take cut short: Ctrl-C (KeyboardInterrupt), or a lost
        microphone or a full disk (TakeStopped, one line). The take is named in session.json and
        its WAV holds every block recorded, so `review --session` can analyse it later."""
        if result.stopped_by == "interrupt":
            raise KeyboardInterrupt
        length = clock(result.duration_s)
        why = f"the disk is full ({result.detail})" if result.stopped_by == "disk" else result.detail
        then = "free some space, then " if result.stopped_by == "disk" else ""
        raise TakeStopped(f"recording stopped after {length}: {why}; the {length} recorded are saved in "
                          f"{self.session.folder} ({then}finish it: {self.finish_command})")

    @property
    def finish_command(self) -> str:
        """What analyses this session's takes later."""
        where = "" if self.o.recordings == Path("recordings") else f" --recordings {shlex.quote(str(self.o.recordings))}"
        return f"mockvoice review --session {self.session.id}{where}"

    def run(self) -> Session:
        try:
            return self._run()
        except StoreError as exc:  # e.g. the disk filled up: say what is kept and how to finish
            if self.session is None:
                raise
            raise TakeStopped(f"{exc}; what was recorded is saved in {self.session.folder} "
                              f"(finish it: {self.finish_command})") from None

    def _run(self) -> Session:
        o = self.o
        self.session = new_session(o.recordings, {
            "questions": [q.id for q in o.questions], "voice": o.voice, "demo": o.demo,
            "stop_on_silence": o.stop_on_silence, "max_seconds": o.max_seconds, "follow_ups": o.follow_ups,
            "closing": o.closing, "model": o.model or "embedded tiny.en",
            "stories": {qid: plan.id for qid, plan in o.plans.items()}, "target_s": o.target_s})
        if not o.demo:
            MicSource.check(o.input_device)  # no microphone: say so before the first question
        with spinner("loading the Whisper model"):
            self.model = load_model(o.model)
        self.ui.say(f"Mock interview: {len(o.questions)} question(s). Session {self.session.id}")
        for number, question in enumerate(o.questions, 1):
            self.ui.say(f"\n── Question {number} of {len(o.questions)} [{question.id}] ──")
            self.ask(question.text)
            take, analysis, document = self.record("answer", question, question.text, question.id)
            self.ui.say("\n" + render_text(document, self.o.colour))
            if o.follow_ups and analysis.transcript.words:
                follow_up, probes = followups.choose(analysis)
                self.ask(follow_up)
                _, _, reply = self.record("follow_up", question, follow_up, "follow-up", follow_up_of=take.id,
                                          probes=probes)
                self.ui.say("\n" + render_text(reply, self.o.colour, asked=follow_up))
        if o.closing:
            self.ask(closing.PROMPT)
            _, _, document = self.record("closing", None, closing.PROMPT, "closing")
            self.ui.say(f"\n{document['closing']['summary']}")
            for q in document["closing"]["questions"]:
                self.ui.say(f"  - {q['text']}  [{q['group'] or 'other'}]")
        page = write_session_report(self.session)
        self.ui.say(f"\nSaved in {self.session.folder}; report: {page}. Progress over time: mockvoice history")
        return self.session
