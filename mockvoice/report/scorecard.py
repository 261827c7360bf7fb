"""The scorecard of a full mock interview (seed: "Day 5: Mock Interview — full behavioral mock
interview, practice all stories, get feedback"): per answer its figures — length against target,
STAR parts, checklist items met, pace, fillers a minute, follow-ups answered, the one thing to fix
first — and overall the strongest and weakest answer, the three habits to work on (findings that
recur across answers) and what to practise next in the terms of the seed's Day 1–4 plan. Pure: the
takes' analysis documents in, a dict out (kept in session.json) and its text and Markdown forms."""
from __future__ import annotations

from mockvoice.analysis.model import PARTS
from mockvoice.analysis.text import clock
from mockvoice.analysis.thresholds import FILLERS_PER_MIN_MAX, PACE_WPM, timing
from mockvoice.report.exports import md_escape

# The one thing to fix first: the first of these an answer has (then any other finding, worst first).
FIX_ORDER = ("no_speech", "speech_not_understood", "not_a_story", "missing_result", "missing_action", "missing_task",
             "missing_situation", "no_quantified_result", "low_personal_ownership", "blaming_others",
             "no_lessons_learned", "no_trade_offs", "no_prevention", "no_communication", "no_recovery_time",
             "no_adoption_metrics", "no_risk_mitigation", "no_growth_outcome", "no_improvement_plan",
             "vague_technical_details", "jargon_heavy", "negative_framing", "too_long", "too_short", "part_too_long",
             "part_too_short", "pace_too_fast", "pace_too_slow", "many_fillers", "long_pause")
NOT_HABITS = frozenset({"no_speech", "speech_not_understood", "low_confidence_transcript"})  # the recording's, not yours
HABITS_SHOWN = 3
# A habit in the seed's words ("Red Flags to Avoid", the checklists); other codes keep their finding's message.
HABIT_ADVICE = {
    "no_quantified_result": "Quantify every result: time saved, % faster, errors avoided, money, users.",
    "no_lessons_learned": "End every story with what you learned or now do differently.",
    "low_personal_ownership": "Say \"I\" for your own decisions and actions, not only \"we\".",
    "blaming_others": "Describe what went wrong neutrally and focus on your actions and solutions.",
    "negative_framing": "Frame challenges as opportunities.",
    "vague_technical_details": "Be specific but clear: name the technique and why you chose it.",
    "jargon_heavy": "Balance detail with clarity: one idea simply, then what it meant for users.",
    "too_long": "Keep stories to 2–3 minutes: trim the Situation.",
    "too_short": "Give stories 2–3 minutes: a fuller Action and Result.",
    "part_too_long": "Keep each part inside its time: S ~30 s, T ~20 s, A 60–90 s, R ~30 s.",
    "part_too_short": "Give each part its time: S ~30 s, T ~20 s, A 60–90 s, R ~30 s.",
    "pace_too_fast": f"Slow down to {PACE_WPM[0]:.0f}–{PACE_WPM[1]:.0f} words a minute and let key points land.",
    "pace_too_slow": f"Speak at {PACE_WPM[0]:.0f}–{PACE_WPM[1]:.0f} words a minute: rehearse until it flows.",
    "many_fillers": f"Pause silently instead of \"um\": at most {FILLERS_PER_MIN_MAX:.0f} fillers a minute.",
    "long_pause": "Keep pauses short: prepare the order of your story.",
}
# The seed's Day 1–4 plan: (day, its focus, the habits that send you there, what to do there).
PLAN = (
    ("Day 1–2", "story refinement",
     frozenset({"no_quantified_result", "no_lessons_learned", "missing_result", "missing_task", "missing_situation",
                "low_personal_ownership", "blaming_others", "negative_framing", "no_trade_offs", "no_prevention",
                "no_communication", "no_recovery_time", "no_adoption_metrics", "no_risk_mitigation",
                "no_growth_outcome", "no_improvement_plan"}),
     "refine {stories}: get feedback, add technical depth and quantify the results better"),
    ("Day 3", "new stories", frozenset({"not_a_story", "missing_action"}),
     "write {stories} again as complete STAR stories: what you did, step by step, and how it ended"),
    ("Day 3", "practise each story",
     frozenset({"too_short", "too_long", "part_too_long", "part_too_short", "pace_too_fast", "pace_too_slow",
                "many_fillers", "long_pause"}),
     f"practise {{stories}} aloud against a timer: 2–3 minutes, {PACE_WPM[0]:.0f}–{PACE_WPM[1]:.0f} words a minute"),
    ("Day 4", "technical depth",
     frozenset({"vague_technical_details", "jargon_heavy", "unanswered_follow_up"}),
     "practise explaining the technical choices in {stories} clearly, and prepare for technical follow-ups"),
)
# How an answer scores: the points each check is worth (checklist and follow-ups only when there are any).
POINTS = {"parts": 4, "length": 1, "pace": 1, "fillers": 1, "checklist": 3, "follow_ups": 2}


