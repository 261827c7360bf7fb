"""review --markdown and --vtt: the analysis document as notes to paste, and as WebVTT subtitles
of the transcript (one cue per phrase, with its STAR part)."""
from __future__ import annotations

import re

from mockvoice.analysis.model import Word, join_words
from mockvoice.analysis.star import split_sentences
from mockvoice.analysis.text import clock
from mockvoice.analysis.thresholds import ANSWER_TARGET_S
from mockvoice.report.document import attaches, blocks, figures, part_rows, seek_time

CUE_GAP_S = 0.5       # a silence this long ends a subtitle cue
CUE_MAX_WORDS = 10    # and so does this many words


def phrases(words: tuple[Word, ...], gap_s: float = CUE_GAP_S,
            max_words: int = CUE_MAX_WORDS) -> list[tuple[Word, ...]]:
    """Words split at sentence ends (. ? !) and silences of gap_s; a longer run is cut into equal
    pieces of at most max_words words (a token Whisper split off, like ',000', stays with its word)."""
    out: list[tuple[Word, ...]] = []
    for sentence in split_sentences(words, gap_s):
        units: list[list[Word]] = []
        for word in sentence.words:
            if units and attaches(word.text):
                units[-1].append(word)
            else:
                units.append([word])
        pieces = -(-len(units) // max_words)
        size, extra = divmod(len(units), pieces)
        first = 0
        for k in range(pieces):
            last = first + size + (k < extra)
            out.append(tuple(w for unit in units[first:last] for w in unit))
            first = last
    return out


def vtt_time(seconds: float) -> str:
    """HH:MM:SS.mmm"""
    ms = round(seconds * 1000)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    return f"{hours:02d}:{minutes:02d}:{ms // 1000:02d}.{ms % 1000:03d}"


def to_vtt(doc: dict) -> str:
    """WebVTT subtitles: one cue per phrase, the part name first ("[Action] I rolled back…")."""
    lines = ["WEBVTT", ""]
    number = 0
    for part, words in blocks(doc):
        for phrase in phrases(tuple(Word(**w) for w in words)):
            number += 1
            start, end = phrase[0].start, phrase[-1].end
            text = join_words(w.text for w in phrase)
            text = (f"[{part.title()}] " if part else "") + text
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            lines += [str(number), f"{vtt_time(start)} --> {vtt_time(max(end, start + 0.1))}", text, ""]
    return "\n".join(lines)


def md_escape(text: str) -> str:
    """Markdown-inert text: characters that would format (or open HTML) are backslash-escaped."""
    return re.sub(r"([\\`*_<>\[\]|#])", r"\\\1", text)


def to_markdown(doc: dict, asked: str | None = None, level: int = 1,
                answer_s: tuple[float, float] = ANSWER_TARGET_S) -> str:
    """A readable report to paste into notes: question, figures, parts with times, the checklist and
    the story's notes, findings, transcript by part. asked: the follow-up or closing question when the
    take is a reply; answer_s: the whole-answer band (a time version's)."""
    h = "#" * level
    q = doc["question"]
    title = f"Reply to: {asked}" if asked else (f"{q['text']} ({q['id']})" if q["id"] else doc["audio"]["path"])
    lines = [f"{h} {md_escape(title)}", "", f"Audio: `{doc['audio']['path']}`", ""]
    if not doc["transcript"]["words"]:
        return "\n".join(lines + ["No speech detected: nothing to analyse."])
    lines += [f"- **{label}:** {value} ({note})" for label, value, note in figures(doc, not asked, answer_s)] + [""]
    if not asked:
        lines += _parts_table(doc, h) + _checklist(doc, h) + _story(doc, h)
    lines += [f"{h}# Findings", ""]
    for f in doc["findings"]:
        at = seek_time(f, doc["star"])
        where = ", ".join(x for x in ((clock(at) if at is not None else ""), (f["part"] or "").title()) if x)
        where = f" ({where})" if where else ""
        lines.append(f"- **{f['severity'].upper()}** `{f['code']}`{where}: {md_escape(f['message'])}")
    if not doc["findings"]:
        lines.append("- none")
    if "reply" in doc:
        lines += ["", *_reply(doc["reply"])]
    if "closing" in doc:
        lines += ["", md_escape(doc["closing"]["summary"]), ""]
        lines += [f"- {md_escape(x['text'])} ({x['group'] or 'other'})" for x in doc["closing"]["questions"]]
    lines += ["", f"{h}# Transcript", ""]
    for part, words in blocks(doc):
        label = f"**{part.title()}** ({clock(words[0]['start'])}–{clock(words[-1]['end'])}): " if part else ""
        lines += [label + md_escape(join_words(w["text"] for w in words)), ""]
    return "\n".join(lines).rstrip() + "\n"


def _reply(reply: dict) -> list[str]:
    """A follow-up's reply judged: answered or not, the sentence that shows it, what a good one says."""
    about = f" (it probed: {md_escape(reply['probe'])})" if reply["probe"] else ""
    lines = [f"**{'Answered' if reply['answered'] else 'Not answered'}**{about}"]
    lines += [f"> {md_escape(reply['evidence'])}"] if reply["evidence"] else []
    return lines + ([f"- {md_escape(reply['advice'])}"] if reply["advice"] else [])


def _checklist(doc: dict, h: str) -> list[str]:
    """The story type's checklist, item by item: met (with the sentence and its time) or what to add."""
    if not doc.get("checklist"):
        return []
    items = doc["checklist"]["items"]
    lines = [f"{h}# Checklist ({doc['checklist']['story_type']}): {sum(i['ok'] for i in items)} of {len(items)} met", ""]
    for i in items:
        if i["ok"]:
            said = f" ({clock(i['start'])}): “{md_escape(i['evidence'])}”" if i["evidence"] and i["start"] is not None else ""
            lines.append(f"- [x] {md_escape(i['item'])}{said}")
        else:
            lines.append(f"- [ ] {md_escape(i['item'])}: {md_escape(i['advice'])}")
    return lines + [""]


def _story(doc: dict, h: str) -> list[str]:
    """The answer against the story's notes: each note said (when, the words heard) or skipped."""
    story = doc.get("story")
    if not story:
        return []
    said = sum(n["said"] for n in story["notes"])
    lines = [f"{h}# Story `{story['id']}`: {said} of {len(story['notes'])} notes said ({story['coverage']:.0%})", ""]
    lines += [f"- [x] {n['part']}: {md_escape(n['note'])} ({clock(n['start'])}: “{md_escape(n['heard'])}”)" if n["said"]
              else f"- [ ] {n['part']}: {md_escape(n['note'])} — skipped" for n in story["notes"]]
    unsaid = [md_escape(x["text"]) for x in story["numbers"] if not x["said"]]
    return lines + ([f"- numbers not said: {', '.join(unsaid)}"] if unsaid else []) + [""]


def _parts_table(doc: dict, h: str) -> list[str]:
    lines = [f"{h}# STAR parts", "", "| Part | Time | Duration | Target | wpm |", "|---|---|---|---|---|"]
    lines += [f"| {r['name']} | **missing** | | | |" if r["missing"] else
              f"| {r['name']} | {r['span']} | {r['seconds']:.1f} s | {r['target']}, {r['status']} | {r['wpm']:.0f} |"
              for r in part_rows(doc)]
    return lines + [""]
