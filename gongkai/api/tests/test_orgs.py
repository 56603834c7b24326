"""GET /api/v1/orgs: exactly the bodies in the token user's scope."""

import pytest

from gongkai.api.services import create_token
from gongkai.orgs.models import Role, ScopeMode
from gongkai.orgs.scoping import visible_org_ids

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def org_ids(api) -> set[int]:
    response = api.get("/api/v1/orgs")
    assert response.status_code == 200, response.content
    return {o["id"] for o in response.json()}


def test_each_user_sees_exactly_their_scope(api, staff, tree):
    assert org_ids(api["handler"]) == {tree["city_edu"].pk}
    assert org_ids(api["office"]) == {o.pk for o in tree.values()}
    assert org_ids(api["outsider"]) == {tree["dist_b"].pk, tree["dist_b_office"].pk}
    for key, user in staff.items():
        assert org_ids(api[key]) == set(visible_org_ids(user)), key


def test_government_scope_stops_at_lower_governments(make_user, as_user, tree):
    user = make_user("dist_office", memberships=[(tree["dist_a"], Role.OFFICE_ADMIN, ScopeMode.GOVERNMENT)])
    assert org_ids(as_user(user)) == {tree["dist_a"].pk, tree["dist_a_office"].pk}


def test_no_memberships_no_bodies(make_user, client):
    user = make_user("idle")
    assert org_ids(ApiClient(client, create_token(user)[1])) == set()


def test_org_fields(api, tree):
    response = api["office"].get("/api/v1/orgs")
    rows = response.json()
    assert [r["id"] for r in rows][0] == tree["city"].pk  # tree order
    edu = next(r for r in rows if r["id"] == tree["city_edu"].pk)
    assert edu == {"id": tree["city_edu"].pk, "name": "甲市教育局", "short_name": "", "code": "C-JYJ",
                   "kind": "department", "kind_label": "政府工作部门", "parent_id": tree["city"].pk,
                   "is_active": True}
