"""Analysis -> the JSON contract (schema 1) and the terminal report."""
from __future__ import annotations

from .model import PARTS, Analysis
from .text import clock
from .thresholds import ANSWER_TARGET_S, PACE_WPM

SCHEMA = 1


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def to_dict(a: Analysis) -> dict:
    """The `review --json` document. Keys are a contract: add freely, never rename."""
    p = a.pacing
    q = a.question
    return {
        "schema": SCHEMA,
        "audio": {"path": a.audio_path, "duration_s": _r(a.transcript.duration_s)},
        "question": {"id": q.id if q else None, "text": q.text if q else None, "theme": q.theme if q else None},
        "transcript": {
            "text": a.transcript.text,
            "words": [{"text": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                      for w in a.transcript.words],
        },
        "star": [{"part": s.part, "start": _r(s.start), "end": _r(s.end), "duration_s": _r(s.duration_s),
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


_COLOURS = {"situation": "36", "task": "35", "action": "34", "result": "32",
            "fail": "31", "warn": "33", "info": "2", "bold": "1", "dim": "2"}


def render_text(a: Analysis, colour: bool = False, width: int = 60, asked: str | None = None) -> str:
    """The terminal report. asked: the follow-up or closing question when the take is a reply
    rather than a STAR story (then there is no timeline and no parts)."""
    def c(text: str, key: str) -> str:
        return f"\033[{_COLOURS[key]}m{text}\033[0m" if colour else text

    p = a.pacing
    lines = []
    if asked:
        lines += [c(f"Reply to: {asked}", "bold"), ""]
    elif a.question:
        lines += [c(f"Q [{a.question.id}] {a.question.text}", "bold"), ""]
    if not a.transcript.words:
        return "\n".join(lines + ["No speech detected: nothing to analyse. Check the microphone or the file."])
    lo, hi = ANSWER_TARGET_S
    lines.append(c("Answer", "bold") + f"  {clock(p.total_s)} (target {clock(lo)}–{clock(hi)})  "
                 f"{p.wpm:.0f} wpm (band {PACE_WPM[0]:.0f}–{PACE_WPM[1]:.0f})  "
                 f"{len(p.fillers)} fillers ({p.fillers_per_min:.1f}/min)  "
                 f"{len(p.pauses)} pauses, {len(p.long_pauses)} long")
    lines.append("")
    if asked:
        return "\n".join(lines + _findings_lines(a, c) + ["", c("Transcript", "bold"), f"  {a.transcript.text}"])
    # STAR timeline: one character per slice of the answer, letter = part, '.' = none
    t0, t1 = a.transcript.words[0].start, a.transcript.words[-1].end
    span = max(t1 - t0, 1e-6)
    bar = ""
    for i in range(width):
        t = t0 + (i + 0.5) * span / width
        part = next((s for s in a.star if s.start <= t <= s.end), None)
        bar += c(part.part[0].upper(), part.part) if part else "·"
    lines.append(f"  {bar}")
    lines.append("")
    present = {s.part: s for s in a.star}
    for name in PARTS:
        s = present.get(name)
        if s is None:
            lines.append(f"  {c(f'{name.title():<10}', name)} {c('missing', 'fail')}")
            continue
        lo_s, hi_s = s.target_s
        mark = "ok" if lo_s <= s.duration_s <= hi_s else ("short" if s.duration_s < lo_s else "long")
        lines.append(f"  {c(f'{name.title():<10}', name)} {clock(s.start)}–{clock(s.end)}  "
                     f"{s.duration_s:5.1f} s  target {lo_s:.0f}–{hi_s:.0f} s  {mark:<5}  "
                     f"{p.part_wpm.get(name, 0):.0f} wpm  confidence {s.confidence:.2f}")
    lines.append("")
    lines += _findings_lines(a, c)
    lines.append("")
    lines.append(c("Transcript", "bold"))
    for s in a.star:
        lines.append(f"  {c(s.part.upper(), s.part)} {s.text}")
    return "\n".join(lines)


def _findings_lines(a: Analysis, c) -> list[str]:
    p = a.pacing
    if a.findings:
        lines = [c("Findings", "bold")]
        for f in a.findings:
            at = f" @{clock(f.start)}" if f.start is not None else ""
            severity = c(f"{f.severity.upper():<4}", f.severity)
            lines.append(f"  {severity} {f.code}{at}: {f.message}")
    else:
        lines = [c("No findings: a complete, well-paced STAR answer." if a.star else "No findings.", "bold")]
    if p.long_pauses:
        lines.append("Long pauses: " + ", ".join(f"{clock(x.start)} ({x.duration_s:.1f} s)" for x in p.long_pauses))
    if p.fillers:
        lines.append("Fillers: " + ", ".join(f"{f.text} @{clock(f.start)}" for f in p.fillers[:20])
                     + (" …" if len(p.fillers) > 20 else ""))
    return lines
