"""The whole life of an online application in a real browser: the applicant applies in the public column,
staff confirm it, handle and reply, an approver signs, the reply is delivered, and the applicant downloads
the letter on the tracking page."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.core.management.commands.load_demo import DEMO_PASSWORD
from gongkai.core.validators import resident_id_check_char

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    # The services run in the live server's thread of this process, so the patch reaches them.
    monkeypatch.setattr(services, "today", lambda: TODAY)


def staff_login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:text('工作台')")


def act(page, base, app, label, fill=None):
    page.goto(f"{base}/applications/{app.pk}/")
    page.click(f".action-bar >> text={label}")
    for name, value in (fill or {}).items():
        selector = f"[name={name}]"
        if page.locator(selector).evaluate("el => el.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".msg-success")


def test_apply_online_reply_and_download(page, live_server, tmp_path):
    call_command("load_demo", minimal=True, stdout=StringIO())
    base = live_server.url
    first17 = "11010519800101001"

    # 1. The applicant applies in the public column.
    page.goto(f"{base}/xxgk/ysqgk/SLS-JYJ/apply/?kind=person")
    page.fill("[name=applicant_name]", "赵小明")
    page.fill("[name=id_number]", first17 + resident_id_check_char(first17))
    page.fill("[name=phone]", "13800001111")
    page.fill("[name=email]", "zhao@example.com")
    page.fill("[name=address]", "示例市东城区和平路1号")
    page.fill("[name=content]", "2026年示例市第一中学食堂招标文件及中标结果")
    for name, value in (("info_form", "electronic"), ("delivery_method", "email")):
        field = page.locator(f"[name={name}]")
        if field.first.evaluate("el => el.tagName") == "SELECT":
            page.select_option(f"[name={name}]", value)
        else:
            page.check(f"[name={name}][value={value}]")
    page.check("[name=declaration]")
    page.click("form button[type=submit]")
    page.wait_for_selector("text=政府信息公开申请回执")
    tracking_no = page.inner_text(".pt-mono")
    query_code = page.inner_text(".pt-code")
    page.screenshot(path=str(tmp_path / "receipt.png"), full_page=True)
    app = Application.objects.get(tracking_no=tracking_no)
    assert app.status == "submitted"

    # 2. The handler confirms it and drafts a reply; the approver signs; the handler delivers.
    staff_login(page, base, "chengban")
    page.goto(f"{base}/applications/?queue=submitted")
    assert tracking_no in page.inner_text("table")
    act(page, base, app, "确认收到申请")
    app.refresh_from_db()
    assert app.received_on == TODAY and app.due_on is not None
    assert "收到申请起20个工作日" in page.inner_text(".deadline-box")
    act(page, base, app, "拟定答复", {"outcome": "3.1", "provided": "招标文件及中标结果已通过电子邮件发送。"})
    staff_login(page, base, "shenhe")
    act(page, base, app, "审核通过答复")
    staff_login(page, base, "chengban")
    act(page, base, app, "送达答复", {"method": "email"})
    app.refresh_from_db()
    assert (app.status, app.outcome) == ("concluded", "3.1")

    # 3. The applicant tracks the application and downloads the reply letter.
    page.context.clear_cookies()
    page.goto(f"{base}/xxgk/ysqgk/track/")
    page.fill("[name=tracking_no]", tracking_no)
    page.fill("[name=query_code]", query_code)
    page.click("form button[type=submit]")
    page.wait_for_selector("text=已办结")
    body = page.inner_text("body")
    assert "予以公开" in body and "答复已送达" in body
    with page.expect_download() as download_info:
        page.click(".pt-letters >> text=下载 PDF >> nth=-1")
    path = tmp_path / "reply.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    page.screenshot(path=str(tmp_path / "track.png"), full_page=True)
