"""API tokens: the management command, what is stored, and bearer authentication (401 in Chinese)."""

import hashlib
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai.api.models import ApiToken
from gongkai.api.services import create_token, revoke_token
from gongkai.audit.models import AuditEvent

from .conftest import ApiClient, api_payload

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/orgs"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def assert_401(response, fragment):
    assert response.status_code == 401, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert fragment in response.json()["detail"], response.json()


def test_command_prints_the_token_once_and_stores_only_its_hash(staff):
    out, err = run("handler", "--name", "统计脚本")
    secret = out.strip()
    assert re.fullmatch(r"gk_[A-Za-z0-9_-]{40}", secret)
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (staff["handler"], "统计脚本")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.key_prefix == secret[:8] and token.key_prefix in err and secret not in err
    stored = " ".join(str(v) for v in ApiToken.objects.values().get().values())
    assert secret not in stored
    event = AuditEvent.objects.get(action="api.token.create")
    assert event.actor is None and event.actor_name == "system" and event.object_id == str(token.pk)
    assert event.after["key_prefix"] == token.key_prefix and secret not in str(event.after)
    response = ApiClient(Client(), secret).get(ORGS)
    assert response.status_code == 200


def test_every_token_is_new(staff):
    secrets = {create_token(staff["handler"])[1] for _ in range(5)}
    assert len(secrets) == 5 and ApiToken.objects.values("key_prefix").distinct().count() == 5


def test_administrators_cannot_get_tokens(sysadmin, secadmin, auditor):
    for admin in (sysadmin, secadmin, auditor):
        with pytest.raises(CommandError, match="三员管理员账号不能获取"):
            run(admin.username)
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api.token.create").exists()


def test_unknown_or_inactive_users_get_no_token(staff):
    with pytest.raises(CommandError, match="不存在"):
        run("nobody")
    staff["handler"].is_active = False
    staff["handler"].save()
    with pytest.raises(CommandError, match="已停用"):
        run("handler")
    with pytest.raises(CommandError, match="请提供用户名"):
        run()
    assert not ApiToken.objects.exists()


def test_user_without_roles_is_warned(make_user):
    make_user("idle")
    out, err = run("idle")
    assert out.strip().startswith("gk_") and "看不到任何数据" in err


def test_revoke_by_prefix(staff):
    secret = run("handler")[0].strip()
    prefix = secret[:8]
    out, _ = run("--revoke", prefix)
    assert "已吊销" in out and prefix in out
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="api.token.revoke")
    assert event.before["revoked_at"] is None and event.after["revoked_at"] is not None
    assert_401(ApiClient(Client(), secret).get(ORGS), "已被吊销")
    with pytest.raises(CommandError, match="已于"):
        run("--revoke", prefix)
    with pytest.raises(CommandError, match="未找到"):
        run("--revoke", "gk_nope0")
    with pytest.raises(CommandError, match="不能与用户名"):
        run("handler", "--revoke", prefix)


def test_list_shows_prefixes_never_secrets(staff):
    secret = run("handler", "--name", "甲")[0].strip()
    revoke_token(create_token(staff["approver"], name="乙")[0].key_prefix)
    out, _ = run("--list")
    assert secret[:8] in out and secret not in out and "甲" in out and "已吊销" in out
    assert "approver" not in run("--list", "handler")[0]


def test_missing_wrong_and_unknown_tokens_are_401(client, staff):
    assert_401(client.get(ORGS), "未提供 API 令牌")
    assert_401(client.get(ORGS, headers={"Authorization": "Basic aGFuZGxlcjp4"}), "认证方式不正确")
    assert_401(client.get(ORGS, headers={"Authorization": "Bearer"}), "认证方式不正确")
    assert_401(client.get(ORGS, headers={"Authorization": "Bearer gk_" + "x" * 40}), "令牌无效")
    assert_401(client.get(ORGS, headers={"Authorization": "Bearer not-a-token"}), "令牌无效")
    secret = create_token(staff["handler"])[1]
    assert_401(client.get(ORGS, headers={"Authorization": f"Bearer {secret[:-1]}"}), "令牌无效")
    # Every operation is behind the token, writes included; nothing is written.
    response = client.post("/api/v1/applications", data="{}", content_type="application/json")
    assert_401(response, "未提供 API 令牌")


def test_inactive_user_or_later_administrator_is_401(staff, as_user):
    api = as_user(staff["handler"])
    assert api.get(ORGS).status_code == 200
    staff["handler"].is_active = False
    staff["handler"].save()
    assert_401(api.get(ORGS), "账号已停用")
    staff["handler"].is_active = True
    staff["handler"].admin_role = "auditor"
    staff["handler"].save()
    assert_401(api.get(ORGS), "三员管理员账号不能使用")


def test_use_is_recorded_and_bearer_needs_no_csrf(staff, tree):
    token, secret = create_token(staff["handler"])
    assert token.last_used_at is None
    client = Client(enforce_csrf_checks=True)
    response = ApiClient(client, secret).post("/api/v1/applications", api_payload(tree["city_edu"]))
    assert response.status_code == 201, response.json()
    token.refresh_from_db()
    assert token.last_used_at is not None
