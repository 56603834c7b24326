"""What each user may list and open: the scoping module and the views that use it."""

import pytest
from django.urls import reverse

from gongkai.orgs.models import Role, ScopeMode
from gongkai.orgs.scoping import has_role, orgs_in_scope, roles_for, visible_org_ids

pytestmark = pytest.mark.django_db

ALL = {"city", "city_office", "city_edu", "city_edu_branch", "dist_a", "dist_a_office", "town", "town_office",
       "dist_b", "dist_b_office"}
EXPECTED = {
    ("city", ScopeMode.SELF): {"city"},
    ("city", ScopeMode.GOVERNMENT): {"city", "city_office", "city_edu", "city_edu_branch"},
    ("city", ScopeMode.SUBTREE): ALL,
    ("dist_a", ScopeMode.GOVERNMENT): {"dist_a", "dist_a_office"},
    ("dist_a", ScopeMode.SUBTREE): {"dist_a", "dist_a_office", "town", "town_office"},
    ("city_edu", ScopeMode.SELF): {"city_edu"},
    ("city_edu", ScopeMode.GOVERNMENT): {"city_edu", "city_edu_branch"},
    ("town", ScopeMode.GOVERNMENT): {"town", "town_office"},
}


def names(tree, ids):
    return {k for k, v in tree.items() if v.pk in ids}


@pytest.mark.parametrize("org_key, mode", list(EXPECTED))
def test_orgs_in_scope(tree, org_key, mode):
    ids = set(orgs_in_scope(tree[org_key], mode).values_list("pk", flat=True))
    assert names(tree, ids) == EXPECTED[(org_key, mode)]


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("org_key, mode", list(EXPECTED))
def test_each_role_lists_and_opens_only_its_scope(client, make_user, tree, role, org_key, mode):
    user = make_user("u", memberships=[(tree[org_key], role, mode)])
    client.force_login(user)
    expected = EXPECTED[(org_key, mode)]
    listing = client.get(reverse("orgs:directory"), {"page": 1})
    assert listing.status_code == 200
    listed = {o.pk for o in listing.context["page"].object_list}
    assert names(tree, listed) == expected
    for key in ALL:
        response = client.get(reverse("orgs:detail", args=[tree[key].pk]))
        assert response.status_code == (200 if key in expected else 404), key


def test_union_of_memberships_and_roles_for(make_user, tree):
    user = make_user("u", memberships=[(tree["city_edu"], Role.HANDLER, ScopeMode.SELF),
                                       (tree["dist_b"], Role.APPROVER, ScopeMode.SUBTREE)])
    assert names(tree, visible_org_ids(user)) == {"city_edu", "dist_b", "dist_b_office"}
    assert roles_for(user, tree["dist_b_office"]) == {Role.APPROVER}
    assert has_role(user, tree["city_edu"], Role.HANDLER)
    assert not has_role(user, tree["city_edu"], Role.APPROVER)
    assert names(tree, visible_org_ids(user, roles={Role.HANDLER})) == {"city_edu"}


def test_inactive_org_membership_gives_nothing(make_user, tree, sysadmin):
    from gongkai.orgs.services import set_org_active
    set_org_active(sysadmin, tree["dist_b_office"].pk, False)
    user = make_user("u", memberships=[(tree["dist_b_office"], Role.HANDLER, ScopeMode.SELF)])
    assert visible_org_ids(user) == frozenset()


def test_admin_accounts_see_no_business_data(client, sysadmin, secadmin, auditor, tree):
    for admin in (sysadmin, secadmin, auditor):
        assert visible_org_ids(admin) == frozenset()
        client.force_login(admin)
        assert client.get(reverse("orgs:directory")).status_code == 403
        assert client.get(reverse("orgs:detail", args=[tree["city"].pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("orgs:directory"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
