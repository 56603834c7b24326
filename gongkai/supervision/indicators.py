"""The indicators a disclosure office watches over the bodies in its area, computed from the records.

One registry serves the dashboard, the inspection checklists and the evaluation scores. An ``Indicator`` computes,
for a list of bodies and a ``Period``, one value per body in one or two grouped queries:

- ``count``: an int per body; the total is the sum;
- ``rate``: a ``(numerator, denominator)`` pair per body; the value shown is 100 × n / d (None when d is 0), and
  the total is Σn / Σd, never an average of the bodies' rates.

Each body counts its own records only (an office's subtree is the rows of its bodies; the total adds them up).
Indicators that describe the state of things "now" (overdue applications, stale columns) are read as of
``period.today``; the others count what happened between ``period.start`` and ``period.end`` inclusive.

``records(code, org_ids, period)`` gives the rows behind a figure, for the drill-down lists. Other apps add
indicators with ``register`` (the inspections app registers the open findings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from gongkai.applications.codes import OPEN_STATUSES, Status
from gongkai.applications.models import Application
from gongkai.disclosure.codes import POLICY_TYPES, Disclosure, ItemStatus
from gongkai.disclosure.models import CatalogNode, Item

COUNT, RATE = "count", "rate"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    today: dt.date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError("统计期的开始日期不能晚于结束日期。")

    @property
    def label(self) -> str:
        return f"{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日}"

    def datetimes(self) -> tuple[dt.datetime, dt.datetime]:
        """[start 00:00, day after end 00:00) in local time, for datetime columns."""
        tz = timezone.get_current_timezone()
        return (dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
                dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    kind: str  # COUNT or RATE
    better: str  # HIGHER or LOWER: which way is good (for scores, rankings and colouring)
    description: str
    compute: Callable[[list[int], Period], dict]
    records: Callable[[list[int], Period], QuerySet] | None = None
    as_of_today: bool = False  # a state read on period.today rather than a count over the period
    group: str = ""


INDICATORS: dict[str, Indicator] = {}


def register(indicator: Indicator) -> None:
    INDICATORS[indicator.code] = indicator


def get(code: str) -> Indicator:
    try:
        return INDICATORS[code]
    except KeyError:
        raise KeyError(f"没有名为“{code}”的指标。") from None


# --- values ---------------------------------------------------------------------------------------------------


@dataclass
class Value:
    """One figure: ``value`` is what is shown (int for counts, percent or None for rates)."""

    value: float | int | None
    numerator: int = 0
    denominator: int = 0

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if isinstance(self.value, float):
            return f"{self.value:.1f}%"
        return str(self.value)


def _value(indicator: Indicator, raw) -> Value:
    if indicator.kind == RATE:
        n, d = raw if raw else (0, 0)
        return Value(round(100.0 * n / d, 1) if d else None, n, d)
    return Value(int(raw or 0))


@dataclass
class Table:
    """Per body and in total, for a set of indicators."""

    codes: list[str]
    org_ids: list[int]
    period: Period
    rows: dict[int, dict[str, Value]] = field(default_factory=dict)
    totals: dict[str, Value] = field(default_factory=dict)


def compute(codes: Iterable[str], org_ids: Sequence[int], period: Period) -> Table:
    codes = list(codes)
    org_ids = list(org_ids)
    table = Table(codes, org_ids, period, rows={pk: {} for pk in org_ids})
    for code in codes:
        indicator = get(code)
        raw = indicator.compute(org_ids, period) if org_ids else {}
        for pk in org_ids:
            table.rows[pk][code] = _value(indicator, raw.get(pk))
        if indicator.kind == RATE:
            n = sum(v.numerator for v in (table.rows[pk][code] for pk in org_ids))
            d = sum(v.denominator for v in (table.rows[pk][code] for pk in org_ids))
            table.totals[code] = Value(round(100.0 * n / d, 1) if d else None, n, d)
        else:
            table.totals[code] = Value(sum(table.rows[pk][code].value for pk in org_ids))
    return table


def records(code: str, org_ids: Sequence[int], period: Period) -> QuerySet:
    indicator = get(code)
    if indicator.records is None:
        raise KeyError(f"指标“{indicator.label}”没有明细。")
    return indicator.records(list(org_ids), period)


def _by_org(qs: QuerySet) -> dict[int, int]:
    return dict(qs.values("org_id").annotate(n=Count("pk")).values_list("org_id", "n"))


def _rate_by_org(qs: QuerySet, good: Q) -> dict[int, tuple[int, int]]:
    rows = qs.values("org_id").annotate(n=Count("pk", filter=good), d=Count("pk"))
    return {r["org_id"]: (r["n"], r["d"]) for r in rows}


# --- applications (依申请公开) ---------------------------------------------------------------------------------


def received_applications(org_ids, period: Period) -> QuerySet[Application]:
    return (Application.objects.filter(org_id__in=org_ids, received_on__gte=period.start,
                                       received_on__lte=period.end).exclude(status=Status.DISCARDED))


def concluded_applications(org_ids, period: Period) -> QuerySet[Application]:
    return Application.objects.filter(org_id__in=org_ids, concluded_on__gte=period.start,
                                      concluded_on__lte=period.end,
                                      status__in=(Status.CONCLUDED, Status.ARCHIVED))


def due_soon_applications(org_ids, period: Period) -> QuerySet[Application]:
    from gongkai.applications.selectors import due_soon_limit

    limit = due_soon_limit(period.today)
    if limit is None:
        return Application.objects.none()
    return Application.objects.filter(org_id__in=org_ids, status__in=OPEN_STATUSES, due_on__gte=period.today,
                                      due_on__lte=limit)


def overdue_applications(org_ids, period: Period) -> QuerySet[Application]:
    return Application.objects.filter(org_id__in=org_ids, status__in=OPEN_STATUSES, due_on__lt=period.today)


def timed_conclusions(org_ids, period: Period) -> QuerySet[Application]:
    """Applications concluded in the period that had a deadline (the base of the on-time rate)."""
    return concluded_applications(org_ids, period).filter(due_on__isnull=False)


ON_TIME = Q(concluded_on__lte=F("due_on"))


def late_conclusions(org_ids, period: Period) -> QuerySet[Application]:
    return timed_conclusions(org_ids, period).exclude(ON_TIME)


# --- published items (主动公开) ---------------------------------------------------------------------------------


def published_items(org_ids, period: Period) -> QuerySet[Item]:
    start, end = period.datetimes()
    return Item.objects.filter(org_id__in=org_ids, disclosure=Disclosure.ACTIVE, status=ItemStatus.PUBLISHED,
                               published_at__gte=start, published_at__lt=end)


def published_policies(org_ids, period: Period) -> QuerySet[Item]:
    return published_items(org_ids, period).filter(doc_type__in=POLICY_TYPES)


def sync_exception_items(org_ids, period: Period) -> QuerySet[Item]:
    return published_policies(org_ids, period).exclude(sync_exception_reason="")


def late_published_items(org_ids, period: Period) -> QuerySet[Item]:
    """Published in the period later than 20 working days after 形成或变更 (Art. 26)."""
    tz = timezone.get_current_timezone()
    return (published_items(org_ids, period).filter(publish_due_on__isnull=False)
            .annotate(published_on=TruncDate("published_at", tzinfo=tz))
            .filter(published_on__gt=F("publish_due_on")))


def withheld_review_items(org_ids, period: Period) -> QuerySet[Item]:
    return Item.objects.filter(org_id__in=org_ids, disclosure=Disclosure.WITHHELD, status=ItemStatus.RECORDED,
                               next_review_on__lte=period.today)


def stale_columns(org_ids, period: Period) -> list[CatalogNode]:
    from gongkai.disclosure.selectors import stale_catalog_nodes

    nodes = CatalogNode.objects.filter(org_id__in=org_ids, update_every_days__isnull=False,
                                       update_every_days__gt=0).select_related("org")
    return stale_catalog_nodes(nodes, period.today)


def stale_column_ids(org_ids, period: Period) -> QuerySet[CatalogNode]:
    return CatalogNode.objects.filter(pk__in=[n.pk for n in stale_columns(org_ids, period)])


def _stale_counts(org_ids, period: Period) -> dict[int, int]:
    counts: dict[int, int] = {}
    for node in stale_columns(org_ids, period):
        counts[node.org_id] = counts.get(node.org_id, 0) + 1
    return counts


# --- annual reports (年度报告) ----------------------------------------------------------------------------------


def report_year(period: Period) -> int:
    """The report a period is judged on: the one due in the period's last year (for the previous year)."""
    return period.end.year - 1


