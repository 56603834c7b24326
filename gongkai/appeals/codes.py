"""Vocabularies of the appeals register. The keys are those of the annual report's table 四 (groups and
columns, see ``gongkai.reports.formats.APPEALS``), so the report is one GROUP BY over ``kind``."""

from django.db import models


class CaseKind(models.TextChoices):
    """The three groups of table 四: 行政复议, and 行政诉讼 split by whether a 复议 came first."""

    REVIEW = "review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class CaseResult(models.TextChoices):
    """How a case ended (the table's 结果维持/结果纠正/其他结果). A case with no result is 尚未审结."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"


PENDING = "pending"
PENDING_LABEL = "尚未审结"


class EventKind(models.TextChoices):
    """What happened to a case (its 办理记录, shown on the case page; the audit trail has the same)."""

    CREATED = "created", "登记案件"
    UPDATED = "updated", "修改案件信息"
    CONCLUDED = "concluded", "办结"
    CORRECTED = "corrected", "更正办结信息"
    REOPENED = "reopened", "重新审理"
    DOCUMENT_ADDED = "document_added", "上传文书"
    DOCUMENT_DELETED = "document_deleted", "删除文书"
