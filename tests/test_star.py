import math

import pytest

from mockvoice.analysis.model import StarPart, Word
from mockvoice.analysis.star import best_labels, segment, split_sentences, units
from transcripts import GOOD_OUTAGE, build


def _overlap_accuracy(parts, spans, transcript):
    """Share of words whose predicted part is the true part."""
    right = 0
    for w in transcript.words:
        truth = next(p for p, (a, b) in spans.items() if a <= w.start <= b)
        pred = next((p.part for p in parts if p.start <= w.start <= p.end), None)
        right += truth == pred
    return right / len(transcript.words)


def test_complete_answer_gets_all_four_parts_in_order():
    transcript, spans = build(GOOD_OUTAGE)
    parts = segment(transcript)
    assert [p.part for p in parts] == ["situation", "task", "action", "result"]
    assert _overlap_accuracy(parts, spans, transcript) >= 0.95
    for p in parts:
        assert p.start < p.end and p.word_count > 0 and 0 <= p.confidence <= 1
        assert p.duration_s == p.end - p.start


def test_missing_task_is_not_invented():
    transcript, _ = build([s for s in GOOD_OUTAGE if s[0] != "task"])
    assert [p.part for p in segment(transcript)] == ["situation", "action", "result"]


def test_missing_result_is_not_invented():
    transcript, _ = build([s for s in GOOD_OUTAGE if s[0] != "result"])
    assert "result" not in [p.part for p in segment(transcript)]


def test_missing_situation_when_answer_starts_with_the_task():
    transcript, _ = build([s for s in GOOD_OUTAGE if s[0] != "situation"])
    assert [p.part for p in segment(transcript)][0] == "task"


def test_question_targets_override_defaults():
    transcript, _ = build(GOOD_OUTAGE)
    parts = segment(transcript, {"situation": (5.0, 15.0)})
    assert parts[0].target_s == (5.0, 15.0)
    assert parts[-1].target_s == (20.0, 40.0)


def test_sentences_split_on_punctuation_and_long_silence():
    transcript, _ = build([("situation", "we were slow"), ("task", "my job was speed.")], pause_s=1.5)
    assert [s.text for s in split_sentences(transcript.words)] == ["we were slow", "my job was speed."]


def test_empty_transcript_has_no_parts():
    transcript, _ = build([])
    assert segment(transcript) == ()


def test_a_sentence_is_read_with_the_clause_evidence_of_its_neighbours():
    from mockvoice.analysis.star import sentence_inputs
    transcript = build([("task", "I had to get the site back up."), ("action", "So I rolled the deploy back."),
                        ("result", "It was up again in ten minutes.")])[0]
    first, middle, last = sentence_inputs(split_sentences(transcript.words))
    assert "p:need=i:past" in middle and "n:q=1" in middle
    assert not any(name.startswith("p:") for name in first) and not any(name.startswith("n:") for name in last)
    assert not any(name.startswith(("p:w=", "n:w=", "p:x=")) for name in middle)  # words and position stay their own


def test_a_deed_is_evidence_apart_from_a_state_in_any_tense():
    from mockvoice.analysis.features import sentence_features
    from mockvoice.analysis.star import sentence_feature_names
    told_now = sentence_feature_names(sentence_features("I send two firefighters up the stairs."), 0.5, False, False)
    assert "act=i:present" in told_now  # a story told in the present is still the speaker's deeds
    state = sentence_feature_names(sentence_features("I think the stairs are the only way out."), 0.5, False, False)
    assert not any(name.startswith("act=") for name in state)


def _rows(*probs):
    """log P(part | sentence) rows from (S, T, A, R) probabilities."""
    return [[math.log(x) for x in row] for row in probs]


def _forward_only() -> list[list[float]]:
    """Transitions that keep S-T-A-R order and cost nothing else; row 4: into the first sentence."""
    return [[0.0 if k >= j else -1e9 for k in range(4)] for j in range(4)] + [[0.0] * 4]


def test_a_part_the_order_cannot_place_is_kept_where_it_is_said():
    # a Task stated mid-Action ("my manager was off, so it was down to me to decide"): the S-T-A-R
    # order has no place for it, and the sentence reads strongly as a Task
    rows = _rows((.9, .04, .03, .03), (.1, .05, .8, .05), (.05, .05, .85, .05), (.05, .8, .1, .05),
                 (.05, .1, .8, .05), (.05, .05, .1, .8))
    model = {"transitions": _forward_only(), "recover_p": 0.7}
    assert best_labels(rows, model) == [0, 2, 2, 1, 2, 3]


