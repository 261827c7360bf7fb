"""The scorecard of a full mock interview, from the takes' own analysis documents."""
import json
import shutil
import subprocess
import sys

import pytest

from mockvoice.analysis.analyze import analyze
from mockvoice.analysis.model import Question
from mockvoice.interview.replies import judge
from mockvoice.report.document import to_dict
from mockvoice.report.scorecard import build, render_text, to_markdown
from mockvoice.store import TakeRecord, load_session, new_session
from transcripts import GOOD_OUTAGE, build as build_transcript

OUTAGE = Question("outage-1", "Tell me about a time you handled a production outage.", "failure", "failure")
DESIGN = Question("design-1", "Tell me about an architectural decision.", "system_design", "system_design")
WEAK = [("situation", "We had a slow search page at my last job."),
        ("task", "We had to make it faster."),
        ("action", "We looked into it and we changed some things and we tested it."),
        ("result", "In the end it was faster and people were happy.")]


def take(tid, kind, qid, text, follow_up_of=None):
    return TakeRecord(tid, kind, qid, text, f"{tid}.wav", "2026-12-01T10:00", follow_up_of=follow_up_of)


def answer_doc(sentences, question):
    return to_dict(analyze(build_transcript(sentences)[0], question))


def reply_doc(asked, expects, text):
    transcript = build_transcript([(None, text)])[0]
    doc = to_dict(analyze(transcript, story=False))
    doc["reply"] = judge(asked, expects, None, transcript).to_dict()
    return doc


def session():
    takes = [take("01-outage-1", "answer", "outage-1", OUTAGE.text),
             take("01-outage-1-follow-up", "follow_up", "outage-1", "What would you do differently?", "01-outage-1"),
             take("02-design-1", "answer", "design-1", DESIGN.text),
             take("02-design-1-follow-up", "follow_up", "design-1", "How did you measure success?", "02-design-1"),
             take("03-design-2", "answer", "design-2", DESIGN.text)]
    docs = {"01-outage-1": answer_doc(GOOD_OUTAGE, OUTAGE),
            "01-outage-1-follow-up": reply_doc("What would you do differently?", "change",
                                               "Next time I would add the alerts before the launch."),
            "02-design-1": answer_doc(WEAK, DESIGN),
            "02-design-1-follow-up": reply_doc("How did you measure success?", "metric", "People seemed happier."),
            "03-design-2": answer_doc(WEAK, DESIGN)}
    return takes, docs


def test_each_answers_figures_are_its_analysis_figures():
    takes, docs = session()
    card = build(takes, docs, {"summary": "You asked 2 questions.", "enough": True})
    assert [a["take"] for a in card["answers"]] == ["01-outage-1", "02-design-1", "03-design-2"]
    for row in card["answers"]:
        doc = docs[row["take"]]
        assert row["length_s"] == doc["pacing"]["total_s"] and row["wpm"] == doc["pacing"]["wpm"]
        assert row["fillers_per_min"] == doc["pacing"]["fillers_per_min"]
        assert row["parts"] == [p["part"] for p in doc["star"]]
        items = (doc.get("checklist") or {}).get("items")
        assert row["checklist"] == ({"met": sum(i["ok"] for i in items), "of": len(items)} if items else None)
    assert [a["follow_ups"] for a in card["answers"]] == [{"asked": 1, "answered": 1}, {"asked": 1, "answered": 0},
                                                          {"asked": 0, "answered": 0}]


def test_strongest_weakest_habits_and_practise():
    takes, docs = session()
    card = build(takes, docs, {"summary": "You asked no questions.", "enough": False})
    assert card["strongest"] == "01-outage-1" and card["weakest"] in ("02-design-1", "03-design-2")
    habits = {h["code"]: h["answers"] for h in card["habits"]}
    assert len(card["habits"]) <= 3 and all(len(qs) >= 2 for qs in habits.values())
    assert "no_quantified_result" in habits and habits["no_quantified_result"] == ["design-1", "design-2"]
    days = [p["day"] for p in card["practise"]]
    assert days[0] == "Day 1–2" and "design-1" in card["practise"][0]["what"]
    assert days[-1] == "Week 2 goal 4"  # no good questions for the interviewer


def test_fix_first_is_the_most_important_finding():
    takes, docs = session()
    card = build(takes, docs)
    weak = next(a for a in card["answers"] if a["take"] == "02-design-1")
    assert weak["fix_first"]["code"] in {f["code"] for f in docs["02-design-1"]["findings"]}
    assert weak["score"] < next(a["score"] for a in card["answers"] if a["take"] == "01-outage-1")


def test_rendered_for_the_terminal_and_markdown():
    takes, docs = session()
    card = build(takes, docs, {"summary": "You asked 2 questions.", "enough": True})
    text, markdown = render_text(card), to_markdown(card)
    for rendered in (text, markdown):
        assert "outage-1" in rendered and "design-2" in rendered and "Strongest answer: outage-1" in rendered
        assert "Day 1–2" in rendered
    assert "| question | length |" in markdown


@pytest.mark.slow
def test_review_session_makes_a_full_mocks_scorecard_again(answer, tmp_path):
    """review --session analyses a full mock's takes again and its scorecard follows the new analyses."""
    wav, _ = answer
    session = new_session(tmp_path, {"full": True})
    take_ = session.add_take("answer", "outage-1", OUTAGE.text)
    shutil.copy(wav, session.path(take_.audio))
    proc = subprocess.run([sys.executable, "-m", "mockvoice", "review", "--session", session.id, "--recordings",
                           str(tmp_path), "--json"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    [row] = out["scorecard"]["answers"]
    assert row["length_s"] == out["takes"][0]["pacing"]["total_s"] and row["take"] == take_.id
    assert load_session(tmp_path, session.id).scorecard == out["scorecard"]
    assert "# Scorecard" in (session.folder / "scorecard.md").read_text()
