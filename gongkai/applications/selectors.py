"""Read-side queries for staff: the work queues, search, and what staff should see when registering
(the applicant's earlier applications, similar requests, the month's 件 count)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from gongkai.orgs.models import Role
from gongkai.orgs.scoping import filter_visible, has_role
from gongkai.workdays.calendar import WorkCalendarError
from gongkai.workdays.selectors import get_calendar

from .codes import OPEN_STATUSES, Status
from .deadlines import DUE_SOON_WORKDAYS
from .models import Application

QUEUES = {
    "submitted": "待确认",
    "mine": "我的待办",
    "all": "本机关",
    "due_soon": "即将到期",
    "overdue": "已超期",
    "closed": "已办结",
}

STAFF_ROLES = (Role.OFFICE_ADMIN, Role.HANDLER, Role.APPROVER, Role.SUPERVISOR)


def visible_applications(user) -> QuerySet[Application]:
    return filter_visible(user, Application.objects.all(), roles=STAFF_ROLES)


def due_soon_limit(today: dt.date) -> dt.date | None:
    try:
        return get_calendar().add_workdays(today, DUE_SOON_WORKDAYS)
    except WorkCalendarError:
        return None


_QUEUE_ORDER = {
    "submitted": ("submitted_at",),
    "mine": ("due_on", "received_on"),
    "due_soon": ("due_on",),
    "overdue": ("due_on",),
    "closed": ("-concluded_on", "-id"),
    "all": ("-received_on", "-id"),
}


def _queue_filter(user, name: str, today: dt.date) -> Q | None:
    """The condition that selects queue ``name`` among the visible applications (None: the queue is empty)."""
    if name == "submitted":
        return Q(status=Status.SUBMITTED)
    if name == "mine":
        mine = Q(handler=user, status__in=OPEN_STATUSES)
        if user.memberships.filter(role=Role.APPROVER).exists():
            mine |= Q(status=Status.REPLY_PENDING)
        return mine
    if name == "due_soon":
        limit = due_soon_limit(today)
        if limit is None:
            return None
        return Q(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=limit)
    if name == "overdue":
        return Q(status__in=OPEN_STATUSES, due_on__lt=today)
    if name == "closed":
        return Q(status__in=(Status.CONCLUDED, Status.ARCHIVED))
    return ~Q(status=Status.DISCARDED)


def queue(user, name: str, today: dt.date) -> QuerySet[Application]:
    if name not in QUEUES:
        name = "all"
    qs = visible_applications(user).select_related("org", "handler")
    condition = _queue_filter(user, name, today)
    if condition is None:
        return qs.none()
    return qs.filter(condition).order_by(*_QUEUE_ORDER[name])


def queue_counts(user, today: dt.date) -> dict[str, int]:
    """The size of every queue. At province scale each COUNT over the root office's subtree is a scan of its
    own, so the three queues defined by status alone come from one GROUP BY status; the deadline queues are
    small and served by the partial index of open applications; 我的待办 by the handler index."""
    visible = visible_applications(user)
    by_status = dict(visible.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n"))
    counts = {
        "submitted": by_status.get(Status.SUBMITTED, 0),
        "all": sum(n for status, n in by_status.items() if status != Status.DISCARDED),
        "closed": by_status.get(Status.CONCLUDED, 0) + by_status.get(Status.ARCHIVED, 0),
    }
    for name in ("mine", "due_soon", "overdue"):
        condition = _queue_filter(user, name, today)
        counts[name] = 0 if condition is None else visible.filter(condition).count()
    return {name: counts[name] for name in QUEUES}


def search(qs: QuerySet[Application], params, errors: list[str] | None = None) -> QuerySet[Application]:
    """Filter a queue by the search form; unreadable dates are reported in ``errors`` and ignored."""
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(tracking_no__icontains=q) | Q(applicant_name__icontains=q) | Q(content__icontains=q))
    status = params.get("status") or ""
    if status in Status.values:
        qs = qs.filter(status=status)
    org = params.get("org") or ""
    if org.isdigit():
        qs = qs.filter(org_id=int(org))
    for key, lookup in (("from", "received_on__gte"), ("to", "received_on__lte")):
        value = params.get(key) or ""
        if not value:
            continue
        try:
            qs = qs.filter(**{lookup: dt.date.fromisoformat(value)})
        except ValueError:
            if errors is not None:
                errors.append(f"日期“{value}”格式不正确，应为 YYYY-MM-DD，已忽略该条件。")
    return qs


def can_see_identity(user, application: Application) -> bool:
    """Full identity numbers and phone numbers only for those who handle the application."""
    if application.handler_id == user.pk:
        return True
    return has_role(user, application.org, Role.OFFICE_ADMIN, Role.APPROVER) or (
        application.handler_id is None and has_role(user, application.org, Role.HANDLER))


@dataclass
class Similar:
    application: Application
    score: float


def tokens(text: str) -> set[str]:
    import rjieba

    return {t for t in rjieba.cut(text or "") if len(t.strip()) > 1}


def earlier_applications(application: Application, base: QuerySet[Application], limit: int = 20):
    """The same applicant's other applications (by identity number) within ``base`` (the viewer's scope),
    newest first."""
    return (base.filter(id_number=application.id_number).exclude(pk=application.pk if application.pk else 0)
            .exclude(status=Status.DISCARDED).select_related("org").order_by("-received_on", "-id")[:limit])


def similar_requests(application: Application, *, months: int = 12, threshold: float = 0.5,
                     limit: int = 10) -> list[Similar]:
    """Requests to the same body in the last ``months`` whose wording overlaps (Jaccard of segmented words):
    candidates for 3.5.2 重复申请 or 3.5.4 大量反复申请."""
    base = application.received_on or dt.date.today()
    since = base - dt.timedelta(days=months * 31)
    mine = tokens(application.content)
    if not mine:
        return []
    candidates = (Application.objects.filter(org=application.org, received_on__gte=since)
                  .exclude(pk=application.pk if application.pk else 0).exclude(status=Status.DISCARDED)
                  .only("pk", "tracking_no", "content", "applicant_name", "applicant_kind", "received_on", "status",
                        "outcome", "org")[:2000])
    found = []
    for other in candidates:
        theirs = tokens(other.content)
        if theirs:
            score = len(mine & theirs) / len(mine | theirs)
            if score >= threshold:
                found.append(Similar(other, round(score, 2)))
    found.sort(key=lambda s: -s.score)
    return found[:limit]
