"""Work records that feed the annual report's narrative (工作记录).

- ``WorkRecord``: one 新闻发布会, 在线访谈, 政策解读 sent to a higher level, or 培训 held by a body on a day;
  a training carries its attendees count (参会人次), the others may.
- ``NewMediaAccount``: a body's 政务新媒体 account (platform and name), and ``NewMediaMonth`` the number of
  posts it published in one month (``month`` is the first day of that month; one row per account and month).

Only ``gongkai.workrecords.services`` writes these tables.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .codes import Platform, RecordKind


class WorkRecord(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=32, choices=RecordKind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("主题", max_length=300)
    place = models.CharField("地点或平台", max_length=200, blank=True)
    attendees = models.PositiveIntegerField("参加人次", null=True, blank=True)
    participants = models.TextField("发布人/嘉宾/授课人", blank=True)
    link = models.URLField("链接", max_length=500, blank=True)
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工作记录"
        verbose_name_plural = "工作记录"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "kind", "held_on"], name="workrecords_org_kind_day")]
        constraints = [
            models.CheckConstraint(condition=~Q(kind=RecordKind.TRAINING) | Q(attendees__isnull=False),
                                   name="workrecords_training_has_attendees"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}（{self.held_on:%Y-%m-%d}）"


class NewMediaAccount(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    platform = models.CharField("平台", max_length=16, choices=Platform.choices)
    name = models.CharField("账号名称", max_length=100)
    is_active = models.BooleanField("运营中", default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        ordering = ["org__path", "platform", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "platform", "name"], name="workrecords_account_unique"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_platform_display()}）"


class NewMediaMonth(models.Model):
    account = models.ForeignKey(NewMediaAccount, verbose_name="账号", on_delete=models.CASCADE, related_name="months")
    month = models.DateField("月份", help_text="该月的第一天")
    posts = models.PositiveIntegerField("发布信息条数")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政务新媒体月度发布数"
        verbose_name_plural = "政务新媒体月度发布数"
        ordering = ["account", "month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="workrecords_month_unique"),
        ]

    def __str__(self):
        return f"{self.account} {self.month:%Y年%m月}：{self.posts}条"
