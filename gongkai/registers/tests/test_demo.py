"""The demo registers: every demo body has items, the city departments have two years of imported decisions,
the public security bureau keeps totals instead, and a second run changes nothing."""

import pytest

from gongkai.audit.services import verify_chain
from gongkai.core.management.commands.load_demo import TREE
from gongkai.orgs.models import Organization, Role, ScopeMode
from gongkai.orgs.services import create_org
from gongkai.registers import selectors
from gongkai.registers.demo import BODIES, load_demo_registers
from gongkai.registers.models import Decision, DecisionTotal, FeeIncome, ImportBatch, PowerItem, Procurement

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city(sysadmin, make_user):
    """The demo city's bodies (the tree load_demo builds) and its 公开办管理员, without the other apps' demo
    data."""
    def build(node, parent):
        code, name, short_name, kind, children = node
        org = create_org(sysadmin, name=name, short_name=short_name, code=code, kind=kind, parent=parent)
        for child in children:
            build(child, org)
        return org

    city = build(TREE, None)
    make_user("gkb", memberships=[(city, Role.OFFICE_ADMIN, ScopeMode.SUBTREE)])
    return city


def test_demo_registers(frozen_today, demo_city):
    created = load_demo_registers(frozen_today)
    this_year, last_year = frozen_today.year, frozen_today.year - 1
    orgs = {o.code: o for o in Organization.objects.filter(code__in=BODIES)}
    assert set(PowerItem.objects.values_list("org__code", flat=True)) == set(BODIES)
    ended_last_year = PowerItem.objects.filter(effective_to__year=last_year).count()
    added_this_year = PowerItem.objects.filter(effective_from__year=this_year).count()
    assert ended_last_year > 0 and added_this_year > 0

    assert 2_000 <= Decision.objects.count() == created["decisions"] <= 6_000
    assert set(ImportBatch.objects.values_list("status", flat=True)) == {"completed"}
    assert {d.year for d in Decision.objects.dates("decided_on", "year")} == {last_year, this_year}
    assert not Decision.objects.filter(decided_on__gt=frozen_today).exists()
    gaj = orgs["SLS-GAJ"]
    assert not Decision.objects.filter(org=gaj).exists()
    assert DecisionTotal.objects.filter(org=gaj, source="省双公示系统").count() == 6
    assert FeeIncome.objects.count() == Procurement.objects.count() == 2 * len(BODIES)

    city = list(Organization.objects.filter(path__startswith=orgs["SLS"].path).values_list("pk", flat=True))
    counts = selectors.decision_counts(city, last_year)
    assert counts["penalty"] > 23_410 and counts["licensing"] > 8_652  # totals plus counted rows

    again = load_demo_registers(frozen_today)
    assert again == {"items": 0, "decisions": 0, "totals": 0, "fees": 0, "procurements": 0}
    assert verify_chain().ok
