"""Who may do what with consultations. Bodies come from ``gongkai.orgs.scoping``: a consultation of a body
outside the user's scope is a 404, never a 403.

- 公开办管理员 and 信息发布员 of the body prepare, publish, close and conclude consultations (``EDIT_ROLES``);
- they and the 审核人 moderate comments and answer, group and mark them (``HANDLE_ROLES``);
- the 监督员 reads everything and changes nothing;
- contacts are shown in full only to the body's 公开办管理员 (masked for everyone else).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import has_role, visible_org_ids

EDIT_ROLES = frozenset({Role.OFFICE_ADMIN, Role.PUBLISHER})
HANDLE_ROLES = EDIT_ROLES | {Role.APPROVER}
VIEW_ROLES = HANDLE_ROLES | {Role.SUPERVISOR}
NOT_FOUND = "未找到该意见征集，或不在您的数据范围内。"
EDIT_DENIED = "只有该机关的公开办管理员或信息发布员可以管理意见征集；监督员只能查看。"
HANDLE_DENIED = "只有该机关的公开办管理员、信息发布员或审核人可以审核和处理意见；监督员只能查看。"


def viewable_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user, roles=VIEW_ROLES)


def editable_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user, roles=EDIT_ROLES)


def can_view_any(user) -> bool:
    return bool(viewable_org_ids(user))


def can_edit_any(user) -> bool:
    return bool(editable_org_ids(user))


def can_edit(user, org: Organization) -> bool:
    return has_role(user, org, *EDIT_ROLES)


def can_handle(user, org: Organization) -> bool:
    return has_role(user, org, *HANDLE_ROLES)


def sees_contacts(user, org: Organization) -> bool:
    return has_role(user, org, Role.OFFICE_ADMIN)


def _check(user, org: Organization, allowed, message: str) -> None:
    """A body the user cannot see is "not found"; one they only read is "not allowed"."""
    if org.pk not in viewable_org_ids(user):
        raise Http404(NOT_FOUND)
    if not allowed(user, org):
        raise PermissionDenied(message)


def check_can_edit(user, org: Organization) -> None:
    _check(user, org, can_edit, EDIT_DENIED)


def check_can_handle(user, org: Organization) -> None:
    _check(user, org, can_handle, HANDLE_DENIED)
