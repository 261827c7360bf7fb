"""Which stories are ready: per story its checklist met (written and last spoken), its attempts,
last and best length against the target, the coverage of its notes over time; and the seed's
"Success Checklist" over all the stories. Pure: stories, checklists and attempt rows in, data out."""
from __future__ import annotations

from dataclasses import dataclass

from mockvoice.analysis.checklists import rules
from mockvoice.analysis.model import Checklist, Story
from mockvoice.analysis.thresholds import STORY_READY_COVERAGE, TWO_MINUTES_S, timing


@dataclass(frozen=True)
class Attempt:
    """One answer told with a story (a take of an interview with --story or --stories-only)."""
    date: str
    total_s: float
    target_s: float | None          # the time version aimed at (None: the seed's 2–3 minutes)
    checklist: Checklist | None
    coverage: float | None
    codes: frozenset[str]           # its finding codes


@dataclass(frozen=True)
class Readiness:
    story: Story
    written: tuple[int, int]                # checklist items met in the notes, of all
    spoken: tuple[int, int] | None          # ... in the last attempt
    attempts: int
    last_s: float | None
    best_s: float | None                    # the attempt nearest the middle of its band
    band_s: tuple[float, float]             # the story's whole-answer band
    coverage: tuple[float, ...]             # notes said, per attempt, oldest first
    lengths: tuple[float, ...]              # seconds, per attempt
    met: tuple[int, ...]                    # checklist items met, per attempt
    ready: bool
    missing: tuple[str, ...]                # why not yet, in words


@dataclass(frozen=True)
class SuccessItem:
    item: str                               # the seed's wording
    ok: bool
    detail: str


def _met(checklist: Checklist) -> tuple[int, int]:
    return sum(i.ok for i in checklist.items), len(checklist.items)


def _in_band(attempt: Attempt) -> bool:
    lo, hi = timing(attempt.target_s).answer_s
    return lo <= attempt.total_s <= hi


def _gaps(written: Checklist, last: Attempt | None) -> list[str]:
    """What keeps a story from being ready, in words."""
    met, total = _met(written)
    gaps = [f"{total - met} checklist item(s) missing in the notes"] if met < total else []
    if last is None:
        return gaps + ["not practised yet"]
    if last.checklist and _met(last.checklist)[0] < len(last.checklist.items):
        gaps.append("checklist items not said in the last attempt")
    if (last.coverage or 0) < STORY_READY_COVERAGE:
        gaps.append(f"the last attempt said {last.coverage or 0:.0%} of the notes (aim: {STORY_READY_COVERAGE:.0%})")
    if not _in_band(last):
        lo, hi = timing(last.target_s).answer_s
        gaps.append(f"the last attempt took {last.total_s:.0f} s, outside {lo:.0f}–{hi:.0f} s")
    return gaps


def readiness(story: Story, written: Checklist, attempts: list[Attempt]) -> Readiness:
    """Ready: every item met in the notes and in the last attempt, which said at least
    STORY_READY_COVERAGE of the notes inside its length band."""
    last = attempts[-1] if attempts else None
    best = min(attempts, key=lambda a: abs(a.total_s - sum(timing(a.target_s).answer_s) / 2), default=None)
    gaps = _gaps(written, last)
    return Readiness(story, _met(written), _met(last.checklist) if last and last.checklist else None, len(attempts),
                     last.total_s if last else None, best.total_s if best else None, timing(story.target_s).answer_s,
                     tuple(a.coverage or 0.0 for a in attempts),
                     tuple(a.total_s for a in attempts), tuple(_met(a.checklist)[0] if a.checklist else 0 for a in attempts),
                     not gaps, tuple(gaps))


def _quantified(story: Story, written: Checklist) -> bool:
    item = next(r.id for r in rules(story.type) if r.flag == "no_quantified_result")
    return any(i.id == item and i.ok for i in written.items)


def success_checklist(rows: list[Readiness], written: dict[str, Checklist], attempts: dict[str, list[Attempt]],
                      good_questions: int) -> list[SuccessItem]:
    """The seed's Success Checklist over all stories, with what can be measured of it; good_questions:
    the most good questions asked in one closing take."""
    stories = [r.story for r in rows]
    n = len(stories)
    design = any(s.type == "system_design" for s in stories)
    quantified = sum(_quantified(s, written[s.id]) for s in stories)
    timed = sum(any(a.target_s is None and _in_band(a) for a in attempts.get(s.id, ())) for s in stories)
    two_min = sum(any(a.target_s == TWO_MINUTES_S and _in_band(a) for a in attempts.get(s.id, ())) for s in stories)
    clear = sum(bool(attempts.get(s.id)) and not {"jargon_heavy", "vague_technical_details"} & attempts[s.id][-1].codes
                for s in stories)
    return [
        SuccessItem("2-3 new stories added (system design focus)", n >= 2 and design,
                    f"{n} stor{'y' if n == 1 else 'ies'}, {'one' if design else 'none'} of them system design"),
        SuccessItem("All stories include quantifiable results", n > 0 and quantified == n,
                    f"{quantified} of {n} with numbers in the result notes"),
        SuccessItem("Technical depth balanced with clarity", n > 0 and clear == n,
                    f"{clear} of {n} last told neither vague nor too technical"),
        SuccessItem("Questions prepared to ask interviewer", good_questions >= 2,
                    f"{good_questions} good question(s) asked at the end of an interview (aim: 2)"),
        SuccessItem("Stories practiced and timed (2-3 min each)", n > 0 and timed == n,
                    f"{timed} of {n} told inside 2-3 minutes"),
        SuccessItem("2-min versions of each story (next step)", n > 0 and two_min == n,
                    f"{two_min} of {n} told as a 2-minute version (--target 2:00) inside its band"),
    ]
