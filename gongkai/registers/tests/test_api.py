"""POST /registers/decisions: a CSV upload, a JSON-lines body or a CSV body; 422 with the errors when nothing
was imported; the API's token authentication and error shapes."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.api.services import create_token
from gongkai.registers.models import Decision, ImportBatch

from .conftest import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.registers.tests.api_urls")]
URL = "/test-api/v1/registers/decisions"


@pytest.fixture
def auth():
    def header(user):
        _token, secret = create_token(user, name="测试")
        return {"Authorization": f"Bearer {secret}"}
    return header


def ndjson(*objects) -> str:
    return "\n".join(json.dumps(o, ensure_ascii=False) for o in objects) + "\n"


def record(no, **overrides):
    data = {"org_code": "C-JYJ", "kind": "行政处罚", "decision_no": no, "decided_on": "2026-03-01",
            "subject_name": "甲市某某有限公司", "subject_kind": "法人", "subject_id": "", "summary": "事由",
            "basis": "依据", "result": "结果"}
    data.update(overrides)
    return data


def test_csv_upload(client, people, auth):
    upload = SimpleUploadedFile("d.csv", csv_bytes([row(no="A1"), row(no="A2"), row(no="A3", kind="?")]))
    response = client.post(f"{URL}?mode=valid_only", {"file": upload}, headers=auth(people["publisher"]))
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("total", "imported", "duplicates", "rejected")} == {
        "total": 3, "imported": 2, "duplicates": 0, "rejected": 1}
    assert body["errors"] == [{"line": 4, "column": "类别", "value": "?",
                               "message": "类别应为行政许可、行政处罚或行政强制。"}]
    assert ImportBatch.objects.get(pk=body["batch"]).actor == people["publisher"]


def test_ndjson_body_and_duplicates(client, people, auth):
    headers = auth(people["publisher"])
    payload = ndjson(record("J1"), record("J2", kind="行政许可", decided_on="2026年3月2日"))
    response = client.post(URL, payload, content_type="application/x-ndjson", headers=headers)
    assert response.status_code == 200 and response.json()["imported"] == 2
    again = client.post(URL, payload, content_type="application/x-ndjson; charset=utf-8", headers=headers)
    assert again.json()["duplicates"] == 2 and again.json()["imported"] == 0
    assert Decision.objects.count() == 2


def test_all_or_nothing_rejection_is_422_with_errors(client, people, auth):
    payload = ndjson(record("K1"), record("K2", decided_on="2026-13-01"), record("", org_code="C-BGS"))
    response = client.post(URL, payload, content_type="application/x-ndjson", headers=auth(people["publisher"]))
    assert response.status_code == 422
    body = response.json()
    assert body["imported"] == 0 and body["rejected"] == 2 and body["status"] == "rejected"
    assert "未导入任何数据" in body["detail"]
    assert [(e["line"], e["column"]) for e in body["errors"]] == [
        (2, "decided_on"), (3, "org_code"), (3, "decision_no")]
    assert not Decision.objects.exists()


def test_csv_body_and_unreadable_files(client, people, auth):
    headers = auth(people["publisher"])
    response = client.post(URL, csv_bytes([row(no="C1")]), content_type="text/csv", headers=headers)
    assert response.status_code == 200 and response.json()["imported"] == 1
    missing = client.post(URL, "决定文书号\nX\n".encode(), content_type="text/csv", headers=headers)
    assert missing.status_code == 422 and missing.json()["status"] == "failed"
    assert client.post(URL, "x", content_type="application/xml", headers=headers).status_code == 415
    assert client.post(URL, {}, headers=headers).status_code == 400  # multipart without a file
    assert client.post(f"{URL}?mode=sometimes", "", content_type="text/csv", headers=headers).status_code == 422


def test_authentication_and_permission(client, people, auth):
    payload = ndjson(record("P1"))
    assert client.post(URL, payload, content_type="application/x-ndjson").status_code == 401
    denied = client.post(URL, payload, content_type="application/x-ndjson", headers=auth(people["supervisor"]))
    assert denied.status_code == 403 and "公开办管理员或信息发布员" in denied.json()["detail"]
    outside = client.post(URL, payload, content_type="application/x-ndjson", headers=auth(people["outsider"]))
    assert outside.status_code == 422 and "不在您的数据范围内" in outside.json()["errors"][0]["message"]


def test_openapi_documents_the_three_body_types():
    from gongkai.registers.tests.api_urls import api

    operation = api.get_openapi_schema()["paths"]["/test-api/v1/registers/decisions"]["post"]
    assert set(operation["requestBody"]["content"]) == {"multipart/form-data", "application/x-ndjson", "text/csv"}
    assert {200, 422} <= set(operation["responses"])
    assert operation["parameters"][0]["name"] == "mode"
