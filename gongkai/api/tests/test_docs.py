"""The OpenAPI page and schema load without a token and without any outside network, and the action
schemas follow the service functions' signatures."""

import inspect
import json
import re

import pytest

from gongkai.api.schemas import ACTION_SCHEMAS, NOT_IN_BODY, action_body_fields
from gongkai.applications.services import ACTION_FUNCTIONS
from gongkai.applications.transitions import TRANSITIONS

pytestmark = pytest.mark.django_db

URL_RE = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""", re.IGNORECASE)
REFERENCE_RE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def outside_hosts(text: str) -> set[str]:
    return {u for u in URL_RE.findall(text) if not re.match(r"(?:https?:)?//testserver(?:[/:]|$)", u)}


def test_docs_page_uses_only_the_servers_own_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert outside_hosts(html) == set()
    references = REFERENCE_RE.findall(html)
    assert {r.rsplit("/", 1)[-1] for r in references} >= {"swagger-ui.css", "swagger-ui-bundle.js",
                                                         "swagger-ui-init.js"}
    for ref in references:
        assert ref.startswith("/"), ref
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        if ref.endswith(".css"):
            css = b"".join(asset.streaming_content).decode()
            assert [u for u in re.findall(r"url\(([^)]*)\)", css) if not u.strip("'\"").startswith("data:")] == []
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["url"] == "/api/openapi.json" and settings["validatorUrl"] is None


def test_only_the_docs_files_are_served(client):
    assert client.get("/api/docs/assets/redoc.standalone.js").status_code == 404
    assert client.get("/api/docs/assets/..%2F__init__.py").status_code == 404
    assert client.get("/api/").status_code == 302


def test_openapi_schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert outside_hosts(json.dumps(schema, ensure_ascii=False)) == set()
    assert schema["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    paths = schema["paths"]
    assert {"/api/v1/orgs", "/api/v1/applications", "/api/v1/applications/{application_id}"} <= set(paths)
    for action in TRANSITIONS:
        operation = paths[f"/api/v1/applications/{{application_id}}/actions/{action}"]["post"]
        assert operation["summary"] == TRANSITIONS[action].label
        assert {"200", "401", "404", "409", "422"} <= set(operation["responses"])
    create = paths["/api/v1/applications"]["post"]
    assert set(create["responses"]) >= {"201", "401", "403", "404", "422"}


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_action_bodies_follow_the_service_signatures(action):
    params = inspect.signature(ACTION_FUNCTIONS[action]).parameters
    expected = {name: p.default is p.empty for name, p in params.items()
                if p.kind == p.KEYWORD_ONLY and name not in NOT_IN_BODY}
    assert action_body_fields(action) == expected
    model = ACTION_SCHEMAS[action]
    assert {name: f.is_required() for name, f in model.model_fields.items()} == expected
    assert {"on", "version"} <= set(model.model_fields)
