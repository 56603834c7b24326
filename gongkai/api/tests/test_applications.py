"""Registering, listing and reading applications through the API."""

import datetime as dt

import pytest
from django.test import RequestFactory

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.transitions import allowed_actions
from gongkai.audit.models import AuditEvent
from gongkai.workdays.selectors import add_workdays

from .conftest import FIXED_TODAY, RECEIVED, api_payload, payload, resident_id

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications"


def counts():
    return Application.objects.count(), AuditEvent.objects.count()


def test_register_returns_201_with_query_code(api, tree, staff):
    response = api["handler"].post(URL, api_payload(tree["city_edu"], purpose="研究", item_count=2,
                                                    fee_waiver_requested=True))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"id", "tracking_no", "status", "due_on", "query_code"}
    app = Application.objects.get(pk=body["id"])
    assert body["tracking_no"] == app.tracking_no == "C-JYJ-2026-00001"
    assert body["status"] == "processing" and body["due_on"] == add_workdays(RECEIVED, 20).isoformat()
    assert services.check_query_code(app, body["query_code"]) and body["query_code"] not in app.query_code_hash
    assert (app.applicant_kind, app.applicant_name, app.id_number) == ("natural_person", "张三", resident_id())
    assert (app.purpose, app.item_count, app.fee_waiver_requested) == ("研究", 2, True)
    assert app.received_on == RECEIVED and app.org == tree["city_edu"]
    event = AuditEvent.objects.get(action="applications.register", object_id=str(app.pk))
    assert event.actor == staff["handler"]


def test_letter_from_an_organisation(api, tree):
    response = api["handler"].post(URL, api_payload(
        tree["city_edu"], channel="letter", letter_mail="signed", delivery_method="post",
        applicant={"kind": "commercial", "name": "某某有限公司", "id_type": "uscc", "id_number": "91350100M000100Y43",
                   "contact_person": "李四"}))
    assert response.status_code == 201, response.json()
    app = Application.objects.get(pk=response.json()["id"])
    assert (app.channel, app.letter_mail, app.applicant_kind, app.contact_person) == \
        ("letter", "signed", "commercial", "李四")


def test_bad_check_digit_is_422_and_nothing_is_saved(api, tree):
    before = counts()
    response = api["handler"].post(URL, api_payload(tree["city_edu"], applicant={"id_number": "110105194912310021"}))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "输入有误"
    assert any("校验位不正确" in m for m in body["errors"]["applicant.id_number"]), body
    assert counts() == before


def test_service_errors_name_the_fields_as_sent(api, tree):
    before = counts()
    tomorrow = (FIXED_TODAY + dt.timedelta(days=1)).isoformat()
    response = api["handler"].post(URL, api_payload(
        tree["city_edu"], channel="letter", received_on=tomorrow, delivery_method="pigeon",
        applicant={"kind": "alien", "phone": "call me", "name": "   "}))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) >= {"letter_mail", "received_on", "delivery_method", "applicant.kind", "applicant.phone",
                           "applicant.name"}
    assert all(isinstance(v, list) and v for v in errors.values())
    assert "晚于今天" in errors["received_on"][0]
    assert counts() == before


def test_online_channel_is_not_registered_here(api, tree):
    response = api["handler"].post(URL, api_payload(tree["city_edu"], channel="online"))
    assert response.status_code == 422 and "channel" in response.json()["errors"]


def test_item_count_below_one_is_refused(api, tree):
    # services.register would store 0 as 1 (``int(x or 1)``); the schema refuses it.
    response = api["handler"].post(URL, api_payload(tree["city_edu"], item_count=0))
    assert response.status_code == 422 and response.json()["errors"] == {"item_count": ["不能小于 1。"]}


def test_body_outside_scope_is_404_and_role_without_intake_is_403(api, tree):
    before = counts()
    response = api["outsider"].post(URL, api_payload(tree["city_edu"]))
    assert response.status_code == 404 and "数据范围" in response.json()["detail"]
    response = api["handler"].post(URL, api_payload(tree["city_edu"], org=10**12))
    assert response.status_code == 404
    response = api["approver"].post(URL, api_payload(tree["city_edu"]))
    assert response.status_code == 403 and "承办人或公开办管理员" in response.json()["detail"]
    response = api["supervisor"].post(URL, api_payload(tree["city_edu"]))
    assert response.status_code == 403
    assert counts() == before


def test_inactive_body_is_refused(api, tree):
    org = tree["dist_b_office"]
    org.is_active = False
    org.save()
    response = api["office"].post(URL, api_payload(org))
    assert response.status_code == 422 and response.json()["errors"] == {"org": ["该机关已停用，不能登记申请。"]}
    assert not Application.objects.exists()


def register(staff, tree, org_key="city_edu", **overrides):
    user = staff["outsider"] if org_key.startswith("dist_b") else staff["handler"]
    data = payload(channel="in_person", received_on=RECEIVED.isoformat()) | overrides
    return services.register(user, org=tree[org_key], data=data)[0]


