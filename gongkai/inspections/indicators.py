"""The indicator this app adds to the platform's registry (``gongkai.supervision.indicators``):
``open_findings`` 督查问题未整改, per body the findings confirmed by ``period.today`` and not closed by then.
Registered from ``InspectionsConfig.ready``."""

from django.db.models import Count, Q, QuerySet

from gongkai.supervision.indicators import COUNT, LOWER, Indicator, Period, register

from .codes import ISSUED
from .models import Finding

CODE = "open_findings"


def open_findings(org_ids, period: Period) -> QuerySet[Finding]:
    """Findings about the bodies that were confirmed on or before ``period.today`` and not closed by then."""
    return (Finding.objects.filter(target__org_id__in=org_ids, status__in=ISSUED, found_on__lte=period.today)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=period.today))
            .select_related("target__org", "target__inspection"))


def _counts(org_ids, period: Period) -> dict[int, int]:
    rows = open_findings(org_ids, period).values("target__org_id").annotate(n=Count("pk"))
    return {r["target__org_id"]: r["n"] for r in rows}


def register_indicators() -> None:
    register(Indicator(
        CODE, "督查问题未整改", "个", COUNT, LOWER, "截至当日，督查发现、已下发但尚未复查通过的问题",
        _counts, open_findings, as_of_today=True, group="督查整改"))
