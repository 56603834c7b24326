"""Fixtures of the evaluation tests: the pinned date, the city office's users, a scheme (按期答复率 20分,
已超期 每件扣2分 10分, 人工评分 专栏建设 10分) and an evaluation of the city education bureau and the city
government office over 2026, with applications built through the application services so the computed
indicators have known values:

- 甲市教育局: two applications concluded in 2026, one within its deadline and one after it (on-time rate
  50%), and one still open past its deadline (1 overdue);
- 甲市人民政府办公室: no applications (nothing to judge: the rate is 不适用, full marks), nothing overdue.
"""

import datetime as dt

import pytest

from gongkai.applications.models import Application
from gongkai.evaluation import services
from gongkai.orgs.models import Role, ScopeMode
from gongkai.reports.tests.factories import conclude, receive
from gongkai.testing import FIXED_TODAY

D = dt.date


@pytest.fixture(autouse=True)
def evaluation_today(monkeypatch):
    from gongkai.evaluation import selectors

    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    monkeypatch.setattr(selectors, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


@pytest.fixture
def users(staff, tree, make_user):
    return {
        "office": staff["office"],
        "supervisor": staff["supervisor"],
        "handler": staff["handler"],
        "b_office": make_user("b_office", memberships=[(tree["dist_b"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)]),
    }


@pytest.fixture
def scheme(users, tree):
    office = users["office"]
    scheme = services.create_scheme(office, org=tree["city"], name="2026年度政务公开考核方案", year=2026)
    services.add_indicator(office, scheme.pk, source="on_time_rate", weight="20")
    services.add_indicator(office, scheme.pk, source="overdue", name="超期未答复", weight="10", deduct_per_unit="2")
    services.add_indicator(office, scheme.pk, source="manual", name="专栏建设", weight="10")
    return services.update_scheme(office, scheme.pk, version=scheme.version, name=scheme.name, year=2026,
                                  status="active")


@pytest.fixture
def applications(staff, tree):
    h, a = staff["handler"], staff["approver"]
    on_time, late, still_open = receive(h, tree["city_edu"], D(2026, 3, 2), n=3)
    conclude(on_time, h, a, "3.1", D(2026, 3, 10))
    conclude(late, h, a, "3.1", D(2026, 3, 10))
    Application.objects.filter(pk=late.pk).update(due_on=D(2026, 3, 9))  # concluded a day after its deadline
    Application.objects.filter(pk=still_open.pk).update(due_on=D(2026, 4, 1))  # open, past its deadline
    return {"on_time": on_time, "late": late, "open": still_open}


@pytest.fixture
def evaluation(users, tree, scheme, applications):
    return services.create_evaluation(users["office"], scheme=scheme, name="2026年度市直部门考核",
                                      start="2026-01-01", end="2026-12-31",
                                      bodies=[tree["city_edu"].pk, tree["city_office"].pk])


def manual_item(scheme):
    return scheme.indicators.get(source="manual")
