"""主动公开 in a real browser: a 信息发布员 drafts an item on the staff pages, a 保密审查员 passes it and a 审核人
approves it; the public then finds it in the 政府信息公开 column by full-text search, and its page shows the
metadata table. Its title carries a ``<script>``: every page must show it as text and no dialog may open."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.models import AdminRole, User
from gongkai.core.management.commands.load_demo import DEMO_PASSWORD
from gongkai.disclosure.models import Item
from gongkai.orgs.models import Membership, OrgKind, Role, ScopeMode
from gongkai.orgs.services import create_org

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

TITLE = "<script>alert(1)</script>示例市教育局关于凤凰木观赏季校园开放安排的通知"
# Records dialogs and alert() calls; installed before any page script runs.
WATCH_ALERTS = "window.__alerts = []; window.alert = (m) => { window.__alerts.push(String(m)); };"


@pytest.fixture
def bureau():
    admin = User.objects.create_user(username="sysadmin", password=DEMO_PASSWORD, admin_role=AdminRole.SYSADMIN)
    city = create_org(admin, name="示例市人民政府", code="SLS", kind=OrgKind.CITY_GOV)
    edu = create_org(admin, name="示例市教育局", code="SLS-JYJ", kind=OrgKind.DEPARTMENT, parent=city)
    for username, name, role in (("fabu", "郑发布", Role.PUBLISHER), ("baomi", "吴保密", Role.SECRECY_REVIEWER),
                                 ("shenhe", "周审核", Role.APPROVER)):
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, full_name=name)
        Membership.objects.create(user=user, org=edu, role=role, scope=ScopeMode.SELF)
    return edu


def staff_login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:text('工作台')")


def act(page, base, item, label, fill=None):
    page.goto(f"{base}/disclosure/{item.pk}/")
    page.click(f".action-bar >> text={label}")
    for name, value in (fill or {}).items():
        page.fill(f"[name={name}]", value)
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".msg-success")


def no_alerts(page) -> bool:
    return page.evaluate("window.__alerts.length") == 0


def test_draft_review_approve_then_found_in_the_public_column(page, live_server, bureau, tmp_path):
    base = live_server.url
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH_ALERTS)
    formed = (timezone.localdate() - dt.timedelta(days=3)).isoformat()

    # 1. The 信息发布员 drafts the item on the staff pages and submits it to 保密审查.
    staff_login(page, base, "fabu")
    page.goto(f"{base}/disclosure/new/")
    page.select_option("[name=org]", str(bureau.pk))
    page.fill("[name=title]", TITLE)
    page.fill("[name=doc_no]", "示教发〔2026〕31号")
    page.fill("[name=formed_on]", formed)
    page.fill("[name=written_on]", formed)
    page.select_option("[name=doc_type]", "notice")
    page.select_option("[name=topic]", "education")
    page.select_option("[name=article20_item]", "11")
    page.fill("[name=body_html]", "<p>各中小学校：</p><p>凤凰木观赏季期间，校园于周六上午向社会开放。</p>")
    page.select_option("[name=disclosure]", "active")
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".msg-success")
    item = Item.objects.get(doc_no="示教发〔2026〕31号")
    assert item.title == TITLE and item.status == "draft"
    assert TITLE in page.inner_text("h1")
    act(page, base, item, "提交保密审查")

    # 2. The 保密审查员 passes it; the 审核人 approves it and it is published.
    staff_login(page, base, "baomi")
    act(page, base, item, "保密审查通过", {"comment": "不涉密"})
    staff_login(page, base, "shenhe")
    act(page, base, item, "审批通过")
    item.refresh_from_db()
    assert item.status == "published" and item.is_public
    page.context.clear_cookies()

    # 3. The public searches the column from its home page and opens the item.
    page.goto(f"{base}/xxgk/")
    page.fill("#home-q", "凤凰木 校园开放")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(".pt-results-head")
    assert "共 1 条" in page.inner_text(".pt-results-head")
    hit = page.locator(".pt-hit-title").first
    assert hit.inner_text() == TITLE
    assert page.locator(".pt-snippet mark").count() >= 1
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    hit.click()
    page.wait_for_selector("table.pt-meta")

    # 4. The item page: the metadata table, and the title shown as text, never run.
    meta = page.inner_text("table.pt-meta")
    for label, value in (("索引号", item.index_no), ("发布机构", "示例市教育局"), ("文", "示教发〔2026〕31号"),
                         ("主题分类", "科技、教育"), ("发布日期", timezone.localdate().isoformat()),
                         ("第二十条事项", "第二十条第（十一）项")):
        assert label in meta and value in meta, (label, value)
    assert page.inner_text("h1.pt-article-title") == TITLE
    assert page.evaluate("document.querySelector('h1.pt-article-title').children.length") == 0
    assert page.evaluate("Array.from(document.scripts).every(s => !s.textContent.includes('alert(1)'))")
    assert no_alerts(page) and dialogs == []
    page.screenshot(path=str(tmp_path / "item.png"), full_page=True)

    # 5. The body's 法定主动公开内容 lists it, escaped as well; no dialog opened on any page.
    page.goto(f"{base}/xxgk/SLS-JYJ/fdzdgknr/")
    assert TITLE in page.inner_text(".pt-items")
    assert no_alerts(page) and dialogs == []
