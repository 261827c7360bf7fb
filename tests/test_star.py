from mockvoice.analysis.star import segment, split_sentences
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
