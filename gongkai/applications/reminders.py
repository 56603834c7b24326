"""Deadline reminders for the daily job: each open application whose reply is due within 3 working days
or overdue is reported once a day to its handler and to the 公开办管理员 of its body."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.core.notify import notify_user
from gongkai.orgs.models import Role
from gongkai.orgs.scoping import has_role

from .codes import OPEN_STATUSES
from .models import Application, ApplicationEvent, EventKind


@dataclass
class ReminderResult:
    application: Application
    level: str
    recipients: list[str]


def _office_admins_finder():
    """The 公开办管理员 over a body, looked up once per body: the candidates are loaded once, and each
    candidate's scope is cached on its user object by the scoping module."""
    candidates = list(User.objects.filter(is_active=True, memberships__role=Role.OFFICE_ADMIN).distinct())
    by_org: dict[int, list[User]] = {}

    def find(org) -> list[User]:
        if org.pk not in by_org:
            by_org[org.pk] = [u for u in candidates if has_role(u, org, Role.OFFICE_ADMIN)]
        return by_org[org.pk]
    return find


def send_reminders(on: dt.date, due_soon_limit: dt.date | None) -> list[ReminderResult]:
    results = []
    qs = Application.objects.filter(status__in=OPEN_STATUSES, due_on__isnull=False).select_related("org", "handler")
    qs = qs.filter(due_on__lt=on) if due_soon_limit is None else qs.filter(due_on__lte=due_soon_limit)
    already = set(ApplicationEvent.objects.filter(kind=EventKind.REMINDED, on=on).values_list("application_id",
                                                                                           flat=True))
    office_admins = _office_admins_finder()
    for app in qs.order_by("due_on", "id"):
        if app.pk in already:
            continue
        level = "overdue" if app.due_on < on else "due_soon"
        label = "已超期" if level == "overdue" else "即将到期"
        recipients = ([app.handler] if app.handler and app.handler.is_active else []) + office_admins(app.org)
        text = (f"{app.org.name}的政府信息公开申请 {app.tracking_no}（{app.get_status_display()}）答复期限为"
                f"{app.due_on:%Y年%m月%d日}，{label}，请及时办理。")
        sent = []
        for user in dict.fromkeys(recipients):
            if notify_user(user, f"依申请公开{label}提醒", text):
                sent.append(user.username)
        with transaction.atomic():
            ApplicationEvent.objects.create(application=app, kind=EventKind.REMINDED, on=on, actor=None,
                                            data={"level": level, "to": sent})
        results.append(ReminderResult(app, level, sent))
    return results
