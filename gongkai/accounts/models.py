"""Staff accounts and the platform's security policy.

Administration follows 三员分立: the 系统管理员 (bodies, users, calendar), the 安全管理员 (role assignment,
security policy, unlocking) and the 安全审计员 (reads the audit trail) are separate accounts, each with one
``admin_role`` and no business memberships; none can do another's job.
"""

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class AdminRole(models.TextChoices):
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "安全审计员"


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    admin_role = models.CharField("管理员角色", max_length=16, choices=AdminRole.choices, blank=True)
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self):
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_sysadmin(self) -> bool:
        return self.admin_role == AdminRole.SYSADMIN

    @property
    def is_secadmin(self) -> bool:
        return self.admin_role == AdminRole.SECADMIN

    @property
    def is_auditor(self) -> bool:
        return self.admin_role == AdminRole.AUDITOR


class SecurityPolicy(models.Model):
    """Singleton (pk=1) kept by the 安全管理员."""

    max_failed_logins = models.PositiveSmallIntegerField(
        "连续登录失败锁定次数", default=5, validators=[MinValueValidator(3), MaxValueValidator(10)])
    lockout_minutes = models.PositiveSmallIntegerField(
        "锁定时长（分钟）", default=15, validators=[MinValueValidator(5), MaxValueValidator(1440)])
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        "会话空闲超时（分钟）", default=30, validators=[MinValueValidator(5), MaxValueValidator(30)])
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"

    def __str__(self):
        return "安全策略"

    @classmethod
    def current(cls) -> "SecurityPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy
