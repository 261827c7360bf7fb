"""The user's stories on disk: one TOML file per story in the stories folder (default ./stories,
created on first use), read and checked, and the template `mockvoice stories new` writes."""
from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

from mockvoice.analysis.checklists import rules
from mockvoice.analysis.model import NOTE_PARTS, Story
from mockvoice.analysis.text import parse_clock
from mockvoice.interview.bank import STORY_TYPES

DEFAULT_DIR = Path("stories")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # used with fullmatch, like question ids


class StoryError(Exception):
    """A story file or folder that cannot be used; the message names the file and the problem."""


def _strings(raw: object, where: str, what: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise StoryError(f"{where}: {what} must be a list of non-empty strings")
    return tuple(x.strip() for x in raw)


def _target(raw: object, where: str) -> float | None:
    """target_s as seconds (120) or as "2:00"."""
    if raw is None:
        return None
    seconds = parse_clock(raw) if isinstance(raw, str) else raw
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds < math.inf:
        raise StoryError(f"{where}: target_s must be a length like 120 or \"2:00\"")
    return float(seconds)


def _notes(raw: object, where: str) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """The notes per part, and the terms when written among them."""
    if raw is None:
        raise StoryError(f"{where}: no notes yet: write the points you plan to make under [notes]")
    if not isinstance(raw, dict):
        raise StoryError(f"{where}: [notes] must be a table of lists, e.g. action = [\"traced a week of requests\"]")
    unknown = [k for k in raw if k not in (*NOTE_PARTS, "terms")]
    if unknown:
        raise StoryError(f"{where}: unknown part {unknown[0]!r} in [notes] (use {', '.join(NOTE_PARTS)}, terms)")
    notes = {part: _strings(raw[part], where, f"notes.{part}") for part in NOTE_PARTS if part in raw}
    if not any(notes.values()):
        raise StoryError(f"{where}: no notes yet: write the points you plan to make under [notes]")
    return notes, _strings(raw.get("terms", []), where, "notes.terms")


def load_story(path: Path, themes: set[str] | None = None) -> Story:
    """One story file; themes: the question themes there are (the bank's), to check its own against."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise StoryError(f"{path}: cannot read: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise StoryError(f"{path}: not valid TOML: {exc}") from None
    sid = data.get("id", path.stem)
    if not isinstance(sid, str) or not _ID.fullmatch(sid):
        raise StoryError(f"{path}: the story id {sid!r} must be lower-case letters, digits and dashes")
    title, kind = data.get("title"), data.get("type")
    if not isinstance(title, str) or not title.strip():
        raise StoryError(f"{path}: missing or empty 'title'")
    if kind not in STORY_TYPES:
        raise StoryError(f"{path}: type {kind!r} is not one of {', '.join(STORY_TYPES)}")
    story_themes = _strings(data.get("themes", [kind]), str(path), "themes")
    strange = [t for t in story_themes if themes is not None and t not in themes]
    if strange:
        raise StoryError(f"{path}: unknown theme {strange[0]!r} (themes: {', '.join(sorted(themes))})")
    notes, terms = _notes(data.get("notes"), str(path))
    return Story(id=sid, title=title.strip(), type=kind, themes=story_themes, notes=notes,
                 terms=_strings(data.get("terms", []), str(path), "terms") + terms,
                 target_s=_target(data.get("target_s"), str(path)))


def stories_dir(folder: Path) -> Path:
    """The stories folder, created on first use."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoryError(f"cannot create stories folder {folder}: {exc.strerror}") from None
    return folder


def load_stories(folder: Path, themes: set[str] | None = None) -> dict[str, Story]:
    """Every story in the folder by id, in file-name order."""
    stories: dict[str, Story] = {}
    for path in sorted(stories_dir(Path(folder)).glob("*.toml")):
        story = load_story(path, themes)
        if story.id in stories:
            raise StoryError(f"{path}: duplicate story id '{story.id}'")
        stories[story.id] = story
    return stories


def get_story(stories: dict[str, Story], sid: str, folder: Path) -> Story:
    if sid not in stories:
        known = f" (stories: {', '.join(stories)})" if stories else f" (none in {folder} yet: mockvoice stories new ID --type T)"
        raise StoryError(f"unknown story '{sid}'{known}")
    return stories[sid]


def new_story(folder: Path, sid: str, kind: str, themes: list[str]) -> Path:
    """Write the template of a story of type `kind` answering `themes`; the file must not exist yet."""
    if not _ID.fullmatch(sid):
        raise StoryError(f"the story id {sid!r} must be lower-case letters, digits and dashes")
    if kind not in STORY_TYPES:
        raise StoryError(f"type {kind!r} is not one of {', '.join(STORY_TYPES)}")
    path = stories_dir(Path(folder)) / f"{sid}.toml"
    if path.exists():
        raise StoryError(f"{path} already exists (mockvoice stories check {sid})")
    try:
        path.write_text(template(kind, themes, sid.replace("-", " ").capitalize()), encoding="utf-8")
    except OSError as exc:
        raise StoryError(f"cannot write {path}: {exc.strerror}") from None
    return path


def template(kind: str, themes: list[str], title: str) -> str:
    """A story file to fill in: the notes lists empty, the checklist of the type as comments."""
    checklist = "\n".join(f"#   - {r.item}: {r.advice}" for r in rules(kind))
    quoted = ", ".join(f'"{t}"' for t in themes)
    return f'''title = "{title}"  # one line: what the story is about
type = "{kind}"
themes = [{quoted}]  # the question themes it answers (see: mockvoice questions)
# target_s = "2:00"  # the length you practise it at (default 2-3 minutes)

# The points you plan to make, a few words each, per part. Numbers count: write them as you will
# say them ("p95 from 4 s to 600 ms"). `mockvoice stories check ID` holds them against the
# checklist of a {kind} story:
{checklist}
[notes]
situation = []
task = []
action = []
result = []
lessons = []
terms = []  # words Whisper should expect: product names, your jargon
'''
