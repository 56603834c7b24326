"""Read-side of the inspections app: the per-body results of a round (问题数, 已整改, 逾期整改, 得分, 排名) that
the round page, the XLSX and the 通报 share, and the 我的整改 list of a body's staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, QuerySet, Value, When

from gongkai.orgs.models import Role
from gongkai.orgs.scoping import visible_org_ids

from . import permissions as perms
from .codes import FULL_SCORE, ISSUED, FindingStatus, Severity
from .models import Finding, Inspection, InspectionTarget


@dataclass
class BodyResult:
    target: InspectionTarget
    total: int = 0  # findings confirmed (drafts excluded)
    closed: int = 0  # 已整改
    unresolved: int = 0  # 待整改, 已反馈, 重新整改
    late: int = 0  # 逾期整改
    serious: int = 0
    points: Decimal = Decimal(0)  # deductions of all confirmed findings
    drafts: int = 0
    rank: int = 0
    late_findings: list = field(default_factory=list)

    @property
    def org(self):
        return self.target.org

    @property
    def name(self) -> str:
        return self.target.org.name

    @property
    def score(self) -> Decimal:
        """The score the office recorded, else 100 less the deductions (never below 0)."""
        if self.target.score is not None:
            return self.target.score
        return max(FULL_SCORE - self.points, Decimal(0)).quantize(Decimal("0.1"))

    @property
    def score_display(self) -> str:
        return f"{self.score.normalize():f}"


def results(inspection: Inspection, today: dt.date, targets: QuerySet | None = None) -> list[BodyResult]:
    """One row per body, ranked: highest score first (fewest weighted problems), then fewest unresolved
    problems, then by name. The rank is computed over the whole round even when ``targets`` is a subset."""
    all_targets = list(inspection.targets.select_related("org"))
    rows = {t.pk: BodyResult(t) for t in all_targets}
    findings = Finding.objects.filter(target__inspection=inspection).select_related("item")
    for finding in findings:
        row = rows[finding.target_id]
        if finding.status == FindingStatus.DRAFT:
            row.drafts += 1
            continue
        row.total += 1
        row.points += finding.points
        if finding.severity == Severity.SERIOUS:
            row.serious += 1
        if finding.status == FindingStatus.CLOSED:
            row.closed += 1
        else:
            row.unresolved += 1
        if finding.late_on(today):
            row.late += 1
            row.late_findings.append(finding)
    ranked = sorted(rows.values(), key=lambda r: (-r.score, r.unresolved, r.name))
    for i, row in enumerate(ranked, start=1):
        row.rank = i
    if targets is not None:
        keep = set(targets.values_list("pk", flat=True))
        ranked = [r for r in ranked if r.target.pk in keep]
    return ranked


def named_bodies(inspection: Inspection, rows: list[BodyResult]) -> tuple[list[BodyResult], list[BodyResult]]:
    """The bodies the 通报 names: many problems (at least the round's threshold), and late rectification."""
    many = [r for r in rows if r.total >= inspection.many_problems]
    late = [r for r in rows if r.late]
    return many, late


def my_findings(user) -> QuerySet[Finding]:
    """Findings about the bodies whose own staff the user is, in rounds other offices run (an office does not
    rectify its own findings): those waiting for the body first, then by deadline."""
    order = Case(When(status__in=(FindingStatus.PENDING, FindingStatus.REOPENED), then=Value(0)),
                 When(status=FindingStatus.ANSWERED, then=Value(1)), default=Value(2), output_field=IntegerField())
    staff_of = visible_org_ids(user, roles=perms.ANSWER_ROLES | {Role.APPROVER})
    return (perms.visible_findings(user).filter(status__in=ISSUED, target__org_id__in=staff_of)
            .exclude(target__inspection__status="draft")
            .exclude(target__inspection__office_id__in=perms.office_ids(user))
            .select_related("target__org", "target__inspection", "item")
            .annotate(open_order=order).order_by("open_order", "rectify_by", "pk"))
