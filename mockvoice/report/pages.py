"""The HTML pages on disk: <session folder>/report.html (one page for every take of a session,
with links to the WAVs beside it) and <recordings>/history.html (progress over attempts)."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from mockvoice.report.history import attempts
from mockvoice.report.html_history import build_history
from mockvoice.report.html_session import ReportTake, build_report
from mockvoice.store import Session, StoreError, list_sessions, load_session, read_analysis

REPORT = "report.html"
HISTORY = "history.html"


def _write(path: Path, html: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)  # a reader never sees half a page
    except OSError as exc:  # disk full: the old page stays, no half-written temp file is left
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot save {path}: {exc.strerror or exc}") from exc


def write_history_report(root: Path) -> Path:
    """Write <root>/history.html from every session under root; returns its path."""
    root = Path(root)
    reports = {s.id: f"{quote(s.id)}/{REPORT}" for s in list_sessions(root) if s.path(REPORT).is_file()}
    path = root / HISTORY
    _write(path, build_history(attempts(root), reports, "Progress over attempts"))
    return path


def write_session_report(session: Session) -> Path:
    """Write <session folder>/report.html covering every take of the session (takes not analysed
    yet are listed with their audio), then refresh <recordings>/history.html. Returns the report's path."""
    takes = [ReportTake(t.id, t.kind, t.question_text, quote(t.audio), read_analysis(session, t))
             for t in session.takes]
    answers = sum(t.kind == "answer" for t in session.takes)
    subtitle = f"Session {session.id} · {answers} question{'s' * (answers != 1)}, {len(takes)} takes"
    html = build_report(f"Mock interview {session.created[:16].replace('T', ' ')}", subtitle, takes,
                        history_href=f"../{HISTORY}")
    path = session.path(REPORT)
    _write(path, html)
    write_history_report(session.root)
    return path


def find_target(root: Path, target: str) -> tuple[Session, str | None]:
    """The session (and take, if one was named) meant by: a session id or folder; a take's WAV or
    JSON inside a session folder; SESSION/TAKE; or a take id alone (the newest session with it)."""
    given = Path(target)
    if given.is_dir():
        return load_session(root, target), None
    if given.is_file():
        if not (given.parent / "session.json").is_file():
            raise StoreError(f"{target} is not inside a session folder (for a loose file: mockvoice review FILE)")
        session = load_session(root, str(given.parent))
        take = next((t for t in session.takes if given.name in (t.audio, t.analysis)), None)
        return session, take.id if take else None
    session_id, _, take_id = target.rpartition("/")
    if session_id:
        session = load_session(root, session_id)
        return session, session.take(take_id).id
    if (Path(root) / target / "session.json").is_file():
        return load_session(root, target), None
    for session in reversed(list_sessions(root)):
        if any(t.id == target for t in session.takes):
            return session, target
    raise StoreError(f"no session or take '{target}' in {root} (see: mockvoice history)")
