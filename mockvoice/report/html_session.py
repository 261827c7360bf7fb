"""The HTML report of a session. Per take: an audio player, the STAR timeline against each part's
target, the transcript coloured by part (click a word to hear it; the word playing is lit), a pace
chart and the findings (click a time to hear that moment). Pure: analysis documents (the review
--json dicts) in, one self-contained HTML string out; every transcript text is escaped."""
from __future__ import annotations

from dataclasses import dataclass

from mockvoice.report.document import attaches, blocks, figures, other_findings, seek_time, spans, status, verdict
from mockvoice.report.htmlkit import Frame, esc, page
from mockvoice.report.scorecard import HEADER, overall, row_cells
from mockvoice.analysis.model import PARTS, Word
from mockvoice.analysis.text import word_count
from mockvoice.analysis.text import clock
from mockvoice.analysis.thresholds import ANSWER_TARGET_S, LONG_PAUSE_S, PACE_WPM

WINDOW_S = 15.0  # pace chart: words per minute over windows of about this length


@dataclass(frozen=True)
class ReportTake:
    id: str
    kind: str                # "answer" | "follow_up" | "closing"
    asked: str               # the question as the interviewer asked it
    audio_href: str          # link to the take's WAV, relative to the report
    document: dict | None    # the review --json document; None when not analysed yet
    probes: str | None = None  # a follow-up: what of the answer it asked about (a finding code, or its words)
    probe_kind: str | None = None  # a follow-up: "gap" | "depth" | "bank" | "common"
    answer_s: tuple[float, float] = ANSWER_TARGET_S  # the whole-answer band (a time version's: thresholds.timing)


def pace_windows(words: list[dict], window_s: float = WINDOW_S) -> list[tuple[float, float, float]]:
    """(start, end, wpm) over the answer, from the first word's start to the last word's end cut
    into equal windows of about window_s (at least one). A word counts in the window its start
    falls in, as pacing counts it ("um" is no word, "90%" is two)."""
    if not words:
        return []
    t0, t1 = words[0]["start"], words[-1]["end"]
    n = max(1, round((t1 - t0) / window_s))
    size = max((t1 - t0) / n, 1e-6)
    bins: list[list[Word]] = [[] for _ in range(n)]
    for w in words:
        bins[min(n - 1, int((w["start"] - t0) / size))].append(Word(**w))
    return [(round(t0 + i * size, 2), round(t0 + (i + 1) * size, 2), round(word_count(w.text for w in b) / size * 60, 1))
            for i, b in enumerate(bins)]


def build_report(title: str, subtitle: str, takes: list[ReportTake], history_href: str | None = None,
                 scorecard: dict | None = None) -> str:
    """scorecard: a full mock interview's (report.scorecard), shown first."""
    labels = _labels(takes)
    nav = "".join(f'<li><a href="#{esc(t.id)}">{esc(labels[t.id])}</a> <span class="muted">{esc(t.asked)}</span></li>'
                  for t in takes)
    history = f' · <a href="{esc(history_href)}">progress over attempts</a>' if history_href else ""
    body = (f'<header><h1>{esc(title)}</h1><p class="muted">{esc(subtitle)}{history}</p>'
            f'<p class="hint">Click any word, bar or time to hear that moment.</p><ol class="nav">{nav}</ol></header>'
            + (_scorecard(scorecard) if scorecard else "") + "".join(_take(t, labels[t.id]) for t in takes))
    return page(title, body, _CSS, _SCRIPT)


def _labels(takes: list[ReportTake]) -> dict[str, str]:
    out, number = {}, 0
    for t in takes:
        number += t.kind == "answer"
        out[t.id] = {"answer": f"Question {number}", "follow_up": f"Follow-up {number}"}.get(t.kind, "Closing")
    return out


