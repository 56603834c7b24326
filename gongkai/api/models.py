"""API tokens (接口令牌). The secret is shown once when created; only its SHA-256 hash is stored, with the
first characters kept for display and for naming the token when revoking it."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT,
                             related_name="api_tokens")
    name = models.CharField("名称", max_length=100, blank=True)
    key_prefix = models.CharField("令牌前缀", max_length=8, unique=True)
    key_hash = models.CharField("令牌哈希", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        label = f"“{self.name}”" if self.name else ""
        return f"API 令牌{label}（{self.key_prefix}…）· {self.user.username}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
