"""Fixtures for the API tests: staff of one department (copied from the applications tests, with their
pinned "today"), tokens for them, and a client that sends JSON with a bearer token."""

import datetime as dt
import json

import pytest

from gongkai.api.services import create_token
from gongkai.core.validators import resident_id_check_char
from gongkai.orgs.models import Role, ScopeMode

FIXED_TODAY = dt.date(2026, 6, 15)  # a Monday; every date in these tests lies in loaded calendar years
RECEIVED = FIXED_TODAY - dt.timedelta(days=10)


def resident_id(first17="11010519491231002") -> str:
    return first17 + resident_id_check_char(first17)


def payload(**overrides) -> dict:
    data = {
        "applicant_kind": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
        "id_number": resident_id(), "phone": "13800138000", "email": "zhang@example.com",
        "address": "示例市东城区和平路1号", "postcode": "100000",
        "content": "2023年甲市教育局学校食堂招标文件", "info_form": "electronic", "delivery_method": "email",
    }
    data.update(overrides)
    return data


def api_payload(org, /, **overrides) -> dict:
    """The same application as ``payload()``, in the API's shape (applicant fields nested); ``org=`` among
    the overrides replaces the id."""
    flat = payload()
    body = {
        "org": org.pk, "channel": "in_person", "received_on": RECEIVED.isoformat(),
        "applicant": {"kind": flat["applicant_kind"], "name": flat["applicant_name"], "id_type": flat["id_type"],
                      "id_number": flat["id_number"], "phone": flat["phone"], "email": flat["email"],
                      "address": flat["address"], "postcode": flat["postcode"]},
        "content": flat["content"], "info_form": flat["info_form"], "delivery_method": flat["delivery_method"],
    }
    applicant = overrides.pop("applicant", {})
    body["applicant"].update(applicant)
    body.update(overrides)
    return body


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Pin the services' idea of today so the tests do not depend on the real date (and on next year's
    holidays being loaded)."""
    from gongkai.applications import services

    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


@pytest.fixture
def staff(make_user, tree):
    edu = tree["city_edu"]
    return {
        "handler": make_user("handler", memberships=[(edu, Role.HANDLER, ScopeMode.SELF)]),
        "handler2": make_user("handler2", memberships=[(edu, Role.HANDLER, ScopeMode.SELF)]),
        "approver": make_user("approver", memberships=[(edu, Role.APPROVER, ScopeMode.SELF)]),
        "approver2": make_user("approver2", memberships=[(edu, Role.APPROVER, ScopeMode.SELF)]),
        "office": make_user("office", memberships=[(tree["city"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)]),
        "outsider": make_user("outsider", memberships=[(tree["dist_b"], Role.HANDLER, ScopeMode.SUBTREE),
                                                       (tree["dist_b"], Role.APPROVER, ScopeMode.SUBTREE)]),
        "supervisor": make_user("supervisor", memberships=[(tree["city"], Role.SUPERVISOR, ScopeMode.SUBTREE)]),
    }


class ApiClient:
    """Django's test client speaking JSON with a bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def _headers(self, headers):
        out = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        out.update(headers or {})
        return out

    def get(self, url, params=None, headers=None):
        return self.client.get(url, params or {}, headers=self._headers(headers))

    def post(self, url, body=None, *, raw: bytes | str | None = None, headers=None):
        data = raw if raw is not None else ("" if body is None else json.dumps(body))
        return self.client.post(url, data=data, content_type="application/json", headers=self._headers(headers))


@pytest.fixture
def as_user(client):
    """``as_user(user)`` → an ApiClient with a fresh token of that user."""
    def make(user):
        _token, secret = create_token(user, name="测试")
        return ApiClient(client, secret)
    return make


@pytest.fixture
def api(staff, as_user):
    """API clients of each staff member, by the same keys as ``staff``."""
    return {key: as_user(user) for key, user in staff.items()}


@pytest.fixture
def created(api, tree):
    """An application registered through the API (received 10 days before the pinned today)."""
    response = api["handler"].post("/api/v1/applications", api_payload(tree["city_edu"]))
    assert response.status_code == 201, response.json()
    return response.json()
