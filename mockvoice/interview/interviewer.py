"""The live mock interview: ask (print and speak), record, review, follow up, close, save."""
from __future__ import annotations

import shlex
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from mockvoice.analysis.model import Question, Story, Timing
from mockvoice.analysis.text import clock
from mockvoice.analysis.thresholds import ANSWER_TARGET_S, timing
from mockvoice.asr.live import LiveTranscriber, live_cue
from mockvoice.asr.transcribe import load_model
from mockvoice.audio.levels import SilenceDetector
from mockvoice.audio.recorder import record
from mockvoice.audio.sources import BLOCK_S, FileSource, MicSource
from mockvoice.interview import closing, followups
from mockvoice.interview.bank import BankError, full_mock, pick
from mockvoice.interview.followups import Probe
from mockvoice.interview.timekeeping import THINKING_S, Limits, TimeKeeper, repeat_requests
from mockvoice.interview.voice import speak
from mockvoice.pipeline import review_take, whisper_options
from mockvoice.progress import spinner
from mockvoice.report.pages import write_scorecard, write_session_report
from mockvoice.report.scorecard import render_text as render_scorecard
from mockvoice.report.terminal import render_brief, render_text
from mockvoice.samples import sample_path
from mockvoice.store import Session, StoreError, new_session

DEMO_QUESTIONS = ("outage-1", "design-1", "mentor-1")
DEMO_FULL = ("design-1", "outage-1", "innovation-1", "mentor-1", "decision-1")  # --full --demo
DEMO_REPLIES = ("follow-up", "follow-up-2")  # the bundled replies to follow-ups, in turn
# How long an interview takes, minutes: a question with its 2-3 minute answer and thinking time, a
# follow-up, the closing questions (a full mock: 5 x (4 + 2 x 1.5) + 5 = 40, inside 30-45).
MINUTES = {"answer": 4.0, "follow_up": 1.5, "closing": 5.0}
LIVE_CUE_EVERY_S = 2.0   # how often the STAR cue is recomputed from the partial transcript
CATCH_UP_NOTE_S = 3.0    # say so when more than this much audio is left to transcribe
ENDS_INTERVIEW = ("interrupt", "error", "disk")  # how a take can stop that ends the interview


@dataclass
class Options:
    questions: list[Question]
    recordings: Path
    voice: str = "espeak"  # "piper" | "espeak" | "none" (the command line's default: voice.default_voice)
    demo: bool = False
    demo_speed: float = 8.0
    input_device: str | int | None = None
    stop_on_silence: float | None = None
    max_seconds: float = 240.0
    follow_ups: int = followups.DEFAULT_COUNT  # probes per answer (0: none)
    closing: bool = True
    model: str | None = None
    colour: bool = False
    live_cue: bool = True
    full: bool = False  # a full mock interview (bank.full_mock), ending with its scorecard
    plans: dict[str, Story] = field(default_factory=dict)  # question id -> the user's story told in answer
    target_s: float | None = None  # --target: the length every answer aims at (else its story's own)
    stories_dir: Path = Path("stories")  # your story files, for the progress page


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


def choose_full(bank: dict[str, Question], stories: list[Story], demo: bool) -> tuple[list[Question], dict[str, Story]]:
    """A full mock interview's questions, and the stories of yours told in answer (bank.full_mock);
    the demo asks those with bundled answers (DEMO_FULL, in its order when you have no stories)."""
    if demo and not stories:
        return [bank[i] for i in DEMO_FULL], {}
    return full_mock(bank, stories, set(DEMO_FULL) if demo else None)


def warm_up_analysis() -> None:
    """Load what the first analysis in a process would (the lemmatiser's tables, ~1.1 s; the STAR
    weights, ~0.25 s) while the question is asked, not after the answer."""
    from mockvoice.analysis.features import sentence_features
    from mockvoice.analysis.star import weights

    sentence_features("I did it.")
    weights()


def ready_line(stopped_by: str, clock_: list[float], chunks: list[tuple[float, float]], left_s: float) -> str:
    """How long the report took after the answer ended (Enter: what benchmarks/latency.py measures),
    and where that went. clock_: monotonic times of the stop, the take recorded, transcribed, saved;
    left_s: the audio decoded after the stop (LiveTranscriber.decoded_at_end_s)."""
    stop, recorded, transcribed, saved = clock_
    last = f"{left_s:.1f} s of the last {chunks[-1][1] - chunks[-1][0]:.1f} s chunk " if chunks else ""
    after = "Enter" if stopped_by == "enter" else "the answer ended"
    return (f"  (report ready {saved - stop:.2f} s after {after}: recording closed in {recorded - stop:.2f} s, "
            f"{last}transcribed in {transcribed - recorded:.2f} s, analysed and saved in {saved - transcribed:.2f} s)")


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

    def progress(self, elapsed_s: float, level_db: float, cue: str | None, state: str) -> None:
        """The REC line: elapsed time, level, the live STAR cue, and the time-keeper's state
        (timekeeping.TimeKeeper.line: the window, thinking time, the silence countdown)."""
        if not self.live:
            return
        bars = "▁▂▃▄▅▆▇█"[max(0, min(7, int((level_db + 60) / 7.5)))]
        cue = f"  {cue}" if cue else ""
        sys.stderr.write(f"\r● REC {clock(elapsed_s)}  {bars}{cue}  ({state}; Enter to stop) \033[K")
        sys.stderr.flush()

    def end_progress(self) -> None:
        if self.live:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def interject(self, text: str) -> None:
        """A line while a take records, above the REC line (which redraws at the next progress)."""
        self.end_progress()
        self.say(text)


