"""Past sessions and, per question, every attempt with its key figures, so progress shows; per story
of the user's, its attempts and how ready it is (analysis.readiness)."""
from __future__ import annotations

from pathlib import Path

from mockvoice.analysis.analyze import check_notes
from mockvoice.analysis.model import PARTS, Checklist, ChecklistItem, Story
from mockvoice.analysis.readiness import Attempt, Readiness, SuccessItem, readiness, success_checklist
from mockvoice.store import list_sessions, read_analysis
from mockvoice.analysis.text import clock


def attempts(root: Path) -> dict[str, list[dict]]:
    """Per question id, its answers in time order: date, total, part seconds, wpm, fillers, findings."""
    out: dict[str, list[dict]] = {}
    for session in list_sessions(root):
        for take in session.takes:
            if take.kind != "answer":
                continue
            doc = read_analysis(session, take)
            row = {"session": session.id, "take": take.id, "date": take.started[:16].replace("T", " "),
                   "question": take.question_text, "analysed": doc is not None}
            if doc:
                pacing = doc["pacing"]
                row.update(total_s=pacing["total_s"], wpm=pacing["wpm"], fillers_per_min=pacing["fillers_per_min"],
                           parts={p["part"]: p["duration_s"] for p in doc["star"]},
                           findings=len(doc["findings"]))
            out.setdefault(take.question_id or "?", []).append(row)
    return out


def story_attempts(root: Path) -> dict[str, list[Attempt]]:
    """Per story id, the analysed answers told from it, in time order."""
    out: dict[str, list[Attempt]] = {}
    for session in list_sessions(root):
        for take in session.takes:
            doc = read_analysis(session, take) if take.kind == "answer" and take.story else None
            if doc is None:
                continue
            listed = doc.get("checklist")
            checklist = (Checklist(listed["story_type"], tuple(ChecklistItem(**i) for i in listed["items"]))
                         if listed else None)
            out.setdefault(take.story, []).append(Attempt(
                take.started[:16].replace("T", " "), doc["pacing"]["total_s"], take.target_s, checklist,
                (doc.get("story") or {}).get("coverage"), frozenset(f["code"] for f in doc["findings"])))
    return out


def most_good_questions(root: Path) -> int:
    """The most good questions asked in one closing take (the interviewer's "any questions for me?")."""
    return max((s.closing["good_count"] for s in list_sessions(root) if s.closing), default=0)


def stories_overview(stories: dict[str, Story], root: Path) -> tuple[list[Readiness], list[SuccessItem]]:
    """How ready each story is, and the seed's Success Checklist over them, from the sessions under root."""
    written = {sid: check_notes(story) for sid, story in stories.items()}
    attempts = story_attempts(root)
    rows = [readiness(story, written[sid], attempts.get(sid, [])) for sid, story in stories.items()]
    return rows, success_checklist(rows, written, attempts, most_good_questions(root))


def render(root: Path) -> str:
    sessions = list_sessions(root)
    if not sessions:
        return f"No sessions in {root} yet: run mockvoice interview."
    lines = [f"{len(sessions)} session(s) in {root}", ""]
    for session in sessions:
        answers = sum(t.kind == "answer" for t in session.takes)
        lines.append(f"  {session.id}  {answers} answer(s), {len(session.takes)} take(s)"
                     + (f"  closing: {session.closing['good_count']} good question(s)" if session.closing else ""))
    lines.append("")
    for qid, rows in attempts(root).items():
        lines.append(f"{qid}: {rows[0]['question']}")
        for r in rows:
            if not r["analysed"]:
                lines.append(f"  {r['date']}  not analysed yet: mockvoice review --session {r['session']}")
                continue
            parts = " ".join(f"{p[0].upper()} {r['parts'][p]:.0f}s" if p in r["parts"] else f"{p[0].upper()} –"
                             for p in PARTS)
            lines.append(f"  {r['date']}  {clock(r['total_s'])}  {parts}  {r['wpm']:.0f} wpm  "
                         f"{r['fillers_per_min']:.1f} fillers/min  {r['findings']} finding(s)")
        lines.append("")
    return "\n".join(lines).rstrip()
