"""The office's dashboard (监督看板): every indicator per body and in total for a period, charts, the records
behind each figure, and XLSX exports of each table."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services as application_services
from gongkai.applications.models import Application
from gongkai.core.exports import xlsx_response
from gongkai.core.pagination import paginate
from gongkai.disclosure.models import CatalogNode, Item

from . import charts, indicators, selectors

EXPORT_LIMIT = 50_000


def _context(request):
    selectors.require_supervisor(request.user)
    errors: list[str] = []
    period = selectors.period_from(request.GET, application_services.today(), errors)
    orgs, root = selectors.bodies(request.user, request.GET.get("under"))
    return period, orgs, root, errors


def _query(period, **extra) -> str:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(params)


def dashboard_codes() -> list[str]:
    codes = list(indicators.DASHBOARD_CODES)
    if "open_findings" in indicators.INDICATORS:  # registered by the inspections app
        codes.append("open_findings")
    return codes


def _table(orgs, period, codes, root):
    table = indicators.compute(codes, [o.pk for o in orgs], period)
    reports = indicators.report_states([o.pk for o in orgs], period) if "report_on_time" in codes else {}
    columns = [indicators.get(c) for c in codes]
    rows = []
    for org in orgs:
        cells = []
        for ind in columns:
            value = table.rows[org.pk][ind.code]
            display = reports[org.pk]["label"] if ind.code == "report_on_time" else value.display
            cells.append({"code": ind.code, "display": display, "value": value.value,
                          "flag": _flag(ind, value.value),
                          "href": (f"{reverse('supervision:records', args=[ind.code])}?{_query(period, org=org.pk)}"
                                   if ind.records and value.value else "")})
        rows.append({"org": org, "cells": cells})
    totals = []
    for ind in columns:
        value = table.totals[ind.code]
        totals.append({"code": ind.code, "display": value.display, "flag": _flag(ind, value.value),
                       "href": (f"{reverse('supervision:records', args=[ind.code])}?"
                                f"{_query(period, under=root.pk if root else '')}"
                                if ind.records and value.value else "")})
    return table, columns, rows, totals


def _flag(indicator, value) -> str:
    """'bad' for a figure that needs attention: a positive count of something that should be zero, or a rate
    below 100 % of something that should be complete."""
    if value is None or indicator.better == "":
        return ""
    if indicator.better == indicators.LOWER:
        return "bad" if value > 0 else ""
    return "bad" if value < 100 else ""


@login_required
def dashboard(request):
    period, orgs, root, errors = _context(request)
    for error in errors:
        messages.error(request, error)
    codes = dashboard_codes()
    table, columns, rows, totals = _table(orgs, period, codes, root)
    org_ids = [o.pk for o in orgs]
    month_labels = [f"{m.year}年{m.month}月" if i == 0 or m.month == 1 else f"{m.month}月"
                    for i, m in enumerate(selectors.months(period))]
    app_series = selectors.application_series(org_ids, period)
    outcome = selectors.outcome_mix(org_ids, period)
    channels = selectors.channel_counts(org_ids, period)
    side_by_side = sorted(((o.short_name or o.name, table.rows[o.pk]["on_time_rate"].value) for o in orgs),
                          key=lambda r: (r[1] is None, -(r[1] or 0)))[:20]
    published_by_body = sorted(((o.short_name or o.name, table.rows[o.pk]["published"].value) for o in orgs),
                               key=lambda r: -r[1])[:20]
    chart = {
        "applications": charts.line_chart(
            "每月收到和办结的依申请公开申请", month_labels,
            [charts.Series(name, values) for name, values in app_series.items()], unit="件"),
        "items": charts.bar_chart("每月主动公开信息", month_labels,
                                  [charts.Series("主动公开信息", selectors.item_series(org_ids, period))], unit="条"),
        "outcomes": charts.hbar_chart("办结申请的办理结果", [(label, n) for _c, label, n in outcome], unit="件"),
        "channels": charts.hbar_chart("主动公开信息的发布渠道", [(label, n) for _c, label, n in channels], unit="条"),
        "on_time": charts.hbar_chart("各机关按期答复率", side_by_side, unit="%", max_value=100),
        "published": charts.hbar_chart("各机关主动公开信息数", published_by_body, unit="条"),
    }
    return render(request, "supervision/dashboard.html", {
        "nav_key": "supervision", "period": period, "root": root, "orgs": orgs, "columns": columns,
        "rows": rows, "totals": totals, "kpis": list(zip(columns, totals, strict=True)), "chart": chart, "presets": selectors.PRESETS,
        "all_orgs": selectors.supervised_orgs(request.user), "outcome": outcome, "channels": channels,
        "query": _query(period, under=root.pk if root else ""), "report_year": indicators.report_year(period),
    })


@login_required
def dashboard_export(request):
    period, orgs, root, _errors = _context(request)
    codes = dashboard_codes()
    _table_, columns, rows, totals = _table(orgs, period, codes, root)
    headers = ["机关", "机关类型"] + [f"{c.label}（{c.unit}）" if c.code != "report_on_time"
                                     else f"{indicators.report_year(period)}年度报告" for c in columns]
    out = [[r["org"].name, r["org"].get_kind_display()] + [c["display"] for c in r["cells"]] for r in rows]
    out.append(["合计", ""] + [t["display"] for t in totals])
    return xlsx_response("监督看板", headers, out,
                         filename=f"政务公开监督看板-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx")


# --- the records behind a figure ---------------------------------------------------------------------------------


def _local_date(value):
    return timezone.localtime(value).date() if value else None


COLUMNS = {
    Application: (
        ("受理编号", lambda a: a.tracking_no), ("机关", lambda a: a.org.name),
        ("申请人", lambda a: a.applicant_name_masked), ("收到申请之日", lambda a: a.received_on),
        ("状态", lambda a: a.get_status_display()), ("答复期限", lambda a: a.due_on),
        ("办理结果", lambda a: a.outcome_label), ("办结日期", lambda a: a.concluded_on),
    ),
    Item: (
        ("索引号", lambda i: i.index_no), ("标题", lambda i: i.title), ("机关", lambda i: i.org.name),
        ("文种", lambda i: i.get_doc_type_display()), ("形成或变更日期", lambda i: i.formed_on),
        ("应公开日期", lambda i: i.publish_due_on), ("发布日期", lambda i: _local_date(i.published_at)),
        ("状态", lambda i: i.get_status_display()),
    ),
    CatalogNode: (
        ("栏目", lambda n: n.name), ("机关", lambda n: n.org.name),
        ("更新要求（天）", lambda n: n.update_every_days),
        ("最近发布", lambda n: getattr(n, "last_published", None) or "从未发布"),
    ),
}


def _with_last_published(objects, period):
    """Catalog columns carry the date of their newest public item (set by the same selector that judged them)."""
    objects = list(objects)
    if objects and isinstance(objects[0], CatalogNode):
        from gongkai.disclosure.selectors import stale_catalog_nodes

        stale_catalog_nodes(objects, period.today)
    return objects


def _links(obj) -> str:
    if isinstance(obj, Application):
        return reverse("applications:detail", args=[obj.pk])
    if isinstance(obj, Item):
        return reverse("disclosure:detail", args=[obj.pk])
    url = getattr(obj, "get_absolute_url", None)
    return url() if url else ""


def _columns(model):
    return COLUMNS.get(model) or (("记录", str), ("机关", lambda o: getattr(getattr(o, "org", None), "name", "")))


def _records(request, code):
    if code not in indicators.INDICATORS or indicators.INDICATORS[code].records is None:
        raise Http404("没有这个指标的明细。")
    period, orgs, root, errors = _context(request)
    org_ids = [o.pk for o in orgs]
    chosen = None
    if (request.GET.get("org") or "").isdigit():
        chosen = next((o for o in orgs if o.pk == int(request.GET["org"])), None)
        if chosen is None:
            raise Http404("该机关不在您的监督范围内。")
        org_ids = [chosen.pk]
    indicator = indicators.get(code)
    qs = indicators.records(code, org_ids, period).select_related("org").order_by("org__path", "-pk")
    return indicator, period, root, chosen, qs, errors


@login_required
def records(request, code):
    indicator, period, root, chosen, qs, errors = _records(request, code)
    for error in errors:
        messages.error(request, error)
    columns = _columns(qs.model)
    page = paginate(request, qs, per_page=20)
    _with_last_published(page.object_list, period)
    page_rows = [{"cells": [f(obj) for _h, f in columns], "href": _links(obj)} for obj in page.object_list]
    return render(request, "supervision/records.html", {
        "nav_key": "supervision", "indicator": indicator, "period": period, "root": root, "chosen": chosen,
        "headers": [h for h, _f in columns], "page": page, "page_rows": page_rows,
        "back": f"{reverse('supervision:dashboard')}?{_query(period, under=root.pk if root else '')}",
    })


@login_required
def records_export(request, code):
    indicator, period, _root, chosen, qs, _errors = _records(request, code)
    columns = _columns(qs.model)
    objects = _with_last_published(list(qs[:EXPORT_LIMIT]), period)
    rows = ([f(obj) for _h, f in columns] for obj in objects)
    name = f"{indicator.label}-{chosen.name if chosen else '全部机关'}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return xlsx_response(indicator.label, [h for h, _f in columns], rows, filename=name)
