"""Template versions: which version a letter uses, what editing may do, and the template pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.applications import services as app_services
from gongkai.audit.models import AuditEvent
from gongkai.letters import services
from gongkai.letters.models import LetterTemplate
from gongkai.letters.selectors import template_for, template_keys
from gongkai.orgs.models import Role, ScopeMode

from .conftest import FIXED_TODAY, payload

pytestmark = pytest.mark.django_db

RECEIPT_V2 = "新版回执：{{ you }}的申请已于{{ received_on }}收到，受理编号{{ tracking_no }}。\n特此回执。"


def register_on(staff, tree, day: dt.date):
    app, _ = app_services.register(staff["handler"], org=tree["city_edu"],
                                   data=payload(channel="in_person", received_on=day.isoformat()))
    return app.letters.get()


def test_new_version_applies_from_its_effective_date_and_old_letters_keep_their_text(staff, tree):
    before = register_on(staff, tree, dt.date(2026, 6, 1))
    old_text = before.text
    v2 = services.create_template_version(staff["office"], kind="receipt", title="受理回执（新）", body=RECEIPT_V2,
                                          legal_basis="条例第三十一条", effective_from=dt.date(2026, 6, 8))
    assert v2.version == 2 and v2.created_by == staff["office"]
    assert AuditEvent.objects.filter(action="letters.template.create", object_id=str(v2.pk)).exists()

    dated_before = register_on(staff, tree, dt.date(2026, 6, 5))
    dated_on = register_on(staff, tree, dt.date(2026, 6, 8))
    assert dated_before.template.version == 1 and "受理回执（新）" not in dated_before.text
    assert dated_on.template == v2 and dated_on.title == "受理回执（新）"
    assert dated_on.paragraphs == ["新版回执：您的申请已于2026年6月8日收到，受理编号" + dated_on.application.tracking_no
                                   + "。", "特此回执。"]

    # Even if a stored version were altered, an issued letter reads from its own snapshot.
    LetterTemplate.objects.filter(pk=before.template_id).update(body="改动过的模板", title="改动")
    before.refresh_from_db()
    assert before.text == old_text
    assert template_for("receipt", "", dt.date(2026, 6, 7)).version == 1
    assert template_for("receipt", "", dt.date(2026, 6, 8)).version == 2


def test_letters_dated_before_the_first_version_use_it(staff):
    assert template_for("receipt", "", dt.date(2018, 1, 1)).version == 1


def test_versions_may_not_go_back_in_time(staff):
    services.create_template_version(staff["office"], kind="fee", title="收费通知", body="正文",
                                     effective_from=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError) as exc:
        services.create_template_version(staff["office"], kind="fee", title="收费通知", body="正文",
                                         effective_from=dt.date(2026, 6, 30))
    assert "不能早于最新版本（第2版）的生效日期2026-07-01" in exc.value.message_dict["effective_from"][0]


@pytest.mark.parametrize("body, message", [
    ("{% if you %}未闭合", "标签没有闭合"),
    ("{% for x in %}{% endfor %}", "模板无法编译"),
    ("{{ amount|nosuchfilter }}", "无法识别的过滤器"),
    ("{% load static %}{% static 'x' %}", "不能使用标签“{% load %}”"),
    ("{% now 'Y' %}", "不能使用标签“{% now %}”"),
    ("{% include 'core/base.html' %}", "不能使用标签“{% include %}”"),
    ("{{ content|random }}", "random"),
])
def test_broken_template_is_refused_and_nothing_saved(staff, body, message):
    count = LetterTemplate.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_template_version(staff["office"], kind="receipt", title="回执", body=body,
                                         effective_from=FIXED_TODAY)
    assert message in exc.value.message_dict["body"][0]
    assert LetterTemplate.objects.count() == count


def test_only_office_admins_edit_templates(staff):
    for who in ("handler", "approver", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.create_template_version(staff[who], kind="receipt", title="回执", body="正文",
                                             effective_from=FIXED_TODAY)


def test_unknown_template_key_refused(staff):
    for kind, outcome in (("receipt", "3.1"), ("reply", ""), ("reply", "3.6.1"), ("memo", "")):
        with pytest.raises(ValidationError):
            services.create_template_version(staff["office"], kind=kind, outcome=outcome, title="x", body="x",
                                             effective_from=FIXED_TODAY)


# ---------------------------------------------------------------------------------------------------------
# pages


def test_template_list_shows_every_template(client, staff):
    client.force_login(staff["handler"])
    response = client.get(reverse("letters:templates"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["kind"], r["outcome"]) for r in rows] == template_keys()
    assert all(r["current"].version == 1 for r in rows)
    html = response.content.decode()
    assert "政府信息不予公开告知书" in html and "2019-05-15" in html
    assert not response.context["can_edit"] and "/edit/" not in html
    assert response.context["nav_key"] == "letter_templates"


def test_template_list_shows_pending_version(client, staff):
    services.create_template_version(staff["office"], kind="reply", outcome="3.3.4", title="新告知书", body="正文",
                                     effective_from=dt.date(2027, 1, 1))
    client.force_login(staff["office"])
    response = client.get(reverse("letters:templates"))
    row = next(r for r in response.context["rows"] if r["outcome"] == "3.3.4")
    assert row["current"].version == 1 and row["pending"].version == 2
    assert reverse("letters:template_edit", args=["reply", "3.3.4"]) in response.content.decode()


def test_administrators_without_memberships_do_not_see_templates(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get(reverse("letters:templates")).status_code == 403


def test_edit_page_is_for_office_admins(client, staff):
    url = reverse("letters:template_edit", args=["receipt"])
    client.force_login(staff["handler"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x", "body": "x", "effective_from": "2026-06-15", "save": "1"}).status_code == 403
    assert LetterTemplate.objects.filter(kind="receipt").count() == 1
    client.force_login(staff["office"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["body"] == LetterTemplate.objects.get(kind="receipt").body
    # The preview is the current text rendered against the sample application.
    assert "示例市教育局" in response.content.decode() and "2023年示例市教育局学校食堂招标文件" in response.content.decode()
    assert client.get(reverse("letters:template_edit", args=["reply", "9.9"])).status_code == 404


def test_edit_page_saves_a_new_version(client, staff):
    client.force_login(staff["office"])
    url = reverse("letters:template_edit", args=["reply", "3.3.1"])
    response = client.post(url, {"title": "不予公开告知书", "body": "{{ you }}申请的信息属于国家秘密。",
                                 "legal_basis": "条例第十四条", "effective_from": "2026-07-01", "save": "1"})
    assert response.status_code == 302 and response.url == reverse("letters:templates")
    template = LetterTemplate.objects.get(kind="reply", outcome="3.3.1", version=2)
    assert template.effective_from == dt.date(2026, 7, 1) and template.created_by == staff["office"]


def test_edit_page_preview_does_not_save(client, staff):
    client.force_login(staff["office"])
    url = reverse("letters:template_edit", args=["fee"])
    response = client.post(url, {"title": "收费通知", "body": "金额：{{ amount }}元（{{ amount_words }}）",
                                 "effective_from": "2026-07-01", "preview": "1"})
    assert response.status_code == 200
    assert response.context["preview"]["paragraphs"] == ["金额：200元（贰佰元整）"]
    assert LetterTemplate.objects.filter(kind="fee").count() == 1


def test_edit_page_shows_syntax_error_in_chinese(client, staff):
    client.force_login(staff["office"])
    url = reverse("letters:template_edit", args=["supplement"])
    response = client.post(url, {"title": "补正告知书", "body": "第一行\n{% if items %}{{ items }}",
                                 "effective_from": "2026-07-01", "save": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors["body"]
    assert "模板无法编译（第2行）" in errors[0] and "标签没有闭合" in errors[0]
    assert "模板有误，新版本未保存。请按提示修改后再保存。" in response.context["form"].non_field_errors()
    assert response.context["preview"] is None
    assert LetterTemplate.objects.filter(kind="supplement").count() == 1


def test_office_admin_of_any_body_may_edit(client, make_user, tree):
    admin = make_user("townadmin", memberships=[(tree["town"], Role.OFFICE_ADMIN, ScopeMode.SELF)])
    assert services.can_edit_templates(admin)
