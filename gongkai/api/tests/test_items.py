"""The items API: the public list and detail (published items only, filters, search) and the staff
operations (draft, workflow actions) with their 401/403/404/409/422 answers.

Until ``gongkai/api/api.py`` mounts ``gongkai.api.items.router``, these tests mount it on an API of their own
built exactly like the real one (same auth, parser, renderer and error handlers), under the same path."""

import pytest
from django.urls import path
from ninja import NinjaAPI

import gongkai.urls
from gongkai.api import errors
from gongkai.api.api import Utf8JSONRenderer
from gongkai.api.api import api as main_api
from gongkai.api.auth import TokenAuth
from gongkai.api.items import router
from gongkai.disclosure import services
from gongkai.orgs.models import Role, ScopeMode

pytestmark = pytest.mark.django_db

MOUNTED = any(mounted is router for _prefix, mounted in main_api._routers)
if not MOUNTED:
    items_api = NinjaAPI(urls_namespace="api-items-test", auth=TokenAuth(), parser=errors.JsonParser(),
                         renderer=Utf8JSONRenderer(), docs_url=None)
    errors.install(items_api)
    items_api.add_router("/v1", router)
    urlpatterns = [path("api/", items_api.urls), *gongkai.urls.urlpatterns]

BASE = "/api/v1/items"


@pytest.fixture(autouse=True)
def items_urls(settings):
    if not MOUNTED:
        settings.ROOT_URLCONF = __name__


@pytest.fixture
def desk(make_user, tree):
    edu = tree["city_edu"]
    return {
        "publisher": make_user("i_pub", memberships=[(edu, Role.PUBLISHER, ScopeMode.SELF)]),
        "reviewer": make_user("i_rev", memberships=[(edu, Role.SECRECY_REVIEWER, ScopeMode.SELF)]),
        "approver": make_user("i_appr", memberships=[(edu, Role.APPROVER, ScopeMode.SELF)]),
        "outsider": make_user("i_out", memberships=[(tree["dist_b"], Role.PUBLISHER, ScopeMode.SUBTREE),
                                                     (tree["dist_b"], Role.APPROVER, ScopeMode.SUBTREE)]),
    }


@pytest.fixture
def clients(desk, as_user, client):
    from .conftest import ApiClient

    return {**{key: as_user(user) for key, user in desk.items()}, "public": ApiClient(client, None)}


def body(**overrides):
    data = {"title": "甲市教育局关于做好2026年义务教育招生工作的通知", "doc_no": "甲教发〔2026〕3号",
            "formed_on": "2026-06-10", "written_on": "2026-06-01", "topic": "education", "doc_type": "notice",
            "article20_item": 11, "body_html": "<p>各区教育局：现将义务教育招生有关事项通知如下。</p>",
            "disclosure": "active", "channels": ["website"]}
    data.update(overrides)
    return data


@pytest.fixture
def publish(desk, tree, make_user):
    """Publish an item through the services: the education bureau's desk by default, a city-wide desk for
    another body's item (``org=``)."""
    city = {role: make_user(f"i_city_{role}", memberships=[(tree["city"], role, ScopeMode.SUBTREE)])
            for role in (Role.PUBLISHER, Role.SECRECY_REVIEWER, Role.APPROVER)}

    def make(stop_at=None, approve_kwargs=None, **overrides):
        data = body(**overrides)
        org = data.pop("org", None) or tree["city_edu"]
        staff = (desk["publisher"], desk["reviewer"], desk["approver"]) if org == tree["city_edu"] else (
            city[Role.PUBLISHER], city[Role.SECRECY_REVIEWER], city[Role.APPROVER])
        item = services.create_item(staff[0], org=org, data=data)
        if stop_at == "draft":
            return item
        services.submit(staff[0], item.pk)
        services.secrecy_pass(staff[1], item.pk)
        if stop_at == "review":
            return item
        services.approve(staff[2], item.pk, **(approve_kwargs or {}))
        item.refresh_from_db()
        return item
    return make


# ---------------------------------------------------------------------------------------------------------
# public


