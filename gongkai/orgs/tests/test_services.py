import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ConflictError
from gongkai.orgs import services
from gongkai.orgs.models import Membership, Organization, OrgKind, Role, ScopeMode

pytestmark = pytest.mark.django_db


def fields(org, **changes):
    data = {f: getattr(org, f) for f in ("name", "short_name", "code", "uscc", "kind", "sort_order")}
    data["parent"] = org.parent
    data.update(changes)
    return data


def test_create_sets_path_and_audits(sysadmin):
    city = services.create_org(sysadmin, name="乙市人民政府", code="Y", kind=OrgKind.CITY_GOV,
                               uscc="91350100M000100Y43")
    dept = services.create_org(sysadmin, name="乙市财政局", code="Y-CZJ", kind=OrgKind.DEPARTMENT, parent=city)
    assert dept.path == f"{city.path}.{dept.pk:08d}" and dept.depth == 1
    event = AuditEvent.objects.get(action="orgs.create", object_id=str(dept.pk))
    assert event.actor == sysadmin and event.after["code"] == "Y-CZJ"


def test_invalid_uscc_changes_nothing(sysadmin):
    before = Organization.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_org(sysadmin, name="乙市人民政府", code="Y", kind=OrgKind.CITY_GOV,
                            uscc="91350100M000100Y44")
    assert "校验位不正确" in exc.value.message_dict["uscc"][0]
    assert (Organization.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("kind, parent_key, message", [
    (OrgKind.DEPARTMENT, "city_edu", "政府工作部门的上级机构必须是人民政府"),
    (OrgKind.CITY_GOV, "dist_a", "更高一级的人民政府"),
    (OrgKind.COUNTY_GOV, "dist_b", "更高一级的人民政府"),
    (OrgKind.DISPATCHED, "town_office", "派出机构的上级机构必须是人民政府或政府工作部门"),
])
def test_tree_shape_rules(sysadmin, tree, kind, parent_key, message):
    with pytest.raises(ValidationError) as exc:
        services.create_org(sysadmin, name="新机构", code="NEW", kind=kind, parent=tree[parent_key])
    assert message in exc.value.message_dict["parent"][0]
    assert not Organization.objects.filter(code="NEW").exists()


def test_duplicates_rejected(sysadmin, tree):
    with pytest.raises(ValidationError) as exc:
        services.create_org(sysadmin, name="甲市教育局", code="c-jyj", kind=OrgKind.DEPARTMENT, parent=tree["city"])
    assert set(exc.value.message_dict) == {"code", "name"}


def test_cycle_rejected_and_nothing_changes(sysadmin, tree):
    dist_a = tree["dist_a"]
    paths = dict(Organization.objects.values_list("pk", "path"))
    n_events = AuditEvent.objects.count()
    for new_parent in (dist_a, tree["town"]):
        with pytest.raises(ValidationError) as exc:
            services.update_org(sysadmin, dist_a.pk, version=dist_a.version,
                                **fields(dist_a, parent=new_parent, kind=OrgKind.COUNTY_GOV))
        assert "循环" in exc.value.message_dict["parent"][0]
    assert dict(Organization.objects.values_list("pk", "path")) == paths
    assert AuditEvent.objects.count() == n_events


def test_move_subtree_updates_descendant_paths(sysadmin, tree):
    edu, branch = tree["city_edu"], tree["city_edu_branch"]
    moved = services.update_org(sysadmin, edu.pk, version=edu.version, **fields(edu, parent=tree["dist_b"]))
    branch.refresh_from_db()
    assert moved.path.startswith(tree["dist_b"].path + ".")
    assert branch.path == f"{moved.path}.{branch.pk:08d}" and branch.depth == 3
    event = AuditEvent.objects.filter(action="orgs.update").latest("seq")
    assert event.before["parent_id"] == tree["city"].pk and event.after["parent_id"] == tree["dist_b"].pk


def test_stale_version_is_a_conflict(sysadmin, tree):
    edu = tree["city_edu"]
    services.update_org(sysadmin, edu.pk, version=edu.version, **fields(edu, short_name="教育局"))
    with pytest.raises(ConflictError):
        services.update_org(sysadmin, edu.pk, version=edu.version, **fields(edu, short_name="市教育局"))
    edu.refresh_from_db()
    assert edu.short_name == "教育局"


def test_kind_change_must_fit_children(sysadmin, tree):
    city = tree["city"]
    with pytest.raises(ValidationError) as exc:
        services.update_org(sysadmin, city.pk, version=city.version, **fields(city, kind=OrgKind.DEPARTMENT))
    assert "下级机构" in exc.value.message_dict["kind"][0]


def test_deactivate_requires_children_inactive(sysadmin, tree):
    with pytest.raises(ValidationError):
        services.set_org_active(sysadmin, tree["dist_b"].pk, False)
    services.set_org_active(sysadmin, tree["dist_b_office"].pk, False)
    assert not services.set_org_active(sysadmin, tree["dist_b"].pk, False).is_active


def test_only_sysadmin_manages_orgs(secadmin, auditor, make_user, tree):
    office_admin = make_user("gkb", memberships=[(tree["city"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)])
    for actor in (secadmin, auditor, office_admin):
        with pytest.raises(PermissionDenied):
            services.create_org(actor, name="X", code="X", kind=OrgKind.OTHER)


def test_grants_are_secadmins_job_and_exclude_admin_accounts(sysadmin, secadmin, auditor, make_user, tree):
    staff = make_user("staff")
    with pytest.raises(PermissionDenied):
        services.grant_membership(sysadmin, user=staff, org=tree["city"], role=Role.HANDLER)
    with pytest.raises(ValidationError) as exc:
        services.grant_membership(secadmin, user=auditor, org=tree["city"], role=Role.HANDLER)
    assert "三员" in exc.value.messages[0]
    m = services.grant_membership(secadmin, user=staff, org=tree["city"], role=Role.HANDLER)
    assert AuditEvent.objects.filter(action="orgs.membership.grant", object_id=str(m.pk)).exists()
    services.grant_membership(secadmin, user=staff, org=tree["city"], role=Role.HANDLER, scope=ScopeMode.SUBTREE)
    assert Membership.objects.get(pk=m.pk).scope == ScopeMode.SUBTREE
    services.revoke_membership(secadmin, m.pk)
    assert not Membership.objects.filter(pk=m.pk).exists()
    assert AuditEvent.objects.filter(action="orgs.membership.revoke", object_id=str(m.pk)).exists()
