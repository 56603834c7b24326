"""Read-side queries of the reports app: the reports a user sees, statutory deadlines and the state of every
body's report for a year (年报进度)."""

import datetime as dt

from django.db.models import Q, QuerySet

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import visible_org_ids, visible_orgs

from .models import AnnualReport, ReportStatus


def reports_for(user) -> QuerySet[AnnualReport]:
    """Reports of bodies in the user's scope, and reports the user's offices asked subordinate bodies for."""
    offices = visible_org_ids(user, roles={Role.OFFICE_ADMIN})
    return AnnualReport.objects.filter(Q(org_id__in=visible_org_ids(user)) | Q(requested_by_id__in=offices))


def statutory_deadline(org: Organization, year: int) -> dt.date:
    """Art. 49: a 人民政府部门 publishes its report by 31 January, a 人民政府's report is published by
    31 March of the following year."""
    return dt.date(year + 1, 3, 31) if org.is_government else dt.date(year + 1, 1, 31)


def progress(user, year: int, today: dt.date) -> list[dict]:
    """One row per body the user oversees (as 公开办管理员 or 监督员): its deadline and its report's state."""
    bodies = list(visible_orgs(user, roles={Role.OFFICE_ADMIN, Role.SUPERVISOR}).filter(is_active=True)
                  .order_by("path"))
    reports = {r.org_id: r for r in AnnualReport.objects.filter(org__in=bodies, year=year)}
    rows = []
    for org in bodies:
        report = reports.get(org.pk)
        deadline = statutory_deadline(org, year)
        published_at = report.published_at if report and report.status == ReportStatus.PUBLISHED else None
        late = (published_at.date() > deadline) if published_at else today > deadline
        rows.append({"org": org, "report": report, "deadline": deadline, "published_at": published_at,
                     "late": late, "days_left": (deadline - today).days,
                     "status_label": report.get_status_display() if report else "未编写",
                     "collection_label": report.get_collection_display() if report and report.collection else ""})
    return rows
