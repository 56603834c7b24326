"""What a staff user may see: the one place that turns memberships into visible bodies.

Three ways to scope a list or a report to a body (``ScopeMode``):
- SELF        the body alone;
- GOVERNMENT  a body with everything below it down to, but not including, lower governments
              (a 人民政府 with its 工作部门 and their 派出机构, not the 县区/乡镇 governments under it);
- SUBTREE     the body and everything below it.

A staff user's visible bodies are the union of the scopes of their memberships. The 三员 administrators
hold no memberships and so see no business data. Objects outside a user's scope are answered with 404.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import GOVERNMENT_KINDS, Membership, Organization, Role, ScopeMode


def scope_q(org: Organization, mode: str, prefix: str = "") -> Q:
    """A filter for rows whose organisation (reached through ``prefix``, e.g. ``"org__"``) is in scope."""
    if mode == ScopeMode.SELF:
        return Q(**{f"{prefix}pk": org.pk})
    q = Q(**{f"{prefix}path__startswith": org.path})
    if mode == ScopeMode.SUBTREE:
        return q
    if mode != ScopeMode.GOVERNMENT:
        raise ValueError(f"unknown scope mode {mode!r}")
    lower_govs = (Organization.objects.filter(path__startswith=org.path + ".", kind__in=GOVERNMENT_KINDS)
                  .values_list("path", flat=True))
    for path in _topmost(sorted(lower_govs)):
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def _topmost(paths: list[str]) -> list[str]:
    """Drop paths nested under another path in the (sorted) list."""
    kept: list[str] = []
    for path in paths:
        if not kept or not (path == kept[-1] or path.startswith(kept[-1] + ".")):
            kept.append(path)
    return kept


def orgs_in_scope(org: Organization, mode: str) -> QuerySet[Organization]:
    return Organization.objects.filter(scope_q(org, mode))


def _memberships(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return []
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(org__is_active=True, user=user).select_related("org"))
        user._gongkai_memberships = cached
    return cached


def visible_org_ids(user, roles=None) -> frozenset[int]:
    """Ids of the bodies whose data ``user`` may see (optionally only through the given roles)."""
    memberships = [m for m in _memberships(user) if roles is None or m.role in roles]
    if not memberships:
        return frozenset()
    key = ("_gongkai_visible", tuple(sorted(roles)) if roles else None)
    cache = user.__dict__.setdefault("_gongkai_scope_cache", {})
    if key not in cache:
        q = reduce(or_, (scope_q(m.org, m.scope) for m in memberships))
        cache[key] = frozenset(Organization.objects.filter(q).values_list("pk", flat=True))
    return cache[key]


def visible_orgs(user, roles=None) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=visible_org_ids(user, roles))


def filter_visible(user, queryset: QuerySet, org_field: str = "org", roles=None) -> QuerySet:
    """Restrict any queryset of org-owned rows to what ``user`` may see."""
    return queryset.filter(**{f"{org_field}__in": visible_org_ids(user, roles)})


def get_visible_or_404(user, queryset: QuerySet, org_field: str = "org", roles=None, **lookup):
    """Fetch one row in scope; a row outside the scope is indistinguishable from a missing one."""
    if queryset.model is Organization:
        queryset = queryset.filter(pk__in=visible_org_ids(user, roles))
    else:
        queryset = filter_visible(user, queryset, org_field, roles)
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("未找到该记录，或不在您的数据范围内。")
    return obj


def roles_for(user, org: Organization) -> set[str]:
    """The roles ``user`` holds over ``org`` (through a membership whose scope covers it)."""
    roles = set()
    for m in _memberships(user):
        if m.role not in roles and org.pk in visible_org_ids(user, roles={m.role}):
            roles.add(m.role)
    return roles


def has_role(user, org: Organization, *roles: str) -> bool:
    return bool(roles_for(user, org) & set(roles))


def can_view_business_data(user) -> bool:
    return bool(_memberships(user))


ROLE_LABELS = dict(Role.choices)