def _take(take: ReportTake, label: str) -> str:
    doc = take.document
    head = (f'<section class="take" id="{esc(take.id)}">'
            f'<h2><span class="kind">{esc(label)}</span> {esc(take.asked)}</h2>'
            + _asked_about(take)
            + f'<audio controls preload="auto" src="{esc(take.audio_href)}"></audio>')
    if doc is None:
        return head + ('<p class="note">Not analysed yet: <code>mockvoice review --session</code> finishes it.</p>'
                       "</section>")
    words = doc["transcript"]["words"]
    if not words:
        return head + '<p class="note">No speech detected: nothing to analyse.</p></section>'
    story = take.kind == "answer"
    boxes = "".join(f'<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd><dd class="muted">{esc(n)}</dd></div>'
                    for k, v, n in figures(doc, story, take.answer_s))
    return (head + f'<dl class="figures">{boxes}</dl>' + (_reply(doc["reply"]) if "reply" in doc else "")
            + (f"<h3>STAR timeline</h3>{_timeline(doc)}" if story else "")
            + (_checklist(doc["checklist"]) if doc.get("checklist") else "")
            + (_story(doc["story"]) if doc.get("story") else "")
            + f"<h3>Findings</h3>{_findings(doc, story, take.answer_s)}"
            + (_closing(doc["closing"]) if "closing" in doc else "")
            + f"<h3>Pace</h3>{_pace_chart(words)}"
            + f'<h3>Transcript</h3><div class="transcript">{_transcript(doc)}</div>'
            '<p class="legend">Click a word to hear it. <span class="filler">Wavy underline</span>: a filler; '
            f'<span class="pause">pause</span>: a silence of {LONG_PAUSE_S:g} s or more.</p></section>')


def _asked_about(take: ReportTake) -> str:
    """What a follow-up probed: a gap of the answer, or its own words; the bank's or a common one."""
    if take.probes and take.probe_kind == "depth":
        return f'<p class="muted">Asked about the answer\'s own words: &ldquo;{esc(take.probes)}&rdquo;</p>'
    if take.probes:
        return f'<p class="muted">Asked about: <code>{esc(take.probes)}</code></p>'
    where = {"bank": "the question's own follow-up", "common": "a common follow-up"}.get(take.probe_kind or "")
    return f'<p class="muted">Asked: {where}</p>' if where else ""


def _reply(reply: dict) -> str:
    """The reply judged against its probe; its evidence links to the moment it was said."""
    at = (f' <a class="seek time" href="#" data-start="{reply["start"]}">{clock(reply["start"])}</a>'
          if reply.get("start") is not None else "")
    quote = f"{at} &ldquo;{esc(reply['evidence'])}&rdquo;" if reply["evidence"] else ""
    if reply["answered"]:
        return f'<h3>Reply</h3><p class="ok">Answered the question:{quote}</p>'
    return f'<h3>Reply</h3><p class="miss">Not answered{":" + quote if quote else ""}. {esc(reply["advice"])}</p>'


def _scorecard(card: dict) -> str:
    """The scorecard: a row per answer (linked to its take), the fixes, the verdict over all."""
    answers = [a for a in card["answers"] if a["analysed"]]
    head = "".join(f"<th>{esc(h)}</th>" for h in HEADER)
    rows = "".join(f'<tr><td><a href="#{esc(a["take"])}">{esc(cells[0])}</a></td>'
                   + "".join(f"<td>{esc(c)}</td>" for c in cells[1:]) + "</tr>"
                   for a in answers for cells in [row_cells(a)])
    fixes = "".join(f'<li><b>{esc(a["question_id"])}</b>: {esc(a["fix_first"]["message"])}</li>'
                    for a in answers if a["fix_first"])
    verdict_ = "".join(f'<h3>{esc(heading)}</h3><ol>{"".join(f"<li>{esc(i)}</li>" for i in items)}</ol>' if items
                       else f"<p>{esc(heading)}</p>" for heading, items in overall(card))
    return (f'<section class="scorecard" id="scorecard"><h2>Scorecard</h2><table><tr>{head}</tr>{rows}</table>'
            f'<h3>Fix first</h3><ul>{fixes or "<li>nothing</li>"}</ul>{verdict_}</section>')


