"""Fixtures for application tests: staff of one department and a valid application payload."""

import datetime as dt

import pytest

from gongkai.core.validators import resident_id_check_char
from gongkai.orgs.models import Role, ScopeMode


def resident_id(first17="11010519491231002") -> str:
    return first17 + resident_id_check_char(first17)


def payload(**overrides) -> dict:
    data = {
        "applicant_kind": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
        "id_number": resident_id(), "phone": "13800138000", "email": "zhang@example.com",
        "address": "示例市东城区和平路1号", "postcode": "100000",
        "content": "2023年甲市教育局学校食堂招标文件", "info_form": "electronic", "delivery_method": "email",
    }
    data.update(overrides)
    return data


FIXED_TODAY = dt.date(2026, 6, 15)  # a Monday; every date in these tests lies in loaded calendar years


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Pin the services' idea of today so the tests do not depend on the real date (and on next year's
    holidays being loaded)."""
    from gongkai.applications import services

    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


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
    """An application registered 10 days ago at the city education bureau."""
    from gongkai.applications import services

    received = FIXED_TODAY - dt.timedelta(days=10)
    app, _code = services.register(staff["handler"], org=tree["city_edu"],
                                   data=payload(channel="in_person", received_on=received.isoformat()))
    return app
