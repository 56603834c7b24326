"""Who may use the registers. 公开办管理员 and 信息发布员 of a body keep its registers; the 监督员 reads them.
Bodies come from ``gongkai.orgs.scoping`` (a row of a body outside these scopes is a 404, never a 403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import visible_org_ids

EDIT_ROLES = frozenset({Role.OFFICE_ADMIN, Role.PUBLISHER})
VIEW_ROLES = EDIT_ROLES | {Role.SUPERVISOR}
NOT_FOUND = "未找到该记录，或不在您的数据范围内。"
EDIT_DENIED = "只有该机构的公开办管理员或信息发布员可以修改其登记数据。"


def viewable_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user, roles=VIEW_ROLES)


def editable_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user, roles=EDIT_ROLES)


def can_view_registers(user) -> bool:
    """For the navigation: show the registers to anyone who may read at least one body's."""
    return bool(viewable_org_ids(user))


def can_edit_registers(user) -> bool:
    return bool(editable_org_ids(user))


def require_viewer(user) -> None:
    if not can_view_registers(user):
        raise PermissionDenied("权责与执法公示仅对公开办管理员、信息发布员和监督员开放。")


def check_can_edit(user, org: Organization) -> None:
    """A body the user cannot see is "not found"; one they only read is "not allowed"."""
    if org.pk not in viewable_org_ids(user) and org.pk not in editable_org_ids(user):
        raise Http404(NOT_FOUND)
    if org.pk not in editable_org_ids(user):
        raise PermissionDenied(EDIT_DENIED)
