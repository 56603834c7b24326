"""Who may see and do what in the inspections app (督查整改). Bodies come from ``gongkai.orgs.scoping``.

- The 公开办管理员 of a round's office body (``office``) runs the round: edits it, records findings and
  rechecks them. They see every body of the round.
- The 监督员 whose scope covers the office reads the whole round and changes nothing; a 监督员 of a smaller
  area reads the bodies of the round in that area.
- A body's own staff (公开办管理员, 承办人, 审核人, 信息发布员 of the body) see the round once it is opened, but only
  their own body's sheet and findings; 公开办管理员, 承办人 and 信息发布员 answer (反馈整改情况).
- Nobody but the office sees a draft round or a 系统核查 finding not yet confirmed.

Rows outside what a user sees are 404, never 403; a row a user sees but may not change is ``PermissionDenied``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import has_role, visible_org_ids

from .codes import FindingStatus, RoundStatus
from .models import Finding, Inspection, InspectionTarget

OFFICE_ROLES = frozenset({Role.OFFICE_ADMIN})
READ_ALL_ROLES = frozenset({Role.OFFICE_ADMIN, Role.SUPERVISOR})
BODY_VIEW_ROLES = frozenset({Role.OFFICE_ADMIN, Role.HANDLER, Role.APPROVER, Role.PUBLISHER, Role.SUPERVISOR})
ANSWER_ROLES = frozenset({Role.OFFICE_ADMIN, Role.HANDLER, Role.PUBLISHER})

NOT_FOUND = "未找到该督查记录，或不在您的数据范围内。"
MANAGE_DENIED = "只有组织督查机关的公开办管理员可以进行此操作；监督员只能查看。"
ANSWER_DENIED = ("只有被督查单位的公开办管理员、承办人或信息发布员可以反馈整改情况；"
                 "督查机关不能代被督查单位反馈，监督员只能查看。")


def office_ids(user) -> frozenset[int]:
    """Bodies whose rounds the user runs."""
    return visible_org_ids(user, roles=OFFICE_ROLES)


def read_all_ids(user) -> frozenset[int]:
    """Bodies whose rounds the user sees whole (the office's 公开办管理员 and 监督员)."""
    return visible_org_ids(user, roles=READ_ALL_ROLES)


def body_ids(user) -> frozenset[int]:
    """Bodies whose own sheets the user sees in an opened round."""
    return visible_org_ids(user, roles=BODY_VIEW_ROLES)


def can_create(user) -> bool:
    return bool(office_ids(user))


def can_manage(user, inspection: Inspection) -> bool:
    return has_role(user, inspection.office, *OFFICE_ROLES)


def reads_all(user, inspection: Inspection) -> bool:
    return inspection.office_id in read_all_ids(user)


def can_answer(user, inspection: Inspection, org: Organization) -> bool:
    """The body's own staff answer; the office that runs the round does not answer for the bodies it checks."""
    return has_role(user, org, *ANSWER_ROLES) and not can_manage(user, inspection)


def check_manage(user, inspection: Inspection) -> None:
    if not can_manage(user, inspection):
        raise PermissionDenied(MANAGE_DENIED)


def visible_inspections(user) -> QuerySet[Inspection]:
    opened_here = InspectionTarget.objects.filter(org_id__in=body_ids(user)).values("inspection_id")
    return Inspection.objects.filter(
        Q(office_id__in=read_all_ids(user))
        | (~Q(status=RoundStatus.DRAFT) & Q(pk__in=opened_here)))


def visible_targets(user) -> QuerySet[InspectionTarget]:
    return InspectionTarget.objects.filter(
        Q(inspection__office_id__in=read_all_ids(user))
        | (~Q(inspection__status=RoundStatus.DRAFT) & Q(org_id__in=body_ids(user))))


def visible_findings(user) -> QuerySet[Finding]:
    full = read_all_ids(user)
    return Finding.objects.filter(
        Q(target__inspection__office_id__in=full)
        | (~Q(target__inspection__status=RoundStatus.DRAFT) & ~Q(status=FindingStatus.DRAFT)
           & Q(target__org_id__in=body_ids(user))))
