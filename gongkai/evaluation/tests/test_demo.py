"""The demo evaluation: the city office's scheme with the computed indicators and one manual indicator, an
evaluation of the city's departments over the current year, scored and published; a second run adds nothing."""

import pytest

from gongkai.audit.services import verify_chain
from gongkai.core.management.commands.load_demo import TREE
from gongkai.evaluation.demo import load_demo_evaluation
from gongkai.evaluation.models import Evaluation, ManualScore, Scheme
from gongkai.orgs.models import Organization, Role, ScopeMode
from gongkai.orgs.services import create_org
from gongkai.supervision import indicators as registry

pytestmark = pytest.mark.django_db


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


def test_demo_evaluation(demo_city, frozen_today):
    created = load_demo_evaluation(frozen_today)
    scheme = Scheme.objects.get()
    assert scheme.org.code == "SLS" and scheme.status == "active"
    sources = list(scheme.indicators.values_list("source", flat=True))
    assert sources[-1] == "manual" and {"on_time_rate", "sync_rate", "timely_rate", "report_on_time"} <= set(sources)
    assert ("open_findings" in sources) == ("open_findings" in registry.INDICATORS)
    evaluation = Evaluation.objects.get()
    departments = Organization.objects.filter(parent__code="SLS", kind="department").count()
    assert evaluation.bodies.count() == departments == ManualScore.objects.count()
    assert evaluation.is_published and len(evaluation.results["bodies"]) == departments
    assert evaluation.results["bodies"][0]["rank"] == 1
    assert created == 1 + len(sources) + 1 + departments
    assert load_demo_evaluation(frozen_today) == 0
    assert verify_chain().ok