def test_list_is_scoped_paginated_filtered_and_masked(api, staff, tree):
    apps = [register(staff, tree) for _ in range(3)]
    early = register(staff, tree, received_on=(RECEIVED - dt.timedelta(days=5)).isoformat())
    other = register(staff, tree, "dist_b_office")
    services.withdraw(staff["handler"], apps[0].pk)

    response = api["handler"].get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4 and body["pages"] == 1 and body["page"] == 1
    assert [i["id"] for i in body["items"]] == [apps[2].pk, apps[1].pk, apps[0].pk, early.pk]
    item = body["items"][0]
    assert item["applicant_name_masked"] == "张*" and item["id_number_masked"] == "1101**********002X"
    assert item["phone_masked"] == "138****8000"
    assert "id_number" not in item and "phone" not in item and "applicant_name" not in item
    assert item["org"] == {"id": tree["city_edu"].pk, "name": "甲市教育局"} and item["status_label"] == "办理中"

    page = api["handler"].get(URL, {"page_size": 3, "page": 2}).json()
    assert (page["count"], page["pages"], [i["id"] for i in page["items"]]) == (4, 2, [early.pk])
    assert api["handler"].get(URL, {"page": 9}).json()["items"] == []
    concluded = api["handler"].get(URL, {"status": "concluded"}).json()
    assert [i["id"] for i in concluded["items"]] == [apps[0].pk] and concluded["items"][0]["outcome"] == "3.6.3"
    window = {"received_from": (RECEIVED - dt.timedelta(days=6)).isoformat(),
              "received_to": (RECEIVED - dt.timedelta(days=1)).isoformat()}
    assert [i["id"] for i in api["handler"].get(URL, window).json()["items"]] == [early.pk]

    assert [i["id"] for i in api["outsider"].get(URL).json()["items"]] == [other.pk]
    assert api["office"].get(URL).json()["count"] == 5
    by_org = api["office"].get(URL, {"org": tree["dist_b_office"].pk}).json()
    assert [i["id"] for i in by_org["items"]] == [other.pk]
    assert api["handler"].get(URL, {"org": tree["dist_b_office"].pk}).json()["count"] == 0


def test_unconfirmed_online_submissions_come_first(api, staff, tree):
    registered = register(staff, tree)
    online, _ = services.submit_online(org=tree["city_edu"], data=payload())
    ids = [i["id"] for i in api["handler"].get(URL).json()["items"]]
    assert ids == [online.pk, registered.pk]


def test_detail_for_case_workers_is_full(api, staff, tree, created):
    response = api["handler"].get(f"{URL}/{created['id']}")
    assert response.status_code == 200
    body = response.json()
    app = Application.objects.get(pk=created["id"])
    assert body["status"] == "processing" and body["status_label"] == "办理中"
    assert body["org"] == {"id": tree["city_edu"].pk, "name": "甲市教育局"} and body["tracking_no"] == app.tracking_no
    assert body["channel"] == "in_person" and body["received_on"] == RECEIVED.isoformat()
    assert body["due_on"] == app.due_on.isoformat() and "20个工作日" in body["due_explanation"]
    assert body["clock_paused"] is False and body["concluded_on"] is None and body["handler"] is None
    assert body["outcome"] == "" and body["outcome_label"] == "" and body["version"] == 1
    assert body["allowed_actions"] == allowed_actions(staff["handler"], app)
    assert body["applicant"] == {
        "masked": False, "kind": "natural_person", "kind_label": "自然人", "name": "张三", "id_type": "resident_id",
        "id_number": resident_id(), "contact_person": "", "phone": "13800138000", "email": "zhang@example.com",
        "address": "示例市东城区和平路1号", "postcode": "100000"}
    [event] = body["events"]
    assert (event["kind"], event["kind_label"], event["on"], event["actor_name"]) == \
        ("register", "登记", RECEIVED.isoformat(), "handler")
    assert event["data"]["channel"] == "in_person" and event["note"] == ""
    for key in ("approver", "office"):
        detail = api[key].get(f"{URL}/{created['id']}").json()
        assert detail["applicant"]["masked"] is False
        assert detail["allowed_actions"] == allowed_actions(staff[key], app)


def test_detail_for_others_in_scope_is_masked(api, staff, tree):
    request = RequestFactory().post("/xxgk/", REMOTE_ADDR="203.0.113.9")
    online, _ = services.submit_online(org=tree["city_edu"], data=payload(contact_person="王五"), request=request)
    masked = api["supervisor"].get(f"{URL}/{online.pk}").json()
    assert masked["applicant"] == {
        "masked": True, "kind": "natural_person", "kind_label": "自然人", "name": "张*", "id_type": "resident_id",
        "id_number": "1101**********002X", "contact_person": "王*", "phone": "138****8000", "email": None,
        "address": None, "postcode": None}
    assert masked["events"][0]["data"] == {} and masked["allowed_actions"] == []
    full = api["handler"].get(f"{URL}/{online.pk}").json()
    assert full["events"][0]["data"] == {"ip": "203.0.113.9"} and full["events"][0]["actor_name"] is None
    assert full["allowed_actions"][0] == "confirm"


def test_other_bodies_applications_are_404(api, created):
    for url in (f"{URL}/{created['id']}", f"{URL}/999999"):
        response = api["outsider"].get(url)
        assert response.status_code == 404 and response.json()["detail"] == "未找到该申请，或不在您的数据范围内。"
