"""The dashboard pages: who may see them, figures per body and in total, drill-down lists, exports, periods."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from gongkai.applications.models import Application
from gongkai.conftest import PASSWORD
from gongkai.reports.tests.factories import conclude, receive
from gongkai.supervision import selectors
from gongkai.testing import FIXED_TODAY


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def data(tree, staff):
    edu = tree["city_edu"]
    apps = receive(staff["handler"], edu, dt.date(2026, 3, 2), n=3)
    conclude(apps[0], staff["handler"], staff["approver"], "3.1", dt.date(2026, 3, 10))
    Application.objects.filter(pk=apps[1].pk).update(due_on=dt.date(2026, 4, 1))  # overdue on 15 June
    Application.objects.filter(pk=apps[2].pk).update(due_on=dt.date(2026, 7, 1))  # still running
    return apps


def test_dashboard_shows_figures_per_body_and_total(client, tree, staff, data):
    login(client, staff["office"])
    response = client.get("/supervision/", {"start": "2026-01-01", "end": "2026-06-15"})
    assert response.status_code == 200
    html = response.content.decode()
    rows = {r["org"].code: r for r in response.context["rows"]}
    assert set(rows) == {o.code for o in tree.values()}  # the office oversees its whole subtree
    cells = {c["code"]: c for c in rows["C-JYJ"]["cells"]}
    assert cells["received"]["display"] == "3"
    assert cells["overdue"]["display"] == "1" and cells["overdue"]["flag"] == "bad"
    assert cells["on_time_rate"]["display"] == "100.0%"
    assert "/supervision/records/overdue/?" in cells["overdue"]["href"]
    totals = {t["code"]: t for t in response.context["totals"]}
    assert totals["received"]["display"] == "3"
    assert html.count("<svg class='chart'") == 6
    assert "每月收到和办结的依申请公开申请" in html


def test_supervisor_reads_and_handler_is_refused(client, staff, data):
    assert login(client, staff["supervisor"]).get("/supervision/").status_code == 200
    client.logout()
    assert login(client, staff["handler"]).get("/supervision/").status_code == 403


def test_scope_narrowed_to_a_subtree(client, tree, staff, data):
    login(client, staff["office"])
    response = client.get("/supervision/", {"under": tree["dist_a"].pk})
    assert {r["org"].code for r in response.context["rows"]} == {"A", "A-BGS", "A-T", "A-T-1"}
    assert {t["code"]: t for t in response.context["totals"]}["received"]["display"] == "0"


def test_records_list_and_scope(client, tree, staff, data, make_user):
    login(client, staff["office"])
    response = client.get("/supervision/records/overdue/", {"org": tree["city_edu"].pk})
    assert response.status_code == 200
    assert [r["href"] for r in response.context["page_rows"]] == [f"/applications/{data[1].pk}/"]
    assert data[1].tracking_no in response.content.decode()
    assert client.get("/supervision/records/no_such/").status_code == 404
    client.logout()
    from gongkai.orgs.models import Role, ScopeMode

    district = make_user("d_office", memberships=[(tree["dist_b"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)])
    login(client, district)
    # a body outside the district office's scope is a 404, not an empty list
    assert client.get("/supervision/records/overdue/", {"org": tree["city_edu"].pk}).status_code == 404


def test_exports(client, tree, staff, data):
    login(client, staff["office"])
    response = client.get("/supervision/export.xlsx", {"start": "2026-01-01", "end": "2026-06-15"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "机关" and "收到申请（件）" in rows[0]
    edu = next(r for r in rows if r[0] == "甲市教育局")
    assert edu[rows[0].index("收到申请（件）")] == "3"
    assert rows[-1][0] == "合计"
    response = client.get("/supervision/records/received/export.xlsx", {"start": "2026-01-01", "end": "2026-06-15"})
    records = list(load_workbook(BytesIO(response.content)).active.values)
    assert records[0][0] == "受理编号" and len(records) == 4


def test_bad_period_is_reported_and_replaced(client, staff, data):
    login(client, staff["office"])
    response = client.get("/supervision/", {"start": "2026-13-01", "end": "2026-06-15"})
    assert response.status_code == 200
    assert "统计期日期无法识别" in response.content.decode()
    assert response.context["period"].start == dt.date(2026, 1, 1)
    response = client.get("/supervision/", {"start": "2026-06-01", "end": "2026-01-01"})
    assert "开始日期晚于结束日期" in response.content.decode()


def test_presets_and_months():
    errors = []
    period = selectors.period_from({"preset": "quarter"}, FIXED_TODAY, errors)
    assert (period.start, period.end) == (dt.date(2026, 4, 1), FIXED_TODAY)
    period = selectors.period_from({"preset": "12m"}, FIXED_TODAY, errors)
    assert period.start == dt.date(2025, 7, 1) and len(selectors.months(period)) == 12
    period = selectors.period_from({"preset": "last_year"}, FIXED_TODAY, errors)
    assert (period.start, period.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert errors == []


def test_monthly_series_and_outcomes(tree, staff, data):
    period = selectors.period_from({}, FIXED_TODAY, [])
    series = selectors.application_series([tree["city_edu"].pk], period)
    assert series["收到申请"] == [0, 0, 3, 0, 0, 0]
    assert series["办结申请"] == [0, 0, 1, 0, 0, 0]
    mix = {code: n for code, _label, n in selectors.outcome_mix([tree["city_edu"].pk], period)}
    assert mix["3.1"] == 1 and sum(mix.values()) == 1
