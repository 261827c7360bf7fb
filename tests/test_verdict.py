"""The one-line verdict follows from the figures (report.document.verdict)."""
from mockvoice.report.document import verdict


def doc(total_s, parts, wpm=140.0):
    star = [{"part": p, "duration_s": d, "target_s": t} for p, d, t in parts]
    return {"pacing": {"total_s": total_s, "wpm": wpm}, "star": star}


ON_TARGET = [("situation", 30, (20, 40)), ("task", 20, (10, 30)), ("action", 75, (60, 90)), ("result", 30, (20, 40))]


def test_complete_and_on_target():
    assert verdict(doc(155, ON_TARGET)) == "No findings: a complete, well-paced STAR answer."


def test_short_answer_with_short_action_is_not_called_complete():
    parts = [(p, 45 if p == "action" else d, t) for p, d, t in ON_TARGET]
    line = verdict(doc(108, parts))
    assert "well-paced" not in line
    assert "1:48" in line and "Action 45 s against 60–90 s" in line


def test_missing_part_and_pace_are_named():
    line = verdict(doc(150, ON_TARGET[:3], wpm=180))
    assert "no Result" in line and "180 wpm" in line


def test_replies_have_no_story_verdict():
    assert verdict(doc(20, []), story=False) == "No findings."
