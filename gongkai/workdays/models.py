"""The statutory working-day calendar as stored: loaded years, per-date overrides, and a change token.

Only real deviations from the Monday–Friday week are stored: statutory holidays that fall on a weekday
(``holiday``) and 调休 working days that fall on a weekend (``workday``). A year counts as loaded only when
it has a ``CalendarYear`` row; computations on other years refuse to guess. Rows are written only by
``gongkai.workdays.services`` (and the seeding migration), which also renew ``CalendarRevision``.
"""

from django.db import models
from django.utils import timezone

from . import calendar


class OverrideKind(models.TextChoices):
    HOLIDAY = calendar.HOLIDAY, "法定节假日（工作日休息）"
    WORKDAY = calendar.WORKDAY, "调休上班（周末上班）"


class CalendarSource(models.TextChoices):
    PACKAGE = "chinesecalendar", "chinesecalendar 软件包"
    MANUAL = "manual", "手工录入"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("来源", max_length=20, choices=CalendarSource.choices)
    loaded_at = models.DateTimeField("载入时间", default=timezone.now)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "工作日历年度"
        verbose_name_plural = "工作日历年度"
        ordering = ["year"]

    def __str__(self):
        return f"{self.year} 年工作日历"


class CalendarOverride(models.Model):
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=OverrideKind.choices)
    name = models.CharField("节日名称", max_length=60)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=calendar.KINDS), name="workdays_override_kind"),
        ]

    def __str__(self):
        return f"{self.date.isoformat()} {self.get_kind_display()}：{self.name}"

    @property
    def weekday_name(self) -> str:
        return calendar.weekday_name(self.date)

    def as_override(self) -> calendar.Override:
        return calendar.Override(self.kind, self.name)


class CalendarRevision(models.Model):
    """Singleton (pk=1) whose token changes with every calendar change.

    Each process caches its ``WorkCalendar`` together with the token it was built under and rebuilds when
    the stored token differs, so a change made in one worker process reaches all of them. A random token
    (not a counter) keeps a rolled-back change from ever matching a later, different one.
    """

    token = models.CharField("版本标识", max_length=32)
    changed_at = models.DateTimeField("变更时间", default=timezone.now)

    class Meta:
        verbose_name = "工作日历版本"
        verbose_name_plural = "工作日历版本"

    def __str__(self):
        return f"工作日历版本 {self.token}"
