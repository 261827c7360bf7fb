"""The progress page: your stories first — each one's readiness (checklist met, length and notes said
per attempt) and the seed's Success Checklist — then per question, every attempt over time — total
time, each part's share, pace, fillers a minute, findings — as small inline-SVG charts and a table.
Pure: the rows of mockvoice.report.history.attempts() and stories_overview() in, one self-contained
HTML string out."""
from __future__ import annotations

from mockvoice.report.htmlkit import PART_COLOURS, Frame, esc, page
from mockvoice.analysis.model import PARTS
from mockvoice.analysis.readiness import Readiness, SuccessItem
from mockvoice.analysis.text import clock
from mockvoice.analysis.thresholds import ANSWER_TARGET_S, FILLERS_PER_MIN_MAX, PACE_WPM, STORY_READY_COVERAGE

_W, _H = 260, 140


def build_history(attempts: dict[str, list[dict]], reports: dict[str, str], title: str,
                  stories: tuple[list[Readiness], list[SuccessItem]] | None = None) -> str:
    """reports: session id -> link to its report.html, for the sessions that have one; stories: the
    user's stories and the Success Checklist (history.stories_overview), when there are any."""
    section = _stories(*stories) if stories and stories[0] else ""
    if not attempts:
        body = f"<h1>{esc(title)}</h1>{section}<p>No answers recorded yet: run <code>mockvoice interview</code>.</p>"
        return page(title, body, _CSS)
    nav = "".join(f'<li><a href="#q-{esc(qid)}">{esc(qid)}</a> <span class="muted">{esc(rows[0]["question"])} '
                  f'({len(rows)} attempt{"s" * (len(rows) != 1)})</span></li>' for qid, rows in attempts.items())
    body = (f'<h1>{esc(title)}</h1>{section}<p class="muted">Every answer per question, oldest first; shaded bands are the '
            f'targets.</p><ul class="nav">{nav}</ul>'
            + "".join(_question(qid, rows, reports) for qid, rows in attempts.items()))
    return page(title, body, _CSS)


def _question(qid: str, rows: list[dict], reports: dict[str, str]) -> str:
    done = [(i, r) for i, r in enumerate(rows, 1) if r["analysed"]]
    charts = ""
    if done:
        charts = ('<div class="charts">'
                  + _figure("Total time", _line(done, "total_s", ANSWER_TARGET_S, clock))
                  + _figure("Each part's share of the answer", _shares(done, len(rows)), _LEGEND)
                  + _figure("Pace, words per minute", _line(done, "wpm", PACE_WPM))
                  + _figure("Fillers per minute", _line(done, "fillers_per_min", (0, FILLERS_PER_MIN_MAX)))
                  + _figure("Findings", _line(done, "findings"))
                  + "</div>")
    return (f'<section class="question" id="q-{esc(qid)}"><h2><code>{esc(qid)}</code> {esc(rows[0]["question"])}</h2>'
            f"{charts}{_table(rows, reports)}</section>")


def _stories(rows: list[Readiness], success: list[SuccessItem]) -> str:
    """Each story: the checklist met in its notes and per attempt, its length and the notes said per
    attempt over their targets; then the Success Checklist."""
    items = "".join(f'<li class="{"ok" if i.ok else "todo"}">{"✓" if i.ok else "✗"} {esc(i.item)} '
                    f'<span class="muted">{esc(i.detail)}</span></li>' for i in success)
    return (f'<section class="stories"><h2>Your stories</h2><ul class="success">{items}</ul>'
            + "".join(_story(r) for r in rows) + "</section>")


def _story(r: Readiness) -> str:
    done = [(i, {"total_s": t, "coverage": 100 * c, "met": m})
            for i, (t, c, m) in enumerate(zip(r.lengths, r.coverage, r.met), 1)]
    state = "ready" if r.ready else "not ready yet: " + "; ".join(r.missing)
    charts = ""
    if done:
        total = r.written[1]
        charts = ('<div class="charts">'
                  + _figure("Length", _line(done, "total_s", r.band_s, clock))
                  + _figure("Notes said, %", _line(done, "coverage", (100 * STORY_READY_COVERAGE, 100)))
                  + _figure(f"Checklist items met, of {total} (written: {r.written[0]})", _line(done, "met", (r.written[0], total)))
                  + "</div>")
    return (f'<div class="story" id="s-{esc(r.story.id)}"><h3><code>{esc(r.story.id)}</code> {esc(r.story.title)} '
            f'<span class="muted">({esc(r.story.type)})</span></h3>'
            f'<p>Checklist: {r.written[0]}/{r.written[1]} in the notes'
            + (f", {r.spoken[0]}/{r.spoken[1]} in the last attempt" if r.spoken else "")
            + f" · {r.attempts} attempt{'s' * (r.attempts != 1)}"
            + (f" · last {clock(r.last_s)}, best {clock(r.best_s)}" if r.attempts else "")
            + f' · <span class="{"ok" if r.ready else "todo"}">{esc(state)}</span></p>{charts}</div>')


_LEGEND = "".join(f' <span class="key" style="color:{PART_COLOURS[p][0]}">■ {p.title()}</span>' for p in PARTS)


