"""The review --json document (schema 1): built from an Analysis (to_dict), and read back for the
reports (which part a word belongs to, the transcript in part blocks, the headline figures)."""
from __future__ import annotations

from dataclasses import asdict

from mockvoice.analysis.checklists import codes as checklist_codes
from mockvoice.analysis.model import PARTS, Analysis, join_words
from mockvoice.analysis.text import clock
from mockvoice.analysis.thresholds import ANSWER_TARGET_S, PACE_WPM

REVIEW_SCHEMA = 1  # the version of the review --json document (session.json has its own: store.SESSION_SCHEMA)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def to_dict(a: Analysis) -> dict:
    """The `review --json` document. Keys are a contract: add freely, never rename. "checklist" when
    the story type is known, "story" with a story of the user's: their fields are the dataclasses'."""
    p = a.pacing
    q = a.question
    doc = {
        "schema": REVIEW_SCHEMA,
        "audio": {"path": a.audio_path, "duration_s": _r(a.transcript.duration_s)},
        "question": {"id": q.id if q else None, "text": q.text if q else None, "theme": q.theme if q else None},
        "transcript": {
            "text": a.transcript.text,
            "words": [{"text": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                      for w in a.transcript.words],
        },
        "star": [{"part": s.part, "start": _r(s.start), "end": _r(s.end), "duration_s": _r(s.duration_s),
                  "spans": [[_r(a), _r(b)] for a, b in s.runs],
                  "target_s": list(s.target_s), "word_count": s.word_count, "text": s.text,
                  "confidence": s.confidence} for s in a.star],
        "pacing": {
            "wpm": p.wpm, "articulation_wpm": p.articulation_wpm, "total_s": p.total_s, "speech_s": p.speech_s,
            "word_count": p.word_count, "part_wpm": p.part_wpm,
            "pauses": [{"start": _r(x.start), "end": _r(x.end), "duration_s": _r(x.duration_s)} for x in p.pauses],
            "long_pauses": [{"start": _r(x.start), "end": _r(x.end), "duration_s": _r(x.duration_s)}
                            for x in p.long_pauses],
            "fillers": [{"text": f.text, "start": _r(f.start), "end": _r(f.end), "source": f.source}
                        for f in p.fillers],
            "fillers_per_min": p.fillers_per_min,
        },
        "findings": [{"code": f.code, "severity": f.severity, "message": f.message, "part": f.part,
                      "start": _r(f.start), "end": _r(f.end)} for f in a.findings],
    }
    if a.checklist:
        doc["checklist"] = asdict(a.checklist)
    if a.story:
        doc["story"] = asdict(a.story)
    return doc


def part_rows(doc: dict) -> list[dict]:
    """Every STAR part in order as the reports list it: part, name, missing; when present also
    span ("0:05–0:31"; "0:13–0:28, 0:37–0:50" for a part told in two stretches), seconds, target
    ("20–40 s"), status against it, wpm and confidence."""
    present = {p["part"]: p for p in doc["star"]}
    rows = []
    for name in PARTS:
        p = present.get(name)
        row = {"part": name, "name": name.title(), "missing": p is None}
        if p is not None:
            lo, hi = p["target_s"]
            row.update(span=", ".join(f"{clock(a)}–{clock(b)}" for a, b in spans(p)), seconds=p["duration_s"],
                       target=f"{lo:.0f}–{hi:.0f} s", status=status(p), confidence=p["confidence"],
                       wpm=doc["pacing"]["part_wpm"].get(name, 0))
        rows.append(row)
    return rows


def part_at(star: list[dict], t: float) -> str | None:
    """The STAR part whose span holds time t (a word's middle), if any."""
    return next((p["part"] for p in star for a, b in spans(p) if a - 0.05 <= t <= b + 0.05), None)


def spans(part: dict) -> list[list[float]]:
    """The stretches a reported part was told in (reports saved before there were spans: start to end)."""
    return part.get("spans") or [[part["start"], part["end"]]]


def blocks(doc: dict) -> list[tuple[str | None, list[dict]]]:
    """The transcript words as runs of the same part: [(part or None, words)]."""
    out: list[tuple[str | None, list[dict]]] = []
    for word in doc["transcript"]["words"]:
        part = part_at(doc["star"], (word["start"] + word["end"]) / 2)
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


def other_findings(doc: dict) -> list[dict]:
    """The findings a report lists after the checklist: those it does not already show as items."""
    shown = checklist_codes(doc["checklist"]["story_type"]) if doc.get("checklist") else set()
    return [f for f in doc["findings"] if f["code"] not in shown]


def figures(doc: dict, story: bool = True,
            answer_s: tuple[float, float] = ANSWER_TARGET_S) -> list[tuple[str, str, str]]:
    """The headline numbers of a take as (label, value, what it is judged against). story=False
    for a reply (follow-up, closing), which has no target length; answer_s: the whole-answer band
    (a time version's: thresholds.timing)."""
    p = doc["pacing"]
    lo, hi = answer_s
    return [("Length", clock(p["total_s"]), f"target {clock(lo)}–{clock(hi)}" if story else "a reply: no target"),
            ("Pace", f"{p['wpm']:.0f} wpm", f"band {PACE_WPM[0]:.0f}–{PACE_WPM[1]:.0f}"),
            ("Fillers", str(len(p["fillers"])), f"{p['fillers_per_min']:.1f}/min"),
            ("Pauses", str(len(p["pauses"])), f"{len(p['long_pauses'])} long")]


def verdict(doc: dict, story: bool = True, answer_s: tuple[float, float] = ANSWER_TARGET_S) -> str:
    """The one line shown when there are no findings, following from the figures: "complete and
    well-paced" only when every part is there and inside its band, the whole answer inside its band
    (answer_s: 2–3 min, or a time version's) and the pace inside its band; otherwise what is off
    target, with the figure and the target."""
    if not story:
        return "No findings."
    p, lo, hi = doc["pacing"], *answer_s
    off = [] if lo <= p["total_s"] <= hi else [f"the answer took {clock(p['total_s'])} against {clock(lo)}–{clock(hi)}"]
    off += [f"the {s['part'].title()} {s['duration_s']:.0f} s against {s['target_s'][0]:.0f}–{s['target_s'][1]:.0f} s"
            for s in doc["star"] if status(s) != "ok"]
    if not PACE_WPM[0] <= p["wpm"] <= PACE_WPM[1]:
        off.append(f"the pace {p['wpm']:.0f} wpm against {PACE_WPM[0]:.0f}–{PACE_WPM[1]:.0f}")
    missing = [name.title() for name in PARTS if name not in {s["part"] for s in doc["star"]}]
    if missing:
        off.insert(0, "no " + " or ".join(missing))
    if not off:
        return "No findings: a complete, well-paced STAR answer."
    return "No findings, but not yet on target: " + "; ".join(off) + "."
