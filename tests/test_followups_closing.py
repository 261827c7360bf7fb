from mockvoice.interview import closing
from mockvoice.interview import followups
from mockvoice.analysis.analyze import analyze
from mockvoice.analysis.model import Question
from transcripts import GOOD_OUTAGE, build

OUTAGE = Question("outage-1", "Tell me about a time you handled a production outage.", "failure", "failure")


def follow_up_for(sentences):
    transcript, _ = build(sentences)
    return followups.choose(analyze(transcript, OUTAGE), 1)[0]


def test_follow_up_probes_the_missing_result_first():
    probe = follow_up_for([s for s in GOOD_OUTAGE if s[0] != "result"])
    assert probe.about == "missing_result" and "measure success" in probe.text


def test_follow_up_asks_what_you_would_do_differently_without_lessons():
    story = [s for s in GOOD_OUTAGE if "learned" not in s[1]] + [("result", "Only 5% of checkouts failed that day.")]
    probe = follow_up_for(story)
    assert probe.about == "no_lessons_learned" and probe.text == "What would you do differently?"


def test_complete_answer_is_probed_in_depth():
    probe = follow_up_for(GOOD_OUTAGE)
    assert probe.kind == "depth" and probe.about in probe.text


def test_closing_counts_and_groups_questions():
    transcript, _ = build([
        (None, "Thanks, yes, I have a few."),
        (None, "What does a typical day look like for this role?"),
        (None, "How does the team handle code review and deployment?"),
        (None, "What opportunities are there for career growth?"),
        (None, "Nice weather today."),
    ])
    result = closing.review(transcript)
    assert [q.group for q in result.questions] == ["role", "team", "growth"]
    assert result.enough and "3 questions" in result.summary()


def test_closing_with_no_questions():
    transcript, _ = build([(None, "No, I think you covered everything, thank you.")])
    result = closing.review(transcript)
    assert result.questions == () and not result.enough
    assert "no questions" in result.summary()


def test_closing_question_without_question_mark_and_off_topic_one():
    transcript, _ = build([(None, "what does success look like in the first six months."),
                           (None, "Is there parking near the office?")])
    result = closing.review(transcript)
    assert [q.group for q in result.questions] == ["role", None]
    assert not result.enough
