"""Read-side of the supervision dashboard: whose bodies a user oversees, the period asked for, and the series
behind the charts (by month, by channel, by outcome)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from gongkai.applications.codes import OUTCOME_GROUPS
from gongkai.disclosure.codes import CHANNELS
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import visible_orgs

from . import indicators
from .indicators import Period

OVERSIGHT_ROLES = {Role.OFFICE_ADMIN, Role.SUPERVISOR}
MAX_MONTHS = 36


def supervised_orgs(user) -> QuerySet[Organization]:
    """The active bodies the user oversees as 公开办管理员 or 监督员, in tree order."""
    return visible_orgs(user, roles=OVERSIGHT_ROLES).filter(is_active=True).order_by("path")


def can_supervise(user) -> bool:
    return getattr(user, "is_authenticated", False) and supervised_orgs(user).exists()


def require_supervisor(user) -> None:
    if not can_supervise(user):
        raise PermissionDenied("只有公开办管理员和监督员可以查看监督看板。")


def bodies(user, under: str | None) -> tuple[list[Organization], Organization | None]:
    """The bodies shown: all the user oversees, or the subtree of ``under`` (an id among them)."""
    orgs = supervised_orgs(user)
    root = None
    if under and str(under).isdigit():
        root = orgs.filter(pk=int(under)).first()
        if root is not None:
            orgs = orgs.filter(path__startswith=root.path)
    return list(orgs), root


def _parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


PRESETS = {"year": "本年", "last_year": "上年", "quarter": "本季度", "month": "本月", "12m": "近12个月"}


def period_from(params, today: dt.date, errors: list[str]) -> Period:
    """The period of a request: a preset, or start/end dates; this year to today when nothing (valid) is asked.
    Unreadable or reversed dates are reported in ``errors`` and replaced by the default."""
    preset = params.get("preset") or ""
    if preset == "last_year":
        return Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31), today)
    if preset == "quarter":
        return Period(dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today, today)
    if preset == "month":
        return Period(today.replace(day=1), today, today)
    if preset == "12m":
        first = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
        return Period(first, today, today)
    default = Period(dt.date(today.year, 1, 1), today, today)
    if preset == "year" or not (params.get("start") or params.get("end")):
        return default
    start, end = _parse_date(params.get("start")), _parse_date(params.get("end"))
    if start is None or end is None:
        errors.append("统计期日期无法识别，请按“年-月-日”填写；已改为本年。")
        return default
    if start > end:
        errors.append("统计期的开始日期晚于结束日期；已改为本年。")
        return default
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        errors.append(f"统计期最长{MAX_MONTHS}个月；已改为本年。")
        return default
    return Period(start, end, today)


def months(period: Period) -> list[dt.date]:
    out, month = [], period.start.replace(day=1)
    while month <= period.end:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def _month_key(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def monthly(qs: QuerySet, field: str, period: Period) -> list[int]:
    """Counts of ``qs`` per month of the period, by a date or datetime ``field``."""
    kwargs = {}
    if qs.model._meta.get_field(field).get_internal_type() == "DateTimeField":
        kwargs["tzinfo"] = timezone.get_current_timezone()
    rows = qs.annotate(m=TruncMonth(field, **kwargs)).values("m").annotate(n=Count("pk")).values_list("m", "n")
    counts = Counter()
    for month, n in rows:
        counts[_month_key(month)] += n
    return [counts.get(m, 0) for m in months(period)]


def application_series(org_ids, period: Period) -> dict[str, list[int]]:
    return {"收到申请": monthly(indicators.received_applications(org_ids, period), "received_on", period),
            "办结申请": monthly(indicators.concluded_applications(org_ids, period), "concluded_on", period)}


def item_series(org_ids, period: Period) -> list[int]:
    return monthly(indicators.published_items(org_ids, period), "published_at", period)


def channel_counts(org_ids, period: Period) -> list[tuple[str, str, int]]:
    """Items published in the period by release channel (an item may go out through several): (code, label, n)."""
    counts = Counter()
    for channels in indicators.published_items(org_ids, period).values_list("channels", flat=True).iterator():
        for code in channels or ():
            counts[code] += 1
    return [(code, label, counts.get(code, 0)) for code, label in CHANNELS.items()]


def outcome_mix(org_ids, period: Period) -> list[tuple[str, str, int]]:
    """Applications concluded in the period by outcome group (the rows 三（一）–（六） of the report)."""
    counts = Counter()
    rows = (indicators.concluded_applications(org_ids, period).values("outcome").annotate(n=Count("pk"))
            .values_list("outcome", "n"))
    for outcome, n in rows:
        group = ".".join((outcome or "").split(".")[:2])
        counts[group if group in OUTCOME_GROUPS else "3.6"] += n
    return [(code, label, counts.get(code, 0)) for code, label in OUTCOME_GROUPS.items()]