def _figure(caption: str, svg: str, legend: str = "") -> str:
    return f"<figure><figcaption>{esc(caption)}{legend}</figcaption>{svg}</figure>"


def _line(done: list[tuple[int, dict]], key: str, band: tuple[float, float] | None = None,
          fmt=lambda v: f"{v:.0f}" if v >= 10 or v == int(v) else f"{v:.1f}") -> str:
    """One dot per analysed attempt (x: attempt number), joined by a line, over the target band."""
    values = [(i, r[key]) for i, r in done]
    n = max(i for i, _ in done)
    frame = Frame(_W, _H, (0.5, n + 0.5), max([v for _, v in values] + [band[1] if band else 1]) * 1.25)
    points = " ".join(f"{frame.x(i)},{frame.y(v)}" for i, v in values)
    dots = "".join(f'<circle cx="{frame.x(i)}" cy="{frame.y(v)}" r="3.5"/>'
                   f'<text x="{frame.x(i)}" y="{frame.y(v) - 7}" text-anchor="middle" class="value">'
                   f"{esc(fmt(v))}</text>"
                   for i, v in values)
    body = ((frame.band(*band, fmt) if band else "") + ("" if band and band[0] == 0 else frame.y_label(0, fmt(0)))
            + _x_labels(frame, n)
            + f'<polyline points="{points}"/>{dots}')
    return frame.svg(body, ", ".join(f"attempt {i}: {fmt(v)}" for i, v in values))


def _shares(done: list[tuple[int, dict]], n: int) -> str:
    """A 100 % column per attempt, stacked S, T, A, R by each part's seconds over the total."""
    frame = Frame(_W, _H, (0.5, n + 0.5), 100)
    width = min(28.0, (frame.x(1.5) - frame.x(0.5)) * 0.6)
    columns = []
    for i, r in done:
        bottom = 0.0
        for part in PARTS:
            share = 100 * r["parts"].get(part, 0) / max(r["total_s"], 1e-6)
            if share <= 0:
                continue
            top = frame.y(min(bottom + share, 100))
            columns.append(f'<rect x="{frame.x(i) - width / 2}" y="{top}" width="{width}" '
                           f'height="{round(frame.y(bottom) - top, 1)}" fill="{PART_COLOURS[part][0]}">'
                           f"<title>attempt {i}: {part.title()} {share:.0f} %</title></rect>")
            bottom += share
    body = (frame.y_label(0, "0 %") + frame.y_label(50, "50 %") + frame.y_label(100, "100 %") + _x_labels(frame, n)
            + "".join(columns))
    return frame.svg(body, "Share of the answer per STAR part, per attempt")


def _x_labels(frame: Frame, n: int) -> str:
    return "".join(f'<text x="{frame.x(i)}" y="{frame.height - 3}" text-anchor="middle">#{i}</text>'
                   for i in range(1, n + 1))


def _table(rows: list[dict], reports: dict[str, str]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("#", "date", "total", *(p.title() for p in PARTS), "wpm",
                                              "fillers/min", "findings", ""))
    body = []
    for i, r in enumerate(rows, 1):
        link = reports.get(r["session"])
        link = f'<a href="{esc(link)}#{esc(r["take"])}">report</a>' if link else ""
        if not r["analysed"]:
            cells = f'<td colspan="{len(PARTS) + 4}" class="muted">not analysed yet</td>'
        else:
            parts = "".join(f'<td>{r["parts"][p]:.0f} s</td>' if p in r["parts"] else '<td class="missing">missing</td>'
                            for p in PARTS)
            cells = (f'<td>{clock(r["total_s"])}</td>{parts}<td>{r["wpm"]:.0f}</td>'
                     f'<td>{r["fillers_per_min"]:.1f}</td><td>{r["findings"]}</td>')
        body.append(f"<tr><td>{i}</td><td>{esc(r['date'])}</td>{cells}<td>{link}</td></tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


_CSS = """
.nav{padding-left:1.2rem;font-size:.92rem}
.question{border-top:1px solid var(--line);margin-top:1.6rem;padding-top:1.2rem;break-inside:avoid}
.question h2 code{font-size:.85rem;background:var(--soft);padding:.1rem .35rem;border-radius:4px;margin-right:.3rem}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.8rem 1.2rem;margin:.6rem 0 1rem}
figure{margin:0}figcaption{font-size:.78rem;color:var(--muted);margin-bottom:.2rem}.key{white-space:nowrap;font-size:.72rem}
svg polyline{fill:none;stroke:#1d4ed8;stroke-width:2}svg circle{fill:#1d4ed8}
svg text.value{fill:var(--ink);font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.85rem;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--line)}th{color:var(--muted);font-weight:600}
td.missing{color:var(--fail)}
.stories{border-top:1px solid var(--line);margin-top:1.2rem;padding-top:1rem}.success{list-style:none;padding:0}
.ok{color:#15803d}.todo{color:var(--warn)}.story h3{text-transform:none;letter-spacing:0;font-size:1rem;color:var(--ink)}
"""
