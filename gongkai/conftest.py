"""Fixtures shared by every app's tests: a small org tree and users holding each role."""

import pytest

from gongkai.accounts.models import AdminRole, User
from gongkai.orgs.models import Membership, Organization, OrgKind
from gongkai.orgs.services import create_org

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
