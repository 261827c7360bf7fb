"""The terminal report of one take, from its review --json document: the figures, the STAR parts,
then (when the story type is known) its checklist item by item and the notes of the story told,
then the findings the checklist does not already show."""
from __future__ import annotations

from mockvoice.analysis.text import clock
from mockvoice.analysis.thresholds import ANSWER_TARGET_S
from mockvoice.report.document import figures, other_findings, part_at, part_rows, verdict
from mockvoice.report.stories import checklist_lines, notes_lines

_COLOURS = {"situation": "36", "task": "35", "action": "34", "result": "32", "ok": "32",
            "fail": "31", "warn": "33", "info": "2", "bold": "1", "dim": "2"}


def render_text(doc: dict, colour: bool = False, width: int = 60, asked: str | None = None,
                answer_s: tuple[float, float] = ANSWER_TARGET_S) -> str:
    """The terminal report of a review --json document. asked: the follow-up or closing question
    when the take is a reply rather than a STAR story (then there is no timeline and no parts);
    answer_s: the whole-answer band of the attempt (a time version's: thresholds.timing)."""
    def c(text: str, key: str) -> str:
        return f"\033[{_COLOURS[key]}m{text}\033[0m" if colour else text

    lines = []
    question = doc["question"]
    if asked:
        lines += [c(f"Reply to: {asked}", "bold"), ""]
    elif question["id"]:
        lines += [c(f"Q [{question['id']}] {question['text']}", "bold"), ""]
    words = doc["transcript"]["words"]
    if not words:
        return "\n".join(lines + ["No speech detected: nothing to analyse. Check the microphone or the file."])
    (_, length, target), (_, pace, band), (_, fillers, rate), (_, pauses, long) = figures(doc, not asked, answer_s)
    lines += [c("Answer", "bold") + f"  {length} ({target})  {pace} ({band})  {fillers} fillers ({rate})  "
              f"{pauses} pauses, {long}", ""]
    if asked:
        lines += _reply_lines(doc["reply"], c) if "reply" in doc else []
        return "\n".join(lines + _findings_lines(doc, c) + ["", c("Transcript", "bold"), f"  {doc['transcript']['text']}"])
    lines += [f"  {_timeline(doc, words, width, c)}", ""]
    for r in part_rows(doc):
        name = c(f"{r['name']:<10}", r["part"])
        lines.append(f"  {name} {c('missing', 'fail')}" if r["missing"] else
                     f"  {name} {r['span']}  {r['seconds']:5.1f} s  target {r['target']}  {r['status']:<5}  "
                     f"{r['wpm']:.0f} wpm  confidence {r['confidence']:.2f}")
    lines += ["", *_story_lines(doc, c), *_findings_lines(doc, c, answer_s), "", c("Transcript", "bold")]
    lines += [f"  {c(s['part'].upper(), s['part'])} {s['text']}" for s in doc["star"]]
    return "\n".join(lines)


def _reply_lines(reply: dict, c) -> list[str]:
    """A follow-up's reply judged against its probe: the sentence that answers it, or what is missing."""
    if reply["answered"]:
        return [c("Answered", "bold") + f": \"{reply['evidence']}\"", ""]
    declined = f" (\"{reply['evidence']}\")" if reply["evidence"] else ""
    return [c("Not answered", "warn") + f"{declined}: {reply['advice']}", ""]


def render_brief(doc: dict, asked: str | None = None) -> str:
    """One line for a take, as a full mock interview shows it (the reports come at the end)."""
    if asked:
        reply = doc.get("reply")
        if reply is None:
            return "  (reply recorded)"
        return "  (reply: answered)" if reply["answered"] else f"  (reply: not answered — {reply['advice']})"
    (_, length, target), *_ = figures(doc)
    parts = "".join(r["name"][0] if not r["missing"] else "·" for r in part_rows(doc))
    return f"  (answer reviewed: {length}, {target}; parts {parts}; {len(doc['findings'])} finding(s) — in the scorecard)"


def _timeline(doc: dict, words: list[dict], width: int, c) -> str:
    """One character per slice of the answer: the part's letter, '·' where no part is."""
    t0, t1 = words[0]["start"], words[-1]["end"]
    span = max(t1 - t0, 1e-6)
    bar = ""
    for i in range(width):
        part = part_at(doc["star"], t0 + (i + 0.5) * span / width)
        bar += c(part[0].upper(), part) if part else "·"
    return bar


def _story_lines(doc: dict, c) -> list[str]:
    """The checklist of the story type, met item by item, and the notes of the story told."""
    lines = []
    if doc.get("checklist"):
        items = doc["checklist"]["items"]
        lines += [c(f"Checklist ({doc['checklist']['story_type']}): {sum(i['ok'] for i in items)} of {len(items)} met",
                    "bold"), *checklist_lines(doc["checklist"], c), ""]
    if doc.get("story"):
        lines += [*notes_lines(doc["story"], c), ""]
    return lines


def _findings_lines(doc: dict, c, answer_s: tuple[float, float] = ANSWER_TARGET_S) -> list[str]:
    p = doc["pacing"]
    if doc["findings"]:
        lines = [c("Findings", "bold")]
        for f in other_findings(doc):
            at = f" @{clock(f['start'])}" if f["start"] is not None else ""
            severity = f["severity"]
            lines.append(f"  {c(f'{severity.upper():<4}', severity)} {f['code']}{at}: {f['message']}")
        if len(lines) == 1:
            lines.append("  only those of the checklist above")
    else:
        lines = [c(verdict(doc, bool(doc["star"]), answer_s), "bold")]
    if p["long_pauses"]:
        lines.append("Long pauses: " + ", ".join(f"{clock(x['start'])} ({x['duration_s']:.1f} s)" for x in p["long_pauses"]))
    if p["fillers"]:
        lines.append("Fillers: " + ", ".join(f"{f['text']} @{clock(f['start'])}" for f in p["fillers"][:20])
                     + (" …" if len(p["fillers"]) > 20 else ""))
    return lines