class TakeWatch:
    """The interviewer's attention while a take records (the recorder's on_progress): the REC line
    with the live STAR cue of an answer and the time-keeper's state, the gentle note at the top of
    the window, and the question said again when the speaker asks for it."""

    def __init__(self, interview: Interview, kind: str, asked: str, live: LiveTranscriber, bands: Timing,
                 keeper: TimeKeeper, silence: SilenceDetector | None) -> None:
        self.interview, self.kind, self.asked, self.live, self.bands = interview, kind, asked, live, bands
        self.keeper, self.silence = keeper, silence
        self.cue: str | None = None
        self.next_cue = 0.0
        self.words_seen = self.repeated = 0
        self.thinking_until = THINKING_S

    def __call__(self, elapsed_s: float, level_db: float) -> None:
        words = self.live.words
        if self.interview.o.live_cue and self.kind == "answer" and elapsed_s >= self.next_cue:
            self.next_cue = elapsed_s + LIVE_CUE_EVERY_S
            self.cue = live_cue(words, elapsed_s, self.bands.parts)
        note = self.keeper.note(elapsed_s)
        if note:
            self.interview.interject(note)
        if len(words) != self.words_seen:
            self.words_seen = len(words)
            self._repeat_if_asked(words, elapsed_s)
        quiet = self.silence.quiet_s if self.silence else 0.0
        self.interview.ui.progress(elapsed_s, level_db, self.cue, self.keeper.line(elapsed_s, quiet, self.thinking_until))

    def _repeat_if_asked(self, words, elapsed_s: float) -> None:
        """Asked to hear the question again: say it again, keep recording, and give thinking time again."""
        requests = repeat_requests(words)
        if len(requests) > self.repeated:
            self.repeated = len(requests)
            self.interview.interject(f"Of course. {self.asked}")
            self.thinking_until = elapsed_s + THINKING_S
            if self.silence:
                self.silence.not_before_s = self.thinking_until


