"""Reading the work records: the figures the annual report's narrative uses, and the per-period summary.

Every function takes the ids of the bodies to count (already scoped by the caller) and a date range; a year is
1 January to 31 December. New-media figures count the months inside the range (a month is inside when its
first day is)."""

import datetime as dt

from django.db.models import Count, Q, Sum

from gongkai.orgs.models import Organization

from .codes import RecordKind
from .models import NewMediaAccount, NewMediaMonth, WorkRecord


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def records_in(org_ids, start: dt.date, end: dt.date):
    return WorkRecord.objects.filter(org_id__in=list(org_ids), held_on__gte=start, held_on__lte=end)


def months_in(org_ids, start: dt.date, end: dt.date):
    return NewMediaMonth.objects.filter(account__org_id__in=list(org_ids), month__gte=start.replace(day=1),
                                        month__lte=end)


def count_records(org_ids, start, end, kind: str) -> int:
    return records_in(org_ids, start, end).filter(kind=kind).count()


def attendees(org_ids, start, end, kind: str = RecordKind.TRAINING) -> int:
    return records_in(org_ids, start, end).filter(kind=kind).aggregate(n=Sum("attendees"))["n"] or 0


def posts(org_ids, start, end) -> int:
    return months_in(org_ids, start, end).aggregate(n=Sum("posts"))["n"] or 0


def reporting_accounts(org_ids, start, end) -> int:
    """Accounts with at least one monthly count in the range (an account in operation then)."""
    return months_in(org_ids, start, end).values("account_id").distinct().count()


KIND_KEYS = [k.value for k in RecordKind]


def summary(org_ids, start: dt.date, end: dt.date) -> dict:
    """Per body and in total: records per kind, training attendees, new-media posts and accounts.
    ``{"rows": [{"org": Organization, <kind>: n, ..., "attendees": n, "posts": n, "accounts": n}], "total": {...}}``;
    bodies with nothing in the range are left out."""
    aggregates = {k: Count("pk", filter=Q(kind=k)) for k in KIND_KEYS}
    aggregates["attendees"] = Sum("attendees", filter=Q(kind=RecordKind.TRAINING))
    per_org: dict[int, dict] = {}
    for row in records_in(org_ids, start, end).values("org_id").annotate(**aggregates):
        per_org[row.pop("org_id")] = {**row, "attendees": row["attendees"] or 0}
    media = (months_in(org_ids, start, end).values("account__org_id")
             .annotate(posts=Sum("posts"), accounts=Count("account_id", distinct=True)))
    for row in media:
        entry = per_org.setdefault(row["account__org_id"], {k: 0 for k in KIND_KEYS} | {"attendees": 0})
        entry["posts"], entry["accounts"] = row["posts"] or 0, row["accounts"]
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=per_org)}
    keys = [*KIND_KEYS, "attendees", "posts", "accounts"]
    rows = []
    for pk, entry in per_org.items():
        rows.append({"org": orgs[pk], **{k: entry.get(k, 0) for k in keys}})
    rows.sort(key=lambda r: r["org"].path)
    total = {k: sum(r[k] for r in rows) for k in keys}
    total["accounts"] = reporting_accounts(org_ids, start, end)
    return {"rows": rows, "total": total, "keys": keys}


def accounts_in(org_ids):
    return NewMediaAccount.objects.filter(org_id__in=list(org_ids))
