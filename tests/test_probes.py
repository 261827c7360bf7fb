"""Follow-up probes chosen from what was said: the biggest gap, a depth probe in the answer's own words,
the bank's follow-ups, the common ones; never a question twice in a session."""
from mockvoice.analysis.analyze import analyze
from mockvoice.analysis.model import Question
from mockvoice.interview import followups
from mockvoice.interview.depth import mentions
from transcripts import GOOD_OUTAGE, build

OUTAGE = Question("outage-1", "Tell me about a time you handled a production outage.", "failure", "failure",
                  follow_ups=("How did you find the root cause?", "What did you do to make sure it would not happen again?"))
DESIGN = Question("design-1", "Tell me about a significant architectural decision.", "system_design", "system_design",
                  follow_ups=("How did you find the bottleneck in the first place?",))
CACHE_ANSWER = [
    ("situation", "Our hotel search page took four seconds at peak and the campaign was about to double traffic."),
    ("task", "As the tech lead I had six weeks to get it under one second."),
    ("action", "First I traced a week of requests and found that most of the time went into the same searches."),
    ("action", "I put a read-through cache in Redis in front of the search service, with a two-minute expiry."),
    ("action", "I worked with the two other engineers and reviewed every change with them."),
    ("result", "The p95 fell from four seconds to 600 milliseconds and database load dropped by 60%."),
    ("result", "I learned to profile before designing anything."),
]


def analysed(sentences, question=DESIGN):
    transcript, _ = build(sentences)
    return analyze(transcript, question)


def test_a_named_technology_gets_a_probe_in_the_answers_own_words():
    [probe] = [p for p in followups.candidates(analysed(CACHE_ANSWER))[1] if "Redis" in p.text]
    assert probe.text == "You mentioned a read-through cache in Redis — why that rather than precomputing the results?"
    assert probe.kind == "depth" and probe.about == "a read-through cache in Redis" and probe.expects == "alternative"


def test_a_figure_gets_a_probe_about_how_it_was_measured():
    figures = [m for m in mentions(build(CACHE_ANSWER)[0]) if m.template == "figure"]
    assert [m.question for m in figures] == ["You said 60% — how did you arrive at that figure?"]
    sentences = [("action", "I moved the oldest partitions to cold storage, freeing about 40% of the disk.")]
    [figure] = [m for m in mentions(build(sentences)[0]) if m.template == "figure"]
    assert figure.words == "40% of the disk" and figure.expects == "method"


def test_a_decision_is_probed_in_the_second_person():
    sentences = [("action", "I decided to move our audit logs into cold storage, keeping a week online.")]
    [decision] = [m for m in mentions(build(sentences)[0]) if m.template == "decision"]
    assert decision.question == "You decided to move your audit logs into cold storage — why that, and what else did you consider?"


def test_a_risky_step_gets_a_what_if():
    sentences = [("action", "We rolled the new checkout out behind a feature flag, one country at a time.")]
    questions = [m.question for m in mentions(build(sentences)[0])]
    assert "What would you have done if the feature flag rollout had failed?" in questions


def test_a_choice_already_weighed_is_not_asked_why_again():
    sentences = [("action", "I chose a 30-second cache lifetime rather than reading live data per request.")]
    assert not [m for m in mentions(build(sentences)[0]) if m.template in ("why", "decision")]


def test_verbs_and_adjectives_are_not_taken_for_technologies():
    sentences = [("action", "I watched the queued orders drain."), ("result", "The lesson was to profile first.")]
    assert not [m for m in mentions(build(sentences)[0]) if m.template == "why"]


def test_order_of_value_gap_then_depth_then_bank_then_common():
    no_lessons = [s for s in CACHE_ANSWER if "learned" not in s[1]]
    probes = followups.choose(analysed(no_lessons), 5)
    assert [p.kind for p in probes] == ["gap", "depth", "bank", "common", "common"]
    assert probes[0].text == "What would you do differently?" and probes[0].about == "no_lessons_learned"
    assert "Redis" in probes[1].text or "cache" in probes[1].text
    assert probes[2].text == "How did you find the bottleneck in the first place?" and probes[2].expects == "method"


def test_default_is_two_probes_and_never_a_question_twice_in_a_session():
    asked: set[str] = set()
    first = followups.choose(analysed(GOOD_OUTAGE, OUTAGE), asked=asked)
    asked |= {p.text for p in first}
    second = followups.choose(analysed(GOOD_OUTAGE, OUTAGE), asked=asked)
    assert len(first) == len(second) == followups.DEFAULT_COUNT
    assert not {p.text for p in first} & {p.text for p in second}


def test_a_gap_already_asked_gives_way_to_the_next_gap():
    no_result_numbers = [s for s in GOOD_OUTAGE if s[0] != "result"] + [("result", "It all went back to normal.")]
    analysis = analysed(no_result_numbers, OUTAGE)
    gaps = [p.text for p in followups.candidates(analysis)[0]]
    assert len(gaps) >= 2
    [probe] = followups.choose(analysis, 1, asked={gaps[0]})
    assert probe.text == gaps[1]


def test_bank_follow_ups_are_used_when_there_is_no_gap_or_depth():
    plain = [("situation", "Last year our payment service went down on a Friday evening."),
             ("task", "My job was to restore the service within one hour."),
             ("action", "I joined the incident call and restarted the service."),
             ("result", "It was back in 45 minutes and I learned to add alerts first.")]
    probes = followups.choose(analysed(plain, OUTAGE), 3)
    assert [p.text for p in probes if p.kind == "bank"][:1] == ["How did you find the root cause?"]
    assert len({p.text for p in probes}) == 3


def test_zero_follow_ups():
    assert followups.choose(analysed(GOOD_OUTAGE, OUTAGE), 0) == []
