"""Readiness per story and the seed's Success Checklist."""
from mockvoice.analysis.analyze import check_notes
from mockvoice.analysis.model import Checklist, ChecklistItem, Story
from mockvoice.analysis.readiness import Attempt, readiness, success_checklist

DESIGN = Story("cache", "Cache", "system_design", ("system_design",), {
    "situation": ("hotel search p95 of 4 s every Friday",),
    "action": ("chose a read-through cache in Redis over read replicas", "paired with two engineers on the rollout"),
    "result": ("p95 from 4 s to 600 ms",), "lessons": ("profile before designing",)})
OUTAGE = Story("outage", "Outage", "failure", ("failure",), {"action": ("rolled back",), "result": ("it worked",)})


def spoken(met: bool) -> Checklist:
    return Checklist("system_design", (ChecklistItem("a", "A", True, "x", 1.0, None),
                                       ChecklistItem("b", "B", met, None, None, None if met else "say B")))


def attempt(total_s, target_s=None, met=True, coverage=0.9, codes=()):
    return Attempt("2026-12-01 10:00", total_s, target_s, spoken(met), coverage, frozenset(codes))


def test_ready_only_when_notes_last_attempt_coverage_and_length_agree():
    written = check_notes(DESIGN)
    assert all(i.ok for i in written.items), [i.id for i in written.items if not i.ok]
    assert readiness(DESIGN, written, [attempt(150)]).ready
    for last in (attempt(150, met=False), attempt(150, coverage=0.5), attempt(100)):
        r = readiness(DESIGN, written, [attempt(150), last])
        assert not r.ready and len(r.missing) == 1, r.missing
    r = readiness(DESIGN, written, [attempt(200, coverage=0.5), attempt(150, coverage=0.9)])
    assert (r.attempts, r.last_s, r.best_s, r.coverage, r.spoken) == (2, 150, 150, (0.5, 0.9), (2, 2))
    assert not readiness(DESIGN, written, []).ready


def test_two_minute_version_judged_against_its_own_band():
    r = readiness(DESIGN, check_notes(DESIGN), [attempt(125, target_s=120)])
    assert r.ready and r.band_s == (120.0, 180.0)  # the story's own band; the attempt's was 96-144 s


def test_success_checklist():
    stories = [DESIGN, OUTAGE]
    written = {s.id: check_notes(s) for s in stories}
    attempts = {"cache": [attempt(150), attempt(110, target_s=120)], "outage": [attempt(140, codes={"jargon_heavy"})]}
    rows = [readiness(s, written[s.id], attempts.get(s.id, [])) for s in stories]
    items = {i.item: i for i in success_checklist(rows, written, attempts, good_questions=2)}
    assert items["2-3 new stories added (system design focus)"].ok
    assert not items["All stories include quantifiable results"].ok  # "it worked"
    assert items["All stories include quantifiable results"].detail == "1 of 2 with numbers in the result notes"
    assert not items["Technical depth balanced with clarity"].ok
    assert items["Questions prepared to ask interviewer"].ok
    assert items["Stories practiced and timed (2-3 min each)"].ok
    assert not items["2-min versions of each story (next step)"].ok
    assert items["2-min versions of each story (next step)"].detail.startswith("1 of 2")
