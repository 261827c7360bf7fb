"""The questions of a full mock interview: the seed's three story types, two other themes, your stories first."""
import random

import pytest

from mockvoice.analysis.model import Story
from mockvoice.interview.bank import FULL_THEMES, BankError, full_mock, load_bank
from mockvoice.interview.interviewer import DEMO_FULL, choose_full

BANK = load_bank()


def story(sid, themes):
    return Story(sid, sid, "mentoring", tuple(themes), {"action": ("paired every week",)})


def test_five_questions_over_the_three_story_types_and_two_other_themes():
    for seed in range(20):
        questions, plans = full_mock(BANK, rng=random.Random(seed))
        themes = [q.theme for q in questions]
        assert len(questions) == 5 and themes[:3] == list(FULL_THEMES) and len(set(themes)) == 5 and plans == {}


def test_your_stories_themes_come_first_and_each_story_is_told_once():
    mine = [story("priya", ["mentoring"]), story("kafka-call", ["incomplete_info"]), story("search", ["system_design"])]
    questions, plans = full_mock(BANK, mine, rng=random.Random(1))
    assert [q.theme for q in questions] == [*FULL_THEMES, "mentoring", "incomplete_info"]
    assert {q.theme: plans[q.id].id for q in questions if q.id in plans} == {
        "system_design": "search", "mentoring": "priya", "incomplete_info": "kafka-call"}


def test_the_demo_asks_the_questions_with_bundled_answers():
    questions, plans = choose_full(BANK, [], demo=True)
    assert [q.id for q in questions] == list(DEMO_FULL) and plans == {}
    questions, _ = choose_full(BANK, [story("priya", ["mentoring"])], demo=True)
    assert {q.id for q in questions} == set(DEMO_FULL)


def test_a_bank_without_a_story_type_cannot_make_a_full_mock():
    without = {qid: q for qid, q in BANK.items() if q.theme != "innovation"}
    with pytest.raises(BankError, match="innovation"):
        full_mock(without)
