"""Question banks: TOML files, one per theme (question_bank/ and any --bank DIR)."""
from __future__ import annotations

import math
import random
import re
import tomllib
from importlib import resources
from pathlib import Path

from mockvoice.analysis.model import PARTS, Question, Story

STORY_TYPES = ("system_design", "failure", "innovation", "optimization", "decision", "mentoring", "weakness")
# A full mock interview (seed: "Day 5: Mock Interview"): the three story types Week 2 prepares, then
# two other themes.
FULL_THEMES = ("system_design", "failure", "innovation")
FULL_OTHERS = 2
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # used with fullmatch: "$" would accept a trailing newline


class BankError(Exception):
    """A bank file that cannot be used; the message names the file and the problem."""


def builtin_bank_dir() -> Path:
    """The bundled question_bank/ (a source checkout keeps it beside the package)."""
    beside = Path(__file__).resolve().parents[2] / "question_bank"
    if beside.is_dir():
        return beside
    return Path(str(resources.files("mockvoice").joinpath("question_bank")))


def _targets(raw: object, where: str) -> dict[str, tuple[float, float]]:
    if not isinstance(raw, dict):
        raise BankError(f"{where}: 'targets' must be a table like {{ action = [60, 90] }}")
    out = {}
    for part, band in raw.items():
        if part not in PARTS:
            raise BankError(f"{where}: unknown part {part!r} in targets (use {', '.join(PARTS)})")
        seconds = _band(band)
        if seconds is None:
            raise BankError(f"{where}: targets.{part} must be [low, high] seconds with low <= high")
        out[part] = seconds
    return out


def _band(band: object) -> tuple[float, float] | None:
    """[low, high] as finite seconds with 0 <= low <= high, or None."""
    if (not isinstance(band, list) or len(band) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in band)):
        return None
    try:
        low, high = float(band[0]), float(band[1])
    except OverflowError:  # an integer beyond float range
        return None
    return (low, high) if 0 <= low <= high < math.inf else None


def _question(raw: object, file_theme: str, file_story: str, where: str) -> Question:
    if not isinstance(raw, dict):
        raise BankError(f"{where}: each [[questions]] entry must be a table")
    for key in ("id", "text"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise BankError(f"{where}: missing or empty '{key}'")
    qid = raw["id"]
    if not _ID.fullmatch(qid):
        raise BankError(f"{where}: id {qid!r} must be lower-case letters, digits and dashes")
    story = raw.get("story_type", file_story)
    if story not in STORY_TYPES:
        raise BankError(f"{where}: story_type {story!r} is not one of {', '.join(STORY_TYPES)}")
    follow_ups = raw.get("follow_ups", [])
    if not isinstance(follow_ups, list) or not all(isinstance(f, str) and f.strip() for f in follow_ups):
        raise BankError(f"{where}: 'follow_ups' must be a list of questions")
    return Question(id=qid, text=raw["text"].strip(), theme=file_theme, story_type=story,
                    follow_ups=tuple(follow_ups), targets=_targets(raw.get("targets", {}), where))


def load_file(path: Path) -> list[Question]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(f"{path}: cannot read: {exc}") from None
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError; also an integer over 4300 digits, deep nesting
        raise BankError(f"{path}: not valid TOML: {exc}") from None
    theme = data.get("theme", path.stem)
    if not isinstance(theme, str) or not _ID.fullmatch(theme.replace("_", "-")):
        raise BankError(f"{path}: 'theme' must be a short name like failure or system_design")
    story = data.get("story_type")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise BankError(f"{path}: no [[questions]] entries")
    return [_question(q, theme, story, f"{path}: question {i + 1}") for i, q in enumerate(questions)]


def load_bank(extra_dirs: list[Path] | None = None) -> dict[str, Question]:
    """All questions by id: the bundled bank, then each extra directory's *.toml."""
    bank: dict[str, Question] = {}
    for directory in [builtin_bank_dir(), *(extra_dirs or [])]:
        if not directory.is_dir():
            raise BankError(f"{directory}: question bank directory not found")
        for path in sorted(directory.glob("*.toml")):
            for q in load_file(path):
                if q.id in bank:
                    raise BankError(f"{path}: duplicate question id '{q.id}'")
                bank[q.id] = q
    return bank


def get_question(bank: dict[str, Question], qid: str) -> Question:
    if qid not in bank:
        raise BankError(f"unknown question id '{qid}' (see: mockvoice questions)")
    return bank[qid]


def pick(bank: dict[str, Question], theme: str | None = None, count: int = 3,
         rng: random.Random | None = None) -> list[Question]:
    """count questions, from one theme or spread over themes, without repeats."""
    pool = [q for q in bank.values() if theme is None or q.theme == theme]
    if not pool:
        themes = sorted({q.theme for q in bank.values()})
        raise BankError(f"unknown theme '{theme}' (themes: {', '.join(themes)})")
    rng = rng or random.Random()
    rng.shuffle(pool)
    if theme is None:  # one question per theme first, so three questions are three different stories
        by_theme: dict[str, Question] = {}
        for q in pool:
            by_theme.setdefault(q.theme, q)
        firsts = list(by_theme.values())
        pool = firsts + [q for q in pool if q not in firsts]
    return pool[:count]


def for_stories(bank: dict[str, Question], stories: list[Story], allowed: set[str] | None = None,
                rng: random.Random | None = None) -> list[Question]:
    """One question per story, from a theme the story answers, no question asked twice; allowed: the
    question ids that may be asked (the demo's, which have bundled answers), None for any."""
    rng = rng or random.Random()
    chosen: list[Question] = []
    for story in stories:
        pool = [q for q in bank.values() if q.theme in story.themes and q not in chosen
                and (allowed is None or q.id in allowed)]
        if not pool:
            where = f" among {', '.join(sorted(allowed))}" if allowed is not None else ""
            raise BankError(f"no question{where} answers story '{story.id}' (its themes: {', '.join(story.themes)})")
        chosen.append(rng.choice(pool))
    return chosen


def full_mock(bank: dict[str, Question], stories: list[Story] | tuple[Story, ...] = (), allowed: set[str] | None = None,
              rng: random.Random | None = None) -> tuple[list[Question], dict[str, Story]]:
    """The questions of a full mock interview: one of each of FULL_THEMES, then FULL_OTHERS other
    themes, those your stories answer first; and, by question id, the story of yours told in answer
    (each story once). allowed: the question ids that may be asked (the demo's), None for any."""
    rng = rng or random.Random()
    available = {q.theme for q in bank.values() if allowed is None or q.id in allowed}
    yours = [t for t in dict.fromkeys(t for s in stories for t in s.themes) if t in available and t not in FULL_THEMES]
    rest = sorted(available - set(FULL_THEMES) - set(yours))
    rng.shuffle(rest)
    questions: list[Question] = []
    plans: dict[str, Story] = {}
    unused = list(stories)
    for theme in [*FULL_THEMES, *(yours + rest)[:FULL_OTHERS]]:
        pool = [q for q in bank.values() if q.theme == theme and (allowed is None or q.id in allowed)]
        if not pool:
            raise BankError(f"a full mock interview needs a question on {theme}: the bank has none")
        questions.append(rng.choice(pool))
        story = next((s for s in unused if theme in s.themes), None)
        if story is not None:
            unused.remove(story)
            plans[questions[-1].id] = story
    return questions, plans