def report_states(org_ids, period: Period) -> dict[int, dict]:
    """Per body: the previous year's report, its statutory deadline, and whether it was published on time."""
    from gongkai.orgs.models import Organization
    from gongkai.reports.models import AnnualReport, ReportStatus
    from gongkai.reports.selectors import statutory_deadline

    year = report_year(period)
    reports = {r.org_id: r for r in AnnualReport.objects.filter(org_id__in=org_ids, year=year)}
    out = {}
    for org in Organization.objects.filter(pk__in=org_ids):
        report = reports.get(org.pk)
        deadline = statutory_deadline(org, year)
        published_on = (timezone.localtime(report.published_at).date()
                        if report and report.status == ReportStatus.PUBLISHED and report.published_at else None)
        if published_on:
            on_time = published_on <= deadline
            label = "按时发布" if on_time else f"逾期{(published_on - deadline).days}天发布"
        elif period.today > deadline:
            on_time, label = False, "逾期未发布"
        else:
            on_time, label = None, f"未发布（{(deadline - period.today).days}天后到期）"
        out[org.pk] = {"year": year, "report": report, "deadline": deadline, "published_on": published_on,
                       "on_time": on_time, "label": label,
                       "status_label": report.get_status_display() if report else "未编写"}
    return out


def _report_rate(org_ids, period: Period) -> dict[int, tuple[int, int]]:
    # a body whose deadline has not come and that has not published yet is not judged
    return {pk: (1 if s["on_time"] else 0, 0 if s["on_time"] is None else 1)
            for pk, s in report_states(org_ids, period).items()}


