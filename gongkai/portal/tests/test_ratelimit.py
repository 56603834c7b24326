"""The per-address limits: 5 submissions per 10 minutes and 20 per day, windows aligned to local time."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.portal import ratelimit
from gongkai.portal.views import SUBMIT_LIMITS

from .conftest import person_post

LIMITS = (ratelimit.Limit(5, 600, "10分钟"), ratelimit.Limit(20, 86400, "1天"))


class Clock:
    def __init__(self, when: dt.datetime):
        self.now = when.timestamp()

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    # 09:00:30 Beijing time: inside a 10-minute window that started at 09:00.
    clock = Clock(timezone.make_aware(dt.datetime(2026, 6, 15, 9, 0, 30)))
    monkeypatch.setattr(ratelimit, "_now", clock)
    return clock


def test_submission_limits_are_the_documented_ones():
    assert [(limit.count, limit.seconds) for limit in SUBMIT_LIMITS] == [(5, 600), (20, 86400)]


def test_sixth_attempt_in_ten_minutes_is_refused_until_the_window_ends(clock):
    for _ in range(5):
        assert ratelimit.hit("t", "1.2.3.4", LIMITS).blocked is None
    blocked = ratelimit.hit("t", "1.2.3.4", LIMITS).blocked
    assert blocked is not None and blocked.limit.seconds == 600
    assert timezone.localtime(blocked.retry_at) == timezone.make_aware(dt.datetime(2026, 6, 15, 9, 10))
    assert ratelimit.hit("t", "5.6.7.8", LIMITS).blocked is None  # per address
    clock.now += 600
    assert ratelimit.hit("t", "1.2.3.4", LIMITS).blocked is None


def test_twenty_a_day_then_refused_until_local_midnight(clock):
    for _ in range(4):
        for _ in range(5):
            assert ratelimit.hit("t", "1.2.3.4", LIMITS).blocked is None
        clock.now += 600
    blocked = ratelimit.hit("t", "1.2.3.4", LIMITS).blocked
    assert blocked is not None and blocked.limit.count == 20
    assert timezone.localtime(blocked.retry_at) == timezone.make_aware(dt.datetime(2026, 6, 16, 0, 0))
    clock.now = timezone.make_aware(dt.datetime(2026, 6, 16, 0, 0, 1)).timestamp()
    assert ratelimit.hit("t", "1.2.3.4", LIMITS).blocked is None


def test_refused_attempts_do_not_use_up_the_day(clock):
    for _ in range(5):
        ratelimit.hit("t", "1.2.3.4", LIMITS)
    for _ in range(30):
        assert ratelimit.hit("t", "1.2.3.4", LIMITS).blocked is not None
    clock.now += 600
    for _ in range(5):
        assert ratelimit.hit("t", "1.2.3.4", LIMITS).blocked is None


def test_refund_returns_the_attempt_and_keys_hide_the_address(clock):
    attempt = ratelimit.hit("t", "1.2.3.4", LIMITS)
    assert len(attempt.keys) == 2 and all("1.2.3.4" not in key for key in attempt.keys)
    assert [cache.get(key) for key in attempt.keys] == [1, 1]
    attempt.refund()
    assert [cache.get(key) for key in attempt.keys] == [0, 0]
    cache.clear()
    attempt.refund()  # counters gone (window over): nothing to take back, no error


@pytest.mark.django_db
def test_sixth_submission_gets_429_with_chinese_page(client, tree):
    url = reverse("portal:apply", args=[tree["city_edu"].code]) + "?kind=person"
    assert client.post(url, person_post(id_number="bad")).status_code == 200  # an invalid attempt counts too
    for _ in range(4):
        assert client.post(url, person_post()).status_code == 302
    response = client.post(url, person_post())
    assert response.status_code == 429
    html = response.content.decode()
    assert "操作过于频繁" in html and "10分钟内最多可提交申请5次" in html and "以后再试" in html
    assert 0 < int(response["Retry-After"]) <= 600
    assert Application.objects.count() == 4
    # Other addresses and plain page views are not affected.
    assert client.get(url).status_code == 200
    assert client.post(url, person_post(), REMOTE_ADDR="192.0.2.7").status_code == 302