def test_weak_evidence_for_an_absent_part_does_not_invent_it():
    rows = _rows((.9, .04, .03, .03), (.1, .3, .55, .05), (.05, .05, .85, .05), (.05, .05, .1, .8))
    assert best_labels(rows, {"transitions": _forward_only(), "recover_p": 0.7}) == [0, 2, 2, 3]


def test_a_part_the_order_could_place_is_left_to_the_decoding():
    # a last Action sentence that reads a little like a Result: the decoding could have made it the
    # Result and did not, so it stays an Action (an answer without a Result gets none invented)
    rows = _rows((.9, .04, .03, .03), (.05, .9, .03, .02), (.02, .02, .95, .01), (.02, .02, .2, .76))
    transitions = _forward_only()
    transitions[2][3] = -3.0  # moving on to the Result costs more than the sentence's evidence for it
    assert best_labels(rows, {"transitions": transitions, "recover_p": 0.7}) == [0, 1, 2, 2]


def test_a_part_told_in_two_stretches_times_only_what_was_said():
    action = StarPart("action", 30.0, 118.0, 120, "", 0.9, (60.0, 90.0), spans=((30.0, 59.0), (80.0, 118.0)))
    assert action.duration_s == 29.0 + 38.0
    assert action.holds(40.0) and not action.holds(70.0) and action.holds(85.0, 90.0)
    assert StarPart("task", 5.0, 9.0, 9, "", 0.9, (10.0, 30.0)).holds(5.0, 9.0)


def test_a_late_task_is_reported_where_it_was_said():
    sentences = [
        ("situation", "I was a transport planner for a food distribution company with three hundred stores."),
        ("situation", "One Thursday we heard that the main bridge on our northern route would close that evening."),
        ("action", "The first thing I did was pull the list of affected loads and sort them by how perishable they were."),
        ("action", "Then I rang the two hauliers we use for overflow to ask how many extra trailers they had."),
        ("task", "My manager was off site that day, so it was down to me to decide whether to reroute everything."),
        ("action", "I went for the split, and I called the store managers myself to move their delivery windows."),
        ("action", "I booked the six confirmed trailers straight away instead of waiting for the other four."),
        ("result", "We delivered thirty-seven of the forty loads on time and wrote off no stock at all."),
    ]
    transcript, spans = build(sentences)
    parts = {p.part: p for p in segment(transcript)}
    assert set(parts) == {"situation", "task", "action", "result"}
    task_words = [w for w in transcript.words if parts["task"].holds(w.start, w.end)]
    assert " ".join(w.text for w in task_words).startswith("My manager was off site")
    assert not parts["action"].holds(task_words[0].start, task_words[0].end)


def test_an_answer_may_open_with_its_result_before_telling_the_story():
    # "We cut the cloud bill by forty percent, so that's the one I'd tell", then S-T-A-R and the Result again
    rows = _rows((.35, .02, .03, .6), (.9, .04, .03, .03), (.05, .9, .03, .02), (.02, .02, .95, .01),
                 (.02, .02, .06, .9))
    plain = {"transitions": _forward_only(), "recover_p": 0.7}
    assert best_labels(rows, plain) == [0, 0, 1, 2, 3]  # without the opening, it can only be context
    assert best_labels(rows, {**plain, "opening_result": [-2.0, -0.15]}) == [3, 0, 1, 2, 3]
    # a first sentence that reads more as context stays context
    rows[0] = _rows((.6, .02, .03, .35))[0]
    assert best_labels(rows, {**plain, "opening_result": [-2.0, -0.15]}) == [0, 0, 1, 2, 3]



def _timed(text: str) -> tuple[Word, ...]:
    return tuple(Word(t, 0.3 * i, 0.3 * i + 0.25, 0.9) for i, t in enumerate(text.split()))


def test_a_goal_told_in_the_same_breath_as_the_context_is_a_unit_of_its_own():
    words = _timed("Setting up each new customer took about a day of manual clicking, so I decided to take it on "
                   "and automate it.")
    assert [u.text for u in units(words)] == ["Setting up each new customer took about a day of manual clicking,",
                                              "so I decided to take it on and automate it."]


@pytest.mark.parametrize("text", [
    "I rang the supplier first thing on Monday, and then I drove over to see them myself.",  # no goal after
    "My job was to keep the site open all night, so I had to find a second generator.",      # a goal before too
    "I had to, and did.",                                                                     # too short to part
])
def test_a_sentence_without_a_goal_of_its_own_after_the_comma_stays_whole(text):
    assert len(units(_timed(text))) == 1
