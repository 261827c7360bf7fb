"""Replies judged as replies: for every kind of probe a scripted reply that answers it and one that does not."""
import pytest

from mockvoice.interview.followups import COMMON, GAPS
from mockvoice.interview.replies import EXPECTATIONS, classify, judge
from transcripts import build

# kind: (a question of that kind, a reply that answers it, a reply that does not)
CASES = {
    "metric": ("How did you measure success?",
               "We tracked checkout errors. They fell from 3% to 0.2% within a week.",
               "It went really well and everyone was happy with it."),
    "method": ("You said 60% — how did you arrive at that figure?",
               "I compared the database dashboards for the two weeks before and after the change.",
               "It was roughly that, I think it was a good result."),
    "change": ("What would you do differently?",
               "Looking back, I would set up the dashboards before making the change.",
               "Honestly, I wouldn't change anything, it went fine."),
    "alternative": ("You mentioned a Redis cache — why that rather than precomputing the results?",
                    "We considered precomputing, but the search filters had too many combinations, "
                    "so we chose a cache because it only stores what people actually ask for.",
                    "Redis is a great tool and the team liked working with it."),
    "trade_offs": ("What trade-offs did you consider, and why did you choose this design?",
                   "I chose eventual consistency over strong consistency because availability mattered more "
                   "to our users than a few seconds of stale data.",
                   "The design worked well and we shipped it on time."),
    "contingency": ("What would you have done if the feature flag rollout had failed?",
                    "I would have turned the flag off and rolled back to the old checkout within minutes.",
                    "It didn't fail, the rollout went smoothly."),
    "role": ("What did you personally do, as opposed to the team?",
             "I personally wrote the migration plan and I led the cutover night.",
             "The team handled it together and it went well."),
    "steps": ("Walk me through what you actually did, step by step.",
              "First I reproduced the error, then I bisected the releases, and finally I shipped a fix.",
              "It was a big effort from everyone involved."),
    "challenge": ("What was the biggest challenge?",
                  "The hardest part was the deadline, so I split the work into two releases.",
                  "It was a good project and I enjoyed it."),
    "tool": ("Which technique or tool did you use, and why that one?",
             "I used a profiler because the slow path was not obvious from the code.",
             "I just worked through it carefully."),
    "substance": ("What pushback did you get, and how did you handle it?",
                  "Two senior engineers worried about the cost, because it doubled our build minutes.",
                  "There was some, but it was fine in the end."),
    "communication": ("How did you keep stakeholders informed while it was happening?",
                      "I posted status updates in the incident channel every fifteen minutes.",
                      "I was focused on fixing the problem."),
    "prevention": ("What did you change so it could not happen again?",
                   "I added an alert on disk usage and wrote a postmortem with the team.",
                   "We were more careful after that."),
    "recovery_time": ("How long did it take to restore service, and what was the impact?",
                      "Service was restored in 45 minutes and about 5% of orders were delayed.",
                      "It took a while but we got there."),
    "adoption_metrics": ("How many people ended up using it, and how quickly?",
                         "Within two weeks all 40 engineers on the team had adopted it.",
                         "People liked it a lot."),
    "mitigation_plan": ("What was your plan if the decision turned out to be wrong?",
                        "We had a rollback plan and kept the old service running for a month.",
                        "I was confident it was the right call."),
    "growth_outcome": ("What could your mentee do at the end that they couldn't before?",
                       "She shipped the delivery estimate feature on her own and was promoted within the year.",
                       "We got along really well."),
    "improvement_plan": ("What concrete steps are you taking to improve on that?",
                         "I started a weekly practice session and I ask my lead for feedback after every talk.",
                         "It is something I think about."),
}


def reply(text):
    return build([(None, sentence) for sentence in text.split(". ") if sentence])[0]


def test_every_kind_of_probe_has_a_case():
    assert set(CASES) == set(EXPECTATIONS)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_reply_that_answers(kind):
    asked, good, _ = CASES[kind]
    judged = judge(asked, kind, None, reply(good))
    assert judged.answered, judged
    assert judged.evidence and judged.evidence.split()[0] in good and judged.advice is None


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_reply_that_does_not(kind):
    asked, _, bad = CASES[kind]
    judged = judge(asked, kind, None, reply(bad))
    assert not judged.answered, judged
    assert judged.advice == EXPECTATIONS[kind].advice


def test_saying_you_would_change_nothing_is_not_a_lesson_and_is_quoted():
    judged = judge("What would you do differently?", "change", None, reply("I would do exactly the same again."))
    assert not judged.answered and judged.evidence == "I would do exactly the same again."


def test_no_reply_heard():
    judged = judge("How did you measure success?", "metric", "no_quantified_result", build([])[0])
    assert not judged.answered and "No reply heard" in judged.advice
    assert judged.to_dict()["probe"] == "no_quantified_result"


def test_the_json_keys():
    keys = judge("How did you measure success?", "metric", None, reply(CASES["metric"][1])).to_dict()
    assert {"asked", "probe", "answered", "evidence", "advice"} <= set(keys)


def test_gap_and_common_questions_say_what_answers_them():
    for _, text, kind in GAPS:
        assert kind in EXPECTATIONS, text
    for text, kind in COMMON:
        assert classify(text) == kind


@pytest.mark.parametrize(("question", "kind"), [
    ("What would you do differently if you did it again?", "change"),
    ("Which trade-offs did you accept to ship it on time?", "trade_offs"),
    ("What was your fallback or rollback plan if you were wrong?", "contingency"),
    ("What tests or deployment safeguards did you add afterwards?", "prevention"),
    ("How did you get buy-in from your team and leadership?", "communication"),
    ("What were the numbers before and after?", "metric"),
    ("Why did you choose those technologies over the alternatives?", "alternative"),
    ("How did you find the bottleneck in the first place?", "method"),
    ("How did you divide the work among the engineers?", "steps"),
])
def test_bank_follow_ups_are_classified(question, kind):
    assert classify(question) == kind


def test_a_lead_in_is_quoted_with_the_sentence_after_it():
    transcript = build([(None, "Looking back."), (None, "I would set up the dashboards first.")])[0]
    judged = judge("What would you do differently?", "change", None, transcript)
    assert judged.answered and judged.evidence == "Looking back. I would set up the dashboards first."
