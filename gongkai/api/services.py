"""Creating, revoking and checking API tokens.

A token is ``gk_`` followed by 40 URL-safe random characters (240 bits). It is printed once; the database
keeps its SHA-256 hash (a high-entropy secret needs no slow, salted hash, and an exact-match lookup by hash
keeps the check to one indexed query) and its first 8 characters, unique, to name it when revoking. The 三员
administrators cannot hold tokens: they have no business data to read, and their own work stays behind the
signed-in pages.
"""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record, snapshot

from .models import ApiToken

TOKEN_PREFIX = "gk_"
TOKEN_RANDOM_BYTES = 30  # 40 URL-safe characters
TOKEN_LENGTH = len(TOKEN_PREFIX) + 40
DISPLAY_PREFIX_LENGTH = 8
AUDITED_FIELDS = ("user", "name", "key_prefix", "created_at", "revoked_at")
# Recording every request's time would turn each read into a write; a minute's precision is enough to
# tell a token in use from a forgotten one.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class TokenRejected(Exception):
    """The presented token does not authenticate anyone; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user, *, name: str = "", actor=None, request=None) -> tuple[ApiToken, str]:
    """Issue a token for ``user``; returns the row and the secret, which is not stored and cannot be
    shown again. ``actor`` is None when an operator runs the management command."""
    if user.admin_role:
        raise PermissionDenied("三员管理员账号不能获取 API 令牌。")
    if not user.is_active:
        raise ValidationError({"user": "该账号已停用，不能获取 API 令牌。"})
    name = (name or "").strip()
    if len(name) > 100:
        raise ValidationError({"name": "令牌名称不能超过 100 字。"})
    while True:
        secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_RANDOM_BYTES)
        # The display prefix is unique so that it names exactly one token when revoking.
        if not ApiToken.objects.filter(key_prefix=secret[:DISPLAY_PREFIX_LENGTH]).exists():
            break
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, key_prefix=secret[:DISPLAY_PREFIX_LENGTH],
                                        key_hash=hash_token(secret))
        record(actor=actor, action="api.token.create", obj=token, after=snapshot(token, AUDITED_FIELDS),
               request=request)
    return token, secret


def revoke_token(prefix: str, *, actor=None, request=None) -> ApiToken:
    prefix = (prefix or "").strip()
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").filter(key_prefix=prefix).first()
        if token is None:
            raise ValidationError({"prefix": f"未找到前缀为“{prefix}”的令牌。"})
        if token.revoked_at is not None:
            raise ValidationError({"prefix": f"该令牌已于 {timezone.localtime(token.revoked_at):%Y-%m-%d %H:%M} 吊销。"})
        before = snapshot(token, AUDITED_FIELDS)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="api.token.revoke", obj=token, before=before,
               after=snapshot(token, AUDITED_FIELDS), request=request)
    return token


def authenticate(secret: str):
    """The active user a token belongs to, or ``TokenRejected``."""
    secret = (secret or "").strip()
    if not secret.startswith(TOKEN_PREFIX) or len(secret) != TOKEN_LENGTH:
        raise TokenRejected("令牌无效。")
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(secret)).first()
    if token is None:
        raise TokenRejected("令牌无效。")
    if token.revoked_at is not None:
        raise TokenRejected("令牌已被吊销。")
    user = token.user
    if not user.is_active:
        raise TokenRejected("令牌所属账号已停用。")
    if user.admin_role:
        # The account became an administrator account after the token was issued.
        raise TokenRejected("三员管理员账号不能使用 API。")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user