def test_public_list_has_published_items_only_and_needs_no_token(clients, publish, desk):
    published = publish()
    draft = publish(title="草稿", stop_at="draft")
    in_review = publish(title="待审批", stop_at="review")
    on_request = publish(title="依申请公开", disclosure="on_request")
    withdrawn = publish(title="撤回")
    services.withdraw(desk["approver"], withdrawn.pk, reason="有误")
    response = clients["public"].get(BASE)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 1 and [i["id"] for i in data["items"]] == [published.pk]
    row = data["items"][0]
    assert row["index_no"] == published.index_no and row["doc_type_label"] == "通知公告"
    assert row["org"]["code"] == "C-JYJ" and row["url"].endswith(f"/xxgk/item/{published.index_no}/")
    for hidden in (draft, in_review, on_request, withdrawn):
        assert clients["public"].get(f"{BASE}/{hidden.pk}").status_code == 404
    assert clients["public"].get(f"{BASE}/{published.pk}").status_code == 200


def test_public_list_filters_and_search(clients, publish, tree):
    publish()
    publish(title="A区安全生产检查的通知", org=tree["dist_a"], topic="market", doc_type="news", article20_item=None,
            body_html="<p>安全生产。</p>")
    public = clients["public"]
    assert public.get(BASE, {"org": tree["city"].pk}).json()["count"] == 0
    assert public.get(BASE, {"org": tree["city"].pk, "subtree": "true"}).json()["count"] == 2
    assert public.get(BASE, {"doc_type": "news"}).json()["count"] == 1
    assert public.get(BASE, {"topic": "education"}).json()["count"] == 1
    assert public.get(BASE, {"validity": "expired"}).json()["count"] == 0
    assert public.get(BASE, {"year": 2026}).json()["count"] == 2
    found = public.get(BASE, {"q": "义务教育招生"}).json()
    assert found["count"] == 1 and "<mark>" in found["items"][0]["snippet_html"] and found["items"][0]["score"] > 0
    assert public.get(BASE, {"q": "安全生产", "org": tree["city_edu"].pk}).json()["count"] == 0
    assert public.get(BASE, {"q": "教育", "page": 5}).json()["items"] == []


@pytest.mark.parametrize("params, field", [
    ({"doc_type": "nope"}, "doc_type"), ({"validity": "x"}, "validity"), ({"topic": "x"}, "topic"),
    ({"order": "x"}, "order"), ({"org": 99999}, "org"), ({"year": 10}, "year"), ({"page_size": 1000}, "page_size"),
])
def test_public_list_refuses_bad_filters(clients, params, field):
    response = clients["public"].get(BASE, params)
    assert response.status_code == 422 and field in response.json()["errors"], response.json()


@pytest.mark.parametrize("q", ['"', "*", "NEAR(", "OR", ":", "-", "教育 OR", "'", "\\", "&|!"])
def test_search_syntax_characters_are_safe(clients, publish, q):
    publish()
    assert clients["public"].get(BASE, {"q": q}).status_code == 200


def test_public_detail_with_interpretation(clients, publish, desk, tree):
    policy = publish(title="甲市学生资助管理办法", doc_type="normative", article20_item=1, stop_at="review")
    reading = services.create_item(desk["publisher"], org=tree["city_edu"], data=body(
        title="《甲市学生资助管理办法》政策解读", doc_type="interpretation", interprets=policy.pk))
    services.submit(desk["publisher"], reading.pk)
    services.secrecy_pass(desk["reviewer"], reading.pk)
    services.approve(desk["approver"], policy.pk)
    data = clients["public"].get(f"{BASE}/{policy.pk}").json()
    assert data["body_html"].startswith("<p>") and data["channels"] == ["政府网站"]
    assert [i["id"] for i in data["interpretations"]] == [reading.pk] and data["interprets"] is None
    assert clients["public"].get(f"{BASE}/{reading.pk}").json()["interprets"]["id"] == policy.pk
    assert clients["public"].get(f"{BASE}/999999").status_code == 404


