"""Computing a report's tables from the records, in the database, in a handful of GROUP BY queries.

For a body, a year and a scope (the body alone; a government with its 工作部门; the whole subtree):

Table 三 (applications, ``applications`` app). An application counts once it has a 收到申请之日 (confirmed or
registered; 待确认 and 作废 never count):
- 一、本年新收: received within the year;
- 二、上年结转: received before 1 January and not concluded before 1 January;
- 三、outcome rows: concluded within the year, by final outcome (in the 2019 format 3.6.1–3.6.3 count in the
  single （六）其他处理);
- 四、结转下年度: received by 31 December and not concluded by 31 December.
So 一 + 二 = 三（七） + 四 holds by construction for every column.

Table 二 (主动公开, ``disclosure`` items of 文种 规章 / 行政规范性文件, and the ``registers``). Withdrawn items
(已撤回) are not counted. 成文日期 dates a document (形成日期 when it has none).
- 2019: 本年新制作 = dated within the year; 本年新公开 = published within the year; 对外公开总数量 = published
  on or before 31 December; 上一年项目数量 / 本年增减 from the 权责清单 items in force at the two year ends;
  处理决定数量 from decision rows or the yearly totals; 政府集中采购 from the procurement register.
- 2021: 本年制发 = dated within the year; 本年废止 = 失效或废止 within the year; 现行有效 = dated by
  31 December and not ended by then; 本年处理决定数量; 本年收费金额 (万元) from the fee register.
A fee amount or procurement figure that no body entered is null (with an info finding), never 0.

Table 四 from the ``appeals`` register (``appeals.selectors.appeal_figures``).

Figures collected from bodies that do not keep their records here (an accepted report filled in by hand,
``Source.MANUAL`` + ``Collection.ACCEPTED``) replace that body's records for the year when a government or
subtree report is computed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongkai.applications.codes import Status
from gongkai.applications.models import Application
from gongkai.disclosure.codes import DocType, ItemStatus
from gongkai.disclosure.models import Item
from gongkai.orgs.models import Organization
from gongkai.orgs.scoping import orgs_in_scope
from gongkai.registers import selectors as registers

from . import checks
from .formats import AMOUNT, APPLICANT_KEYS, Format, empty_tables, format_for_year, get_format
from .models import AnnualReport, Collection, Source

DOC_ROWS = {"regulations": DocType.REGULATION, "normative_documents": DocType.NORMATIVE}


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def scope_org_ids(org: Organization, scope: str) -> list[int]:
    return list(orgs_in_scope(org, scope).values_list("id", flat=True))


# ---------------------------------------------------------------------------------------------------------
# table 三


def application_rows(org_ids, year: int, fmt: Format) -> tuple[dict, list[dict]]:
    first, last = year_bounds(year)
    tables = empty_tables(fmt)["applications"]
    for row in tables.values():
        for key in row:
            row[key] = 0
    base = (Application.objects.filter(org_id__in=org_ids, received_on__isnull=False, received_on__lte=last)
            .exclude(status__in=(Status.SUBMITTED, Status.DISCARDED))
            .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=first)))
    not_concluded_by_end = Q(concluded_on__isnull=True) | Q(concluded_on__gt=last)
    # One pass over the rows: grouped by (applicant kind, outcome), each group's counts for 一, 二, 四 and
    # the outcome rows (at most 6 × 22 groups come back).
    groups = base.values("applicant_kind", "outcome").annotate(
        received=Count("id", filter=Q(received_on__gte=first)),
        carried=Count("id", filter=Q(received_on__lt=first)),
        forward=Count("id", filter=not_concluded_by_end),
        concluded=Count("id", filter=Q(concluded_on__lte=last))).order_by()
    findings: list[dict] = []
    outcome_rows = {r.key for r in fmt.table("applications").data_rows()}
    unknown: dict[str, int] = {}
    for row in groups:
        kind = row["applicant_kind"]
        tables["1"][kind] += row["received"]
        tables["2"][kind] += row["carried"]
        tables["4"][kind] += row["forward"]
        if not row["concluded"]:
            continue
        code = row["outcome"] or ""
        if code not in outcome_rows and code.startswith("3.6"):
            code = "3.6"  # 2019: 3.6.1–3.6.3 count in the single （六）其他处理
        if code not in outcome_rows or code == "3.7":
            unknown[row["outcome"] or ""] = unknown.get(row["outcome"] or "", 0) + row["concluded"]
            code = "3.6.3" if fmt.key == "2021" else "3.6"
        tables[code][kind] += row["concluded"]
        tables["3.7"][kind] += row["concluded"]
    other = "3.6.3" if fmt.key == "2021" else "3.6"
    for outcome, n in unknown.items():
        findings.append(checks.finding(
            "unknown_outcome", checks.WARNING, [f"applications.{other}.total"],
            f"{n} 件已办结申请的办理结果“{outcome or '空'}”不是报告中的结果，计入（六）其他处理", actual=n))
    for values in tables.values():
        values["total"] = sum(values[k] for k in APPLICANT_KEYS)
    return tables, findings


# ---------------------------------------------------------------------------------------------------------
# table 二


def _document_counts(org_ids, year: int) -> dict[str, dict[str, int]]:
    first, last = year_bounds(year)
    end = dt.datetime.combine(last, dt.time.max)
    start = dt.datetime.combine(first, dt.time.min)
    tz = timezone.get_current_timezone()
    start, end = start.replace(tzinfo=tz), end.replace(tzinfo=tz)
    published = Q(status=ItemStatus.PUBLISHED, published_at__isnull=False)
    ended_by_end = Q(invalid_on__isnull=False, invalid_on__lte=last)
    rows = (Item.objects.filter(org_id__in=org_ids, doc_type__in=DOC_ROWS.values())
            .exclude(status=ItemStatus.WITHDRAWN)
            .annotate(dated=Coalesce("written_on", "formed_on"))
            .values("doc_type").annotate(
                made=Count("id", filter=Q(dated__gte=first, dated__lte=last)),
                published=Count("id", filter=published & Q(published_at__gte=start, published_at__lte=end)),
                total_published=Count("id", filter=published & Q(published_at__lte=end)),
                repealed=Count("id", filter=Q(invalid_on__gte=first, invalid_on__lte=last)),
                in_force=Count("id", filter=Q(dated__lte=last) & ~ended_by_end),
            ).order_by())
    by_type = {row["doc_type"]: row for row in rows}
    out = {}
    for key, doc_type in DOC_ROWS.items():
        row = by_type.get(doc_type, {})
        out[key] = {name: row.get(name, 0) for name in ("made", "published", "total_published", "repealed",
                                                        "in_force")}
    return out


def active_rows(org_ids, year: int, fmt: Format) -> tuple[dict, list[dict]]:
    ids = list(org_ids)
    docs = _document_counts(ids, year)
    figures = registers.annual_figures(ids, year)
    items, decisions = figures["items"], figures["decisions"]
    findings: list[dict] = []
    table = empty_tables(fmt)["active"]
    if fmt.key == "2019":
        for key in DOC_ROWS:
            table[key] = {"made": docs[key]["made"], "published": docs[key]["published"],
                          "total_published": docs[key]["total_published"]}
        for key, kind in (("licensing", "licensing"), ("other_services", "other_service"),
                          ("penalty", "penalty"), ("coercion", "coercion")):
            table[key] = {"items_prev_year": items[kind]["previous"], "items_change": items[kind]["change"],
                          "decisions": decisions.get(kind, 0)}
        table["fees"] = {"items_prev_year": items["fee"]["previous"], "items_change": items["fee"]["change"]}
        procurement = figures["procurement"]
        if procurement is None:
            table["procurement"] = {"projects": None, "amount": None, "amount_unit": None}
            findings.append(checks.finding(
                "not_entered", checks.WARNING, ["active.procurement.projects", "active.procurement.amount"],
                f"{year}年政府集中采购数据尚未登记（权责与执法公示 → 收费和采购）"))
        else:
            table["procurement"] = {"projects": procurement["projects"], "amount": procurement["amount_wan"],
                                    "amount_unit": "万元"}
    else:
        for key in DOC_ROWS:
            table[key] = {"issued": docs[key]["made"], "repealed": docs[key]["repealed"],
                          "in_force": docs[key]["in_force"]}
        for key in ("licensing", "penalty", "coercion"):
            table[key] = {"decisions": decisions.get(key, 0)}
        amount = figures["fee_amount_wan"]
        table["fees"] = {"amount_wan": amount}
        if amount is None:
            findings.append(checks.finding("not_entered", checks.WARNING, ["active.fees.amount_wan"],
                                           f"{year}年行政事业性收费金额尚未登记（权责与执法公示 → 收费和采购）"))
    return table, findings


# ---------------------------------------------------------------------------------------------------------
# table 四


def appeal_rows(org_ids, year: int) -> dict:
    from gongkai.appeals.selectors import appeal_figures

    return appeal_figures(list(org_ids), year)


# ---------------------------------------------------------------------------------------------------------
# the whole report


def _collected(org: Organization, scope: str, year: int, ids: list[int]) -> list[AnnualReport]:
    if scope == "self":
        return []
    return list(AnnualReport.objects.filter(org_id__in=ids, year=year, source=Source.MANUAL,
                                            collection=Collection.ACCEPTED).exclude(org=org)
                .select_related("org"))


def _add_tables(fmt: Format, total: dict, other: dict, who: str, findings: list[dict]) -> None:
    """Add a collected report's figures into ``total`` cell by cell (amounts in 元 brought to 万元)."""
    for table in fmt.tables:
        for row, column in table.cells():
            if not column.numeric:
                continue
            value = other.get(table.key, {}).get(row.key, {}).get(column.key)
            path = f"{table.key}.{row.key}.{column.key}"
            if value is None:
                findings.append(checks.finding("collected_missing", checks.INFO, [path],
                                               f"{who}报送的数据中“{fmt.label(path)}”为空，未计入"))
                continue
            if table.key == "active" and row.key == "procurement" and column.key == "amount":
                unit = other["active"]["procurement"].get("amount_unit") or "万元"
                value = Decimal(str(value)) / (10000 if unit == "元" else 1)
                total["active"]["procurement"]["amount_unit"] = "万元"
            current = total[table.key][row.key][column.key]
            if current is None:
                total[table.key][row.key][column.key] = value
            elif column.kind == AMOUNT:
                total[table.key][row.key][column.key] = Decimal(str(current)) + Decimal(str(value))
            else:
                total[table.key][row.key][column.key] = current + value