def build(takes: list, docs: dict[str, dict | None], closing: dict | None = None) -> dict:
    """The scorecard of a session: takes (store.TakeRecord) with their analysis documents by take id."""
    answers = []
    for take in (t for t in takes if t.kind == "answer"):
        replies = [docs.get(t.id) for t in takes if t.kind == "follow_up" and t.follow_up_of == take.id]
        answers.append(_answer(take, docs.get(take.id), [r for r in replies if r]))
    scored = [a for a in answers if a["analysed"]]
    best = max(scored, key=lambda a: a["score"], default=None)
    worst = min(scored, key=lambda a: a["score"], default=None)
    habits = _habits(answers)
    return {"answers": answers,
            "strongest": best and best["take"], "weakest": worst and worst["take"],
            "habits": habits, "practise": _practise(answers, habits, closing),
            "closing": closing and closing["summary"]}


def _answer(take, doc: dict | None, replies: list[dict]) -> dict:
    row = {"take": take.id, "question_id": take.question_id, "question": take.question_text, "analysed": doc is not None}
    if doc is None:
        return row
    p, band = doc["pacing"], timing(take.target_s).answer_s
    present = [s["part"] for s in doc["star"]]
    items = (doc.get("checklist") or {}).get("items", [])
    judged = [r["reply"] for r in replies if r.get("reply")]
    row.update(
        theme=doc["question"]["theme"], length_s=p["total_s"], target_s=list(band),
        length="ok" if band[0] <= p["total_s"] <= band[1] else ("short" if p["total_s"] < band[0] else "long"),
        parts=present, missing=[name for name in PARTS if name not in present],
        checklist={"met": sum(i["ok"] for i in items), "of": len(items)} if items else None,
        wpm=p["wpm"], pace_ok=PACE_WPM[0] <= p["wpm"] <= PACE_WPM[1],
        fillers_per_min=p["fillers_per_min"], fillers_ok=p["fillers_per_min"] <= FILLERS_PER_MIN_MAX,
        follow_ups={"asked": len(judged), "answered": sum(r["answered"] for r in judged)},
        codes=sorted({f["code"] for d in [doc, *replies] for f in d["findings"]}),
        fix_first=_fix_first(doc, judged))
    row["score"] = _score(row)
    return row


def _fix_first(doc: dict, replies: list[dict]) -> dict | None:
    """The answer's most important finding, else the first follow-up it did not answer."""
    order = {code: i for i, code in enumerate(FIX_ORDER)}
    severity = {"fail": 0, "warn": 1, "info": 2}
    findings = sorted(doc["findings"], key=lambda f: (severity.get(f["severity"], 3), order.get(f["code"], len(order))))
    if findings:
        return {"code": findings[0]["code"], "message": findings[0]["message"]}
    missed = next((r for r in replies if not r["answered"]), None)
    return {"code": "unanswered_follow_up", "message": f"\"{missed['asked']}\": {missed['advice']}"} if missed else None


def _score(row: dict) -> int:
    """The share of the scorecard's checks the answer met, 0–100 (POINTS)."""
    earned = {"parts": len(row["parts"]), "length": row["length"] == "ok", "pace": row["pace_ok"],
              "fillers": row["fillers_ok"]}
    if row["checklist"]:
        earned["checklist"] = POINTS["checklist"] * row["checklist"]["met"] / row["checklist"]["of"]
    if row["follow_ups"]["asked"]:
        earned["follow_ups"] = POINTS["follow_ups"] * row["follow_ups"]["answered"] / row["follow_ups"]["asked"]
    return round(100 * sum(earned.values()) / sum(POINTS[k] for k in earned))


def _codes(answer: dict) -> set[str]:
    missed = answer["follow_ups"]["answered"] < answer["follow_ups"]["asked"]
    return set(answer["codes"]) | ({"unanswered_follow_up"} if missed else set())


