"""A person logs in through a real browser and sees the Chinese workbench."""

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.core.management.commands.load_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "工作人员登录"
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")


def test_office_admin_logs_in_and_sees_workbench(page, live_server, tmp_path):
    call_command("load_demo", minimal=True, stdout=StringIO())
    login(page, live_server, "gkb")
    page.wait_for_selector("h1:text('工作台')")
    body = page.inner_text("body")
    assert "王公开" in body
    assert "示例市人民政府" in body and "公开办管理员" in body and "本机关及全部下级机构" in body
    assert "数据范围内共有 28 个机构" in body
    page.click("nav.mainnav >> text=机构名录")
    page.wait_for_selector("h1:text('机构名录')")
    assert page.locator("table.table tbody tr").count() == 28
    page.screenshot(path=str(tmp_path / "workbench.png"), full_page=True)


def test_department_handler_sees_only_own_body(page, live_server):
    call_command("load_demo", minimal=True, stdout=StringIO())
    login(page, live_server, "chengban")
    page.wait_for_selector("h1:text('工作台')")
    page.click("nav.mainnav >> text=机构名录")
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 1 and "示例市教育局" in rows.first.inner_text()


def test_wrong_password_shows_chinese_error(page, live_server):
    call_command("load_demo", minimal=True, stdout=StringIO())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "gkb")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.inner_text(".form-errors")
