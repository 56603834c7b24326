"""The consistency rules (勾稽关系) of a report in the canonical shape, for computed and imported reports alike.

``check(report)`` returns the findings of one report; ``check_series(reports)`` adds the cross-year rule
(二、上年结转 of year N = 四、结转下年度继续办理 of year N-1) for several years of the same body. A rule with a
null cell among its terms is not evaluated (the source did not give the figure; whoever made the null says so).

Pure Python, no Django.
"""

from __future__ import annotations

import math
from decimal import Decimal

from .formats import AMOUNT, APPLICANT_COLUMNS, INT, Format, get_cell, get_format

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}

RULE_LABELS = {
    "balance": "一+二=三（七）+四",
    "outcome_total": "（七）总计=各项办理结果之和",
    "applicant_total": "总计=各类申请人之和",
    "appeal_total": "复议诉讼总计=维持+纠正+其他+尚未审结",
    "non_negative": "数值不得为负",
    "not_integer": "件数应为整数",
    "carry_over": "上年结转=上年报告结转下年度",
}


def finding(rule: str, severity: str, cells: list[str], message: str, expected=None, actual=None) -> dict:
    return {"rule": rule, "severity": severity, "cells": list(cells), "expected": plain(expected),
            "actual": plain(actual), "message": message}


def plain(value):
    """A Decimal as a JSON number (int when integral); anything else unchanged."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _number(value):
    """``value`` when it is a finite number, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    return value


def check(report: dict) -> list[dict]:
    """The findings of the format's rules on one report (not the cross-year rule)."""
    fmt: Format = get_format(report.get("format"))
    findings: list[dict] = []
    for path in fmt.cell_paths():
        column = fmt.column(path)
        value = get_cell(report, path)
        if value is None or not column.numeric:
            continue
        if _number(value) is None:
            findings.append(finding("not_integer", ERROR, [path], f"{fmt.label(path)}：“{value}”不是数值",
                                    actual=str(value)))
            continue
        if column.kind == INT and value != int(value):
            findings.append(finding("not_integer", ERROR, [path], f"{fmt.label(path)}：件数应为整数", actual=value))
        if column.kind in (INT, AMOUNT) and value < 0:
            findings.append(finding("non_negative", ERROR, [path], f"{fmt.label(path)}：数值不得为负数",
                                    expected=">= 0", actual=value))
    for eq in fmt.equations:
        lhs = [get_cell(report, p) for p in eq.lhs]
        rhs = [get_cell(report, p) for p in eq.rhs]
        values = lhs + rhs
        if any(_number(v) is None for v in values):
            continue
        expected, actual = sum(lhs), sum(rhs)
        if expected != actual:
            findings.append(finding(eq.rule, ERROR, list(eq.lhs + eq.rhs),
                                    f"{eq.message}（应为 {plain(expected)}，实为 {plain(actual)}）",
                                    expected=expected, actual=actual))
    return findings


def check_carry_over(previous: dict, current: dict) -> list[dict]:
    """二、上年结转 of ``current`` against 四、结转下年度 of ``previous`` (the year before), column by column."""
    findings: list[dict] = []
    for column in APPLICANT_COLUMNS:
        carried = get_cell(previous, f"applications.4.{column.key}")
        brought = get_cell(current, f"applications.2.{column.key}")
        if _number(carried) is None or _number(brought) is None or carried == brought:
            continue
        findings.append(finding(
            "carry_over", WARNING, [f"applications.2.{column.key}"],
            f"“{column.label}”列：{current.get('year')}年二、上年结转（{brought}）与{previous.get('year')}年"
            f"报告四、结转下年度继续办理（{carried}）不一致", expected=carried, actual=brought))
    return findings


def check_series(reports: list[dict]) -> list[list[dict]]:
    """Cross-year findings for several reports of the same body: one list per report (in the given order),
    holding the carry-over findings of that report against the report of the year before, when given."""
    by_year = {r.get("year"): r for r in reports if isinstance(r.get("year"), int)}
    out: list[list[dict]] = []
    for report in reports:
        year = report.get("year")
        previous = by_year.get(year - 1) if isinstance(year, int) else None
        out.append(check_carry_over(previous, report) if previous is not None else [])
    return out


def has_errors(findings: list[dict]) -> bool:
    return any(f["severity"] == ERROR for f in findings)


def counts(findings: list[dict]) -> dict[str, int]:
    out = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[f["severity"]] = out.get(f["severity"], 0) + 1
    return out

