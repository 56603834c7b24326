"""Account state changes: sign-in with lockout, user administration (系统管理员), security policy and
unlocking (安全管理员), own password changes. Every change is audited."""

from datetime import timedelta

from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.audit.services import record, snapshot

from .middleware import forget_cached_policy
from .models import SecurityPolicy, User

USER_FIELDS = ("username", "full_name", "phone", "email")


class LoginError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def sign_in(request, username: str, password: str) -> User:
    """Authenticate, counting failures: after ``max_failed_logins`` the account locks for
    ``lockout_minutes``. The same message is given for an unknown user and a wrong password."""
    policy = SecurityPolicy.current()
    username = (username or "").strip()
    account = User.objects.filter(username=username).first()
    now = timezone.now()
    if account is not None and account.locked_until and account.locked_until > now:
        minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)
        raise LoginError(f"账号因连续登录失败已被锁定，请约 {minutes} 分钟后再试，或联系安全管理员解锁。")
    user = authenticate(request, username=username, password=password)
    if user is None:
        if account is None:
            raise LoginError("用户名或密码错误。")
        # Count the failure and maybe lock, committed before the error is raised.
        with transaction.atomic():
            User.objects.filter(pk=account.pk).update(failed_logins=F("failed_logins") + 1)
            account.refresh_from_db(fields=["failed_logins"])
            locked = account.failed_logins >= policy.max_failed_logins
            if locked:
                account.locked_until = now + timedelta(minutes=policy.lockout_minutes)
                account.failed_logins = 0
                account.save(update_fields=["locked_until", "failed_logins"])
                record(actor=None, action="accounts.lock", obj=account, request=request,
                       after={"locked_until": account.locked_until,
                              "reason": f"连续 {policy.max_failed_logins} 次登录失败"})
        if locked:
            raise LoginError(f"用户名或密码错误。账号已因连续 {policy.max_failed_logins} 次登录失败"
                             f"被锁定 {policy.lockout_minutes} 分钟。")
        left = policy.max_failed_logins - account.failed_logins
        raise LoginError(f"用户名或密码错误。再失败 {left} 次账号将被锁定。")
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    record(actor=user, action="accounts.login", obj=user, request=request)
    return user


def _require(actor, attr: str, message: str):
    if not getattr(actor, attr, False) or not actor.is_active:
        raise PermissionDenied(message)


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as e:
        raise ValidationError({"password": e.messages}) from e


def create_user(actor, *, username: str, password: str, full_name: str = "", phone: str = "",
                email: str = "", request=None) -> User:
    """系统管理员 creates a business account (no roles: the 安全管理员 grants those)."""
    _require(actor, "is_sysadmin", "只有系统管理员可以创建用户。")
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": "请填写用户名。"})
    user = User(username=username, full_name=full_name.strip(), phone=phone.strip(), email=email.strip())
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as e:
        raise ValidationError(e.message_dict) from e
    _validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record(actor=actor, action="accounts.user.create", obj=user, after=snapshot(user), request=request)
    return user


def _business_user_for_update(actor, user_id: int) -> User:
    user = User.objects.select_for_update().get(pk=user_id)
    if user.admin_role:
        raise PermissionDenied("三员账号只能通过命令行维护（见运维文档）。")
    return user


def update_user(actor, user_id: int, *, full_name: str, phone: str, email: str = "", request=None) -> User:
    _require(actor, "is_sysadmin", "只有系统管理员可以修改用户信息。")
    with transaction.atomic():
        user = _business_user_for_update(actor, user_id)
        before = snapshot(user, USER_FIELDS)
        user.full_name, user.phone, user.email = full_name.strip(), phone.strip(), email.strip()
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as e:
            raise ValidationError(e.message_dict) from e
        user.save(update_fields=["full_name", "phone", "email"])
        record(actor=actor, action="accounts.user.update", obj=user, before=before,
               after=snapshot(user, USER_FIELDS), request=request)
    return user


def set_user_active(actor, user_id: int, active: bool, *, request=None) -> User:
    _require(actor, "is_sysadmin", "只有系统管理员可以停用或启用用户。")
    with transaction.atomic():
        user = _business_user_for_update(actor, user_id)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        record(actor=actor, action="accounts.user.activate" if active else "accounts.user.deactivate",
               obj=user, before={"is_active": not active}, after={"is_active": active}, request=request)
    return user


def reset_password(actor, user_id: int, new_password: str, *, request=None) -> User:
    _require(actor, "is_sysadmin", "只有系统管理员可以重置密码。")
    with transaction.atomic():
        user = _business_user_for_update(actor, user_id)
        _validate_password(new_password, user)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(actor=actor, action="accounts.user.reset_password", obj=user, request=request)
    return user


def change_own_password(user: User, old_password: str, new_password: str, *, request=None) -> User:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确。"})
    _validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(actor=user, action="accounts.password.change", obj=user, request=request)
    return user


def unlock_user(actor, user_id: int, *, request=None) -> User:
    _require(actor, "is_secadmin", "只有安全管理员可以解锁账号。")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        before = {"locked_until": user.locked_until, "failed_logins": user.failed_logins}
        user.locked_until = None
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])
        record(actor=actor, action="accounts.unlock", obj=user, before=before,
               after={"locked_until": None, "failed_logins": 0}, request=request)
    return user


def update_policy(actor, *, max_failed_logins: int, lockout_minutes: int, idle_timeout_minutes: int,
                  request=None) -> SecurityPolicy:
    _require(actor, "is_secadmin", "只有安全管理员可以修改安全策略。")
    with transaction.atomic():
        SecurityPolicy.current()
        policy = SecurityPolicy.objects.select_for_update().get(pk=1)
        before = snapshot(policy, ["max_failed_logins", "lockout_minutes", "idle_timeout_minutes"])
        policy.max_failed_logins = max_failed_logins
        policy.lockout_minutes = lockout_minutes
        policy.idle_timeout_minutes = idle_timeout_minutes
        try:
            policy.full_clean()
        except ValidationError as e:
            raise ValidationError(e.message_dict) from e
        policy.save()
        record(actor=actor, action="accounts.policy.update", obj=policy, before=before,
               after=snapshot(policy, ["max_failed_logins", "lockout_minutes", "idle_timeout_minutes"]),
               request=request)
    forget_cached_policy()
    return policy


def create_admin_account(*, username: str, password: str, admin_role: str, full_name: str = "") -> User:
    """Bootstrap one of the 三员 accounts from the command line (never from the web UI)."""
    from .models import AdminRole

    if admin_role not in AdminRole.values:
        raise ValidationError(f"未知的管理员角色：{admin_role}")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名 {username} 已存在。")
    user = User(username=username, full_name=full_name, admin_role=admin_role)
    _validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record(actor=None, action="accounts.admin.create", obj=user, after=snapshot(user), request=None)
    return user
