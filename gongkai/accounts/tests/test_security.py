"""Security baseline: lockout, password complexity, idle sessions, 三员分立, deploy checks."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts import services
from gongkai.accounts.models import User
from gongkai.audit.models import AuditEvent
from gongkai.conftest import PASSWORD
from gongkai.orgs.models import Role, ScopeMode

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_shows_chinese_workbench(client, make_user, tree):
    make_user("li", memberships=[(tree["city_edu"], Role.HANDLER, ScopeMode.SELF)])
    response = post_login(client, "li", PASSWORD)
    assert response.status_code == 302
    page = client.get(reverse("core:workbench"))
    text = page.content.decode()
    assert "工作台" in text and "甲市教育局" in text and "承办人" in text
    assert AuditEvent.objects.filter(action="accounts.login", actor_name="li").exists()


def test_five_failures_lock_for_fifteen_minutes(client, make_user):
    user = make_user("li")
    for attempt in range(1, 5):
        response = post_login(client, "li", "wrong")
        assert f"再失败 {5 - attempt} 次" in response.content.decode()
    response = post_login(client, "li", "wrong")
    assert "被锁定 15 分钟" in response.content.decode()
    user.refresh_from_db()
    assert timedelta(minutes=14) < user.locked_until - timezone.now() <= timedelta(minutes=15)
    assert AuditEvent.objects.filter(action="accounts.lock", object_id=str(user.pk)).exists()
    # Even the right password is refused while locked.
    response = post_login(client, "li", PASSWORD)
    assert response.status_code == 200 and "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # After the lock expires the right password works and the counter is reset.
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert post_login(client, "li", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.failed_logins == 0 and user.locked_until is None


def test_unknown_user_gets_same_message(client):
    response = post_login(client, "nobody", "whatever")
    assert "用户名或密码错误" in response.content.decode()


def test_secadmin_unlocks(client, make_user, secadmin):
    user = make_user("li")
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    client.force_login(secadmin)
    client.post(reverse("accounts:unlock", args=[user.pk]), {"confirm": "yes"})
    user.refresh_from_db()
    assert user.locked_until is None
    client.logout()
    assert post_login(client, "li", PASSWORD).status_code == 302


def test_policy_change_applies(client, make_user, secadmin):
    services.update_policy(secadmin, max_failed_logins=3, lockout_minutes=30, idle_timeout_minutes=20)
    user = make_user("li")
    for _ in range(3):
        post_login(client, "li", "wrong")
    user.refresh_from_db()
    assert user.locked_until - timezone.now() > timedelta(minutes=29)
    with pytest.raises(ValidationError):
        services.update_policy(secadmin, max_failed_logins=5, lockout_minutes=15, idle_timeout_minutes=90)


@pytest.mark.parametrize("password, ok", [
    ("Abcdefgh12", True), ("abcdefgh1!", True), ("abcdefghij12", False), ("ABCDEFGH12", False),
    ("Abc@12", False), ("password123", False),
])
def test_password_complexity(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_weak_password_rejected_by_service_and_nothing_saved(sysadmin):
    with pytest.raises(ValidationError) as exc:
        services.create_user(sysadmin, username="weak", password="abcdefghij12")
    assert "3 类" in exc.value.message_dict["password"][0]
    assert not User.objects.filter(username="weak").exists()


def test_idle_session_expires_after_thirty_minutes(client, make_user):
    user = make_user("li")
    client.force_login(user)
    client.get(reverse("core:workbench"))
    assert client.session.get_expiry_age() == 30 * 60
    assert client.session.get_expire_at_browser_close() is False
    # A session whose last activity is older than the timeout is gone.
    session = client.session
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 302 and LOGIN in response["Location"]


ADMIN_PAGES = {
    "sysadmin": ["orgs:manage_list", "accounts:user_list", "workdays:years"],
    "secadmin": ["orgs:grants", "accounts:policy"],
    "auditor": ["audit:list"],
}


@pytest.mark.parametrize("who", list(ADMIN_PAGES))
def test_three_admins_cannot_do_each_others_jobs(client, sysadmin, secadmin, auditor, make_user, tree, who):
    users = {"sysadmin": sysadmin, "secadmin": secadmin, "auditor": auditor}
    client.force_login(users[who])
    for owner, pages in ADMIN_PAGES.items():
        for name in pages:
            status = client.get(reverse(name)).status_code
            assert status == (200 if owner == who else 403), (who, name)


def test_business_users_reach_no_admin_page(client, make_user, tree):
    client.force_login(make_user("gkb", memberships=[(tree["city"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)]))
    for pages in ADMIN_PAGES.values():
        for name in pages:
            assert client.get(reverse(name)).status_code == 403


def test_sysadmin_cannot_touch_admin_accounts(sysadmin, auditor):
    with pytest.raises(PermissionDenied):
        services.reset_password(sysadmin, auditor.pk, "Newpass@2026x")
    with pytest.raises(PermissionDenied):
        services.set_user_active(sysadmin, auditor.pk, False)


def test_user_admin_views(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(reverse("accounts:user_create"), {"username": "zhang", "full_name": "张三",
                                                             "password": "short"})
    assert response.status_code == 200 and not User.objects.filter(username="zhang").exists()
    assert "至少" in response.content.decode() or "3 类" in response.content.decode()
    client.post(reverse("accounts:user_create"), {"username": "zhang", "full_name": "张三",
                                                  "password": "Zhang@2026abc"})
    zhang = User.objects.get(username="zhang")
    # Deactivation asks first, then acts.
    page = client.get(reverse("accounts:user_toggle_active", args=[zhang.pk]))
    assert "确定要停用" in page.content.decode()
    zhang.refresh_from_db()
    assert zhang.is_active
    client.post(reverse("accounts:user_toggle_active", args=[zhang.pk]), {"confirm": "yes"})
    zhang.refresh_from_db()
    assert not zhang.is_active


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x7" * 30 + "Qz!_long-random-production-key",
           "ALLOWED_HOSTS": "gongkai.example.gov.cn", "DJANGO_SETTINGS_MODULE": "gongkai.settings",
           "GONGKAI_VAR_DIR": str(tmp_path)}
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DEBUG": "0", "DJANGO_SETTINGS_MODULE": "gongkai.settings", "GONGKAI_VAR_DIR": str(tmp_path)})
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True,
                            text=True)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