def _timeline(doc: dict) -> str:
    """A bar of the answer with one element per present part, then a lane per part: its span and
    the zone where it should end to be inside its target band, or why it is missing."""
    star, words = doc["star"], doc["transcript"]["words"]
    scale = max([doc["audio"]["duration_s"], words[-1]["end"]] + [p["start"] + p["target_s"][1] for p in star])

    def box(cls: str, start: float, end: float, extra: str = "", inner: str = "") -> str:
        return (f'<div class="{cls}" style="left:{100 * start / scale:.3f}%;width:{100 * (end - start) / scale:.3f}%"'
                f'{extra}>{inner}</div>')

    bar = "".join(box(f"star-part p-{p['part']}", a, b,
                      f' data-part="{p["part"]}" data-start="{a}" data-end="{b}"'
                      f' title="{p["part"].title()} {clock(a)}–{clock(b)}, {p["duration_s"]:.1f} s"',
                      f'<span>{p["part"].title()}</span>') for p in star for a, b in spans(p))
    rows = [f'<div class="lab"><b>Answer</b><small>{clock(doc["pacing"]["total_s"])} spoken</small></div>',
            f'<div class="track bar">{bar}</div>']
    present = {p["part"]: p for p in star}
    missing = {f["part"]: f["message"] for f in doc["findings"] if f["code"].startswith("missing_")}
    for name in PARTS:
        p = present.get(name)
        if p is None:
            rows.append(f'<div class="lab"><b>{name.title()}</b> <span class="st fail">missing</span></div>'
                        f'<div class="track lane missing">{esc(missing.get(name, "Not heard."))}</div>')
            continue
        lo, hi = p["target_s"]
        rows.append(f'<div class="lab"><b>{name.title()}</b> {p["duration_s"]:.0f} s '
                    f'<span class="st {status(p)}">{status(p)}</span><small>target {lo:.0f}–{hi:.0f} s</small></div>'
                    f'<div class="track lane p-{name}">'
                    + box("zone", p["start"] + lo, p["start"] + hi,
                          f' title="ends here to be within {lo:.0f}–{hi:.0f} s"')
                    + box("span seek", p["start"], p["end"], f' data-start="{p["start"]}"') + "</div>")
    step = next(s for s in (15, 30, 60, 120, 300) if scale / s <= 10)
    ticks = "".join(f'<span style="left:{100 * t / scale:.3f}%">{clock(t)}</span>'
                    for t in range(0, int(scale) + 1, step))
    rows.append(f'<div></div><div class="axis">{ticks}</div>')
    return (f'<div class="timeline">{"".join(rows)}</div><p class="legend">Solid: when each part was spoken. '
            "Hatched: where it should end to be within its target band.</p>")


def _seek(start: float | None) -> str:
    return f'<a class="seek time" href="#" data-start="{start}">{clock(start)}</a>' if start is not None else ""


def _checklist(checklist: dict) -> str:
    """The story type's checklist: each item met, with the sentence that meets it (click its time to
    hear it), or what to add."""
    items = checklist["items"]
    rows = "".join(f'<li class="ok">✓ {esc(i["item"])} {_seek(i["start"])}'
                   + (f' &ldquo;{esc(i["evidence"])}&rdquo;' if i["evidence"] else "") + "</li>" if i["ok"] else
                   f'<li class="miss">✗ {esc(i["item"])}: <span class="muted">{esc(i["advice"])}</span></li>'
                   for i in items)
    return (f'<h3>Checklist: {esc(checklist["story_type"].replace("_", " "))}, '
            f'{sum(i["ok"] for i in items)} of {len(items)} met</h3><ul class="checklist">{rows}</ul>')


