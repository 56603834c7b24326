"""The demo: a finished consultation with feedback linked to the city's policy, an open one with approved
comments and one waiting; idempotent; both visible in the public column."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.consultations.demo import load_demo_consultations
from gongkai.consultations.models import Comment, Consultation
from gongkai.disclosure.models import Item
from gongkai.orgs.models import OrgKind, Role, ScopeMode
from gongkai.orgs.services import create_org
from gongkai.testing import FIXED_TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city(sysadmin, make_user):
    city = create_org(sysadmin, name="示例市人民政府", code="SLS", kind=OrgKind.CITY_GOV)
    edu = create_org(sysadmin, name="示例市教育局", code="SLS-JYJ", kind=OrgKind.DEPARTMENT, parent=city)
    make_user("fabu", memberships=[(city, Role.PUBLISHER, ScopeMode.GOVERNMENT)])
    make_user("gkb", memberships=[(city, Role.OFFICE_ADMIN, ScopeMode.SUBTREE)])
    policy = Item.objects.create(org=city, index_no="SLS/2026-00001", title="示例市人民政府关于印发《示例市城市供水管理办法》的通知",
                                 formed_on=FIXED_TODAY, doc_type="regulation", disclosure="active", status="published",
                                 published_at=timezone.now())
    return {"city": city, "edu": edu, "policy": policy}


def test_demo_consultations(client, demo_city):
    assert load_demo_consultations(FIXED_TODAY) == 2
    assert load_demo_consultations(FIXED_TODAY) == 0
    finished = Consultation.objects.get(org=demo_city["city"])
    assert finished.status == "concluded" and finished.final_item == demo_city["policy"]
    assert "示例市城市供水管理办法" in finished.title
    assert (finished.count_received, finished.count_rejected, finished.count_adopted, finished.count_partial,
            finished.count_not_adopted) == (5, 1, 2, 1, 1)
    assert Comment.objects.filter(consultation=finished).exclude(reply="").count() == 4
    opened = Consultation.objects.get(org=demo_city["edu"])
    assert opened.phase(FIXED_TODAY) == "open"
    moderations = sorted(Comment.objects.filter(consultation=opened).values_list("moderation", flat=True))
    assert moderations == ["approved", "approved", "approved", "pending"]

    text = client.get(reverse("consultations_public:detail", args=[finished.pk])).content.decode()
    assert "意见采纳情况" in text and "收到意见5条" in text and "广告" not in text
    item_page = client.get(reverse("portal:item", args=["SLS/2026-00001"])).content.decode()
    assert reverse("consultations_public:detail", args=[finished.pk]) in item_page
    listing = client.get(reverse("consultations_public:index")).content.decode()
    assert finished.title in listing and opened.title in listing

    from gongkai.accounts.models import User

    client.force_login(User.objects.get(username="gkb"))
    for c in (finished, opened):
        response = client.get(reverse("consultations:detail", args=[c.pk]))
        assert response.status_code == 200 and c.title in response.content.decode()
    assert "待审核" in client.get(reverse("consultations:index")).content.decode()


def test_demo_needs_the_demo_city(db):
    assert load_demo_consultations(FIXED_TODAY) == 0
