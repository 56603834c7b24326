"""Who may keep work records. The 公开办管理员 and the 信息发布员 of a body enter and correct its records and its
新媒体 accounts; every staff member whose scope covers the body reads them (the 监督员 only reads). A body
outside the user's scope is a 404, never a 403 (``gongkai.orgs.scoping``)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import has_role, visible_org_ids

EDIT_ROLES = frozenset({Role.OFFICE_ADMIN, Role.PUBLISHER})
NOT_FOUND = "未找到该记录，或不在您的数据范围内。"
EDIT_DENIED = "只有该机关的公开办管理员或信息发布员可以登记和修改工作记录；监督员只能查看。"


def viewable_org_ids(user) -> frozenset[int]:
    return visible_org_ids(user)


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
