"""The HTML pages on disk: <session folder>/report.html (one page for every take of a session,
with links to the WAVs beside it) and <recordings>/history.html (progress over attempts); and the
scorecard of a full mock interview (session.json, <session folder>/scorecard.md)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from mockvoice.analysis.thresholds import timing
from mockvoice.report.history import attempts, stories_overview
from mockvoice.report.html_history import build_history
from mockvoice.report import scorecard
from mockvoice.report.html_session import ReportTake, build_report
from mockvoice.store import Session, list_sessions, read_analysis, write_atomic
from mockvoice.stories import DEFAULT_DIR, load_stories

REPORT = "report.html"
HISTORY = "history.html"
SCORECARD = "scorecard.md"


def write_history_report(root: Path, stories_dir: Path = DEFAULT_DIR) -> Path:
    """Write <root>/history.html from every session under root, with the stories in stories_dir
    first when there is such a folder (a story file that cannot be used: StoryError); returns its path."""
    root = Path(root)
    reports = {s.id: f"{quote(s.id)}/{REPORT}" for s in list_sessions(root) if s.path(REPORT).is_file()}
    stories = stories_overview(load_stories(stories_dir), root) if Path(stories_dir).is_dir() else None
    path = root / HISTORY
    write_atomic(path, build_history(attempts(root), reports, "Progress over attempts", stories))
    return path


def write_scorecard(session: Session) -> dict:
    """The session's scorecard from its takes' analyses (report.scorecard): kept in session.json
    and written as <session folder>/scorecard.md. Returns it."""
    docs = {t.id: read_analysis(session, t) for t in session.takes}
    session.scorecard = scorecard.build(session.takes, docs, session.closing)
    session.save()
    write_atomic(session.path(SCORECARD), scorecard.to_markdown(session.scorecard))
    return session.scorecard


def write_session_report(session: Session, stories_dir: Path = DEFAULT_DIR) -> Path:
    """Write <session folder>/report.html covering every take of the session (takes not analysed
    yet are listed with their audio), then refresh <recordings>/history.html (with the stories in
    stories_dir). Returns the report's path."""
    takes = [ReportTake(t.id, t.kind, t.question_text, quote(t.audio), read_analysis(session, t), t.probes, t.probe_kind,
                        timing(t.target_s).answer_s)
             for t in session.takes]
    answers = sum(t.kind == "answer" for t in session.takes)
    subtitle = f"Session {session.id} · {answers} question{'s' * (answers != 1)}, {len(takes)} takes"
    html = build_report(f"Mock interview {session.created[:16].replace('T', ' ')}", subtitle, takes,
                        history_href=f"../{HISTORY}", scorecard=session.scorecard)
    path = session.path(REPORT)
    write_atomic(path, html)
    write_history_report(session.root, stories_dir)
    return path