# --- the registry ------------------------------------------------------------------------------------------------

register(Indicator(
    "received", "收到申请", "件", COUNT, "", "统计期内登记收到的依申请公开申请（不含作废）",
    lambda ids, p: _by_org(received_applications(ids, p)), received_applications, group="依申请公开"))
register(Indicator(
    "concluded", "办结申请", "件", COUNT, "", "统计期内办结的申请",
    lambda ids, p: _by_org(concluded_applications(ids, p)), concluded_applications, group="依申请公开"))
register(Indicator(
    "due_soon", "即将到期", "件", COUNT, LOWER, "截至当日仍在办理、3个工作日内到期的申请",
    lambda ids, p: _by_org(due_soon_applications(ids, p)), due_soon_applications, as_of_today=True,
    group="依申请公开"))
register(Indicator(
    "overdue", "已超期", "件", COUNT, LOWER, "截至当日仍在办理、已过答复期限的申请",
    lambda ids, p: _by_org(overdue_applications(ids, p)), overdue_applications, as_of_today=True,
    group="依申请公开"))
register(Indicator(
    "on_time_rate", "按期答复率", "%", RATE, HIGHER, "统计期内办结的申请中，在答复期限内办结的比例",
    lambda ids, p: _rate_by_org(timed_conclusions(ids, p), ON_TIME), late_conclusions, group="依申请公开"))
register(Indicator(
    "published", "主动公开信息", "条", COUNT, "", "统计期内发布的主动公开政府信息",
    lambda ids, p: _by_org(published_items(ids, p)), published_items, group="主动公开"))
register(Indicator(
    "sync_exceptions", "未同步解读", "件", COUNT, LOWER, "统计期内发布的规章、行政规范性文件中未同步发布政策解读的",
    lambda ids, p: _by_org(sync_exception_items(ids, p)), sync_exception_items, group="主动公开"))
register(Indicator(
    "sync_rate", "解读同步率", "%", RATE, HIGHER, "统计期内发布的规章、行政规范性文件中同步发布政策解读的比例",
    lambda ids, p: _rate_by_org(published_policies(ids, p), Q(sync_exception_reason="")),
    sync_exception_items, group="主动公开"))
register(Indicator(
    "late_published", "超期公开", "条", COUNT, LOWER, "统计期内发布、但晚于形成或变更之日起20个工作日的信息（第二十六条）",
    lambda ids, p: _by_org(late_published_items(ids, p)), late_published_items, group="主动公开"))
register(Indicator(
    "timely_rate", "及时公开率", "%", RATE, HIGHER, "统计期内发布的信息中，在形成或变更之日起20个工作日内公开的比例",
    lambda ids, p: _rate_by_org(published_items(ids, p).filter(publish_due_on__isnull=False),
                                ~Q(pk__in=late_published_items(ids, p).values("pk"))),
    late_published_items, group="主动公开"))
register(Indicator(
    "stale_columns", "逾期未更新栏目", "个", COUNT, LOWER, "截至当日，最新信息早于栏目更新要求的目录栏目",
    _stale_counts, stale_column_ids, as_of_today=True, group="主动公开"))
register(Indicator(
    "withheld_review", "待评估不予公开", "条", COUNT, LOWER, "截至当日已到评估审查日期的不予公开信息（第十八条）",
    lambda ids, p: _by_org(withheld_review_items(ids, p)), withheld_review_items, as_of_today=True,
    group="主动公开"))
register(Indicator(
    "report_on_time", "年报按时发布", "%", RATE, HIGHER,
    "上一年度政府信息公开工作年度报告是否在法定期限内发布（部门1月31日、政府3月31日）",
    _report_rate, None, group="年度报告"))

DASHBOARD_CODES = ["received", "concluded", "due_soon", "overdue", "on_time_rate", "published",
                   "sync_exceptions", "late_published", "stale_columns", "withheld_review", "report_on_time"]
