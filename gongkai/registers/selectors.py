"""Read-side queries of the registers: the figures of table 二 for a set of bodies and a year, and the scoped
querysets the staff pages list.

``org_ids`` is any iterable of body ids, typically from ``gongkai.orgs.scoping`` (``orgs_in_scope(org,
mode)`` for a report, ``visible_org_ids(user)`` for a page). A "year end" is 31 December; an item whose last
day is 31 December is still counted at that year end.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from .codes import AmountUnit, DecisionKind, PowerKind
from .models import Decision, DecisionTotal, FeeIncome, ImportBatch, PowerItem, Procurement
from .permissions import viewable_org_ids

FOUR_PLACES = Decimal("0.0001")


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _ids(org_ids) -> list[int]:
    return list(org_ids)


# ---------------------------------------------------------------------------------------------------------
# 权责清单


def in_force_q(on_date: dt.date) -> Q:
    return Q(effective_from__lte=on_date) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on_date))


def item_counts(org_ids, on_date: dt.date) -> dict[str, int]:
    """{kind: number of items in force on ``on_date``} for every kind (0 where none)."""
    rows = (PowerItem.objects.filter(in_force_q(on_date), org_id__in=_ids(org_ids))
            .values("kind").annotate(n=Count("id")).order_by())
    counts = dict.fromkeys(PowerKind.values, 0)
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def items_in_force(org_ids, on_date: dt.date, kind: str | None = None) -> int:
    """How many items (of ``kind``, or of every kind when None) are in force on ``on_date``."""
    counts = item_counts(org_ids, on_date)
    return counts[kind] if kind is not None else sum(counts.values())


def items_change(org_ids, year: int, kind: str | None = None) -> int:
    """本年增/减: items in force at the end of ``year`` minus those in force at the end of the year before."""
    return items_in_force(org_ids, year_end(year), kind) - items_in_force(org_ids, year_end(year - 1), kind)


def item_figures(org_ids, year: int) -> dict[str, dict[str, int]]:
    """{kind: {"previous": 上一年项目数量, "change": 本年增/减, "current": items at the end of ``year``}}."""
    previous = item_counts(org_ids, year_end(year - 1))
    current = item_counts(org_ids, year_end(year))
    return {kind: {"previous": previous[kind], "change": current[kind] - previous[kind], "current": current[kind]}
            for kind in PowerKind.values}


# ---------------------------------------------------------------------------------------------------------
# decisions


def decision_counts_by_org(org_ids, year: int) -> dict[int, dict[str, dict]]:
    """{org_id: {kind: {"count": n, "source": "" for counted rows or the totals' source}}}, only for the
    (body, kind) pairs that have rows or a total. A body's total replaces its rows for that kind and year."""
    ids = _ids(org_ids)
    out: dict[int, dict[str, dict]] = {}
    first, last = year_range(year)
    rows = (Decision.objects.filter(org_id__in=ids, decided_on__gte=first, decided_on__lte=last)
            .values("org_id", "kind").annotate(n=Count("*")).order_by())  # COUNT(*): index-only scans
    for row in rows:
        out.setdefault(row["org_id"], {})[row["kind"]] = {"count": row["n"], "source": ""}
    for total in DecisionTotal.objects.filter(org_id__in=ids, year=year).only("org_id", "kind", "count", "source"):
        out.setdefault(total.org_id, {})[total.kind] = {"count": total.count, "source": total.source}
    return out


def decision_counts(org_ids, year: int) -> dict[str, int]:
    """{kind: 处理决定数量} over the bodies, each body contributing its yearly total where it keeps one for
    that kind, else its counted decision rows."""
    counts = dict.fromkeys(DecisionKind.values, 0)
    for per_kind in decision_counts_by_org(org_ids, year).values():
        for kind, figure in per_kind.items():
            counts[kind] += figure["count"]
    return counts


def has_decision_rows(org_id: int, year: int, kind: str) -> bool:
    first, last = year_range(year)
    return Decision.objects.filter(org_id=org_id, kind=kind, decided_on__gte=first, decided_on__lte=last).exists()


# ---------------------------------------------------------------------------------------------------------
# fees and procurement


def fee_amount(org_ids, year: int) -> Decimal | None:
    """本年收费金额 in 万元, or None when no body of the set entered one."""
    total = FeeIncome.objects.filter(org_id__in=_ids(org_ids), year=year).aggregate(s=Sum("amount_wan"))["s"]
    # SQLite sums decimals as floats; bring the sum back to the column's four places.
    return None if total is None else Decimal(total).quantize(FOUR_PLACES)


def procurement_total(org_ids, year: int) -> dict | None:
    """{"projects", "amount_wan", "bodies"} summed over the bodies (amounts entered in 元 converted to 万元),
    or None when none entered any."""
    rows = list(Procurement.objects.filter(org_id__in=_ids(org_ids), year=year)
                .values("amount_unit").annotate(projects=Sum("projects"), amount=Sum("amount"), n=Count("id"))
                .order_by())
    if not rows:
        return None
    projects = sum(r["projects"] for r in rows)
    amount = sum((Decimal(r["amount"]) if r["amount_unit"] == AmountUnit.WAN else Decimal(r["amount"]) / 10000
                  for r in rows), Decimal(0))
    return {"projects": projects, "amount_wan": amount.quantize(FOUR_PLACES), "bodies": sum(r["n"] for r in rows)}


def annual_figures(org_ids, year: int) -> dict:
    """Everything table 二 needs from the registers for ``year``, in both report formats' terms."""
    ids = _ids(org_ids)
    return {
        "year": year,
        "items": item_figures(ids, year),
        "decisions": decision_counts(ids, year),
        "fee_amount_wan": fee_amount(ids, year),
        "procurement": procurement_total(ids, year),
    }


# ---------------------------------------------------------------------------------------------------------
# scoped querysets for the pages


def visible_items(user) -> QuerySet[PowerItem]:
    return PowerItem.objects.filter(org_id__in=viewable_org_ids(user))


def visible_decisions(user) -> QuerySet[Decision]:
    return Decision.objects.filter(org_id__in=viewable_org_ids(user))


def visible_batches(user) -> QuerySet[ImportBatch]:
    """A batch is seen by the person who ran it and by whoever may read the body above all its rows."""
    return ImportBatch.objects.filter(Q(actor=user) | Q(org_id__in=viewable_org_ids(user)))
