"""Workload 1, the annual report: ``gongkai.reports.compute.compute`` for the root body over its whole
subtree and for one leaf body, one year.

Baseline: the smallest hand-written SQL that gives the same table 三, 二 and 四 numbers from the same tables
(one GROUP BY per source table, the body set as a sub-select on the materialised path), run through Django's
connection cursor, plus the few lines of Python that place the grouped counts in the format's cells. Before
timing, its tables are compared with ``compute``'s cell by cell, so the baseline cannot be cheaper by counting
something else.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from bench.stats import repeat, summary

from . import Figure, Skipped

ROOT_GOAL_SECONDS = 1.0
ROOT_GOAL_RATIO = 2.0


# ---------------------------------------------------------------------------------------------------------
# the baseline


def _scope(org, scope: str, column: str = "org_id") -> tuple[str, list]:
    from gongkai.orgs.models import Organization

    if scope == "self":
        return f"{column} = %s", [org.pk]
    if scope != "subtree":
        raise ValueError("the baseline covers the scopes 'self' and 'subtree'")
    table = connection.ops.quote_name(Organization._meta.db_table)
    return f"{column} IN (SELECT id FROM {table} WHERE path LIKE %s)", [org.path + "%"]


def _tables():
    from gongkai.appeals.models import Case
    from gongkai.applications.models import Application
    from gongkai.disclosure.models import Item
    from gongkai.registers.models import Decision, DecisionTotal, FeeIncome, PowerItem, Procurement

    q = connection.ops.quote_name
    return {name: q(model._meta.db_table) for name, model in (
        ("application", Application), ("item", Item), ("power", PowerItem), ("decision", Decision),
        ("total", DecisionTotal), ("fee", FeeIncome), ("procurement", Procurement), ("case", Case))}


def raw_figures(org, scope: str, year: int) -> dict:
    """Every number the report needs, straight from SQL: {name: rows}."""
    t = _tables()
    ops = connection.ops
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    d_first, d_last = ops.adapt_datefield_value(first), ops.adapt_datefield_value(last)
    d_prev = ops.adapt_datefield_value(dt.date(year - 1, 12, 31))
    tz = timezone.get_current_timezone()
    start = ops.adapt_datetimefield_value(dt.datetime.combine(first, dt.time.min).replace(tzinfo=tz))
    end = ops.adapt_datetimefield_value(dt.datetime.combine(last, dt.time.max).replace(tzinfo=tz))
    where, params = _scope(org, scope)
    out = {}
    with connection.cursor() as cursor:
        # 表三: one pass over the applications that count in the year, grouped by applicant kind and outcome.
        cursor.execute(f"""
            SELECT applicant_kind, outcome,
                   COUNT(CASE WHEN received_on >= %s THEN 1 END),
                   COUNT(CASE WHEN received_on < %s THEN 1 END),
                   COUNT(CASE WHEN concluded_on IS NULL OR concluded_on > %s THEN 1 END),
                   COUNT(CASE WHEN concluded_on >= %s AND concluded_on <= %s THEN 1 END)
            FROM {t['application']}
            WHERE {where} AND received_on <= %s AND status NOT IN ('submitted', 'discarded')
              AND (concluded_on IS NULL OR concluded_on >= %s)
            GROUP BY applicant_kind, outcome""",
                       [d_first, d_first, d_last, d_first, d_last, *params, d_last, d_first])
        out["applications"] = cursor.fetchall()
        # 表二: 规章 and 行政规范性文件.
        cursor.execute(f"""
            SELECT doc_type,
                   COUNT(CASE WHEN COALESCE(written_on, formed_on) >= %s
                               AND COALESCE(written_on, formed_on) <= %s THEN 1 END),
                   COUNT(CASE WHEN status = 'published' AND published_at >= %s AND published_at <= %s THEN 1 END),
                   COUNT(CASE WHEN status = 'published' AND published_at <= %s THEN 1 END),
                   COUNT(CASE WHEN invalid_on >= %s AND invalid_on <= %s THEN 1 END),
                   COUNT(CASE WHEN COALESCE(written_on, formed_on) <= %s
                               AND (invalid_on IS NULL OR invalid_on > %s) THEN 1 END)
            FROM {t['item']}
            WHERE {where} AND doc_type IN ('regulation', 'normative') AND status <> 'withdrawn'
            GROUP BY doc_type""",
                       [d_first, d_last, start, end, end, d_first, d_last, d_last, d_last, *params])
        out["documents"] = cursor.fetchall()
        # 表二: 权责清单 items in force at the two year ends.
        cursor.execute(f"""
            SELECT kind,
                   COUNT(CASE WHEN effective_from <= %s AND (effective_to IS NULL OR effective_to >= %s) THEN 1 END),
                   COUNT(CASE WHEN effective_from <= %s AND (effective_to IS NULL OR effective_to >= %s) THEN 1 END)
            FROM {t['power']} WHERE {where} GROUP BY kind""",
                       [d_prev, d_prev, d_last, d_last, *params])
        out["power_items"] = cursor.fetchall()
        # 表二: 处理决定数量 — counted rows, except where a body keeps a yearly total for that kind instead.
        total_where, total_params = _scope(org, scope, "t.org_id")
        cursor.execute(f"""
            SELECT r.kind, SUM(r.n) FROM (
                SELECT org_id, kind, COUNT(*) AS n FROM {t['decision']}
                WHERE {where} AND decided_on >= %s AND decided_on <= %s GROUP BY org_id, kind) r
            WHERE NOT EXISTS (SELECT 1 FROM {t['total']} x
                              WHERE x.org_id = r.org_id AND x.kind = r.kind AND x.year = %s)
            GROUP BY r.kind
            UNION ALL
            SELECT t.kind, SUM(t.{connection.ops.quote_name('count')}) FROM {t['total']} t
            WHERE {total_where} AND t.year = %s GROUP BY t.kind""",
                       [*params, d_first, d_last, year, *total_params, year])
        out["decisions"] = cursor.fetchall()
        cursor.execute(f"SELECT SUM(amount_wan) FROM {t['fee']} WHERE {where} AND year = %s", [*params, year])
        out["fee"] = cursor.fetchone()[0]
        cursor.execute(f"""SELECT amount_unit, SUM(projects), SUM(amount), COUNT(*) FROM {t['procurement']}
                           WHERE {where} AND year = %s GROUP BY amount_unit""", [*params, year])
        out["procurement"] = cursor.fetchall()
        # 表四: cases concluded in the year by result, and cases open at the year end.
        cursor.execute(f"""
            SELECT kind,
                   COUNT(CASE WHEN concluded_on >= %s AND concluded_on <= %s AND result = 'upheld' THEN 1 END),
                   COUNT(CASE WHEN concluded_on >= %s AND concluded_on <= %s AND result = 'corrected' THEN 1 END),
                   COUNT(CASE WHEN concluded_on >= %s AND concluded_on <= %s AND result = 'other' THEN 1 END),
                   COUNT(CASE WHEN filed_on <= %s AND (concluded_on IS NULL OR concluded_on > %s) THEN 1 END)
            FROM {t['case']}
            WHERE {where} AND ((concluded_on >= %s AND concluded_on <= %s)
                               OR (filed_on <= %s AND (concluded_on IS NULL OR concluded_on > %s)))
            GROUP BY kind""",
                       [d_first, d_last, d_first, d_last, d_first, d_last, d_last, d_last, *params,
                        d_first, d_last, d_last, d_last])
        out["appeals"] = cursor.fetchall()
    return out


def baseline_tables(org, scope: str, year: int) -> dict:
    """Tables 三, 二 and 四 in the canonical shape, from ``raw_figures``."""
    from gongkai.reports.checks import plain
    from gongkai.reports.formats import APPLICANT_KEYS, empty_tables, format_for_year

    fmt = format_for_year(year)
    raw = raw_figures(org, scope, year)
    tables = empty_tables(fmt)
    apps = tables["applications"]
    for row in apps.values():
        for key in row:
            row[key] = 0
    outcome_rows = {r.key for r in fmt.table("applications").data_rows()}
    other_row = "3.6.3" if fmt.key == "2021" else "3.6"
    for kind, outcome, received, carried, forward, concluded in raw["applications"]:
        apps["1"][kind] += received
        apps["2"][kind] += carried
        apps["4"][kind] += forward
        if concluded:
            code = outcome or ""
            if code not in outcome_rows and code.startswith("3.6"):
                code = "3.6"
            if code not in outcome_rows or code == "3.7":
                code = other_row
            apps[code][kind] += concluded
            apps["3.7"][kind] += concluded
    for row in apps.values():
        row["total"] = sum(row[k] for k in APPLICANT_KEYS)

    docs = {"regulation": (0, 0, 0, 0, 0), "normative": (0, 0, 0, 0, 0)}
    docs.update({row[0]: tuple(row[1:]) for row in raw["documents"]})
    items = {kind: {"previous": 0, "current": 0}
             for kind in ("licensing", "penalty", "coercion", "fee", "other_service")}
    for kind, previous, current in raw["power_items"]:
        items[kind] = {"previous": previous, "current": current}
    decisions = {"licensing": 0, "penalty": 0, "coercion": 0, "other_service": 0}
    for kind, n in raw["decisions"]:
        decisions[kind] += int(n)
    active = tables["active"]
    doc_rows = (("regulations", "regulation"), ("normative_documents", "normative"))
    if fmt.key == "2019":
        for key, doc_type in doc_rows:
            made, published, total_published, _repealed, _in_force = docs[doc_type]
            active[key] = {"made": made, "published": published, "total_published": total_published}
        for key, kind in (("licensing", "licensing"), ("other_services", "other_service"),
                          ("penalty", "penalty"), ("coercion", "coercion")):
            active[key] = {"items_prev_year": items[kind]["previous"],
                           "items_change": items[kind]["current"] - items[kind]["previous"],
                           "decisions": decisions[kind]}
        active["fees"] = {"items_prev_year": items["fee"]["previous"],
                          "items_change": items["fee"]["current"] - items["fee"]["previous"]}
        if not raw["procurement"]:
            active["procurement"] = {"projects": None, "amount": None, "amount_unit": None}
        else:
            amount = sum((Decimal(str(a)) if unit == "万元" else Decimal(str(a)) / 10000
                          for unit, _p, a, _n in raw["procurement"]), Decimal(0))
            active["procurement"] = {"projects": sum(int(p) for _u, p, _a, _n in raw["procurement"]),
                                     "amount": amount.quantize(Decimal("0.0001")), "amount_unit": "万元"}
    else:
        for key, doc_type in doc_rows:
            made, _published, _total, repealed, in_force = docs[doc_type]
            active[key] = {"issued": made, "repealed": repealed, "in_force": in_force}
        for key in ("licensing", "penalty", "coercion"):
            active[key] = {"decisions": decisions[key]}
        fee = raw["fee"]
        active["fees"] = {"amount_wan": None if fee is None else Decimal(fee).quantize(Decimal("0.0001"))}

    appeals = tables["appeals"]
    for group in appeals.values():
        for key in group:
            group[key] = 0
    for kind, upheld, corrected, other, pending in raw["appeals"]:
        if kind in appeals:
            appeals[kind] = {"upheld": upheld, "corrected": corrected, "other": other, "pending": pending,
                             "total": upheld + corrected + other + pending}
    return {t: {r: {c: plain(v) for c, v in cols.items()} for r, cols in rows.items()}
            for t, rows in tables.items()}


def differences(computed: dict, baseline: dict) -> list[str]:
    """Cells where the two disagree ("table.row.column: compute vs baseline")."""
    def norm(value):
        return None if value is None else Decimal(str(value)).normalize()
    out = []
    for table in ("applications", "active", "appeals"):
        rows_a, rows_b = computed.get(table, {}), baseline.get(table, {})
        for row in sorted(set(rows_a) | set(rows_b)):
            cols_a, cols_b = rows_a.get(row, {}), rows_b.get(row, {})
            for col in sorted(set(cols_a) | set(cols_b)):
                if norm(cols_a.get(col)) != norm(cols_b.get(col)):
                    out.append(f"{table}.{row}.{col}: {cols_a.get(col)} vs {cols_b.get(col)}")
    return out


# ---------------------------------------------------------------------------------------------------------
# the workload


def pick_leaf(root, year: int):
    """The leaf body of the tree with the most applications received in ``year`` (ties: first by path)."""
    from django.db.models import Count, Q

    from gongkai.orgs.models import Organization

    leaves = (Organization.objects.filter(path__startswith=root.path + ".", children__isnull=True)
              .annotate(n=Count("applications", filter=Q(applications__received_on__year=year)))
              .order_by("-n", "path"))
    return leaves.first() or root


def _measure(org, scope, year, repeats):
    from gongkai.reports.compute import compute

    report = compute(org, year, scope)
    base = baseline_tables(org, scope, year)
    diff = differences(report["tables"], base)
    if diff:
        raise AssertionError(f"hand-written SQL and compute() disagree for {org.code} {year} {scope}: "
                             + "; ".join(diff[:10]))
    samples, _ = repeat(lambda: compute(org, year, scope), repeats)
    base_samples, _ = repeat(lambda: baseline_tables(org, scope, year), repeats)
    return samples, base_samples, report


def run(ctx) -> list[Figure]:
    year = ctx.year
    root = ctx.root
    if root is None:
        raise Skipped("no root body")
    figures = []
    leaf = pick_leaf(root, year)
    for key, org, scope, label in (("1a", root, "subtree", f"年度报告 根机关全辖 {root.code} {year}"),
                                   ("1b", leaf, "self", f"年度报告 单一机关 {leaf.code} {year}")):
        samples, base_samples, report = _measure(org, scope, year, ctx.params.repeats)
        s, b = summary(samples), summary(base_samples)
        fig = Figure(key=key, label=label, figure=s["median"], unit="s", baseline=b["median"],
                     baseline_label="手写 SQL（同表同数）", database=ctx.db["label"], samples=s, baseline_samples=b,
                     extra={"year": year, "org": org.code, "scope": scope, "format": report["format"],
                            "received": report["tables"]["applications"]["1"]["total"]})
        if key == "1a":
            fig.goal = f"≤{ROOT_GOAL_RATIO:g}× 基线；province+PostgreSQL 下 <{ROOT_GOAL_SECONDS:g} s"
            met = fig.ratio is not None and fig.ratio <= ROOT_GOAL_RATIO
            if ctx.scale == "province" and ctx.db["vendor"] == "postgresql":
                met = met and fig.figure < ROOT_GOAL_SECONDS
            fig.met = met
        else:
            fig.goal = "—"
        figures.append(fig)
    return figures
