"""Who may use the evaluations. The 公开办管理员 of the office that owns a scheme edits the scheme, creates
evaluations, enters manual scores and publishes; the 监督员 whose scope covers the office reads. A scheme or
evaluation of an office outside the user's scope is a 404 (``gongkai.orgs.scoping``)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import has_role, visible_org_ids

VIEW_ROLES = frozenset({Role.OFFICE_ADMIN, Role.SUPERVISOR})
NOT_FOUND = "未找到该考核方案或考核，或不在您的数据范围内。"
EDIT_DENIED = "只有考核机关的公开办管理员可以修改考核方案、评分和发布；监督员只能查看。"


def viewable_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user, roles=VIEW_ROLES)


def office_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user, roles={Role.OFFICE_ADMIN})


def can_view_any(user) -> bool:
    return bool(viewable_org_ids(user))


def can_edit(user, org: Organization) -> bool:
    return has_role(user, org, Role.OFFICE_ADMIN)


def check_can_edit(user, org: Organization) -> None:
    if org.pk not in viewable_org_ids(user):
        raise Http404(NOT_FOUND)
    if not can_edit(user, org):
        raise PermissionDenied(EDIT_DENIED)
