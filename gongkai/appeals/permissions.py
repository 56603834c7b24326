"""Who may use the appeals register. 公开办管理员, 承办人 and 审核人 of a body keep its cases; the 监督员 reads
them and never changes anything. Bodies come from ``gongkai.orgs.scoping``: a case of a body outside the
user's scope is a 404, never a 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import has_role, visible_org_ids

EDIT_ROLES = frozenset({Role.OFFICE_ADMIN, Role.HANDLER, Role.APPROVER})
VIEW_ROLES = EDIT_ROLES | {Role.SUPERVISOR}
NOT_FOUND = "未找到该案件，或不在您的数据范围内。"
EDIT_DENIED = "只有该机关的公开办管理员、承办人或审核人可以修改复议诉讼案件；监督员只能查看。"


def viewable_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user, roles=VIEW_ROLES)


def editable_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user, roles=EDIT_ROLES)


def can_edit_any(user) -> bool:
    return bool(editable_org_ids(user))


def can_edit(user, org: Organization) -> bool:
    return has_role(user, org, *EDIT_ROLES)


def check_can_edit(user, org: Organization) -> None:
    """A body the user cannot see is "not found"; one they only read is "not allowed"."""
    if org.pk not in viewable_org_ids(user):
        raise Http404(NOT_FOUND)
    if not can_edit(user, org):
        raise PermissionDenied(EDIT_DENIED)
