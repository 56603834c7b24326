"""Public pages are served from the cache until public content changes, and never to signed-in staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.disclosure import services
from gongkai.portal import pagecache

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured.captured_queries)


def test_a_cached_page_costs_one_query_and_a_change_shows_at_once(client, publish, desk, tree):
    item = publish(title="关于木棉花节的通知")
    url = reverse("portal:item", args=[item.index_no])
    first, cold = _queries(client, url)
    again, warm = _queries(client, url)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and "关于木棉花节的通知" in again.content.decode()
    assert warm == 1 < cold  # only the content version is read
    services.withdraw(desk["approver"], item.pk, reason="内容有误")
    assert client.get(url).status_code == 404  # the withdrawal bumped the version
    listing = reverse("portal:body_items", args=[tree["city_edu"].code])
    assert "关于木棉花节的通知" not in client.get(listing).content.decode()


def test_signed_in_users_and_updates_without_signals(client, publish, desk, tree):
    item = publish(title="关于紫薇花节的通知")
    url = reverse("portal:item", args=[item.index_no])
    client.get(url)
    type(item).objects.filter(pk=item.pk).update(title="关于紫薇花节的补充通知")
    assert "补充通知" not in client.get(url).content.decode()  # update() sends no signal ...
    pagecache.bump()  # ... so such code bumps the version itself
    assert "补充通知" in client.get(url).content.decode()
    client.force_login(desk["publisher"])
    _response, queries = _queries(client, url)
    assert queries > 1  # staff always get a freshly rendered page
