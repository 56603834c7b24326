"""Actions through POST /api/v1/applications/{id}/actions/{action}: every outcome, the supplement, fee,
consultation, extension and Art. 35 flows, and the error answers (404, 409, 422)."""

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.codes import REPLY_OUTCOMES, outcome_label
from gongkai.applications.models import Application
from gongkai.applications.transitions import TRANSITIONS, allowed_actions
from gongkai.audit.models import AuditEvent
from gongkai.workdays.selectors import add_workdays

from .conftest import FIXED_TODAY, RECEIVED, api_payload, payload

pytestmark = pytest.mark.django_db

TODAY = FIXED_TODAY.isoformat()


def url(app_id, action):
    return f"/api/v1/applications/{app_id}/actions/{action}"


def act(client, app_id, action, body=None, expect=200):
    response = client.post(url(app_id, action), body)
    assert response.status_code == expect, response.json()
    return response.json()


def kinds(body):
    return [e["kind"] for e in body["events"]]


@pytest.mark.parametrize("outcome", REPLY_OUTCOMES)
def test_every_reply_outcome(api, created, outcome):
    app_id = created["id"]
    body = act(api["handler"], app_id, "draft_reply",
               {"outcome": outcome, "reason": "依据条例规定答复。", "provided": "电子文档见附件。"})
    assert (body["status"], body["outcome"]) == ("reply_pending", outcome)
    assert "approve_reply" in api["approver"].get(f"/api/v1/applications/{app_id}").json()["allowed_actions"]
    body = act(api["approver"], app_id, "approve_reply")
    assert body["status"] == "reply_approved" and body["reply_approved_on"] == TODAY
    body = act(api["handler"], app_id, "deliver", {"method": "email"})
    assert (body["status"], body["outcome"], body["outcome_label"]) == ("concluded", outcome, outcome_label(outcome))
    assert body["concluded_on"] == body["delivered_on"] == TODAY
    assert kinds(body) == ["register", "draft_reply", "approve_reply", "deliver"]
    assert [e["actor_name"] for e in body["events"][1:]] == ["handler", "approver", "handler"]
    body = act(api["handler"], app_id, "archive")
    assert body["status"] == "archived" and body["allowed_actions"] == []


def test_withdraw_is_3_6_3(api, created):
    body = act(api["handler"], created["id"], "withdraw", {"reason": "申请人书面撤回"})
    assert (body["status"], body["outcome"], body["concluded_on"]) == ("concluded", "3.6.3", TODAY)
    assert body["outcome_reason"] == "申请人书面撤回" and body["outcome_label"] == outcome_label("3.6.3")


def test_supplement_requested_and_received_restarts_the_clock(api, created):
    app_id = created["id"]
    on = add_workdays(RECEIVED, 1)
    body = act(api["handler"], app_id, "request_supplement",
               {"items": "请明确年份", "supplement_workdays": 10, "on": on.isoformat()})
    assert body["status"] == "awaiting_supplement" and body["clock_paused"] is True and body["due_on"] is None
    assert body["supplement_due"] == add_workdays(on, 10).isoformat()
    assert body["events"][-1]["data"]["items"] == "请明确年份"
    back = add_workdays(RECEIVED, 5)
    body = act(api["handler"], app_id, "receive_supplement", {"on": back.isoformat(), "note": "申请人当面补正"})
    assert body["status"] == "processing" and body["due_on"] == add_workdays(back, 20).isoformat()
    assert "收到补正起重新计算" in body["due_explanation"]
    # The notice goes out once (Art. 30).
    response = api["handler"].post(url(app_id, "request_supplement"), {"items": "再补", "supplement_workdays": 5})
    assert response.status_code == 409 and "一次性" in response.json()["detail"]


def test_no_supplement_closes_as_3_6_1(api, created):
    on = add_workdays(RECEIVED, 2)
    body = act(api["handler"], created["id"], "request_supplement",
               {"items": "请明确文件名称", "supplement_due": add_workdays(on, 5).isoformat(), "on": on.isoformat()})
    due = dt.date.fromisoformat(body["supplement_due"])
    services.close_overdue(due + dt.timedelta(days=1))  # the daily job, not an API action
    body = api["handler"].get(f"/api/v1/applications/{created['id']}").json()
    assert (body["status"], body["outcome"]) == ("concluded", "3.6.1")
    assert kinds(body)[-1] == "close_no_supplement" and body["events"][-1]["actor_name"] is None


def test_fee_notified_and_paid(api, tree):
    # 12 件 in one application this month: 10 free, 2 at 100元.
    created = api["handler"].post("/api/v1/applications", api_payload(tree["city_edu"], item_count=12)).json()
    app_id = created["id"]
    body = act(api["handler"], app_id, "notify_fee", {"method": "per_item", "on": add_workdays(RECEIVED, 1).isoformat()})
    assert body["status"] == "awaiting_payment" and body["clock_paused"] is True and body["payment_due"]
    assert body["events"][-1]["data"]["amount"] == 200
    body = act(api["handler"], app_id, "receive_payment", {"receipt_no": "FS-2026-001"})
    assert body["status"] == "processing" and body["clock_paused"] is False and body["due_on"]
    assert body["events"][-1]["data"] == {"receipt_no": "FS-2026-001"}
    assert "收费通知至缴费暂停" in body["due_explanation"]


