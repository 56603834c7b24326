"""Scoring an evaluation: pure Python, no database.

``score(specs, bodies, rows, manual)`` takes the scheme's indicators as ``Spec``s, the bodies as
``(id, name)`` pairs, the computed values ``rows[body id][indicator code]`` (anything with a ``.value``: an int
for counts, a percent float or None for rates — ``gongkai.supervision.indicators.Table.rows``) and the manual
scores ``{(body id, spec id): (points, reason)}``, and gives per body every indicator's raw value, the rule
applied in words, its points, the total and the rank.

Rules (points are rounded to 0.01, half up):
- RATE, higher is better: ``weight × rate/100``; with a target T (a percent), ``weight × min(rate/T, 1)``.
  A rate with nothing to judge (None: no denominator) gets full marks, marked 不适用 — or 0 points when the
  indicator says so. (RATE, lower is better: ``weight × (1 − rate/100)``.)
- COUNT, lower is better: ``deduct_per_unit`` points for each unit above the allowance (the target, default 0),
  never below 0.
- COUNT, higher is better (or neutral): ``weight × min(count/T, 1)`` for the target T.
- MANUAL: the points entered (None while missing: the body is listed as lacking manual scores).
- An indicator whose code is not registered (the app that provides it is not installed) scores None and is
  reported; it counts for nobody.

The total is the sum of the points; bodies are ranked by total, ties sharing a rank (1, 1, 3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

COUNT, RATE, MANUAL, MISSING = "count", "rate", "manual", "missing"
HIGHER, LOWER = "higher", "lower"
OK, NA, PENDING, UNAVAILABLE = "ok", "na", "pending", "unavailable"
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def fmt(value) -> str:
    """A Decimal as people write it: 18.50 → "18.5", 20.00 → "20"."""
    if value is None:
        return "—"
    d = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Spec:
    """One indicator of a scheme, resolved against the registry."""

    id: int
    name: str
    source: str  # an indicator code, or "manual"
    weight: Decimal
    kind: str = MANUAL  # COUNT, RATE, MANUAL, or MISSING when the code is not registered
    better: str = ""
    unit: str = ""
    deduct_per_unit: Decimal | None = None
    target: Decimal | None = None
    na_full: bool = True


@dataclass
class Line:
    spec_id: int
    name: str
    source: str
    weight: str
    raw: str  # the value as shown ("92.5%", "3件", "—")
    rule: str  # the computation in words
    points: str | None  # fmt() of the points, None when not scored
    status: str  # OK, NA, PENDING, UNAVAILABLE
    reason: str = ""


@dataclass
class BodyResult:
    org_id: int
    name: str
    lines: list[Line]
    total: str
    rank: int = 0
    complete: bool = True
    pending: list[str] = field(default_factory=list)  # names of manual indicators not yet scored


@dataclass
class Result:
    total_weight: str
    indicators: list[dict]
    bodies: list[BodyResult]  # in rank order

    @property
    def lacking(self) -> list[BodyResult]:
        return [b for b in self.bodies if b.pending]

    @property
    def unavailable(self) -> list[str]:
        return [i["source"] for i in self.indicators if i["kind"] == MISSING]

    def to_dict(self) -> dict:
        return {"total_weight": self.total_weight, "indicators": self.indicators,
                "bodies": [asdict(b) for b in self.bodies],
                "lacking": [{"org_id": b.org_id, "name": b.name, "pending": b.pending} for b in self.lacking],
                "unavailable": self.unavailable}


def _raw(spec: Spec, value) -> str:
    if value is None:
        return "—"
    if spec.kind == RATE:
        return f"{fmt(value)}%"
    return f"{value}{spec.unit}"


def _score_rate(spec: Spec, value) -> tuple[Decimal, str, str]:
    w = spec.weight
    if value is None:
        if spec.na_full:
            return w, f"{spec.name}无可评价的数据（不适用），得满分{fmt(w)}分", NA
        return Decimal(0), f"{spec.name}无可评价的数据（不适用），按方案规定得0分", NA
    rate = Decimal(str(value))
    if spec.better == LOWER:
        points = _round(w * (HUNDRED - rate) / HUNDRED)
        return points, f"（100% − {spec.name} {fmt(rate)}%）× {fmt(w)}分 = {fmt(points)}分", OK
    if spec.target:
        if rate >= spec.target:
            return w, f"{spec.name} {fmt(rate)}%，达到目标{fmt(spec.target)}%，得满分{fmt(w)}分", OK
        points = _round(w * rate / spec.target)
        return points, (f"{spec.name} {fmt(rate)}% ÷ 目标{fmt(spec.target)}% × {fmt(w)}分 = {fmt(points)}分"), OK
    points = _round(w * rate / HUNDRED)
    return points, f"{spec.name} {fmt(rate)}% × {fmt(w)}分 = {fmt(points)}分", OK


def _score_count(spec: Spec, value) -> tuple[Decimal, str, str]:
    w, n, unit = spec.weight, Decimal(int(value or 0)), spec.unit
    if spec.better == LOWER:
        per = spec.deduct_per_unit or Decimal(0)
        allowance = spec.target or Decimal(0)
        excess = max(Decimal(0), n - allowance)
        head = f"{spec.name} {fmt(n)}{unit}"
        if allowance:
            head += f"（允许{fmt(allowance)}{unit}，超出{fmt(excess)}{unit}）"
        if not excess or not per:
            return w, f"{head}，不扣分，得{fmt(w)}分", OK
        deduction = per * excess
        if deduction > w:
            return Decimal(0), f"{head}，每{unit}扣{fmt(per)}分，应扣{fmt(deduction)}分，扣完为止，得0分", OK
        points = _round(w - deduction)
        return points, f"{head}：{fmt(w)}分 − {fmt(excess)} × {fmt(per)}分 = {fmt(points)}分", OK
    if not spec.target:
        return Decimal(0), f"{spec.name} {fmt(n)}{unit}，方案未设目标值，无法计分（得0分）", OK
    if n >= spec.target:
        return w, f"{spec.name} {fmt(n)}{unit}，达到目标{fmt(spec.target)}{unit}，得满分{fmt(w)}分", OK
    points = _round(w * n / spec.target)
    return points, (f"{spec.name} {fmt(n)}{unit} ÷ 目标{fmt(spec.target)}{unit} × {fmt(w)}分 = "
                    f"{fmt(points)}分"), OK


def _line(spec: Spec, org_id: int, rows: Mapping, manual: Mapping) -> tuple[Line, Decimal | None]:
    base = {"spec_id": spec.id, "name": spec.name, "source": spec.source, "weight": fmt(spec.weight)}
    if spec.kind == MISSING:
        return Line(**base, raw="—", rule=f"指标“{spec.source}”当前不可用（提供该指标的功能未启用），本项暂不计分",
                    points=None, status=UNAVAILABLE), None
    if spec.kind == MANUAL:
        entry = manual.get((org_id, spec.id))
        if entry is None:
            return Line(**base, raw="—", rule=f"人工评分，满分{fmt(spec.weight)}分，尚未评分", points=None,
                        status=PENDING), None
        points, reason = Decimal(entry[0]), entry[1] or ""
        rule = f"人工评分：{fmt(points)}分（满分{fmt(spec.weight)}分）" + (f"；{reason}" if reason else "")
        return Line(**base, raw=f"{fmt(points)}分", rule=rule, points=fmt(points), status=OK, reason=reason), points
    value = getattr(rows.get(org_id, {}).get(spec.source), "value", None)
    points, rule, status = (_score_rate if spec.kind == RATE else _score_count)(spec, value)
    return Line(**base, raw=_raw(spec, value), rule=rule, points=fmt(points), status=status), points


def score(specs: Sequence[Spec], bodies: Sequence[tuple[int, str]], rows: Mapping, manual: Mapping) -> Result:
    results: list[tuple[Decimal, BodyResult]] = []
    for org_id, name in bodies:
        lines, total = [], Decimal(0)
        for spec in specs:
            line, points = _line(spec, org_id, rows, manual)
            lines.append(line)
            if points is not None:
                total += points
        pending = [line.name for line in lines if line.status == PENDING]
        results.append((total, BodyResult(org_id, name, lines, fmt(total), complete=not pending, pending=pending)))
    results.sort(key=lambda pair: -pair[0])  # stable: bodies with equal totals keep the given order
    for total, body in results:
        body.rank = 1 + sum(1 for other, _b in results if other > total)
    indicators = [{"id": s.id, "name": s.name, "source": s.source, "kind": s.kind, "unit": s.unit,
                   "weight": fmt(s.weight)} for s in specs]
    return Result(fmt(sum((s.weight for s in specs), Decimal(0))), indicators, [b for _t, b in results])
