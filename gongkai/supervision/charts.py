"""Charts drawn on the server as inline SVG: no script, no outside network, printable, readable by screen readers
(each chart has a <title>, each mark a <title> with its figure, and the page keeps the table beside it).

Three shapes cover the dashboard: a line chart of monthly series, a vertical bar chart and a horizontal bar chart
(bodies side by side, outcome mix). Every function returns markup that is safe to insert: all text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#b3261e", "#1f5fa8", "#2e7d32", "#b26a00", "#6a4c93", "#00838f", "#5d4037", "#7b8794")
FONT = "font-family='Noto Sans CJK SC, Microsoft YaHei, sans-serif'"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int]


def nice_max(value: float) -> float:
    """The smallest 1/2/2.5/5 × 10^k at or above ``value`` (at least 1), for the axis."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10 ** exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def ticks(value: float) -> list[float]:
    """Axis ticks from 0 with a round step (1, 2 or 5 × 10^k, whole numbers for counts of at least 1) and at most
    five intervals, the last at or above ``value``."""
    value = max(value, 1)
    exponent = math.floor(math.log10(value / 5))
    for factor in (1, 2, 5, 10):
        step = max(1, factor * 10 ** exponent) if value >= 1 else factor * 10 ** exponent
        if value / step <= 5:
            break
    count = math.ceil(value / step - 1e-9)
    return [step * i for i in range(count + 1)]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f"<svg class='chart' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"xmlns='http://www.w3.org/2000/svg' {FONT} font-size='12'><title>{escape(title)}</title>"
        + "".join(body) + "</svg>")


def _grid(left: int, top: int, width: int, height: int, marks: list[float], unit: str) -> list[str]:
    out = []
    for i, value in enumerate(marks):
        y = top + height - height * value / marks[-1]
        out.append(f"<line x1='{left}' x2='{left + width}' y1='{y:.1f}' y2='{y:.1f}' stroke='#e3e6ea'/>")
        out.append(f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' fill='#5f6b7a'>"
                   f"{escape(_fmt(value))}{escape(unit) if i == len(marks) - 1 else ''}</text>")
    return out


def _legend(series: Sequence[Series], x: int, y: int) -> list[str]:
    out = []
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        out.append(f"<rect x='{x}' y='{y - 9}' width='12' height='12' fill='{colour}'/>"
                   f"<text x='{x + 16}' y='{y + 1}' fill='#2b3440'>{escape(s.name)}</text>")
        x += 28 + 13 * len(s.name)
    return out


def line_chart(title: str, categories: Sequence[str], series: Sequence[Series], unit: str = "",
               width: int = 640, height: int = 260) -> SafeString:
    left, top, right, bottom = 48, 30, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    marks = ticks(max((v for s in series for v in s.values), default=0))
    top_value = marks[-1]
    body = _grid(left, top, plot_w, plot_h, marks, unit) + _legend(series, left, 16)
    n = len(categories)
    step = plot_w / max(n - 1, 1)
    label_every = max(1, math.ceil(n / 12))
    for i, category in enumerate(categories):
        if i % label_every == 0:
            x = left + step * i if n > 1 else left + plot_w / 2
            body.append(f"<text x='{x:.1f}' y='{height - bottom + 18}' text-anchor='middle' fill='#5f6b7a'>"
                        f"{escape(category)}</text>")
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = []
        for i, value in enumerate(s.values):
            x = left + step * i if n > 1 else left + plot_w / 2
            y = top + plot_h - plot_h * (value / top_value)
            points.append((x, y, value, categories[i]))
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v, _c in points)
        body.append(f"<polyline fill='none' stroke='{colour}' stroke-width='2' points='{path}'/>")
        for x, y, value, category in points:
            body.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='{colour}'><title>{escape(s.name)} "
                        f"{escape(category)}：{escape(_fmt(value))}{escape(unit)}</title></circle>")
    return _svg(width, height, title, body)


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], unit: str = "",
              width: int = 640, height: int = 260) -> SafeString:
    """Vertical bars, grouped when there is more than one series."""
    left, top, right, bottom = 48, 30, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    marks = ticks(max((v for s in series for v in s.values), default=0))
    top_value = marks[-1]
    body = _grid(left, top, plot_w, plot_h, marks, unit)
    if len(series) > 1:
        body += _legend(series, left, 16)
    n = max(len(categories), 1)
    slot = plot_w / n
    bar_w = max(2.0, slot * 0.7 / max(len(series), 1))
    label_every = max(1, math.ceil(n / 12))
    for i, category in enumerate(categories):
        x0 = left + slot * i + slot * 0.15
        for k, s in enumerate(series):
            value = s.values[i]
            h = plot_h * (value / top_value)
            colour = PALETTE[k % len(PALETTE)]
            body.append(f"<rect x='{x0 + k * bar_w:.1f}' y='{top + plot_h - h:.1f}' width='{bar_w:.1f}' "
                        f"height='{h:.1f}' fill='{colour}'><title>{escape(s.name)} {escape(category)}："
                        f"{escape(_fmt(value))}{escape(unit)}</title></rect>")
        if i % label_every == 0:
            body.append(f"<text x='{left + slot * (i + 0.5):.1f}' y='{height - bottom + 18}' text-anchor='middle' "
                        f"fill='#5f6b7a'>{escape(category)}</text>")
    return _svg(width, height, title, body)


def hbar_chart(title: str, rows: Sequence[tuple[str, float | int | None]], unit: str = "",
               width: int = 640, label_width: int = 190, max_value: float | None = None) -> SafeString:
    """One horizontal bar per row (label, value); a None value is drawn as 不适用."""
    bar_h, gap, top = 18, 8, 8
    height = top * 2 + len(rows) * (bar_h + gap)
    plot_w = width - label_width - 70
    top_value = max_value or nice_max(max((v for _l, v in rows if v is not None), default=0))
    body = []
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        colour = PALETTE[1]
        shown = label if len(label) <= 14 else label[:13] + "…"
        body.append(f"<text x='{label_width - 8}' y='{y + 13}' text-anchor='end' fill='#2b3440'>"
                    f"<title>{escape(label)}</title>{escape(shown)}</text>")
        if value is None:
            body.append(f"<text x='{label_width}' y='{y + 13}' fill='#8a94a3'>不适用</text>")
            continue
        w = plot_w * (value / top_value) if top_value else 0
        body.append(f"<rect x='{label_width}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='{colour}'>"
                    f"<title>{escape(label)}：{escape(_fmt(value))}{escape(unit)}</title></rect>")
        body.append(f"<text x='{label_width + w + 6:.1f}' y='{y + 13}' fill='#2b3440'>"
                    f"{escape(_fmt(value))}{escape(unit)}</text>")
    return _svg(width, height, title, body)
