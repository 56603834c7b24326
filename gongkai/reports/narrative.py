"""Live figures in a report's narrative: ``{{本年新收申请}}`` in a chapter's text is replaced by the figure when
the report is shown, exported or published (publication freezes the text).

A figure is either a sum of table cells (so it follows overrides) or an extra count the tables do not hold
(items published in the year, policy interpretations), computed with the report and kept in
``AnnualReport.computed["extra"]``. Other apps add figures with ``register_extra``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .formats import get_cell

TOKEN = re.compile(r"\{\{\s*([^{}\s]{1,30})\s*\}\}")


@dataclass(frozen=True)
class Figure:
    name: str  # the token written in the text
    label: str  # what the editor shows
    cells: tuple[str, ...] = ()  # summed table cells; empty for an extra figure
    unit: str = ""


TABLE_FIGURES = (
    Figure("本年新收申请", "三、一 本年新收申请数（总计）", ("applications.1.total",), "件"),
    Figure("上年结转申请", "三、二 上年结转申请数（总计）", ("applications.2.total",), "件"),
    Figure("收到申请总数", "本年新收加上年结转", ("applications.1.total", "applications.2.total"), "件"),
    Figure("办结申请", "三（七）总计：本年办结", ("applications.3.7.total",), "件"),
    Figure("结转下年度申请", "四、结转下年度继续办理", ("applications.4.total",), "件"),
    Figure("予以公开", "三（一）予以公开", ("applications.3.1.total",), "件"),
    Figure("部分公开", "三（二）部分公开", ("applications.3.2.total",), "件"),
    Figure("行政复议", "行政复议总计", ("appeals.review.total",), "件"),
    Figure("行政诉讼", "行政诉讼总计", ("appeals.litigation_direct.total", "appeals.litigation_after_review.total"),
           "件"),
    Figure("行政许可决定", "行政许可处理决定数量", ("active.licensing.decisions",), "件"),
    Figure("行政处罚决定", "行政处罚处理决定数量", ("active.penalty.decisions",), "件"),
    Figure("行政强制决定", "行政强制处理决定数量", ("active.coercion.decisions",), "件"),
)

# name -> (label, unit, function(org_ids, year) -> int); filled by apps at import time.
EXTRA_FIGURES: dict[str, tuple[str, str, Callable]] = {}


def register_extra(name: str, label: str, unit: str, func: Callable) -> None:
    EXTRA_FIGURES[name] = (label, unit, func)


def compute_extra(org_ids, year: int) -> dict[str, int]:
    return {name: func(org_ids, year) for name, (_label, _unit, func) in EXTRA_FIGURES.items()}


def values(report: dict, extra: dict | None) -> dict[str, object]:
    """{token name: value} for a canonical report and its extra figures; a figure over a null cell is None."""
    out: dict[str, object] = {}
    for figure in TABLE_FIGURES:
        cells = [get_cell(report, c) for c in figure.cells]
        # 2021 reports have no other_services etc.; a figure whose cells do not exist is left out
        out[figure.name] = None if any(v is None for v in cells) else sum(cells)
    for name in EXTRA_FIGURES:
        if extra and name in extra:
            out[name] = extra[name]
    return out


def catalogue(report: dict, extra: dict | None) -> list[dict]:
    """What the editor offers: name, label, unit and current value of every figure."""
    current = values(report, extra)
    items = [{"name": f.name, "label": f.label, "unit": f.unit, "value": current.get(f.name)}
             for f in TABLE_FIGURES]
    items += [{"name": name, "label": label, "unit": unit, "value": current.get(name)}
              for name, (label, unit, _f) in EXTRA_FIGURES.items()]
    return items


def unknown_tokens(text: str, report: dict, extra: dict | None) -> list[str]:
    known = values(report, extra)
    return sorted({m.group(1) for m in TOKEN.finditer(text or "") if m.group(1) not in known})


def fill(text: str, report: dict, extra: dict | None) -> str:
    """The text with every known token replaced by its figure (a figure without a value prints as "—")."""
    known = values(report, extra)

    def replace(match):
        name = match.group(1)
        if name not in known:
            return match.group(0)
        value = known[name]
        return "—" if value is None else str(value)

    return TOKEN.sub(replace, text or "")
