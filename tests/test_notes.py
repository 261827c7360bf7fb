"""Notes held against a transcript: said or skipped, when, the words heard; numbers; vocabulary."""
import pytest

from mockvoice.analysis.model import Story, Transcript, Word
from mockvoice.analysis.notes import match, numbers, tokenize, vocabulary


def transcript(*sentences: str) -> Transcript:
    words, t = [], 0.0
    for sentence in sentences:
        for token in sentence.split():
            words.append(Word(token, round(t, 2), round(t + 0.3, 2)))
            t += 0.4
        t += 1.2
    return Transcript(tuple(words), duration_s=t)


def story(**notes) -> Story:
    return Story("s", "A story", "system_design", ("system_design",),
                 {part: tuple(v) for part, v in notes.items()})


def said(notes_story: Story, *sentences: str) -> dict[str, bool]:
    return {m.note: m.said for m in match(notes_story, transcript(*sentences)).notes}


CACHE = story(action=["read-through cache in Redis, two-minute expiry", "request coalescing for cache misses",
                      "traced a week of requests", "rolled out behind a feature flag"],
              result=["p95 from 4 s to 600 ms", "database load down 60 %"])


def test_paraphrase_with_synonym_and_numbers_in_words():
    found = said(CACHE, "Then I put a Redis cache with a two minute TTL in front of the database.")
    assert found["read-through cache in Redis, two-minute expiry"]
    assert not found["request coalescing for cache misses"]  # shares "cache", says nothing else of it


@pytest.mark.parametrize("sentence", [
    "First I was tracing a week's worth of requests.",     # inflection
    "I traced one week of requests from production.",
    "So I trace a week of request logs.",
])
def test_inflections(sentence):
    assert said(CACHE, sentence)["traced a week of requests"]


@pytest.mark.parametrize("sentence", [
    "The p95 went from four seconds to six hundred milliseconds.",
    "The p95 went from 4 seconds to 600 milliseconds.",
    "p95 dropped from 4s to 600ms.",
])
def test_numbers_as_words_and_digits(sentence):
    result = match(CACHE, transcript(sentence))
    assert next(m for m in result.notes if m.note.startswith("p95")).said
    assert {n.text: n.said for n in result.numbers} == {"two-minute": False, "4 s": True, "600 ms": True,
                                                         "60 %": False}


def test_a_note_not_said_stays_unsaid():
    found = said(CACHE, "We had a campaign coming and the search was slow on Fridays.",
                 "I looked at caching options and picked the simplest one.",
                 "Load on the database went down a lot and users were happy.")
    assert not any(found.values()), found


def test_numbers_must_match_their_value_and_unit():
    result = match(CACHE, transcript("The p95 went from 4 minutes to 600 seconds and load fell 6 %."))
    assert {n.text: n.said for n in result.numbers} == {"two-minute": False, "4 s": False, "600 ms": False,
                                                         "60 %": False}


def test_time_heard_and_coverage():
    t = transcript("Every Friday the hotel search was slow.", "Then I rolled it out behind a feature flag.")
    result = match(CACHE, t)
    flag = next(m for m in result.notes if m.note == "rolled out behind a feature flag")
    assert flag.said and flag.heard == "rolled it out behind a feature flag."
    assert flag.start == next(w.start for w in t.words if w.text == "rolled")
    assert result.coverage == pytest.approx(1 / 6, abs=0.01)
    assert all(m.start is None and m.heard is None for m in result.notes if not m.said)


def test_transcription_slip_and_derivation():
    notes = story(action=["profiled the checkout service", "Redis for sessions"])
    found = said(notes, "I ran a profiler over checkout service.", "Session state went into Reddis.")
    assert found == {"profiled the checkout service": True, "Redis for sessions": True}


def test_tokens():
    keys = [t.key for t in tokenize("forty-five minutes, $2M and 40,000 users; one of them".split())]
    assert keys == ["45", "minute", "dollar", "2000000", "40000", "user", "one"]  # "one of": not a number


def test_numbers_listed_once_as_written():
    assert [n[0] for n in numbers(CACHE)] == ["two-minute", "4 s", "600 ms", "60 %"]


def test_vocabulary_terms_then_nouns():
    s = Story("s", "t", "system_design", (), {"action": ("read-through cache in Redis", "request coalescing")},
              terms=("PgBouncer",))
    words = vocabulary(s)
    assert words[0] == "PgBouncer" and "Redis" in words and "cache" in words
    assert "in" not in words