def test_fee_by_pages_and_unpaid_closes_as_3_6_2(api, created):
    app_id = created["id"]
    response = api["handler"].post(url(app_id, "notify_fee"), {"method": "per_page", "pages": 20})
    assert response.status_code == 422 and "不应收费" in response.json()["errors"]["method"][0]
    response = api["handler"].post(url(app_id, "notify_fee"), {"method": "per_page"})
    assert response.status_code == 422 and "pages" in response.json()["errors"]
    body = act(api["handler"], app_id, "notify_fee", {"method": "per_page", "pages": 100})
    assert body["events"][-1]["data"]["amount"] == 700  # pages 31–100 at 10元
    services.close_overdue(dt.date.fromisoformat(body["payment_due"]) + dt.timedelta(days=1))
    body = api["handler"].get(f"/api/v1/applications/{app_id}").json()
    assert (body["status"], body["outcome"]) == ("concluded", "3.6.2")


def test_extension_by_approver_once_in_workdays(api, created):
    app_id = created["id"]
    response = api["handler"].post(url(app_id, "extend"), {"workdays": 10, "reason": "情况复杂"})
    assert response.status_code == 409 and "审核人" in response.json()["detail"]
    response = api["approver"].post(url(app_id, "extend"), {"workdays": 21, "reason": "情况复杂"})
    assert response.status_code == 422 and "20个工作日" in response.json()["errors"]["workdays"][0]
    body = act(api["approver"], app_id, "extend", {"workdays": 10, "reason": "需调取档案"})
    assert body["extended_workdays"] == 10 and body["due_on"] == add_workdays(RECEIVED, 30).isoformat()
    assert "经审核延长10个工作日" in body["due_explanation"]
    response = api["approver"].post(url(app_id, "extend"), {"workdays": 5, "reason": "再延"})
    assert response.status_code == 409 and "只能延长一次" in response.json()["detail"]


def test_consultation_pauses_and_resumes(api, created):
    app_id = created["id"]
    body = act(api["handler"], app_id, "start_consultation",
               {"consultation_kind": "third_party", "party": "某公司", "on": add_workdays(RECEIVED, 1).isoformat()})
    assert body["status"] == "consulting" and body["clock_paused"] is True and body["due_on"] is None
    body = act(api["handler"], app_id, "end_consultation", {"opinion": "disagree", "note": "涉及商业秘密"})
    assert body["status"] == "processing" and "征求第三方意见暂停" in body["due_explanation"]


def test_reasons_asked_and_reply_deferred(api, created):
    app_id = created["id"]
    body = act(api["handler"], app_id, "ask_reasons", {"note": "请说明短期内大量申请的理由"})
    assert body["events"][-1]["note"] == "请说明短期内大量申请的理由"
    later = dt.date.fromisoformat(body["due_on"]) + dt.timedelta(days=30)
    body = act(api["approver"], app_id, "defer", {"deferred_to": later.isoformat(), "reason": "申请数量较大"})
    assert body["deferred_to"] == body["due_on"] == later.isoformat()


def test_returned_reply_goes_back_to_processing(api, created):
    app_id = created["id"]
    act(api["handler"], app_id, "draft_reply", {"outcome": "3.3.4", "reason": "涉及第三方商业秘密"})
    body = act(api["approver"], app_id, "return_reply", {"reason": "理由不充分"})
    assert body["status"] == "processing" and body["outcome"] == ""


def test_office_assigns_and_transfers_by_id(api, staff, tree, created):
    app_id = created["id"]
    body = act(api["office"], app_id, "assign", {"handler": staff["handler2"].pk})
    assert body["handler"] == {"id": staff["handler2"].pk, "name": "handler2"}
    response = api["office"].post(url(app_id, "assign"), {"handler": staff["approver"].pk})
    assert response.status_code == 422 and "handler" in response.json()["errors"]
    response = api["office"].post(url(app_id, "transfer"), {"org": 10**12, "reason": "x"})
    assert response.status_code == 422 and "org" in response.json()["errors"]
    body = act(api["office"], app_id, "transfer", {"org": tree["city_office"].pk, "reason": "属市政府办公室职责"})
    assert body["org"]["id"] == tree["city_office"].pk and body["handler"] is None
    assert api["handler"].get(f"/api/v1/applications/{app_id}").status_code == 404