def _story(story: dict) -> str:
    """The answer against the story's notes: each note said (when, the words heard) or skipped."""
    said = sum(n["said"] for n in story["notes"])
    rows = "".join(f'<li class="ok">✓ <b>{esc(n["part"])}</b> {esc(n["note"])} {_seek(n["start"])} '
                   f'&ldquo;{esc(n["heard"])}&rdquo;</li>' if n["said"] else
                   f'<li class="miss">skipped: <b>{esc(n["part"])}</b> {esc(n["note"])}</li>' for n in story["notes"])
    unsaid = [x["text"] for x in story["numbers"] if not x["said"]]
    numbers = f'<p class="muted">Numbers not said: {esc(", ".join(unsaid))}</p>' if unsaid else ""
    return (f'<h3>Your story <code>{esc(story["id"])}</code>: {said} of {len(story["notes"])} notes said '
            f'({story["coverage"]:.0%})</h3><ul class="checklist">{rows}</ul>{numbers}')


def _findings(doc: dict, story: bool, answer_s: tuple[float, float] = ANSWER_TARGET_S) -> str:
    if not doc["findings"]:
        return f'<p class="ok">{esc(verdict(doc, story, answer_s))}</p>'
    if not other_findings(doc):
        return '<p class="muted">Only those of the checklist above.</p>'
    items = []
    for f in other_findings(doc):
        at = seek_time(f, doc["star"])
        when = _seek(at)
        part = f'<span class="tag p-{f["part"]}">{f["part"].title()}</span>' if f["part"] else ""
        items.append(f'<li class="sev-{esc(f["severity"])}"><span class="sev">{esc(f["severity"].upper())}</span>'
                     f'{when}{part}<span class="msg">{esc(f["message"])} <code>{esc(f["code"])}</code></span></li>')
    return f'<ul class="findings">{"".join(items)}</ul>'


def _closing(closing: dict) -> str:
    asked = "".join(f'<li><a class="seek time" href="#" data-start="{q["start"]}">{clock(q["start"])}</a> '
                    f'{esc(q["text"])} <span class="tag">{esc(q["group"] or "other")}</span></li>'
                    for q in closing["questions"])
    return f'<h3>Your questions</h3><p>{esc(closing["summary"])}</p><ul class="asked">{asked}</ul>'


def _pace_chart(words: list[dict]) -> str:
    windows = pace_windows(words)
    lo, hi = PACE_WPM
    frame = Frame(960, 180, (windows[0][0], windows[-1][1]), max([200.0] + [w * 1.15 for _, _, w in windows]))
    bars = []
    for start, end, wpm in windows:
        x0, x1, top = frame.x(start), frame.x(end), frame.y(wpm)
        verdict = "in" if lo <= wpm <= hi else "out"
        bars.append(f'<g class="seek {verdict}" data-start="{start}">'
                    f"<title>{clock(start)}–{clock(end)}: {wpm:.0f} wpm</title>"
                    f'<rect x="{x0 + 1.5}" y="{top}" width="{round(x1 - x0 - 3, 1)}" '
                    f'height="{round(frame.y(0) - top, 1)}"/>'
                    f'<text x="{round((x0 + x1) / 2, 1)}" y="{top - 3}" text-anchor="middle">{wpm:.0f}</text>'
                    f'<text x="{x0 + 1.5}" y="{frame.height - 4}">{clock(start)}</text></g>')
    edges = "".join(f'<line class="edge" x1="{Frame.LEFT}" x2="{frame.width - Frame.RIGHT}" y1="{frame.y(v)}" '
                    f'y2="{frame.y(v)}"/>' for v in (lo, hi))
    body = frame.band(lo, hi) + frame.y_label(0) + "".join(bars) + edges
    return (frame.svg(body, f"Words per minute in {WINDOW_S:.0f}-second windows; the band is {lo:.0f}–{hi:.0f} wpm")
            + f'<p class="legend">Words per minute in ~{WINDOW_S:.0f} s windows (click a bar to hear it). Between the '
            f'green lines: the {lo:.0f}–{hi:.0f} wpm band; amber bars are outside it.</p>')


