"""Fixtures for the API tests: tokens for the shared staff fixtures (gongkai/conftest.py), a client that
sends JSON with a bearer token, and the application payload in the API's shape."""

import datetime as dt
import json

import pytest

from gongkai.api.services import create_token
from gongkai.testing import FIXED_TODAY, payload, resident_id  # noqa: F401  (imported by the test modules)

RECEIVED = FIXED_TODAY - dt.timedelta(days=10)


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