def _plain_numbers(tables: dict) -> dict:
    """Decimals to JSON numbers (ints where integral), so that the tables can be stored and compared."""
    out = {}
    for tkey, rows in tables.items():
        out[tkey] = {}
        for rkey, cols in rows.items():
            out[tkey][rkey] = {k: checks.plain(v) for k, v in cols.items()}
    return out


def compute(org: Organization, year: int, scope: str = "self", format_key: str | None = None) -> dict:
    """The canonical report of ``org`` for ``year`` over ``scope`` computed from the records."""
    fmt = get_format(format_key) if format_key else format_for_year(year)
    ids = scope_org_ids(org, scope)
    collected = _collected(org, scope, year, ids)
    live_ids = sorted(set(ids) - {r.org_id for r in collected})
    tables = empty_tables(fmt)
    findings: list[dict] = []
    tables["applications"], f1 = application_rows(live_ids, year, fmt)
    tables["active"], f2 = active_rows(live_ids, year, fmt)
    tables["appeals"] = appeal_rows(live_ids, year)
    findings += f1 + f2
    for report in collected:
        if report.format != fmt.key:
            findings.append(checks.finding(
                "collected_format", checks.WARNING, [],
                f"{report.org.name}报送的{report.year}年数据采用{report.format}格式，与本报告格式不同，未计入"))
            continue
        _add_tables(fmt, tables, report.tables, report.org.name, findings)
        findings.append(checks.finding("collected", checks.INFO, [],
                                       f"已计入{report.org.name}报送并经确认的{year}年数据（该机关不在平台办理业务）"))
    tables = _plain_numbers(tables)
    report = {"issuer": org.name, "year": year, "format": fmt.key, "complete": True, "tables": tables,
              "findings": []}
    report["findings"] = checks.check(report) + findings
    return report


