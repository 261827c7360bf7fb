"""What the HTML pages share: escaping, the page shell with its base style, the part colours and
the SVG chart frame. Every page is one self-contained file: no CDN, no fonts, no network."""
from __future__ import annotations

from html import escape

# (colour, light tint) per STAR part: the terminal report's hues, dark enough for white text.
PART_COLOURS = {"situation": ("#0e7490", "#ecfeff"), "task": ("#a21caf", "#fdf4ff"),
                "action": ("#1d4ed8", "#eff6ff"), "result": ("#15803d", "#f0fdf4")}

_BASE_CSS = """
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--soft:#f3f4f6;--fail:#b91c1c;--warn:#b45309;--info:#4b5563;
--band:#dcfce7;--c:#6b7280;--bg:#f9fafb}
*{box-sizing:border-box}
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);
max-width:64rem;margin:0 auto;padding:1.5rem 1.25rem 4rem;background:#fff}
h1{font-size:1.6rem;margin:0 0 .2rem}
h2{font-size:1.2rem;margin:0 0 .75rem;line-height:1.35}
h3{font-size:.75rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:1.6rem 0 .5rem}
a{color:#1d4ed8}
.muted{color:var(--muted)}
svg{display:block;width:100%;height:auto;overflow:visible}
svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
svg .band{fill:var(--band)}
svg .grid{stroke:var(--line);stroke-width:1}
@media print{*{-webkit-print-color-adjust:exact;print-color-adjust:exact}body{max-width:none;padding:0;font-size:11pt}
a{color:inherit;text-decoration:none}}
"""


def esc(value: object) -> str:
    """Text or an attribute value, HTML-escaped (quotes too)."""
    return escape(str(value), quote=True)


def part_css() -> str:
    """.p-<part> sets --c (the part's colour) and --bg (its tint) for whatever is drawn inside."""
    return "".join(f".p-{p}{{--c:{c};--bg:{bg}}}" for p, (c, bg) in PART_COLOURS.items())


def page(title: str, body: str, css: str = "", script: str = "") -> str:
    js = f"<script>{script}</script>" if script else ""
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{_BASE_CSS}{part_css()}{css}</style></head>"
            f"<body>{body}{js}</body></html>\n")


class Frame:
    """An SVG chart area: x and y data ranges mapped onto a width x height box with margins
    for the axis labels; y grows upwards."""

    LEFT, RIGHT, TOP, BOTTOM = 34, 8, 14, 18

    def __init__(self, width: int, height: int, x_range: tuple[float, float], y_max: float) -> None:
        self.width, self.height = width, height
        self.x0, self.x1 = x_range
        self.y_max = y_max

    def x(self, value: float) -> float:
        span = max(self.x1 - self.x0, 1e-6)
        return round(self.LEFT + (value - self.x0) / span * (self.width - self.LEFT - self.RIGHT), 1)

    def y(self, value: float) -> float:
        return round(self.height - self.BOTTOM - value / self.y_max * (self.height - self.TOP - self.BOTTOM), 1)

    def band(self, lo: float, hi: float, fmt=lambda v: f"{v:g}") -> str:
        """A shaded horizontal band between two y values (the target), labelled on the y axis."""
        top, bottom = self.y(min(hi, self.y_max)), self.y(lo)
        return (f'<rect class="band" x="{self.LEFT}" y="{top}" width="{self.width - self.LEFT - self.RIGHT}" '
                f'height="{round(bottom - top, 1)}"/>' + self.y_label(lo, fmt(lo)) + self.y_label(hi, fmt(hi)))

    def y_label(self, value: float, text: str | None = None) -> str:
        y = self.y(value)
        return (f'<line class="grid" x1="{self.LEFT}" x2="{self.width - self.RIGHT}" y1="{y}" y2="{y}"/>'
                f'<text x="{self.LEFT - 4}" y="{y + 4}" text-anchor="end">{esc(text or f"{value:g}")}</text>')

    def svg(self, body: str, label: str) -> str:
        return (f'<svg viewBox="0 0 {self.width} {self.height}" role="img" aria-label="{esc(label)}">'
                f'<title>{esc(label)}</title>{body}</svg>')
