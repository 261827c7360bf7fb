"""The story views in the terminal: `mockvoice stories` (each story's readiness and the seed's Success
Checklist), `mockvoice stories check` (the written story against its checklist, also as JSON), and
the checklist and notes sections of an answer's report. Pure: data in, text out."""
from __future__ import annotations

from dataclasses import asdict

from mockvoice.analysis.model import Checklist, Story
from mockvoice.analysis.readiness import Readiness, SuccessItem
from mockvoice.analysis.text import clock

_MARK = {True: "✓", False: "✗"}


def render_stories(rows: list[Readiness], success: list[SuccessItem], folder: str) -> str:
    if not rows:
        return (f"No stories in {folder} yet. Start one: mockvoice stories new cache-migration --type system_design\n\n"
                + _success(success))
    lines = [f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'} in {folder}", ""]
    for r in rows:
        lo, hi = r.band_s
        spoken = f", last spoken {r.spoken[0]}/{r.spoken[1]}" if r.spoken else ""
        lines += [f"{r.story.id}  ({r.story.type})  {r.story.title}",
                  f"  checklist: written {r.written[0]}/{r.written[1]}{spoken}",
                  f"  attempts: {r.attempts}" + (f", last {clock(r.last_s)}, best {clock(r.best_s)}" if r.attempts else "")
                  + f"  (target {clock(lo)}–{clock(hi)})"]
        if r.coverage:
            lines.append("  notes said: " + " → ".join(f"{c:.0%}" for c in r.coverage))
        lines += ["  ready" if r.ready else "  not ready yet: " + "; ".join(r.missing), ""]
    return "\n".join(lines) + "\n" + _success(success)


def _success(success: list[SuccessItem]) -> str:
    return "Success checklist\n" + "\n".join(f"  [{'x' if i.ok else ' '}] {i.item}: {i.detail}" for i in success)


def render_check(story: Story, checklist: Checklist) -> str:
    """The written story against its checklist: each item met by which note, or what to add."""
    met = sum(i.ok for i in checklist.items)
    lines = [f"{story.id}  ({story.type})  {story.title}", f"Checklist: {met} of {len(checklist.items)} met in the notes", ""]
    lines += checklist_lines(asdict(checklist))
    return "\n".join(lines)


def check_json(story: Story, checklist: Checklist) -> dict:
    """`stories check ID --json`."""
    return {"story": story.id, "type": story.type, "checklist": asdict(checklist)}  # the review document's shape


def checklist_lines(checklist: dict, c=lambda text, key: text) -> list[str]:
    """One line per item of a document's "checklist": ✓ with its evidence (and time, when said), or
    ✗ with what to add. c(text, key): colour."""
    lines = []
    for item in checklist["items"]:
        if item["ok"]:
            at = f" @{clock(item['start'])}" if item["start"] is not None else ""
            said = f"{at} \"{item['evidence']}\"" if item["evidence"] else ""
            lines.append(f"  {c(_MARK[True], 'ok')} {item['item']}{said}")
        else:
            lines.append(f"  {c(_MARK[False], 'fail')} {item['item']}: {item['advice']}")
    return lines


def notes_lines(story: dict, c=lambda text, key: text) -> list[str]:
    """The answer held against the story's notes (a review document's "story"): coverage, then every
    note said (when, and the words heard) or skipped, and the numbers not said."""
    said = [n for n in story["notes"] if n["said"]]
    lines = [c(f"Story {story['id']}: {len(said)} of {len(story['notes'])} notes said ({story['coverage']:.0%})", "bold")]
    for n in story["notes"]:
        if n["said"]:
            lines.append(f"  {c(_MARK[True], 'ok')} {n['part']}: {n['note']}  @{clock(n['start'])} \"{n['heard']}\"")
        else:
            lines.append(f"  {c('skipped', 'fail')} {n['part']}: {n['note']}")
    unsaid = [x["text"] for x in story["numbers"] if not x["said"]]
    if unsaid:
        lines.append("  numbers not said: " + ", ".join(unsaid))
    return lines