# ---------------------------------------------------------------------------------------------------------
# staff


def test_create_needs_a_token_and_a_drafting_role(clients, tree):
    assert clients["public"].post(BASE, body(org=tree["city_edu"].pk)).status_code == 401
    assert clients["reviewer"].post(BASE, body(org=tree["city_edu"].pk)).status_code == 403
    assert clients["outsider"].post(BASE, body(org=tree["city_edu"].pk)).status_code == 404
    response = clients["publisher"].post(BASE, body(org=tree["city_edu"].pk))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft" and data["url"] is None and "submit" in data["allowed_actions"]
    assert clients["public"].get(BASE).json()["count"] == 0  # a draft is not public


def test_create_validation_errors(clients, tree):
    response = clients["publisher"].post(BASE, body(org=tree["city_edu"].pk, title="", formed_on="2026-13-01",
                                                    doc_type="nonsense"))
    assert response.status_code == 422
    assert {"title", "formed_on", "doc_type"} <= set(response.json()["errors"])
    unknown = clients["publisher"].post(BASE, {**body(org=tree["city_edu"].pk), "status": "published"})
    assert unknown.status_code == 422 and "status" in unknown.json()["errors"]


def test_workflow_through_the_api(clients, tree):
    item = clients["publisher"].post(BASE, body(org=tree["city_edu"].pk)).json()
    url = f"{BASE}/{item['id']}/actions"
    assert clients["publisher"].post(f"{url}/submit").json()["status"] == "secrecy_review"
    blocked = clients["publisher"].post(f"{url}/approve", {})
    assert blocked.status_code == 409 and blocked.json()["allowed_actions"] == []
    assert "待保密审查" in blocked.json()["detail"]
    passed = clients["reviewer"].post(f"{url}/secrecy_pass", {"comment": "不涉密"})
    assert passed.status_code == 200 and passed.json()["status"] == "approval"
    stale = clients["approver"].post(f"{url}/approve", {"version": passed.json()["version"] - 1})
    assert stale.status_code == 409 and "allowed_actions" not in stale.json()
    approved = clients["approver"].post(f"{url}/approve", {"version": passed.json()["version"]})
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "published" and approved.json()["url"].startswith("/xxgk/item/")
    assert [i["id"] for i in clients["public"].get(BASE).json()["items"]] == [item["id"]]
    missing = clients["approver"].post(f"{url}/withdraw", {})
    assert missing.status_code == 422 and "reason" in missing.json()["errors"]
    extra = clients["approver"].post(f"{url}/withdraw", {"reason": "有误", "colour": "red"})
    assert extra.status_code == 422 and "colour" in extra.json()["errors"]
    withdrawn = clients["approver"].post(f"{url}/withdraw", {"reason": "内容有误"})
    assert withdrawn.json()["status"] == "withdrawn" and withdrawn.json()["url"] is None
    assert clients["public"].get(BASE).json()["count"] == 0


def test_actions_404_and_unknown_action(clients, publish):
    item = publish(stop_at="draft")
    assert clients["outsider"].post(f"{BASE}/{item.pk}/actions/submit").status_code == 404
    assert clients["publisher"].post(f"{BASE}/999999/actions/submit").status_code == 404
    unknown = clients["publisher"].post(f"{BASE}/{item.pk}/actions/publish_now")
    assert unknown.status_code == 404 and "submit" in unknown.json()["actions"]
    assert clients["public"].post(f"{BASE}/{item.pk}/actions/submit").status_code == 401


def test_approve_without_interpretation_needs_a_reason(clients, publish):
    item = publish(doc_type="normative", article20_item=1, stop_at="review")
    refused = clients["approver"].post(f"{BASE}/{item.pk}/actions/approve", {})
    assert refused.status_code == 422 and "sync_exception_reason" in refused.json()["errors"]
    ok = clients["approver"].post(f"{BASE}/{item.pk}/actions/approve", {"sync_exception_reason": "解读另行发布"})
    assert ok.status_code == 200 and ok.json()["status"] == "published"
