"""Fixtures shared by every app's tests: a small org tree, users holding each role, staff of one
department, a registered application, the pinned date and uploads kept out of var/."""

import datetime as dt

import pytest

from gongkai.accounts.models import AdminRole, User
from gongkai.orgs.models import Membership, Organization, OrgKind, Role, ScopeMode
from gongkai.orgs.services import create_org
from gongkai.testing import FIXED_TODAY, payload

PASSWORD = "Test@Passw0rd"


@pytest.fixture
def make_user(db):
    def make(username, *, admin_role="", memberships=()):
        user = User.objects.create_user(username=username, password=PASSWORD, admin_role=admin_role,
                                        full_name=username)
        for org, role, scope in memberships:
            Membership.objects.create(user=user, org=org, role=role, scope=scope)
        return user
    return make


@pytest.fixture
def sysadmin(make_user):
    return make_user("sys", admin_role=AdminRole.SYSADMIN)


@pytest.fixture
def secadmin(make_user):
    return make_user("sec", admin_role=AdminRole.SECADMIN)


@pytest.fixture
def auditor(make_user):
    return make_user("aud", admin_role=AdminRole.AUDITOR)


@pytest.fixture
def tree(sysadmin):
    """city ─┬ city office, city education (─ its dispatched branch)
             ├ district A gov ─┬ district A office
             │                 └ township gov ── township office (other)
             └ district B gov ── district B office"""
    def org(code, name, kind, parent=None):
        return create_org(sysadmin, name=name, code=code, kind=kind, parent=parent)

    t = {}
    t["city"] = org("C", "甲市人民政府", OrgKind.CITY_GOV)
    t["city_office"] = org("C-BGS", "甲市人民政府办公室", OrgKind.DEPARTMENT, t["city"])
    t["city_edu"] = org("C-JYJ", "甲市教育局", OrgKind.DEPARTMENT, t["city"])
    t["city_edu_branch"] = org("C-JYJ-1", "甲市教育局驻区工作站", OrgKind.DISPATCHED, t["city_edu"])
    t["dist_a"] = org("A", "甲市A区人民政府", OrgKind.COUNTY_GOV, t["city"])
    t["dist_a_office"] = org("A-BGS", "A区人民政府办公室", OrgKind.DEPARTMENT, t["dist_a"])
    t["town"] = org("A-T", "A区甲镇人民政府", OrgKind.TOWNSHIP_GOV, t["dist_a"])
    t["town_office"] = org("A-T-1", "甲镇党政综合办公室", OrgKind.OTHER, t["town"])
    t["dist_b"] = org("B", "甲市B区人民政府", OrgKind.COUNTY_GOV, t["city"])
    t["dist_b_office"] = org("B-BGS", "B区人民政府办公室", OrgKind.DEPARTMENT, t["dist_b"])
    for key, value in t.items():
        t[key] = Organization.objects.get(pk=value.pk)
    return t


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Pin the application services' idea of today so no test depends on the real date (or on next year's
    holidays being loaded)."""
    from gongkai.applications import services

    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached public pages and rate-limit counters of an earlier test
    (whose database rows were rolled back) must not leak into it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and rendered letters go to a temporary directory, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff(make_user, tree):
    edu = tree["city_edu"]
    return {
        "handler": make_user("handler", memberships=[(edu, Role.HANDLER, ScopeMode.SELF)]),
        "handler2": make_user("handler2", memberships=[(edu, Role.HANDLER, ScopeMode.SELF)]),
        "approver": make_user("approver", memberships=[(edu, Role.APPROVER, ScopeMode.SELF)]),
        "approver2": make_user("approver2", memberships=[(edu, Role.APPROVER, ScopeMode.SELF)]),
        "office": make_user("office", memberships=[(tree["city"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)]),
        "outsider": make_user("outsider", memberships=[(tree["dist_b"], Role.HANDLER, ScopeMode.SUBTREE),
                                                       (tree["dist_b"], Role.APPROVER, ScopeMode.SUBTREE)]),
        "supervisor": make_user("supervisor", memberships=[(tree["city"], Role.SUPERVISOR, ScopeMode.SUBTREE)]),
    }


@pytest.fixture
def registered(staff, tree):
    """An application registered 10 days before the pinned today at the city education bureau."""
    from gongkai.applications import services

    received = FIXED_TODAY - dt.timedelta(days=10)
    app, _code = services.register(staff["handler"], org=tree["city_edu"],
                                   data=payload(channel="in_person", received_on=received.isoformat()))
    return app
