"""意见征集 in a real browser: a member of the public submits a comment on an open consultation; it is not
shown; the body's 公开办管理员 approves it in the moderation queue; it is then shown on the public page (with
the name reduced to the family name and the contact never shown)."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.models import AdminRole, User
from gongkai.consultations import services
from gongkai.consultations.models import Comment
from gongkai.core.management.commands.load_demo import DEMO_PASSWORD
from gongkai.orgs.models import Membership, OrgKind, Role, ScopeMode
from gongkai.orgs.services import create_org

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

COMMENT = "建议课后服务结束时间分两个时段，方便不同家庭接送。"


@pytest.fixture
def consultation():
    admin = User.objects.create_user(username="sysadmin", password=DEMO_PASSWORD, admin_role=AdminRole.SYSADMIN)
    city = create_org(admin, name="示例市人民政府", code="SLS", kind=OrgKind.CITY_GOV)
    edu = create_org(admin, name="示例市教育局", code="SLS-JYJ", kind=OrgKind.DEPARTMENT, parent=city)
    office = User.objects.create_user(username="gkb", password=DEMO_PASSWORD, full_name="王公开")
    Membership.objects.create(user=office, org=edu, role=Role.OFFICE_ADMIN, scope=ScopeMode.SELF)
    today = timezone.localdate()
    c = services.create_consultation(
        office, org=edu, title="关于公开征求《示例市中小学课后服务管理办法（征求意见稿）》意见的公告",
        starts_on=today - dt.timedelta(days=3), ends_on=today + dt.timedelta(days=27),
        body_html="<p>第一条 为规范中小学课后服务，制定本办法。</p>", contact_rule="required")
    return services.publish(office, c.pk, version=c.version)


def test_public_comment_goes_through_moderation(page, live_server, consultation):
    base = live_server.url
    public = f"{base}/xxgk/yjzj/{consultation.pk}/"

    # 1. The public finds the consultation in the column and submits a comment.
    page.goto(f"{base}/xxgk/yjzj/")
    page.click(f"text={consultation.title}")
    page.wait_for_selector("h1:has-text('课后服务管理办法')")
    assert "还剩" in page.inner_text("table.pt-meta")
    page.fill("[name=name]", "陈静")
    page.fill("[name=contact]", "13900000002")
    page.fill("[name=content]", COMMENT)
    page.click("button:has-text('提交意见')")
    page.wait_for_selector(".pt-msg-success")
    assert "经审核后" in page.inner_text(".pt-msg-success")
    comment = Comment.objects.get()
    assert comment.moderation == "pending"
    assert COMMENT not in page.inner_text("#comments")

    # 2. The office approves it in the moderation queue.
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "gkb")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:text('工作台')")
    page.goto(f"{base}/consultations/{consultation.pk}/")
    row = page.locator(f"#comment-{comment.pk}")
    assert COMMENT in row.inner_text() and "待审核" in row.inner_text()
    row.locator("button:has-text('通过')").click()
    page.wait_for_selector(".msg-success")
    comment.refresh_from_db()
    assert comment.moderation == "approved"

    # 3. A visitor without a session now sees it, without the full name or the contact.
    page.context.clear_cookies()
    page.goto(public)
    shown = page.inner_text("#comments")
    assert COMMENT in shown and "陈*" in shown and "陈静" not in shown and "13900000002" not in page.content()
