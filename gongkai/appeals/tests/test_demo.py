"""The demo cases: the city government's 2020 table 四 is Baotou's "0 0 1 0 1 | 0 1 0 4 5 | 0 0 0 0 0" (for
the government alone, with its departments, and for the whole city), cases span 2019–2026, one case went back
on appeal, reviews link demo applications, and a second run creates nothing."""

import datetime as dt

import pytest

from gongkai.appeals.demo import load_demo_cases
from gongkai.appeals.models import Case
from gongkai.appeals.selectors import appeal_figures
from gongkai.applications import services as application_services
from gongkai.applications.models import Application
from gongkai.audit.services import verify_chain
from gongkai.core.management.commands.load_demo import TREE
from gongkai.orgs.models import Organization, Role, ScopeMode
from gongkai.orgs.scoping import orgs_in_scope
from gongkai.orgs.services import create_org
from gongkai.testing import payload

pytestmark = pytest.mark.django_db

BAOTOU_2020 = {
    "review": {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1},
    "litigation_direct": {"upheld": 0, "corrected": 1, "other": 0, "pending": 4, "total": 5},
    "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
}


@pytest.fixture
def demo_city(sysadmin, make_user):
    def build(node, parent):
        code, name, short_name, kind, children = node
        org = create_org(sysadmin, name=name, short_name=short_name, code=code, kind=kind, parent=parent)
        for child in children:
            build(child, org)
        return org

    city = build(TREE, None)
    make_user("gkb", memberships=[(city, Role.OFFICE_ADMIN, ScopeMode.SUBTREE)])
    return {o.code: o for o in Organization.objects.all()}


def test_demo_cases_reproduce_baotou_2020(demo_city, frozen_today):
    created = load_demo_cases(demo_city)
    assert created == Case.objects.count() > 20
    city = demo_city["SLS"]
    assert appeal_figures([city.pk], 2020) == BAOTOU_2020
    assert appeal_figures(orgs_in_scope(city, ScopeMode.GOVERNMENT).values("pk"), 2020) == BAOTOU_2020
    assert appeal_figures(orgs_in_scope(city, ScopeMode.SUBTREE).values("pk"), 2020) == BAOTOU_2020
    # the four open at the end of 2020 were decided later
    assert appeal_figures([city.pk], 2021)["litigation_direct"] == {
        "upheld": 2, "corrected": 1, "other": 0, "pending": 1, "total": 4}

    years = {d.year for d in Case.objects.dates("filed_on", "year")}
    assert years == set(range(2019, 2027))
    assert {c.org.code for c in Case.objects.select_related("org")} >= {"SLS", "SLS-JYJ", "SLS-ZRZYJ", "SLS-ZJJ"}
    assert set(Case.objects.values_list("kind", flat=True)) == {"review", "litigation_direct",
                                                               "litigation_after_review"}
    assert Case.objects.filter(result="").exists()
    assert not Case.objects.filter(filed_on__gt=frozen_today).exists()
    remanded = Case.objects.get(case_no="（2022）示0102行初44号")
    assert list(remanded.events.values_list("kind", flat=True)) == ["created", "concluded", "reopened", "concluded"]
    assert remanded.concluded_on == dt.date(2024, 1, 22)

    assert load_demo_cases(demo_city) == 0
    assert Case.objects.count() == created
    assert verify_chain().ok


def test_demo_reviews_link_concluded_applications(demo_city, make_user):
    edu = demo_city["SLS-JYJ"]
    handler = make_user("cb", memberships=[(edu, Role.HANDLER, ScopeMode.SELF)])
    app, _code = application_services.register(handler, org=edu, data=payload(
        channel="in_person", received_on="2026-03-02"))
    Application.objects.filter(pk=app.pk).update(concluded_on=dt.date(2026, 3, 20))
    app.refresh_from_db()

    load_demo_cases(demo_city, applications=[app])
    linked = Case.objects.get(application=app)
    assert linked.org == edu and linked.kind == "review" and linked.filed_on == dt.date(2026, 4, 14)
    assert linked.applicant_name == app.applicant_name
    assert appeal_figures([demo_city["SLS"].pk], 2020) == BAOTOU_2020
