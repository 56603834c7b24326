"""The demo work records: the city's previous year has 16 press conferences and 6 interviews (as the Baotou
report), trainings with attendees and monthly new-media counts; nothing lies after today; a second run creates
nothing."""

import pytest

from gongkai.audit.services import verify_chain
from gongkai.core.management.commands.load_demo import TREE
from gongkai.orgs.models import Organization, Role, ScopeMode
from gongkai.orgs.services import create_org
from gongkai.reports.narrative import compute_extra
from gongkai.workrecords.demo import load_demo_workrecords
from gongkai.workrecords.models import NewMediaMonth, WorkRecord

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
    make_user("fabu", memberships=[(city, Role.PUBLISHER, ScopeMode.GOVERNMENT)])
    return {o.code: o for o in Organization.objects.all()}


def test_demo_records(demo_city, frozen_today):
    created = load_demo_workrecords(frozen_today)
    assert created > 100
    city = demo_city["SLS"]
    last_year = compute_extra([city.pk], frozen_today.year - 1)
    assert last_year["新闻发布会"] == 16 and last_year["在线访谈"] == 6
    assert last_year["培训次数"] == 2 and 100 <= last_year["培训人次"] <= 160
    assert last_year["政务新媒体账号"] == 3 and last_year["政务新媒体发布"] > 1000
    this_year = compute_extra([city.pk], frozen_today.year)
    assert 0 < this_year["新闻发布会"] < 16
    assert not WorkRecord.objects.filter(held_on__gt=frozen_today).exists()
    assert not NewMediaMonth.objects.filter(month__gt=frozen_today).exists()
    assert WorkRecord.objects.filter(org__code="SLS-JYJ").exists()
    assert load_demo_workrecords(frozen_today) == 0
    assert verify_chain().ok
