"""Time-keeping on a fake clock: the note at the top of the window once, the silence countdown after
thinking time, "Let's stop there" at the limit, and a request to hear the question again."""
from mockvoice.analysis.model import Word
from mockvoice.audio.levels import SilenceDetector
from mockvoice.interview.timekeeping import STOP_THERE, THINKING_S, Limits, TimeKeeper, repeat_requests
from transcripts import build

ANSWER = Limits(band=(120.0, 180.0), max_s=240.0, silence_s=3.0)


def ticks(until_s: float, step_s: float = 0.2):
    """The recorder's progress calls: elapsed audio seconds, five a second."""
    return [round(i * step_s, 1) for i in range(int(until_s / step_s) + 1)]


def test_the_window_note_comes_once_at_the_top_of_the_window():
    keeper = TimeKeeper(ANSWER)
    notes = [(t, note) for t in ticks(240) for note in [keeper.note(t)] if note]
    assert [t for t, _ in notes] == [180.0]
    assert notes[0][1] == "We're at 3 minutes — take a moment to bring it to a close."


def test_a_time_version_is_noted_at_its_own_top():
    keeper = TimeKeeper(Limits(band=(96.0, 144.0), max_s=240.0, silence_s=None))
    assert [t for t in ticks(240) if keeper.note(t)] == [144.0]
    assert "2 minutes 24 seconds" in TimeKeeper(Limits((96.0, 144.0), 240.0, None)).note(150)


def test_no_note_for_a_reply_or_when_the_limit_comes_first():
    reply = TimeKeeper(Limits(band=None, max_s=240.0, silence_s=None))
    short_limit = TimeKeeper(Limits(band=(120.0, 180.0), max_s=150.0, silence_s=None))
    assert not any(reply.note(t) or short_limit.note(t) for t in ticks(240))


def test_the_line_says_where_the_answer_is():
    keeper = TimeKeeper(ANSWER)
    assert keeper.line(30, 0) == "keep going"
    assert keeper.line(150, 0) == "in the 2:00–3:00 window"
    assert keeper.line(200, 0) == "wrap up"
    assert TimeKeeper(Limits(None, 240.0, None)).line(30, 0) == "a reply"


def test_the_silence_countdown_waits_for_thinking_time():
    keeper = TimeKeeper(ANSWER)
    assert keeper.line(5.0, 4.0) == "take your time"
    assert keeper.line(20.0, 0.5) == "keep going"
    assert [keeper.line(20.0 + s, s) for s in (1.0, 1.5, 2.2, 2.9)] == [
        "silence: stopping in 2 s", "silence: stopping in 2 s", "silence: stopping in 1 s", "silence: stopping in 1 s"]
    assert keeper.line(5.0, 4.0, thinking_until_s=0.0) == "silence: stopping in 1 s"


def test_lets_stop_there_at_the_limit_only():
    assert TimeKeeper.ended("max") == STOP_THERE
    assert all(TimeKeeper.ended(reason) is None for reason in ("enter", "silence", "end", "interrupt"))


def silence_stop(levels_db, hold_s=3.0, not_before_s=0.0):
    """The block (0.1 s each) at which the detector ends the answer, or None."""
    detector = SilenceDetector(hold_s, 0.1, not_before_s)
    return next((i for i, db in enumerate(levels_db) if detector.push(db)), None)


def test_silence_never_ends_an_answer_in_the_thinking_time():
    speech_then_quiet = [-20.0] * 10 + [-80.0] * 300  # 1 s of speech, then 30 s of silence
    assert silence_stop(speech_then_quiet) == 39          # the 30th quiet block: 3 s after the speech
    assert silence_stop(speech_then_quiet, not_before_s=THINKING_S) == 99  # not before 10 s


def test_the_detector_says_how_long_it_has_been_quiet():
    detector = SilenceDetector(3.0, 0.1)
    for db in [-80.0] * 5:
        detector.push(db)
    assert detector.quiet_s == 0.0  # no speech yet: thinking, not silence
    for db in [-20.0] * 10 + [-80.0] * 15:
        detector.push(db)
    assert abs(detector.quiet_s - 1.5) < 1e-9
    detector.push(-20.0)
    assert detector.quiet_s == 0.0


def test_a_request_to_repeat_the_question_is_heard():
    transcript, _ = build([(None, "Sorry, could you repeat the question?"), (None, "Right, thanks."),
                           (None, "So the first thing I did was check the logs.")])
    assert repeat_requests(transcript.words) == [0.0]
    assert repeat_requests(build([(None, "I had to repeat the test twice.")])[0].words) == []
    assert repeat_requests((Word("Can", 1.0, 1.2), Word("you", 1.2, 1.3), Word("say", 1.3, 1.4),
                            Word("that", 1.4, 1.5), Word("again?", 1.5, 1.8))) == [1.0]
