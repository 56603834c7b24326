"""The demo round: built through the services on the demo bodies and users, findings in every state, a 通报
that names bodies, and a second call that changes nothing."""

import io

import pytest
from docx import Document

from gongkai.inspections import notice
from gongkai.inspections.codes import FindingStatus
from gongkai.inspections.demo import BODIES, load_demo_inspections
from gongkai.inspections.models import Finding, Inspection
from gongkai.orgs.models import Membership, OrgKind, Role, ScopeMode
from gongkai.orgs.services import create_org

from .conftest import D

pytestmark = pytest.mark.django_db
TODAY = D(2026, 6, 15)


@pytest.fixture
def demo_world(sysadmin, make_user):
    def org(code, name, kind, parent=None):
        return create_org(sysadmin, name=name, code=code, kind=kind, parent=parent)

    city = org("SLS", "示例市人民政府", OrgKind.CITY_GOV)
    orgs = {"SLS": city}
    for code, name in [("SLS-JYJ", "示例市教育局"), ("SLS-GAJ", "示例市公安局"), ("SLS-ZJJ", "示例市住房和城乡建设局"),
                       ("SLS-STHJJ", "示例市生态环境局")]:
        orgs[code] = org(code, name, OrgKind.DEPARTMENT, city)
    orgs["SLS-DC"] = org("SLS-DC", "示例市东城区人民政府", OrgKind.COUNTY_GOV, city)
    orgs["SLS-DC-MZJ"] = org("SLS-DC-MZJ", "东城区民政局", OrgKind.DEPARTMENT, orgs["SLS-DC"])
    for username, code, role, scope in [("gkb", "SLS", Role.OFFICE_ADMIN, ScopeMode.SUBTREE),
                                        ("chengban", "SLS-JYJ", Role.HANDLER, ScopeMode.SELF),
                                        ("sz_chengban", "SLS", Role.HANDLER, ScopeMode.GOVERNMENT),
                                        ("dc_gkb", "SLS-DC", Role.OFFICE_ADMIN, ScopeMode.SUBTREE)]:
        user = make_user(username)
        Membership.objects.create(user=user, org=orgs[code], role=role, scope=scope)
    return orgs


def test_demo_round_has_findings_in_every_state_and_a_notice(demo_world):
    created = load_demo_inspections(TODAY)
    inspection = Inspection.objects.get()
    assert inspection.title == "2026年第一季度政府信息公开工作督查" and inspection.status == "open"
    assert sorted(inspection.targets.values_list("org__code", flat=True)) == sorted(BODIES)
    findings = Finding.objects.filter(target__inspection=inspection)
    assert created == findings.count() >= 9
    states = set(findings.values_list("status", flat=True))
    assert {FindingStatus.PENDING, FindingStatus.ANSWERED, FindingStatus.CLOSED, FindingStatus.REOPENED} <= states
    assert any(f.late_on(TODAY) and f.status == FindingStatus.PENDING for f in findings)  # overdue
    text = "\n".join(p.text for p in Document(io.BytesIO(notice.render_docx(notice.build(inspection, TODAY)))).paragraphs)
    assert "示例市教育局发现问题较多" in text and "示例市公安局" in text

    assert load_demo_inspections(TODAY) == 0
    assert Inspection.objects.count() == 1 and Finding.objects.count() == created


def test_demo_needs_the_demo_world(db):
    assert load_demo_inspections(TODAY) == 0


def test_demo_pages_render_for_the_office_and_a_body(client, demo_world):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    load_demo_inspections(TODAY)
    inspection = Inspection.objects.get()
    users = {u.username: u for u in get_user_model().objects.all()}
    client.force_login(users["gkb"])
    urls = [reverse("inspections:index"), reverse("inspections:detail", args=[inspection.pk]),
            reverse("inspections:edit", args=[inspection.pk]), reverse("inspections:item_add", args=[inspection.pk]),
            reverse("inspections:refresh", args=[inspection.pk]), reverse("inspections:results_xlsx", args=[inspection.pk])]
    for target in inspection.targets.all():
        urls += [reverse("inspections:target", args=[inspection.pk, target.pk]),
                 reverse("inspections:target_assess", args=[inspection.pk, target.pk])]
    urls += [reverse("inspections:finding", args=[f.pk]) for f in Finding.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "示例市教育局" in page and "东城区民政局" in page

    client.force_login(users["dc_gkb"])  # the district's office: its two bodies only, in 我的整改
    mine = client.get(reverse("inspections:mine"))
    assert {f.target.org.code for f in mine.context["page"]} == {"SLS-DC", "SLS-DC-MZJ"}
    reopened = Finding.objects.get(status=FindingStatus.REOPENED)
    assert client.get(reverse("inspections:finding", args=[reopened.pk])).status_code == 404
