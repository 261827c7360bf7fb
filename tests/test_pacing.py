import pytest

from mockvoice.analysis.model import Transcript, Word
from mockvoice.analysis.pacing import find_fillers, measure, speech_range
from mockvoice.analysis.star import segment
from transcripts import GOOD_OUTAGE, build


def words(text: str, step: float = 0.4) -> tuple[Word, ...]:
    return tuple(Word(tok, i * step, i * step + 0.3) for i, tok in enumerate(text.split()))


def test_wpm_counts_spoken_words_and_leaves_out_hesitations():
    transcript, _ = build([("action", "um I cut latency by 90% in 45 minutes")], wpm=120)
    pacing = measure(transcript)
    # spoken: I cut latency by ninety percent in forty five minutes = 10 words (um left out)
    assert pacing.word_count == 10
    span = transcript.words[-1].end - transcript.words[0].start
    assert pacing.wpm == pytest.approx(10 / span * 60, rel=0.01)


def test_pauses_counted_from_quarter_second_and_long_ones_listed():
    transcript, _ = build([("situation", "one two three."), ("task", "four five six."), ("action", "seven eight.")],
                          wpm=120, pauses={0: 0.3, 1: 2.5})
    pacing = measure(transcript)
    assert len(pacing.pauses) == 2
    assert [round(p.duration_s, 1) for p in pacing.long_pauses] == [2.5]
    assert pacing.articulation_wpm > pacing.wpm
    assert pacing.speech_s == pytest.approx(pacing.total_s - sum(p.duration_s for p in pacing.pauses), abs=0.02)


@pytest.mark.parametrize("text, expected", [
    ("So, um, I checked the logs", ["um"]),
    ("uh we had, like, no tests", ["uh", "like"]),
    ("I like Python and it looks like a bug", []),
    ("It was, you know, slow", ["you know"]),
    ("you know how caches work", []),
    ("I mean, it worked", ["i mean"]),
    ("I mean the service", []),
    ("Basically, I rewrote it and it actually worked", ["basically"]),
    ("Actually, some of them, I think, were fine", []),  # "in fact": the sentence's own word
    ("and then, actually, we just waited", ["actually"]),
    ("it was kind of slow and sort of broken", ["kind of", "sort of"]),
    ("what kind of database and this sort of thing", []),
])
def test_fillers_only_when_used_as_fillers(text, expected):
    assert [f.text for f in find_fillers(words(text))] == expected


def test_fillers_per_minute_and_per_part_wpm():
    transcript, _ = build(GOOD_OUTAGE, wpm=150)
    parts = segment(transcript)
    pacing = measure(transcript, parts)
    assert pacing.fillers == ()
    assert set(pacing.part_wpm) == {p.part for p in parts}
    for wpm in pacing.part_wpm.values():
        assert 120 < wpm < 170


def test_pauses_from_audio_silence_override_drifting_word_times():
    from mockvoice.analysis.model import Pause
    # Whisper stretched "three" over most of a 2 s silence; the audio says where the silence is
    ws = (Word("one", 0.0, 0.3), Word("two", 0.4, 0.7), Word("three", 0.8, 2.9), Word("four", 3.1, 3.4))
    quiet = [Pause(1.0, 3.05), Pause(3.5, 4.0)]
    pacing = measure(Transcript(ws, 4.0), (), quiet)
    assert [(p.start, p.end) for p in pacing.long_pauses] == [(1.0, 3.05)]
    assert measure(Transcript(ws, 4.0)).long_pauses == ()  # the word gaps alone miss it
    assert pacing.total_s == 3.4


def test_speech_range_skips_lead_in_silence():
    from mockvoice.analysis.model import Pause
    ws = (Word("So,", 0.0, 0.9), Word("we", 1.0, 1.2))
    assert speech_range(ws, [Pause(0.0, 0.6)]) == (0.6, 1.2)


def test_empty_transcript():
    pacing = measure(Transcript((), 3.0))
    assert pacing.word_count == 0 and pacing.wpm == 0