def _habits(answers: list[dict]) -> list[dict]:
    """Findings that recur across answers (an answer with its follow-ups counts once), most often first."""
    counts: dict[str, list[str]] = {}
    for answer in (a for a in answers if a["analysed"]):
        for code in _codes(answer) - NOT_HABITS - {"unanswered_follow_up"}:
            counts.setdefault(code, []).append(answer["question_id"])
    order = {code: i for i, code in enumerate(FIX_ORDER)}
    recurring = sorted((c for c, qs in counts.items() if len(qs) > 1), key=lambda c: (-len(counts[c]), order.get(c, 99)))
    return [{"code": code, "answers": counts[code], "advice": HABIT_ADVICE.get(code, code.replace("_", " "))}
            for code in recurring[:HABITS_SHOWN]]


def _practise(answers: list[dict], habits: list[dict], closing: dict | None) -> list[dict]:
    """What to practise next, day by day of the seed's plan, naming the answers that need it."""
    out = []
    for day, focus, codes, what in PLAN:
        concerned = [a["question_id"] for a in answers if a["analysed"] and _codes(a) & codes]
        if concerned:
            out.append({"day": day, "focus": focus, "what": what.format(stories=", ".join(concerned))})
    if closing is not None and not closing["enough"]:
        out.append({"day": "Week 2 goal 4", "focus": "questions to ask",
                    "what": "prepare at least two questions for the interviewer: the role, the team, growth, the company"})
    if not out:
        out.append({"day": "Week 3", "focus": "next steps",
                    "what": "practise 2-minute versions of each story (--target 2:00)"})
    return out


def row_cells(a: dict) -> list[str]:
    """One answer's figures as the table shows them."""
    checklist = f"{a['checklist']['met']}/{a['checklist']['of']}" if a["checklist"] else "–"
    follow = f"{a['follow_ups']['answered']}/{a['follow_ups']['asked']}" if a["follow_ups"]["asked"] else "–"
    return [a["question_id"] or "?", f"{clock(a['length_s'])} {a['length']}",
            "".join(p[0].upper() if p in a["parts"] else "·" for p in PARTS), checklist, f"{a['wpm']:.0f}",
            f"{a['fillers_per_min']:.1f}", follow, str(a["score"]),
            a["fix_first"]["code"] if a["fix_first"] else "nothing"]


HEADER = ["question", "length", "STAR", "checklist", "wpm", "fillers/min", "follow-ups", "score", "fix first"]


def overall(card: dict) -> list[tuple[str, list[str]]]:
    """The verdict over all answers as (heading, items): the strongest and weakest answer, the habits
    to work on, what to practise next, your questions for the interviewer."""
    by_take = {a["take"]: a for a in card["answers"]}

    def named(take_id: str | None) -> str:
        return f"{by_take[take_id]['question_id']} ({by_take[take_id]['score']})" if take_id else "–"
    habits = [f"{h['advice']} ({h['code']}, in {', '.join(h['answers'])})" for h in card["habits"]]
    sections = [(f"Strongest answer: {named(card['strongest'])}; weakest: {named(card['weakest'])}.", []),
                ("Habits to work on", habits or ["none recurs across answers"]),
                ("Practise next", [f"{p['day']} ({p['focus']}): {p['what']}." for p in card["practise"]])]
    return sections + ([(f"Your questions: {card['closing']}", [])] if card["closing"] else [])


def render_text(card: dict) -> str:
    """The scorecard for the terminal: a table of the answers, the fixes, the verdict over all."""
    rows = [HEADER] + [row_cells(a) for a in card["answers"] if a["analysed"]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    table = ["  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    fixes = [f"  {a['question_id']}: {a['fix_first']['message']}" for a in card["answers"]
             if a["analysed"] and a["fix_first"]]
    lines = [f"Scorecard: {len(rows) - 1} answers", *table, "", "Fix first:", *(fixes or ["  nothing"]), ""]
    for heading, items in overall(card):
        lines += [heading + (":" if items else "")] + [f"  {i}. {item}" for i, item in enumerate(items, 1)]
    return "\n".join(lines)


def to_markdown(card: dict, level: int = 1) -> str:
    """The scorecard as Markdown: the table, the fixes, the verdict over all."""
    h = "#" * level
    rows = [row_cells(a) for a in card["answers"] if a["analysed"]]
    lines = [f"{h} Scorecard", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r) + " |" for r in rows] + ["", f"{h}# Fix first", ""]
    lines += [f"- **{a['question_id']}**: {md_escape(a['fix_first']['message'])}" for a in card["answers"]
              if a["analysed"] and a["fix_first"]] or ["- nothing"]
    for heading, items in overall(card):
        lines += ["", f"{h}# {md_escape(heading)}" if items else md_escape(heading)]
        lines += ([""] if items else []) + [f"{i}. {md_escape(item)}" for i, item in enumerate(items, 1)]
    return "\n".join(lines) + "\n"
