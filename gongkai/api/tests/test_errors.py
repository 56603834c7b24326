"""Bad input never produces a 500: malformed JSON, wrong types, unknown and missing fields, values the
database would refuse, oversized bodies and numbers, bad query parameters and unknown URLs."""

import json

import pytest

from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent

from .conftest import api_payload

pytestmark = pytest.mark.django_db

CREATE = "/api/v1/applications"


def note_url(app_id):
    return f"/api/v1/applications/{app_id}/actions/note"


def assert_json_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize("raw, message", [
    ("{bad", "不是有效的 JSON"),
    ('{"org": 1,}', "不是有效的 JSON"),
    (b"\xff\xfe{}", "UTF-8"),
    ("[" * 100_000 + "]" * 100_000, "嵌套层数过多"),
])
def test_malformed_bodies_are_400(api, created, raw, message):
    for url in (CREATE, note_url(created["id"])):
        body = assert_json_error(api["handler"].post(url, raw=raw), 400)
        assert message in body["detail"], body


@pytest.mark.parametrize("raw", ["[]", '"text"', "42", "null", "true"])
def test_bodies_that_are_not_objects_are_422(api, raw):
    body = assert_json_error(api["handler"].post(CREATE, raw=raw), 422)
    assert body["detail"] == "输入有误" and list(body["errors"]) == ["__all__"]


def test_empty_body_is_422(api):
    body = assert_json_error(api["handler"].post(CREATE), 422)
    assert body["errors"] == {"__all__": ["请求体不能为空，应为 JSON 对象。"]}


def test_wrong_types_unknown_and_missing_fields(api, tree):
    before = Application.objects.count(), AuditEvent.objects.count()
    data = api_payload(tree["city_edu"], org="甲市教育局", received_on="昨天", oral="maybe", item_count=1.5,
                       colour="red", applicant={"phone": 13800138000, "age": 30})
    del data["content"]
    body = assert_json_error(api["handler"].post(CREATE, data), 422)
    assert body["errors"] == {
        "org": ["应为整数。"], "received_on": ["日期格式不正确，应为 YYYY-MM-DD。"], "oral": ["应为 true 或 false。"],
        "applicant.phone": ["应为字符串。"], "applicant.age": ["不支持的字段。"], "content": ["请填写该项。"],
        "item_count": ["应为整数。"], "colour": ["不支持的字段。"]}
    body = assert_json_error(api["handler"].post(CREATE, api_payload(tree["city_edu"]) | {"applicant": "张三"}), 422)
    assert body["errors"] == {"applicant": ["应为 JSON 对象。"]}
    assert (Application.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("text", ["含有\x00空字符", "不成对\ud800代理项"])
def test_characters_the_database_refuses_are_422(api, tree, created, text):
    # On PostgreSQL a NUL reaching a text column, and anywhere a lone surrogate, would be a 500.
    raw = api_payload(tree["city_edu"], content=text)
    body = assert_json_error(api["handler"].post(CREATE, raw=json.dumps(raw)), 422)
    assert list(body["errors"]) == ["content"]
    body = assert_json_error(api["handler"].post(note_url(created["id"]), raw=json.dumps({"note": text})), 422)
    assert list(body["errors"]) == ["note"]


def test_numbers_out_of_range(api, tree, created):
    body = assert_json_error(api["handler"].post(CREATE, api_payload(tree["city_edu"], org=10**30)), 422)
    assert body["errors"] == {"org": ["不能大于 9223372036854775807。"]}
    body = assert_json_error(api["handler"].get(f"{CREATE}/{10**30}"), 422)
    assert list(body["errors"]) == ["application_id"]
    assert_json_error(api["handler"].get(f"{CREATE}/0"), 422)
    body = assert_json_error(api["handler"].post(f"{CREATE}/{created['id']}/actions/notify_fee",
                                                 {"method": "per_page", "pages": 10**9}), 422)
    assert body["errors"] == {"pages": ["不能大于 100000。"]}
    body = assert_json_error(api["handler"].post(f"{CREATE}/{created['id']}/actions/assign",
                                                 {"handler": 10**30}), 422)
    assert "handler" in body["errors"]
    # A version no record has is simply stale.
    assert_json_error(api["handler"].post(note_url(created["id"]), {"note": "x", "version": 10**30}), 409)


def test_oversized_body_is_413(api, tree, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    data = api_payload(tree["city_edu"], content="很长" * 1000)
    body = assert_json_error(api["handler"].post(CREATE, data), 413)
    assert body["detail"] == "请求体过大。"


@pytest.mark.parametrize("params, field", [
    ({"page": "abc"}, "page"),
    ({"page": 0}, "page"),
    ({"page_size": 1000}, "page_size"),
    ({"org": "x"}, "org"),
    ({"received_from": "2026-02-30"}, "received_from"),
    ({"status": "bogus"}, "status"),
    ({"received_from": "2026-06-10", "received_to": "2026-06-01"}, "received_to"),
])
def test_bad_list_parameters_are_422(api, params, field):
    body = assert_json_error(api["handler"].get(CREATE, params), 422)
    assert list(body["errors"]) == [field], body


def test_unknown_urls_and_methods(api, client):
    body = assert_json_error(api["handler"].get("/api/v1/nothing-here"), 404)
    assert "接口不存在" in body["detail"]
    assert_json_error(client.get("/api/v2/orgs"), 404)
    assert api["handler"].post("/api/v1/orgs", {}).status_code == 405


FUZZ_VALUES = [None, True, 0, -1, 1.5, 10**40, "", " ", "x" * 6000, "2026-06-15", [], {}, ["a"], {"a": 1}]


@pytest.mark.parametrize("value", FUZZ_VALUES, ids=range(len(FUZZ_VALUES)))
def test_no_value_anywhere_gives_a_500(api, tree, created, value):
    data = api_payload(tree["city_edu"])
    fields = [k for k in data if k != "applicant"] + [f"applicant.{k}" for k in data["applicant"]]
    for field in fields:
        body = api_payload(tree["city_edu"])
        if field.startswith("applicant."):
            body["applicant"][field.split(".", 1)[1]] = value
        else:
            body[field] = value
        response = api["handler"].post(CREATE, body)
        assert response.status_code in (201, 404, 422), (field, value, response.content)
    for action, base in (("extend", {"workdays": 5, "reason": "x"}), ("notify_fee", {"method": "per_page", "pages": 50}),
                         ("request_supplement", {"items": "x", "supplement_workdays": 3}),
                         ("defer", {"deferred_to": "2026-12-01", "reason": "x"}), ("assign", {"handler": 1})):
        for field in [*base, "on", "version"]:
            response = api["approver" if action in ("extend", "defer") else "handler"].post(
                f"{CREATE}/{created['id']}/actions/{action}", base | {field: value})
            assert response.status_code in (200, 404, 409, 422), (action, field, value, response.content)
