"""Fixtures of the work-records tests (on the shared org tree and staff of gongkai/conftest.py): the pinned
date, a publisher of the city education bureau and one of district B."""

import pytest

from gongkai.orgs.models import Role, ScopeMode
from gongkai.testing import FIXED_TODAY


@pytest.fixture(autouse=True)
def workrecords_today(monkeypatch):
    from gongkai.workrecords import services

    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


@pytest.fixture
def users(staff, tree, make_user):
    return {
        "office": staff["office"],  # 公开办管理员 of the city, whole subtree
        "supervisor": staff["supervisor"],
        "handler": staff["handler"],  # 承办人 of the education bureau: reads, cannot edit
        "publisher": make_user("edu_pub", memberships=[(tree["city_edu"], Role.PUBLISHER, ScopeMode.SELF)]),
        "b_publisher": make_user("b_pub", memberships=[(tree["dist_b"], Role.PUBLISHER, ScopeMode.SUBTREE)]),
    }