def test_online_submission_confirmed_or_discarded(api, staff, tree):
    online, _ = services.submit_online(org=tree["city_edu"], data=payload())
    body = act(api["handler"], online.pk, "confirm", {"on": TODAY, "note": "已电话确认"})
    assert body["status"] == "processing" and body["received_on"] == TODAY
    assert body["handler"]["id"] == staff["handler"].pk and body["due_on"]
    junk, _ = services.submit_online(org=tree["city_edu"], data=payload())
    response = api["handler"].post(url(junk.pk, "discard"), {"reason": "重复提交"})
    assert response.status_code == 409 and "公开办管理员" in response.json()["detail"]
    body = act(api["office"], junk.pk, "discard", {"reason": "重复提交"})
    assert body["status"] == "discarded"


def test_note_and_the_answer_is_the_detail(api, created):
    body = act(api["handler"], created["id"], "note", {"note": "已电话联系申请人"})
    assert body == api["handler"].get(f"/api/v1/applications/{created['id']}").json()
    assert body["events"][-1]["kind"] == "note" and body["events"][-1]["note"] == "已电话联系申请人"
    event = AuditEvent.objects.get(action="applications.note")
    assert event.actor.username == "handler" and event.ip == "127.0.0.1"


def test_disallowed_action_is_409_with_allowed_actions(api, staff, created):
    response = api["handler"].post(url(created["id"], "deliver"), {})
    assert response.status_code == 409
    body = response.json()
    app = Application.objects.get(pk=created["id"])
    assert "不能送达答复" in body["detail"]
    assert body["allowed_actions"] == allowed_actions(staff["handler"], app) and "draft_reply" in body["allowed_actions"]
    response = api["supervisor"].post(url(created["id"], "note"), {"note": "看看"})
    assert response.status_code == 409 and response.json()["allowed_actions"] == []


def test_other_bodies_applications_are_404(api, created):
    for action, body in (("note", {"note": "x"}), ("draft_reply", {"outcome": "3.1", "provided": "x"})):
        response = api["outsider"].post(url(created["id"], action), body)
        assert response.status_code == 404 and "数据范围" in response.json()["detail"]
    response = api["handler"].post(url(10**12, "note"), {"note": "x"})
    assert response.status_code == 404
    assert Application.objects.get(pk=created["id"]).version == 1


def test_stale_version_is_409(api, created):
    app_id = created["id"]
    version = api["handler"].get(f"/api/v1/applications/{app_id}").json()["version"]
    assert act(api["handler"], app_id, "note", {"note": "一", "version": version})["version"] == version + 1
    response = api["handler"].post(url(app_id, "note"), {"note": "二", "version": version})
    assert response.status_code == 409 and response.json() == {"detail": "该申请已被他人处理，请刷新页面后重试。"}
    assert kinds(api["handler"].get(f"/api/v1/applications/{app_id}").json()).count("note") == 1


def test_unknown_action_is_404_listing_the_actions(api, created, client):
    response = api["handler"].post(url(created["id"], "frobnicate"), {})
    assert response.status_code == 404
    assert response.json() == {"detail": "未知的操作：frobnicate", "actions": list(TRANSITIONS)}
    response = client.post(url(created["id"], "frobnicate"), "{}", content_type="application/json")
    assert response.status_code == 401


def test_action_input_errors_are_422_and_change_nothing(api, created):
    app_id = created["id"]
    cases = [
        ({"note": "x", "colour": "red"}, {"colour": ["不支持的字段。"]}),
        ({"attachments": []}, {"attachments": ["不支持的字段。"]}),
        ({}, {"outcome": ["请填写该项。"]}),
        ({"outcome": 31}, {"outcome": ["应为字符串。"]}),
        ({"outcome": "3.1", "provided": "x", "on": "2026-13-01"}, {"on": ["日期格式不正确，应为 YYYY-MM-DD。"]}),
        ({"outcome": "3.1", "provided": "x", "version": "abc"}, {"version": ["应为整数。"]}),
        ({"outcome": "3.1", "provided": "x", "version": 0}, {"version": ["不能小于 1。"]}),
    ]
    for body, errors in cases:
        action = "note" if "note" in body else ("receive_supplement" if "attachments" in body else "draft_reply")
        response = api["handler"].post(url(app_id, action), body)
        assert response.status_code == 422, (body, response.json())
        assert response.json() == {"detail": "输入有误", "errors": errors}, body
    response = api["handler"].post(url(app_id, "draft_reply"), {"outcome": "3.1", "provided": "x", "on": "2026-06-16"})
    assert response.status_code == 422 and "晚于今天" in response.json()["errors"]["on"][0]
    response = api["handler"].post(url(app_id, "draft_reply"), {"outcome": "3.6.1", "reason": "x"})
    assert response.status_code == 422 and "outcome" in response.json()["errors"]
    assert Application.objects.get(pk=app_id).version == 1


def test_null_means_not_given(api, created):
    body = act(api["handler"], created["id"], "withdraw", {"reason": None, "on": None, "version": None})
    assert body["outcome_reason"] == "申请人撤回申请" and body["concluded_on"] == TODAY
