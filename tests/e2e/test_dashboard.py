"""The office's dashboard in a real browser: figures per body, charts, a drill-down and narrowing the scope."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.accounts.models import User
from gongkai.applications import services as application_services
from gongkai.applications.models import Application
from gongkai.orgs.models import Organization
from gongkai.reports.tests.factories import conclude, receive
from gongkai.testing import FIXED_TODAY

from .test_workbench import login

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


def test_office_admin_reads_the_dashboard_and_drills_down(page, live_server, tmp_path, monkeypatch):
    monkeypatch.setattr(application_services, "today", lambda: FIXED_TODAY)  # the server thread shares it
    call_command("load_demo", minimal=True, stdout=StringIO())
    edu = Organization.objects.get(code="SLS-JYJ")
    handler, approver = User.objects.get(username="chengban"), User.objects.get(username="shenhe")
    apps = receive(handler, edu, dt.date(2026, 6, 1), n=3)
    conclude(apps[0], handler, approver, "3.1", dt.date(2026, 6, 5))
    Application.objects.filter(pk=apps[1].pk).update(due_on=dt.date(2026, 6, 10))  # overdue on 15 June

    login(page, live_server, "gkb")
    page.wait_for_selector("h1:text('工作台')")
    page.click("nav.mainnav >> text=监督看板")
    page.wait_for_selector("h1:text('政务公开监督看板')")
    assert page.locator("svg.chart").count() == 6
    row = page.locator("table.dashboard-table tbody tr", has_text="示例市教育局")
    cells = row.locator("td").all_inner_texts()
    assert cells[1:5] == ["3", "1", "0", "1"]  # 收到, 办结, 即将到期, 已超期
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    page.locator(".kpi", has_text="已超期").locator("a").click()
    page.wait_for_selector("h1:text('已超期')")
    assert page.locator("table.table tbody tr").count() == 1
    assert apps[1].tracking_no in page.inner_text("table.table")

    page.go_back()
    page.select_option("select[name=under]", label="\u00a0" * 1 + "示例市东城区人民政府及下级")
    page.click("button:text('查询')")
    page.wait_for_selector("text=示例市东城区人民政府及下级机关")
    names = page.locator("table.dashboard-table tbody tr td:first-child").all_inner_texts()
    assert names and all("东城" in n or "和平街道" in n for n in names)
    assert "示例市教育局" not in names
