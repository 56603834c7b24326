"""Fixtures of the consultation tests, on the shared org tree and staff of gongkai/conftest.py: the pinned
date, a 信息发布员 of the city education bureau, consultations in each phase and a public policy item."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.consultations import services
from gongkai.disclosure.models import Item
from gongkai.orgs.models import Role, ScopeMode
from gongkai.testing import FIXED_TODAY

D = dt.timedelta


@pytest.fixture(autouse=True)
def consultations_today(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


@pytest.fixture
def publisher(make_user, tree):
    return make_user("publisher", memberships=[(tree["city_edu"], Role.PUBLISHER, ScopeMode.SELF)])


def draft_data(**overrides) -> dict:
    data = {"title": "关于公开征求《甲市中小学课后服务管理办法（征求意见稿）》意见的公告",
            "summary": "起草说明：规范课后服务。",
            "body_html": "<p>第一条 为规范课后服务，制定本办法。</p><script>alert(1)</script>",
            "starts_on": FIXED_TODAY - D(days=5), "ends_on": FIXED_TODAY + D(days=25),
            "name_rule": "optional", "contact_rule": "optional"}
    data.update(overrides)
    return data


@pytest.fixture
def make_consultation(publisher, tree):
    """A consultation of the city education bureau, published unless ``publish=False``."""
    def make(publish=True, org=None, **overrides):
        c = services.create_consultation(publisher, org=org or tree["city_edu"], **draft_data(**overrides))
        if publish:
            c = services.publish(publisher, c.pk, version=c.version)
        return c
    return make


@pytest.fixture
def open_consultation(make_consultation):
    return make_consultation()


@pytest.fixture
def ended(make_consultation, publisher, monkeypatch):
    """Published while open, now past its end date."""
    c = make_consultation(starts_on=FIXED_TODAY - D(days=40), ends_on=FIXED_TODAY - D(days=10), publish=False)
    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY - D(days=20))
    c = services.publish(publisher, c.pk, version=c.version)
    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    return c


def comment(consultation, content="建议延长课后服务时间。", name="张三", contact="13800138000", client="10.0.0.1"):
    return services.submit_comment(consultation, {"content": content, "name": name, "contact": contact}, client)


def submit_during(consultation, monkeypatch, day, **kwargs):
    monkeypatch.setattr(services, "today", lambda: day)
    try:
        return comment(consultation, **kwargs)
    finally:
        monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)


@pytest.fixture
def make_item(db):
    counter = iter(range(1, 1000))

    def make(org, *, status="published", disclosure="active", title="甲市中小学课后服务管理办法"):
        return Item.objects.create(org=org, index_no=f"{org.code}/2026-{next(counter):05d}", title=title,
                                   formed_on=FIXED_TODAY - D(days=3), doc_type="normative", disclosure=disclosure,
                                   status=status, body_html="<p>正文</p>",
                                   published_at=timezone.now() - D(days=1) if status == "published" else None)
    return make
