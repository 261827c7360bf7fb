"""Stories on the progress page and in the terminal: readiness, the Success Checklist, per-attempt charts."""
from mockvoice.analysis.analyze import check_notes
from mockvoice.analysis.model import Story
from mockvoice.analysis.readiness import Attempt, readiness, success_checklist
from mockvoice.report.html_history import build_history
from mockvoice.report.stories import check_json, render_check, render_stories

CACHE = Story("cache-migration", "Hotel search cache", "system_design", ("system_design",), {
    "situation": ("hotel search p95 of 4 s every Friday",),
    "action": ("read-through cache in Redis, two-minute expiry",),
    "result": ("p95 from 4 s to 600 ms",)})


def overview(attempts):
    written = {CACHE.id: check_notes(CACHE)}
    rows = [readiness(CACHE, written[CACHE.id], attempts)]
    return rows, success_checklist(rows, written, {CACHE.id: attempts}, good_questions=1)


def test_history_page_has_a_story_section_with_charts():
    attempts = [Attempt("2026-12-01 10:00", 200.0, None, None, 0.5, frozenset()),
                Attempt("2026-12-02 10:00", 150.0, None, None, 0.75, frozenset())]
    html = build_history({}, {}, "Progress", overview(attempts))
    assert "Your stories" in html and 'id="s-cache-migration"' in html
    assert "2 attempts" in html and "last 2:30, best 2:30" in html
    assert "Notes said, %" in html and "attempt 2: 75" in html and "attempt 1: 3:20" in html
    assert "Stories practiced and timed (2-3 min each)" in html and "2-3 new stories added" in html
    assert "Your stories" not in build_history({}, {}, "Progress", ([], []))


def test_stories_command_text():
    rows, success = overview([Attempt("2026-12-01 10:00", 150.0, None, None, 0.9, frozenset())])
    text = render_stories(rows, success, "stories")
    assert "cache-migration  (system_design)  Hotel search cache" in text
    assert "attempts: 1, last 2:30, best 2:30  (target 2:00–3:00)" in text and "notes said: 90%" in text
    assert "[ ] 2-3 new stories added (system design focus): 1 story, one of them system design" in text
    assert "[x] Stories practiced and timed (2-3 min each)" in text
    assert "No stories in stories yet" in render_stories([], success, "stories")


def test_check_text_and_json():
    checklist = check_notes(CACHE)
    doc = check_json(CACHE, checklist)
    assert doc["story"] == "cache-migration" and doc["type"] == "system_design"
    assert set(doc["checklist"]) == {"story_type", "items"}
    assert all(set(i) == {"id", "item", "ok", "evidence", "start", "advice"} for i in doc["checklist"]["items"])
    text = render_check(CACHE, checklist)
    assert '✓ Clear problem statement (performance, scalability, etc.) "hotel search p95 of 4 s every Friday"' in text
    assert "✗ Team coordination mentioned: Say how you worked with the team" in text


def test_markdown_has_the_checklist_and_the_notes():
    from dataclasses import asdict

    from mockvoice.analysis.analyze import analyze
    from mockvoice.report.document import to_dict
    from mockvoice.report.exports import to_markdown
    from transcripts import build

    transcript, _ = build([("situation", "Every Friday our hotel search was slow, a p95 of four seconds."),
                           ("action", "I put a read-through cache in Redis in front of it, with a two minute expiry."),
                           ("result", "The p95 went from four seconds to six hundred milliseconds."),
                           ("result", "I learned to profile before designing.")])
    a = analyze(transcript, plan=CACHE)
    doc = {**to_dict(a), "checklist": asdict(a.checklist), "story": asdict(a.story)}
    md = to_markdown(doc)
    assert "## Checklist (system_design): " in md and "- [ ] Team coordination mentioned: Say how" in md
    assert "- [x] Clear problem statement (performance, scalability, etc.) (0:00): “Every Friday" in md
    assert "## Story `cache-migration`: 3 of 3 notes said (100%)" in md
    assert "- [x] action: read-through cache in Redis, two-minute expiry (0:" in md