class Interview:
    def __init__(self, options: Options, ui: Terminal) -> None:
        self.o = options
        self.ui = ui
        self.session: Session | None = None
        self.model = None
        self.voice = options.voice  # "none" once speaking has failed (one line says why)
        self.asked: set[str] = set()  # the follow-ups asked in this session: never one twice
        self._speech: threading.Thread | None = None

    def ask(self, text: str) -> None:
        """A question: printed, then spoken, before the take that answers it."""
        self.ui.say(f"\nInterviewer: {text}")
        self._speak(text)

    def interject(self, text: str) -> None:
        """Something said while a take records: printed above the REC line, spoken in the background."""
        self.ui.interject(f"Interviewer: {text}")
        self._speak(text, wait=False)

    def _speak(self, text: str, wait: bool = True) -> None:
        """Say it with the session's voice, one utterance at a time; if the voice fails, one line says
        why and from then on the interviewer is printed only."""
        if self._speech is not None:
            self._speech.join()
        if self.voice == "none":
            return

        def run() -> None:
            reason = speak(text, self.voice)
            if reason:
                self.voice = "none"
                self.ui.say(f"  (question not spoken: {reason})")
        if wait:
            run()
        else:
            self._speech = threading.Thread(target=run, name="interviewer-voice", daemon=True)
            self._speech.start()

    def source(self, sample: str):
        if self.o.demo:
            return FileSource(sample_path(sample), speed=self.o.demo_speed)
        return MicSource(self.o.input_device)

    def record(self, kind: str, question: Question | None, text: str, sample: str, follow_up_of: str | None = None,
               probe: Probe | None = None):
        """Record a take while transcribing it, review it: (take, analysis, review document). An answer
        to a question a story of the user's is told for is held against that story and its target;
        a follow-up's reply is judged against its probe."""
        plan = self.o.plans.get(question.id) if question and kind == "answer" else None
        target = (self.o.target_s or (plan.target_s if plan else None)) if kind == "answer" else None
        take = self.session.add_take(kind, question.id if question else None, text, follow_up_of,
                                     probe.about if probe else None, story=plan.id if plan else None, target_s=target,
                                     probe_kind=probe.kind if probe else None, expects=probe.expects if probe else None)
        source = self.source(sample)
        self.ui.say(f"  (demo: a bundled answer is playing into the recorder, {clock(source.duration_s)} of it)"
                    if self.o.demo else "  Answer now; press Enter when you are done.")
        live = LiveTranscriber(self.model, whisper_options(plan))
        try:
            result = self._capture(take, text, source, live, timing(target, question.targets if question else None))
            clock_ = [result.stopped_at or time.monotonic(), time.monotonic()]
            self._recorded(take, result)
            if live.behind_s > CATCH_UP_NOTE_S:
                self.ui.say(f"  transcription fell behind the answer: catching up on {live.behind_s:.0f} s of audio…")
            transcript = live.finish()
            clock_.append(time.monotonic())
            analysis, document = review_take(self.session, take, question if kind != "closing" else None,
                                             self.o.model, (transcript, live.quiet()), plan)
            clock_.append(time.monotonic())
            self.ui.say(ready_line(result.stopped_by, clock_, live.chunks, live.decoded_at_end_s))
            return take, analysis, document
        except BaseException:  # Ctrl-C, a failed take: no thread may be left inside the model at exit
            live.cancel()
            raise

    def _capture(self, take, asked: str, source, live: LiveTranscriber, bands: Timing):
        """Record the take, the interviewer keeping time (TakeWatch): thinking time before silence may
        end it, and "Let's stop there" at --max-seconds."""
        limits = Limits(bands.answer_s if take.kind == "answer" else None, self.o.max_seconds,
                        None if self.o.demo else self.o.stop_on_silence)
        silence = SilenceDetector(limits.silence_s, BLOCK_S, THINKING_S) if limits.silence_s else None
        keeper = TimeKeeper(limits)
        try:
            result = record(self.session.path(take.audio), source, stop_on_silence=silence,
                            max_seconds=self.o.max_seconds, tap=live.feed,
                            on_progress=TakeWatch(self, take.kind, asked, live, bands, keeper, silence))
        finally:
            self.ui.end_progress()
        words = keeper.ended(result.stopped_by)
        if words:
            self.interject(words)
        return result

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

    def _plan(self) -> str:
        """The interview ahead in one line, with how long it takes."""
        o = self.o
        minutes = len(o.questions) * (MINUTES["answer"] + o.follow_ups * MINUTES["follow_up"]) + o.closing * MINUTES["closing"]
        themes = ", ".join(q.theme.replace("_", " ") for q in o.questions)
        what = f"{len(o.questions)} question{'s' * (len(o.questions) != 1)} ({themes})"
        asks = f", {o.follow_ups} follow-up{'s' * (o.follow_ups != 1)} each" if o.follow_ups else ""
        close = ", then your questions for the interviewer" if o.closing else ""
        return f"{'Full mock interview' if o.full else 'Mock interview'}: {what}{asks}{close}; about {minutes:.0f} minutes."

    def _follow_up(self, question: Question, answer, analysis) -> None:
        """The answer's probes (followups.choose), each asked, recorded and judged as a reply."""
        for i, probe in enumerate(followups.choose(analysis, self.o.follow_ups, self.asked)):
            self.asked.add(probe.text)
            self.ask(probe.text)
            _, _, reply = self.record("follow_up", question, probe.text, DEMO_REPLIES[i % len(DEMO_REPLIES)],
                                      follow_up_of=answer.id, probe=probe)
            self.show(reply, asked=probe.text)

    def show(self, document: dict, asked: str | None = None, answer_s: tuple[float, float] = ANSWER_TARGET_S) -> None:
        """A take's review as soon as it is ready (asked: the follow-up a reply answers; answer_s: the
        answer's band); in a full mock one line, as an interviewer keeps the feedback for the end (the
        scorecard)."""
        self.ui.say(render_brief(document, asked) if self.o.full
                    else "\n" + render_text(document, self.o.colour, asked=asked, answer_s=answer_s))

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
            "closing": o.closing, "full": o.full, "model": o.model or "embedded tiny.en",
            "stories": {qid: plan.id for qid, plan in o.plans.items()}, "target_s": o.target_s})
        if not o.demo:
            MicSource.check(o.input_device)  # no microphone: say so before the first question
        threading.Thread(target=warm_up_analysis, name="analysis-warm-up", daemon=True).start()
        with spinner("loading the Whisper model"):
            self.model = load_model(o.model)
        self.ui.say(f"{self._plan()} Session {self.session.id}")
        for number, question in enumerate(o.questions, 1):
            self.ui.say(f"\n── Question {number} of {len(o.questions)} [{question.id}] ──")
            self.ask(question.text)
            take, analysis, document = self.record("answer", question, question.text, question.id)
            self.show(document, answer_s=timing(take.target_s).answer_s)
            if analysis.transcript.words:
                self._follow_up(question, take, analysis)
        if o.closing:
            self.ask(closing.PROMPT)
            _, _, document = self.record("closing", None, closing.PROMPT, "closing")
            self.ui.say(f"\n{document['closing']['summary']}")
            for q in document["closing"]["questions"]:
                self.ui.say(f"  - {q['text']}  [{q['group'] or 'other'}]")
        if o.full:
            self.ui.say("\n" + render_scorecard(write_scorecard(self.session)))
        page = write_session_report(self.session, o.stories_dir)
        self.ui.say(f"\nSaved in {self.session.folder}; report: {page}. Progress over time: mockvoice history")
        return self.session