def _transcript(doc: dict) -> str:
    fillers = doc["pacing"]["fillers"]
    pauses = list(doc["pacing"]["long_pauses"])
    out = []
    for part, words in blocks(doc):
        spans = []
        for i, w in enumerate(words):
            while pauses and pauses[0]["start"] <= w["start"]:
                pause = pauses.pop(0)
                spans.append(f' <span class="pause seek" data-start="{pause["start"]}" title="long pause">'
                             f'pause {pause["duration_s"]:.1f} s</span>')
            middle = (w["start"] + w["end"]) / 2
            kind = "w filler" if any(f["start"] <= middle <= f["end"] for f in fillers) else "w"
            gap = "" if i == 0 or attaches(w["text"]) else " "
            spans.append(f'{gap}<span class="{kind}" data-start="{w["start"]}" data-end="{w["end"]}">'
                         f'{esc(w["text"].strip())}</span>')
        label = (f'<a class="part-label seek" href="#" data-start="{words[0]["start"]}">{part.title()} '
                 f'<small>{clock(words[0]["start"])}</small></a>' if part else "")
        out.append(f'<p class="block{f" p-{part}" if part else ""}">{label}{"".join(spans)}</p>')
    return "".join(out)


_CSS = """
header{margin-bottom:1rem}
.hint{margin:.2rem 0 .6rem;font-size:.9rem}
.nav{margin:0;padding-left:1.3rem;font-size:.92rem}
.take{border-top:1px solid var(--line);padding-top:1.6rem;margin-top:1.8rem}
.kind{display:inline-block;background:var(--ink);color:#fff;border-radius:4px;padding:0 .45rem;margin-right:.4rem;font-size:.8rem;vertical-align:middle}
audio{width:100%;margin:.2rem 0 .6rem}
.figures{display:grid;grid-template-columns:repeat(4,1fr);gap:.6rem;margin:0}
.figures div{background:var(--soft);border-radius:8px;padding:.45rem .7rem}
.figures dt{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.figures dd{margin:0;font-size:1.15rem;font-weight:600}.figures dd.muted{font-size:.78rem;font-weight:400}
.timeline{display:grid;grid-template-columns:10.5rem 1fr;gap:5px 12px;align-items:center}
.lab{font-size:.82rem;line-height:1.25}.lab small{display:block;color:var(--muted)}
.track{position:relative;height:14px;background:var(--soft);border-radius:3px}
.track.bar{height:34px;border-radius:6px}
.track>div{position:absolute;top:0;bottom:0}
.star-part{background:var(--c);color:#fff;border-radius:5px;border:1px solid #fff;font-size:.8rem;font-weight:600;
overflow:hidden;white-space:nowrap;text-overflow:ellipsis;padding:0 .4rem;display:flex;align-items:center;cursor:pointer}
.star-part span{overflow:hidden;text-overflow:ellipsis}
.zone{background:repeating-linear-gradient(135deg,var(--c) 0 2px,transparent 2px 6px);opacity:.45;border:1px dashed var(--c)}
.lane .span{top:3px!important;bottom:3px!important;background:var(--c);border-radius:3px;cursor:pointer}
.lane.missing{background:none;height:auto;color:var(--fail);font-size:.82rem;font-style:italic}
.axis{position:relative;height:1.1rem;font-size:.7rem;color:var(--muted)}
.axis span{position:absolute;transform:translateX(-50%)}.axis span:first-child{transform:none}
.st{font-size:.7rem;border-radius:3px;padding:0 .3rem;font-weight:600;text-transform:uppercase}
.st.ok{background:#dcfce7;color:#166534}.st.short,.st.long{background:#fef3c7;color:#92400e}.st.fail{background:#fee2e2;color:var(--fail)}
.legend{font-size:.78rem;color:var(--muted);margin:.3rem 0 0}
.findings,.asked,.checklist{list-style:none;padding:0;margin:0}.checklist li{margin-bottom:.25rem}
.checklist li.miss{color:var(--warn)}
.findings li{display:flex;gap:.5rem;align-items:baseline;padding:.35rem .5rem;border-left:3px solid var(--info);margin-bottom:.3rem;background:var(--soft);border-radius:0 6px 6px 0}
.findings li.sev-fail{border-color:var(--fail)}.findings li.sev-warn{border-color:var(--warn)}
.sev{font-size:.68rem;font-weight:700;letter-spacing:.05em;color:var(--info);min-width:2.6rem}
.sev-fail .sev{color:var(--fail)}.sev-warn .sev{color:var(--warn)}
.msg code{font-size:.72rem;color:var(--muted)}
.time{font-variant-numeric:tabular-nums;font-size:.85rem}
.tag{font-size:.72rem;border-radius:3px;padding:0 .35rem;background:var(--bg);color:var(--c);border:1px solid var(--c);white-space:nowrap}
.asked li{padding:.15rem 0}
.ok{color:#166534}
svg .in rect{fill:#93c5fd}svg .out rect{fill:#fbbf24}svg .edge{stroke:#16a34a;stroke-dasharray:5 4}svg .seek{cursor:pointer}svg .seek:hover rect{opacity:.75}
svg text{font-variant-numeric:tabular-nums;paint-order:stroke;stroke:#fff;stroke-width:3px}
.transcript{font-size:1rem;line-height:1.9}
.block{background:var(--bg);border-left:4px solid var(--c);padding:.3rem .8rem .4rem;margin:0 0 .5rem;border-radius:0 6px 6px 0}
.part-label{display:inline-block;background:var(--c);color:#fff;border-radius:4px;padding:0 .4rem;margin-right:.5rem;font-size:.78rem;font-weight:600;text-decoration:none;line-height:1.6}
.part-label small{opacity:.85;font-weight:400}
.w{cursor:pointer;border-radius:3px}.w:hover{background:#e5e7eb}
.w.now{background:#fde047;box-shadow:0 0 0 2px #fde047}
.filler{color:var(--warn);text-decoration:underline wavy #f59e0b;text-underline-offset:3px}
.pause{font-size:.72rem;color:var(--muted);border:1px dashed var(--muted);border-radius:10px;padding:0 .4rem;white-space:nowrap;cursor:pointer}
.note{color:var(--muted);font-style:italic}
.miss{color:var(--warn)}
.scorecard table{border-collapse:collapse;width:100%;font-size:.88rem;font-variant-numeric:tabular-nums}
.scorecard th,.scorecard td{border-bottom:1px solid var(--line);padding:.25rem .4rem;text-align:left}
@media print{audio,.hint,.nav{display:none}.take~.take{break-before:page}.take{border:0}.block,.findings li,.timeline{break-inside:avoid}
.w.now{background:none;box-shadow:none}}
@media (max-width:640px){.figures{grid-template-columns:repeat(2,1fr)}.timeline{grid-template-columns:7rem 1fr}}
"""

# Click a word, bar or time: its take's audio seeks there and plays. While playing, the word being
# said is lit (the last word started, until a quarter second after its end).
_SCRIPT = """
document.addEventListener('click', e => {
  const el = e.target.closest('[data-start]');
  if (!el || !el.closest('.take')) return;
  e.preventDefault();
  const audio = el.closest('.take').querySelector('audio');
  audio.currentTime = parseFloat(el.dataset.start);
  audio.play().catch(() => {});
});
document.querySelectorAll('.take audio').forEach(audio => {
  const words = [...audio.closest('.take').querySelectorAll('.w')];
  let lit = null;
  audio.addEventListener('timeupdate', () => {
    const t = audio.currentTime;
    let now = null;
    for (const w of words) { if (+w.dataset.start > t) break; now = w; }
    if (now && t > +now.dataset.end + 0.25) now = null;
    if (now !== lit) { lit && lit.classList.remove('now'); now && now.classList.add('now'); lit = now; }
  });
});
"""
