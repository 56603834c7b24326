"""督查整改: an office's inspection rounds over the bodies in its area, the findings per body and their
rectification.

- ``Inspection``: one 督查轮次 run by the 公开办 of ``office`` over a period (the computed indicators are read
  for that period), with the letterhead fields of its 通报 (发文机关, 文号, 主送, 抄送, 落款, 发文日期).
- ``InspectionTarget``: one body inspected in a round, with the indicator snapshot taken when the round was
  opened or refreshed (so the 通报 does not change under people's feet), the inspector's notes and an optional
  score/grade the office records.
- ``ChecklistItem``: what is checked; an item may name a computed indicator and a threshold, and a body whose
  value meets the failing condition gets a 系统核查 draft finding when the round is opened.
- ``Finding``: a problem found at one body, with its 整改期限 (``rectify_by``), the body's answer and the
  office's 复查; ``FindingAttachment`` the evidence and the rectification material; ``FindingEvent`` its timeline.

Only ``gongkai.inspections.services`` writes these tables.
"""

import datetime as dt

from django.conf import settings
from django.db import models

from .codes import (
    AWAITING_BODY,
    SEVERITY_POINTS,
    AttachmentKind,
    Comparison,
    EventKind,
    FindingStatus,
    RoundStatus,
    Severity,
    Source,
    cn_date,
)


class Inspection(models.Model):
    office = models.ForeignKey("orgs.Organization", verbose_name="督查机关", on_delete=models.PROTECT,
                               related_name="+", help_text="由该机关的政务公开办公室组织督查")
    title = models.CharField("督查名称", max_length=200, help_text="如：2026年第二季度政府信息公开工作督查")
    period_start = models.DateField("督查期间起")
    period_end = models.DateField("督查期间止")
    description = models.TextField("督查内容和方式", blank=True)
    status = models.CharField("状态", max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    many_problems = models.PositiveSmallIntegerField(
        "问题较多的标准（个）", default=3, help_text="发现问题达到该数量的单位在通报中点名")
    # letterhead of the 通报
    issuer_name = models.CharField("发文机关名称", max_length=100, blank=True)
    doc_number = models.CharField("文号", max_length=100, blank=True, help_text="如：示例市政务公开办〔2026〕3号")
    issued_on = models.DateField("发文日期", null=True, blank=True)
    main_recipients = models.CharField("主送", max_length=300, blank=True, help_text="如：各区县人民政府，市各委办局")
    cc = models.CharField("抄送", max_length=300, blank=True)
    signature = models.CharField("落款", max_length=100, blank=True, help_text="留空时使用发文机关名称")
    opened_on = models.DateField("开始日期", null=True, blank=True)
    closed_on = models.DateField("结束日期", null=True, blank=True)
    snapshot_on = models.DateField("指标取数日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "督查"
        verbose_name_plural = "督查"
        ordering = ["-period_end", "-id"]
        indexes = [models.Index(fields=["office", "status"], name="inspections_office_status")]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == RoundStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    @property
    def period_label(self) -> str:
        return f"{cn_date(self.period_start)}至{cn_date(self.period_end)}"

    @property
    def issuer(self) -> str:
        return self.issuer_name or self.office.name

    @property
    def signer(self) -> str:
        return self.signature or self.issuer


class InspectionTarget(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    org = models.ForeignKey("orgs.Organization", verbose_name="被督查单位", on_delete=models.PROTECT,
                            related_name="+")
    notes = models.TextField("督查记录", blank=True)
    snapshot = models.JSONField("指标快照", default=dict, blank=True)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True,
                                help_text="留空时按发现问题扣分计算（满分100分）")
    grade = models.CharField("等次", max_length=20, blank=True, help_text="如：优秀、良好、合格、不合格")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "被督查单位"
        verbose_name_plural = "被督查单位"
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["inspection", "org"], name="inspections_target_unique")]

    def __str__(self):
        return f"{self.inspection} · {self.org}"


class ChecklistItem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    text = models.CharField("检查内容", max_length=300)
    indicator_code = models.CharField("平台指标", max_length=40, blank=True)
    comparison = models.CharField("不合格条件", max_length=2, choices=Comparison.choices, blank=True)
    threshold = models.DecimalField("阈值", max_digits=10, decimal_places=1, null=True, blank=True)
    severity = models.CharField("问题程度", max_length=10, choices=Severity.choices, default=Severity.MINOR)
    deduction = models.DecimalField("每个问题扣分", max_digits=4, decimal_places=1, null=True, blank=True,
                                    help_text="留空时按问题程度扣分：一般2分、较重5分、严重10分")
    order = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "检查项目"
        verbose_name_plural = "检查项目"
        ordering = ["order", "id"]

    def __str__(self):
        return self.text

    @property
    def is_automatic(self) -> bool:
        return bool(self.indicator_code)

    def points(self, severity: str):
        return self.deduction if self.deduction is not None else SEVERITY_POINTS[severity]


class Finding(models.Model):
    target = models.ForeignKey(InspectionTarget, on_delete=models.PROTECT, related_name="findings")
    item = models.ForeignKey(ChecklistItem, verbose_name="检查项目", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="findings")
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    description = models.TextField("问题描述")
    severity = models.CharField("问题程度", max_length=10, choices=Severity.choices, default=Severity.MINOR)
    status = models.CharField("状态", max_length=10, choices=FindingStatus.choices, default=FindingStatus.PENDING)
    found_on = models.DateField("发现日期", null=True, blank=True, help_text="确认（下发）问题的日期")
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    response = models.TextField("整改情况", blank=True)
    answered_on = models.DateField("反馈日期", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    closed_on = models.DateField("整改完成日期", null=True, blank=True)
    recheck_note = models.TextField("复查意见", blank=True)
    late_recorded = models.BooleanField("曾逾期整改", default=False,
                                        help_text="整改情况晚于整改期限反馈后保持为真，重新整改也不清除")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "督查问题"
        verbose_name_plural = "督查问题"
        ordering = ["target__org__path", "id"]
        indexes = [models.Index(fields=["status", "closed_on"], name="inspections_finding_status")]

    def __str__(self):
        text = self.description.splitlines()[0] if self.description else ""
        return f"{self.target.org.name}：{text[:40]}"

    @property
    def org(self):
        return self.target.org

    @property
    def is_draft(self) -> bool:
        return self.status == FindingStatus.DRAFT

    @property
    def is_unresolved(self) -> bool:
        return self.status in (FindingStatus.PENDING, FindingStatus.ANSWERED, FindingStatus.REOPENED)

    def late_on(self, today: dt.date) -> bool:
        """逾期整改: answered after the deadline (now or in an earlier round of 整改), or still waiting for the
        body's answer past it. A finding answered in time and closed by a later 复查 is not late."""
        if self.status == FindingStatus.DRAFT or self.rectify_by is None:
            return False
        if self.late_recorded:
            return True
        if self.status in AWAITING_BODY:
            return today > self.rectify_by
        return self.answered_on is not None and self.answered_on > self.rectify_by

    @property
    def points(self):
        return self.item.points(self.severity) if self.item_id else SEVERITY_POINTS[self.severity]


def attachment_path(instance, filename):
    return f"inspections/{instance.finding_id}/{instance.stored_name}"


class FindingAttachment(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("类别", max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "问题附件"
        verbose_name_plural = "问题附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class FindingEvent(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)
    comment = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.on:%Y-%m-%d}"
