"""Reading the review --json document (mockvoice.report.to_dict) for the HTML report and the
exports: which part a word belongs to, the transcript in part blocks, the headline figures."""
from __future__ import annotations

from .model import join_words
from .text import clock
from .thresholds import ANSWER_TARGET_S, PACE_WPM


def _part_at(star: list[dict], t: float) -> str | None:
    """The STAR part whose span holds time t (a word's middle), if any."""
    return next((p["part"] for p in star if p["start"] - 0.05 <= t <= p["end"] + 0.05), None)


def blocks(doc: dict) -> list[tuple[str | None, list[dict]]]:
    """The transcript words as runs of the same part: [(part or None, words)]."""
    out: list[tuple[str | None, list[dict]]] = []
    for word in doc["transcript"]["words"]:
        part = _part_at(doc["star"], (word["start"] + word["end"]) / 2)
        if out and out[-1][0] == part:
            out[-1][1].append(word)
        else:
            out.append((part, [word]))
    return out


def attaches(token: str) -> bool:
    """A transcript token that continues the previous one without a space (',000', '%', '-region'),
    by the rule join_words applies."""
    return join_words(("a", token)) == "a" + token.strip()


def status(part: dict) -> str:
    """'ok', 'short' or 'long' against the part's target band."""
    lo, hi = part["target_s"]
    return "ok" if lo <= part["duration_s"] <= hi else ("short" if part["duration_s"] < lo else "long")


def seek_time(finding: dict, star: list[dict]) -> float | None:
    """The moment a finding points at: its own time, else the start of its part when present."""
    if finding["start"] is not None:
        return finding["start"]
    return next((p["start"] for p in star if p["part"] == finding["part"]), None)


def figures(doc: dict, story: bool = True) -> list[tuple[str, str, str]]:
    """The headline numbers of a take as (label, value, what it is judged against). story=False
    for a reply (follow-up, closing), which has no target length."""
    p = doc["pacing"]
    lo, hi = ANSWER_TARGET_S
    return [("Length", clock(p["total_s"]), f"target {clock(lo)}–{clock(hi)}" if story else "a reply: no target"),
            ("Pace", f"{p['wpm']:.0f} wpm", f"band {PACE_WPM[0]:.0f}–{PACE_WPM[1]:.0f}"),
            ("Fillers", str(len(p["fillers"])), f"{p['fillers_per_min']:.1f}/min"),
            ("Pauses", str(len(p["pauses"])), f"{len(p['long_pauses'])} long")]
