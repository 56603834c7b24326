"""The scale-data generator (``manage.py gen_scale_data``, ``gongkai.core.scale.generate``) at the smallest
size: the tree it builds, the rows it writes, that they are valid records, deterministic and replaced on a
rerun, and that the annual report computed over them is consistent."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from gongkai import search
from gongkai.accounts.models import User
from gongkai.appeals.models import Case
from gongkai.applications.codes import OUTCOMES
from gongkai.applications.models import Application
from gongkai.core.models import Counter
from gongkai.core.scale import PASSWORD, ROOT_CODE, SHAPES, USERNAME, generate, vocab
from gongkai.core.scale.bulk import delete_where
from gongkai.core.scale.generator import plain_text
from gongkai.core.validators import validate_resident_id, validate_uscc
from gongkai.disclosure.models import Item
from gongkai.disclosure.selectors import public_items
from gongkai.disclosure.services import html_to_text, publish_deadline
from gongkai.orgs.models import PATH_WIDTH, Membership, Organization, OrgKind, Role, ScopeMode
from gongkai.orgs.scoping import orgs_in_scope, visible_org_ids
from gongkai.registers.models import Decision, FeeIncome, PowerItem, Procurement
from gongkai.reports import checks
from gongkai.reports.compute import compute

FRACTION = 0.01
SMALL = SHAPES["small"]
TRACKING_NO = re.compile(r"^SCALE(-[A-Z0-9]+)*-(\d{4})-(\d{5})$")


def run(*extra: str) -> str:
    out = StringIO()
    call_command("gen_scale_data", "--scale", "small", "--fraction", str(FRACTION), *extra, stdout=out)
    return out.getvalue()


def scale_root() -> Organization:
    return Organization.objects.get(code=ROOT_CODE)


def in_subtree(model, root: Organization):
    return model.objects.filter(org__in=orgs_in_scope(root, "subtree"))


def snapshot(root: Organization) -> dict:
    """What must come out the same for the same seed (ids aside)."""
    return {
        "codes": sorted(orgs_in_scope(root, "subtree").values_list("code", flat=True)),
        "tracking": list(in_subtree(Application, root).order_by("tracking_no").values_list(
            "tracking_no", "applicant_name", "id_number", "received_on", "outcome")),
        "titles": list(in_subtree(Item, root).order_by("index_no").values_list("index_no", "title")),
        "decisions": list(in_subtree(Decision, root).order_by("org__code", "decision_no").values_list(
            "decision_no", "subject_name")),
        "cases": list(in_subtree(Case, root).order_by("org__code", "case_no").values_list(
            "case_no", "filed_on")),
    }


@pytest.mark.django_db
def test_builds_a_three_level_tree_scoped_like_any_other():
    output = run()
    root = scale_root()
    assert root.name == "规模测试省人民政府" and root.kind == OrgKind.PROVINCE_GOV and root.parent is None
    bodies = list(orgs_in_scope(root, "subtree"))
    assert len(bodies) == SMALL.bodies == 10
    by_id = {b.pk: b for b in bodies}
    for body in bodies:
        assert body.code == ROOT_CODE or body.code.startswith(ROOT_CODE + "-")
        parent_path = by_id[body.parent_id].path + "." if body.parent_id else ""
        assert body.path == parent_path + str(body.pk).zfill(PATH_WIDTH)
        assert body.depth == body.path.count(".")
        if body.uscc:
            validate_uscc(body.uscc)
    kinds = {b.kind for b in bodies}
    assert kinds == {OrgKind.PROVINCE_GOV, OrgKind.CITY_GOV, OrgKind.COUNTY_GOV, OrgKind.DEPARTMENT}
    assert max(b.depth for b in bodies) - root.depth == 3  # root → city → county → county department
    # 本级政府及其工作部门 stops above the cities: the province government and its departments only.
    assert orgs_in_scope(root, "government").count() == 1 + SMALL.root_departments
    assert "机构（orgs_organization）：10 行" in output and "行/秒" in output


@pytest.mark.django_db
def test_writes_the_scaled_row_counts_and_the_office_admin():
    result = generate("small", seed=1, fraction=FRACTION)
    root = scale_root()
    assert result["root_id"] == root.pk and result["bodies"] == 10
    assert in_subtree(Application, root).count() == round(SMALL.applications * FRACTION) == 100
    assert in_subtree(Decision, root).count() == round(SMALL.decisions * FRACTION) == 500
    assert in_subtree(Item, root).count() == round(SMALL.items * FRACTION) == 50
    counts = result["counts"]
    assert counts["applications_application"] == 100 and counts["registers_decision"] == 500
    assert counts["appeals_case"] == in_subtree(Case, root).count()
    assert counts["registers_poweritem"] == in_subtree(PowerItem, root).count()
    assert in_subtree(FeeIncome, root).count() == in_subtree(Procurement, root).count() == 10 * 5
    for table in ("applications_application", "registers_decision", "disclosure_item", "search"):
        assert set(result["tables"][table]) >= {"rows", "seconds", "rows_per_second"}
    assert ("vacuum_analyze" in result["tables"]) == (connection.vendor == "postgresql")
    user = User.objects.get(username=USERNAME)
    assert user.check_password(PASSWORD) and user.is_active and not user.admin_role
    assert list(Membership.objects.filter(user=user).values_list("org_id", "role", "scope")) == [
        (root.pk, Role.OFFICE_ADMIN, ScopeMode.SUBTREE)]
    assert visible_org_ids(user) == frozenset(orgs_in_scope(root, "subtree").values_list("pk", flat=True))


@pytest.mark.django_db
def test_applications_are_valid_records():
    generate("small", seed=1, fraction=0.05)
    root = scale_root()
    today = timezone.localdate()
    apps = list(in_subtree(Application, root).select_related("org"))
    assert len(apps) == 500
    assert len({a.tracking_no for a in apps}) == len(apps)
    for app in apps:
        match = TRACKING_NO.match(app.tracking_no)
        assert match and app.tracking_no.startswith(app.org.code + "-")
        assert int(match[2]) == app.received_on.year and int(match[3]) >= 1
        assert dt.date(today.year - 5, 1, 1) <= app.received_on < today
        if app.id_type == "resident_id":
            validate_resident_id(app.id_number)
        elif app.id_type == "uscc":
            validate_uscc(app.id_number)
        if app.status == "concluded":
            assert app.outcome in OUTCOMES and app.received_on < app.concluded_on < today
        else:
            assert app.status == "processing" and not app.outcome and app.concluded_on is None
            assert app.due_on == app.received_on + dt.timedelta(days=28)
    assert sum(a.applicant_kind == "natural_person" for a in apps) > len(apps) * 0.7
    assert sum(a.status == "concluded" for a in apps) > len(apps) * 0.9
    # Gap-free numbers per body and year, and the counters that number the next registration follow them.
    per_year: dict[tuple[int, int], list[int]] = {}
    for app in apps:
        per_year.setdefault((app.org_id, app.received_on.year), []).append(int(app.tracking_no[-5:]))
    for (org_id, year), numbers in per_year.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert Counter.objects.get(key=f"application:{org_id}:{year}").value == len(numbers)
    decisions = list(in_subtree(Decision, root).values_list("org_id", "decision_no", "subject_kind",
                                                             "subject_id"))
    assert len({(org, no) for org, no, *_ in decisions}) == len(decisions)
    for _org, _no, subject_kind, subject_id in decisions:
        (validate_resident_id if subject_kind == "natural_person" else validate_uscc)(subject_id)


@pytest.mark.django_db
def test_items_are_public_and_searchable():
    generate("small", seed=1, fraction=0.05)
    root = scale_root()
    items = list(in_subtree(Item, root))
    assert len(items) == 250
    assert public_items().filter(pk__in=[i.pk for i in items]).count() == len(items)
    assert len({i.index_no for i in items}) == len(items)
    for item in items:
        assert item.body_text == html_to_text(item.body_html) == plain_text(item.body_html)
        assert item.index_no.startswith(item.org.code + "/")
        assert item.publish_due_on == publish_deadline(item.formed_on)
        assert item.formed_on < timezone.localtime(item.published_at).date()
    readings = [i for i in items if i.doc_type == "interpretation"]
    assert readings and all(r.interprets.doc_type in ("regulation", "normative") for r in readings)
    item = items[0]
    hits = search.query(item.title).hits
    assert item.pk in [h.item.pk for h in hits]


@pytest.mark.django_db
def test_same_seed_same_data_and_a_rerun_replaces_it():
    run("--quiet")
    first_root = scale_root()
    first = snapshot(first_root)
    assert first["tracking"] and first["titles"] and first["decisions"]
    output = run()  # the same seed again
    root = scale_root()
    assert not Organization.objects.filter(pk=first_root.pk).exists()
    assert snapshot(root) == first
    assert Organization.objects.filter(code__startswith=ROOT_CODE).count() == 10
    assert (Application.objects.count(), Item.objects.count(), Decision.objects.count()) == (100, 50, 500)
    assert Membership.objects.filter(user__username=USERNAME).count() == 1
    assert "删除旧数据" in output
    run("--seed", "2", "--quiet")
    other = snapshot(scale_root())
    assert other["codes"] == first["codes"]  # the tree does not depend on the seed
    assert other["titles"] != first["titles"] and other["tracking"] != first["tracking"]


@pytest.mark.django_db
def test_annual_report_over_the_subtree_has_no_errors():
    generate("small", seed=1, fraction=0.05)
    root = scale_root()
    year = timezone.localdate().year - 1
    report = compute(root, year, "subtree")
    assert not checks.has_errors(report["findings"]), report["findings"]
    tables = report["tables"]
    assert tables["applications"]["1"]["total"] > 0 and tables["applications"]["3.7"]["total"] > 0
    assert tables["applications"]["3.1"]["total"] > 0
    assert sum(tables["active"][kind]["decisions"] for kind in ("licensing", "penalty", "coercion")) > 0
    assert tables["active"]["fees"]["amount_wan"] is not None
    leaf = Organization.objects.filter(code__startswith=ROOT_CODE, children=None).order_by("code").first()
    assert not checks.has_errors(compute(leaf, year, "self")["findings"])


@pytest.mark.django_db
def test_delete_where_removes_rows_that_refer_to_the_bodies_first():
    generate("small", seed=1, fraction=FRACTION)
    root = scale_root()
    other = Organization.objects.create(name="别的市人民政府", code="OTHER", kind=OrgKind.CITY_GOV, path="x")
    counts = delete_where(Organization, "path LIKE %s", [root.path + "%"])
    assert counts["orgs_organization"] == 10 and counts["applications_application"] == 100
    assert not Organization.objects.filter(code__startswith=ROOT_CODE).exists()
    assert Organization.objects.filter(pk=other.pk).exists()
    assert not Membership.objects.exists() and not Application.objects.exists()


@pytest.mark.parametrize("fraction", ["0", "1.5", "-1"])
@pytest.mark.django_db
def test_fraction_out_of_range_is_refused(fraction):
    with pytest.raises(CommandError, match="fraction"):
        call_command("gen_scale_data", "--scale", "small", "--fraction", fraction)
    assert not Organization.objects.filter(code=ROOT_CODE).exists()


def test_every_department_has_decisions_and_a_name_at_its_levels():
    for department in vocab.DEPARTMENTS:
        entries = vocab.DECISIONS[department.profile]
        assert entries and {e[0] for e in entries} <= {"licensing", "penalty", "coercion"}
        assert department.province or department.local
    for order, level in ((vocab.PROVINCE_ORDER, "province"), (vocab.LOCAL_ORDER, "local")):
        assert len(set(order)) == len(order)
        assert all(getattr(vocab.DEPARTMENT_BY_KEY[key], level) for key in order)
    biggest = SHAPES["province"]
    assert biggest.root_departments <= len(vocab.PROVINCE_ORDER) and biggest.cities <= len(vocab.CITY_NAMES)
    assert biggest.cities * biggest.counties <= len(vocab.COUNTY_NAMES)
    assert max(biggest.city_departments, biggest.county_departments) <= len(vocab.LOCAL_ORDER)
    assert abs(biggest.bodies - 1000) <= 50 and abs(SHAPES["medium"].bodies - 100) <= 5


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="未知的数据规模"):
        generate("huge")
