"""Read-side queries of the appeals register: the figures of table 四 of the annual report
(四、政府信息公开行政复议、行政诉讼情况) and the scoped querysets the staff pages list.

Counting rule of ``appeal_figures(org_ids, year)``, per group (行政复议 / 未经复议直接起诉 / 复议后起诉):

- 结果维持 / 结果纠正 / 其他结果 (``upheld`` / ``corrected`` / ``other``): cases CONCLUDED in the year, i.e.
  ``concluded_on`` between 1 January and 31 December of ``year`` (both included), by their result — whenever
  they were filed;
- 尚未审结 (``pending``): cases filed on or before 31 December of ``year`` and not concluded by then
  (``concluded_on`` empty, or after 31 December), whenever they were filed;
- 总计 (``total``) = upheld + corrected + other + pending.

So a case filed in one year and decided in the next counts as 尚未审结 in the first year's report and by its
result in the next. The figures come from the cases as they are now: a case reopened after its year was
reported (``services.reopen_case``) counts as 尚未审结 when that year is computed again.

``org_ids`` is any iterable of body ids, or a queryset of ids (used as a subquery), typically
``orgs_in_scope(org, mode).values("pk")`` for a report or ``visible_org_ids(user)`` for a page.
"""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from .codes import PENDING, CaseKind, CaseResult
from .models import Case
from .permissions import viewable_org_ids

COLUMNS = (*CaseResult.values, PENDING, "total")  # upheld, corrected, other, pending, total


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def concluded_in_q(year: int) -> Q:
    first, last = year_range(year)
    return Q(concluded_on__gte=first, concluded_on__lte=last)


def pending_at_year_end_q(year: int) -> Q:
    last = year_range(year)[1]
    return Q(filed_on__lte=last) & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=last))


def counted_in_q(year: int) -> Q:
    """The cases table 四 of ``year`` counts (in one column or another)."""
    return concluded_in_q(year) | pending_at_year_end_q(year)


def _ids(org_ids):
    return org_ids if isinstance(org_ids, QuerySet) else list(org_ids)


def empty_figures() -> dict[str, dict[str, int]]:
    return {kind: dict.fromkeys(COLUMNS, 0) for kind in CaseKind.values}


def appeal_figures(org_ids, year: int) -> dict[str, dict[str, int]]:
    """Table 四 for the bodies ``org_ids`` and ``year``: ``{"review": {"upheld", "corrected", "other",
    "pending", "total"}, "litigation_direct": {...}, "litigation_after_review": {...}}``, zeros where there
    are no cases. One aggregate query (GROUP BY kind); see the module docstring for the rule."""
    concluded, pending = concluded_in_q(year), pending_at_year_end_q(year)
    rows = (Case.objects.filter(org_id__in=_ids(org_ids)).filter(concluded | pending)
            .values("kind")
            .annotate(**{result: Count("id", filter=concluded & Q(result=result)) for result in CaseResult.values},
                      **{PENDING: Count("id", filter=pending)})
            .order_by())
    figures = empty_figures()
    for row in rows:
        if row["kind"] not in figures:
            continue
        group = figures[row["kind"]]
        for column in (*CaseResult.values, PENDING):
            group[column] = int(row[column])
        group["total"] = sum(group[c] for c in (*CaseResult.values, PENDING))
    return figures


def visible_cases(user) -> QuerySet[Case]:
    """The cases of every body ``user`` may read (公开办管理员, 承办人, 审核人 or 监督员 in scope)."""
    return Case.objects.filter(org_id__in=viewable_org_ids(user))
