"""The story checklists: item by item with evidence, on what was said and on the written notes."""
import pytest

from mockvoice.analysis.analyze import analyze, check_notes
from mockvoice.analysis.checklists import CHECKLISTS, RED_FLAGS, rules
from mockvoice.analysis.features import lemma
from mockvoice.analysis.model import Question, Story
from mockvoice.interview.bank import STORY_TYPES
from transcripts import GOOD_OUTAGE, build

OUTAGE = Question("outage-1", "Tell me about a time you handled a production outage.", "failure", "failure")


def test_every_story_type_has_a_checklist_of_lemmas():
    assert set(CHECKLISTS) == set(STORY_TYPES)
    for rule in (r for t in CHECKLISTS.values() for r in t):
        assert rule.item and rule.advice
        assert all(lemma(w) == w for w in rule.words), (rule.id, [w for w in rule.words if lemma(w) != w])
    codes = [r.emits for t in CHECKLISTS.values() for r in t if r.emits]
    assert sorted(codes) == sorted(["no_communication", "no_prevention", "no_recovery_time", "no_trade_offs",
                                    "no_adoption_metrics", "no_risk_mitigation", "no_growth_outcome",
                                    "no_improvement_plan"])


def test_red_flags_close_every_checklist_once():
    for kind in STORY_TYPES:
        ids = [r.id for r in rules(kind)]
        assert len(ids) == len(set(ids))
        flags = [r.flag for r in rules(kind) if r.flag]
        assert set(flags) == {r.flag for r in RED_FLAGS} and len(flags) == len(set(flags))


def test_spoken_checklist_items_with_sentence_and_time():
    transcript, _ = build(GOOD_OUTAGE)
    a = analyze(transcript, OUTAGE)
    items = {i.id: i for i in a.checklist.items}
    assert a.checklist.story_type == "failure"
    assert all(i.ok for i in items.values()), [i for i in items.values() if not i.ok]
    comm = items["communication"]
    assert comm.evidence == "I sent status updates to the stakeholders every fifteen minutes."
    sent = next(i for i, w in enumerate(transcript.words) if w.text == "sent")
    assert comm.start == transcript.words[sent - 1].start and comm.advice is None  # where "I sent…" begins
    assert items["recovery_time"].evidence.startswith("As a result the service was restored in 45 minutes")


def test_missing_item_gives_advice_and_its_finding():
    bare = [s for s in GOOD_OUTAGE if "status updates" not in s[1]]
    a = analyze(build(bare)[0], OUTAGE)
    item = next(i for i in a.checklist.items if i.id == "communication")
    assert not item.ok and item.evidence is None and item.start is None and "stakeholders" in item.advice
    assert "no_communication" in {f.code for f in a.findings}


def test_red_flag_follows_its_finding_and_points_at_the_sentence():
    blame = ("action", "The vendor ignored our tickets, it was their fault.")
    a = analyze(build(GOOD_OUTAGE[:6] + [blame] + GOOD_OUTAGE[6:])[0], OUTAGE)
    item = next(i for i in a.checklist.items if i.id == "no_blame")
    finding = next(f for f in a.findings if f.code == "blaming_others")
    assert not item.ok and item.evidence == blame[1] and item.start == finding.start
    assert item.advice == finding.message


def test_no_checklist_without_a_type_and_nothing_met_without_speech():
    transcript, _ = build(GOOD_OUTAGE)
    assert analyze(transcript).checklist is None
    from mockvoice.analysis.model import Transcript
    empty = analyze(Transcript((), 5.0), OUTAGE).checklist
    assert empty and not any(i.ok for i in empty.items)


def test_story_type_of_the_plan_wins():
    plan = Story("s", "t", "system_design", ("system_design",), {"action": ("chose Redis over Memcached",)})
    assert analyze(build(GOOD_OUTAGE)[0], OUTAGE, plan=plan).checklist.story_type == "system_design"


CACHE = Story("cache-migration", "Hotel search cache", "system_design", ("system_design",), {
    "situation": ("hotel search p95 of 4 s every Friday",),
    "action": ("read-through cache in Redis, two-minute expiry", "chose a cache over read replicas: stale for two minutes"),
    "result": ("p95 from 4 s to 600 ms",),
    "lessons": ("profile before designing",)})


def test_written_notes_against_the_checklist():
    items = {i.id: i for i in check_notes(CACHE).items}
    assert items["problem_statement"].ok and items["problem_statement"].evidence == "hotel search p95 of 4 s every Friday"
    assert items["trade_offs"].ok and items["quantified_result"].ok and items["lessons_learned"].ok
    assert not items["team_coordination"].ok and items["team_coordination"].advice
    assert all(i.start is None for i in items.values())


@pytest.mark.parametrize("kind", STORY_TYPES)
def test_empty_result_notes_have_no_numbers(kind):
    plan = Story("s", "t", kind, (kind,), {"action": ("did things",), "result": ("it went well",)})
    quantified = next(r.id for r in rules(kind) if r.flag == "no_quantified_result")
    assert not next(i for i in check_notes(plan).items if i.id == quantified).ok


def test_a_missing_part_does_not_stop_the_checklist():
    a = analyze(build([s for s in GOOD_OUTAGE if s[0] != "task"])[0], OUTAGE)
    assert "missing_task" in {f.code for f in a.findings}
    assert next(i for i in a.checklist.items if i.id == "communication").ok
