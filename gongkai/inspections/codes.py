"""Vocabularies of the inspections app (督查整改): the state of a round, of a finding, severities, the
comparisons a checklist item applies to a computed indicator, and the events of a finding's timeline."""

import datetime as dt
import operator
from decimal import Decimal

from django.db import models


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class Severity(models.TextChoices):
    MINOR = "minor", "一般"
    MAJOR = "major", "较重"
    SERIOUS = "serious", "严重"


# Points a finding deducts from a body's score when its checklist item sets none.
SEVERITY_POINTS = {Severity.MINOR: Decimal("2"), Severity.MAJOR: Decimal("5"), Severity.SERIOUS: Decimal("10")}
FULL_SCORE = Decimal("100")


class FindingStatus(models.TextChoices):
    """A 系统核查 finding starts as a draft the inspector confirms (or discards); a confirmed finding is
    待整改 until the body answers (已反馈); the office's 复查 closes it (已整改) or sends it back (重新整改)."""

    DRAFT = "draft", "待确认"
    PENDING = "pending", "待整改"
    ANSWERED = "answered", "已反馈"
    CLOSED = "closed", "已整改"
    REOPENED = "reopened", "重新整改"


AWAITING_BODY = (FindingStatus.PENDING, FindingStatus.REOPENED)  # the body has to act
ISSUED = (FindingStatus.PENDING, FindingStatus.ANSWERED, FindingStatus.CLOSED, FindingStatus.REOPENED)
UNRESOLVED = (FindingStatus.PENDING, FindingStatus.ANSWERED, FindingStatus.REOPENED)


class Source(models.TextChoices):
    MANUAL = "manual", "人工检查"
    SYSTEM = "system", "系统核查"


class Comparison(models.TextChoices):
    """The condition under which a body fails an indicator-based checklist item."""

    LT = "lt", "<"
    LE = "le", "≤"
    GT = "gt", ">"
    GE = "ge", "≥"


COMPARE = {Comparison.LT: operator.lt, Comparison.LE: operator.le, Comparison.GT: operator.gt,
           Comparison.GE: operator.ge}


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", "问题证据"
    RESPONSE = "response", "整改材料"


class EventKind(models.TextChoices):
    DRAFTED = "drafted", "系统核查发现"
    RECORDED = "recorded", "记录问题"
    ISSUED = "issued", "确认问题"
    EVIDENCE = "evidence", "补充证据"
    ANSWERED = "answered", "反馈整改情况"
    PASSED = "passed", "复查通过"
    FAILED = "failed", "复查未通过"


def cn_date(day: dt.date) -> str:
    """2026年6月15日, as 公文 write dates."""
    return f"{day.year}年{day.month}月{day.day}日"
