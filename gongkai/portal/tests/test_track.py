"""Tracking an application with 受理编号 + 查询码: one generic failure message, guessing limited per address,
only the public part of the record, personal data masked."""

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.portal.views import TRACK_FAILED, TRACK_SESSION_KEY

from .conftest import FIXED_TODAY, payload_for_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(tree):
    app, code = services.submit_online(org=tree["city_edu"], data=payload_for_service())
    return app, code


def track(client, tracking_no, code, **extra):
    return client.post(reverse("portal:track"), {"tracking_no": tracking_no, "query_code": code}, **extra)


def test_wrong_code_and_unknown_number_fail_alike(client, online):
    app, code = online
    wrong = track(client, app.tracking_no, "AAAAAAAA")
    unknown = track(client, "C-JYJ-2026-99999", code)
    for response in (wrong, unknown):
        assert response.status_code == 200
        html = response.content.decode()
        assert TRACK_FAILED in html
        assert "待确认" not in html and app.applicant_name not in html
    assert TRACK_SESSION_KEY not in client.session


def test_right_code_shows_status_timeline_and_masked_data(client, online, staff):
    app, code = online
    services.confirm(staff["handler"], app.pk)
    services.request_supplement(staff["handler"], app.pk, items="请写明文件的年份", supplement_workdays=5)
    services.add_note(staff["handler"], app.pk, note="内部备注：申请人曾来电")
    response = track(client, f"  {app.tracking_no.lower()} ", code.lower())
    assert response.status_code == 302 and response.url == reverse("portal:track")
    page = client.get(reverse("portal:track"))
    html = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert app.tracking_no in html and "待补正" in html
    assert "2026年6月15日" in html  # received_on
    for label in ("网上提交申请", "受理机关确认收到申请", "受理机关发出补正告知"):
        assert label in html
    app.refresh_from_db()
    due = app.supplement_due
    assert "需要补正的事项：请写明文件的年份" in html and f"补正期限：{due.year}年{due.month}月{due.day}日前" in html
    assert "已发出补正告知，等待申请人补正" in html  # due_explanation
    assert "内部备注" not in html and "handler" not in html and "127.0.0.1" not in html
    assert app.id_number_masked in html and app.phone_masked in html
    assert app.id_number not in html and app.phone not in html and app.applicant_name not in html


def test_timeline_hides_consultation_details_and_shows_fee_and_extension(client, online, staff):
    app, code = online
    services.confirm(staff["handler"], app.pk)
    services.start_consultation(staff["handler"], app.pk, consultation_kind="third_party", party="某某科技有限公司")
    services.end_consultation(staff["handler"], app.pk, opinion="disagree", note="第三方认为涉及商业秘密")
    services.extend(staff["approver"], app.pk, workdays=10, reason="需调取档案")
    track(client, app.tracking_no, code)
    html = client.get(reverse("portal:track")).content.decode()
    assert "征求意见" in html and "征求意见结束" in html
    assert "某某科技有限公司" not in html and "商业秘密" not in html and "不同意" not in html
    assert "延长10个工作日" in html and "需调取档案" not in html
    app.refresh_from_db()
    assert f"延长后的答复期限：{app.due_on.year}年{app.due_on.month}月{app.due_on.day}日" in html


def test_delivered_reply_shows_outcome(client, online, staff):
    app, code = online
    services.confirm(staff["handler"], app.pk)
    services.draft_reply(staff["handler"], app.pk, outcome="3.1", provided="见附件", reason="")
    services.approve_reply(staff["approver"], app.pk)
    services.deliver(staff["handler"], app.pk, method="email")
    track(client, app.tracking_no, code)
    html = client.get(reverse("portal:track")).content.decode()
    assert "已办结" in html and "（一）予以公开" in html and "答复已送达" in html and "送达方式：电子邮件" in html
    assert "答复已签发" in html
    assert f"{FIXED_TODAY:%Y-%m-%d}" in html


def test_withdrawn_application_has_no_outcome_section(client, online, staff):
    app, code = online
    services.confirm(staff["handler"], app.pk)
    services.withdraw(staff["handler"], app.pk, reason="申请人电话撤回")
    track(client, app.tracking_no, code)
    html = client.get(reverse("portal:track")).content.decode()
    assert "申请人撤回申请" in html and "已办结" in html
    assert "办理结果" not in html and "答复文书" not in html


def test_guessing_is_limited_per_address(client, online):
    app, code = online
    for _ in range(10):
        assert TRACK_FAILED in track(client, app.tracking_no, "WRONG123").content.decode()
    blocked = track(client, app.tracking_no, code)
    assert blocked.status_code == 429
    assert "10分钟内" in blocked.content.decode() and int(blocked["Retry-After"]) <= 600
    assert TRACK_SESSION_KEY not in client.session
    # Another address is not affected.
    assert track(client, app.tracking_no, code, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_successes_do_not_count_towards_the_guessing_limit(client, online):
    app, code = online
    for _ in range(9):
        track(client, app.tracking_no, "WRONG123")
    for _ in range(5):
        assert track(client, app.tracking_no, code).status_code == 302
    assert TRACK_FAILED in track(client, app.tracking_no, "WRONG123").content.decode()
    assert track(client, app.tracking_no, "WRONG123").status_code == 429


def test_end_tracking_forgets_the_application(client, online):
    app, code = online
    track(client, app.tracking_no, code)
    client.post(reverse("portal:track"), {"action": "end"})
    html = client.get(reverse("portal:track")).content.decode()
    assert app.tracking_no not in html and 'name="query_code"' in html


def test_letter_download_needs_tracking_session(client, db):
    assert client.get(reverse("portal:letter", args=[1, "pdf"])).status_code == 404
