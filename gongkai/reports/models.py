"""The annual report of a body for a year, the manual figures that override computed ones, and requests for
figures sent to subordinate bodies.

A report's figures are the canonical tables (``formats.py``): for a computed report ``computed`` holds what the
records give (refreshed on demand) and ``overrides`` record every hand-entered change with the computed value
beside it; for a report filled in by hand (collected from a body that does not keep its records here) there is
no computed value and every cell is entered. ``tables`` are the effective figures. Only
``gongkai.reports.services`` changes these rows.
"""

from django.conf import settings
from django.db import models

from .formats import FORMATS


class Scope(models.TextChoices):
    SELF = "self", "本机关"
    GOVERNMENT = "government", "本级政府及其工作部门"
    SUBTREE = "subtree", "本机关及全部下级机构"


class Source(models.TextChoices):
    COMPUTED = "computed", "由平台数据生成"
    MANUAL = "manual", "机关填报"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待审核"
    APPROVED = "approved", "已审核待发布"
    PUBLISHED = "published", "已发布"


class Collection(models.TextChoices):
    """The state of a report requested from a subordinate body by a disclosure office."""

    NONE = "", "—"
    REQUESTED = "requested", "待填报"
    SUBMITTED = "submitted", "已报送待确认"
    RETURNED = "returned", "已退回修改"
    ACCEPTED = "accepted", "已确认采用"


FORMAT_CHOICES = [(key, f"{fmt.name}（{fmt.document}）") for key, fmt in FORMATS.items()]


class AnnualReport(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="报告机关", on_delete=models.PROTECT,
                            related_name="annual_reports")
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("报告格式", max_length=4, choices=FORMAT_CHOICES)
    scope = models.CharField("统计范围", max_length=12, choices=Scope.choices, default=Scope.SELF)
    source = models.CharField("数据来源", max_length=12, choices=Source.choices, default=Source.COMPUTED)
    title = models.CharField("标题", max_length=200)
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              db_index=True)
    # Narrative: {"0": text before chapter 一, "1".."6": chapter text (2–4: text printed before the table)}.
    chapters = models.JSONField("正文", default=dict, blank=True)
    computed = models.JSONField("平台计算结果", null=True, blank=True)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    tables = models.JSONField("报告数据", default=dict)
    findings = models.JSONField("核对结果", default=list, blank=True)
    acknowledged = models.JSONField("已确认的警告", default=list, blank=True)
    collection = models.CharField("报送状态", max_length=12, choices=Collection.choices, default="", blank=True)
    requested_by = models.ForeignKey("orgs.Organization", verbose_name="要求报送的机关", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="requested_reports")
    request_note = models.TextField("报送要求", blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published = models.JSONField("发布内容", null=True, blank=True)  # frozen document at publication
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="report_one_per_body_year")]

    def __str__(self):
        return self.title

    def canonical(self) -> dict:
        return {"issuer": self.org.name, "year": self.year, "format": self.format, "complete": True,
                "tables": self.tables, "findings": self.findings}


class Override(models.Model):
    """A hand-entered figure replacing a computed one: both values, who and why."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="overrides")
    cell = models.CharField("单元格", max_length=80)
    computed_value = models.JSONField("平台计算值", null=True)
    value = models.JSONField("填报值", null=True)
    reason = models.TextField("理由")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now=True)

    class Meta:
        verbose_name = "人工修正"
        verbose_name_plural = "人工修正"
        ordering = ["cell"]
        constraints = [models.UniqueConstraint(fields=["report", "cell"], name="override_one_per_cell")]

    def __str__(self):
        return f"{self.cell}: {self.computed_value} → {self.value}"


class ReportEvent(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=24)
    label = models.CharField("操作名称", max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return self.label


def imported_path(instance, filename):
    return f"reports/imported/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class ImportedReport(models.Model):
    """A report another body published, read into the canonical JSON by ``reader`` and kept by the office that
    uploaded it: to look at with its findings, to compare with other bodies and to accept as a subordinate
    body's figures for a year."""

    office = models.ForeignKey("orgs.Organization", verbose_name="上传机关", on_delete=models.PROTECT,
                               related_name="imported_reports")
    org = models.ForeignKey("orgs.Organization", verbose_name="报告机关", null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+",
                            help_text="按报告标题中的机关名称在上传机关的下级机构中匹配；可在采用时另选")
    original_name = models.CharField("文件名", max_length=200)
    file = models.FileField(upload_to=imported_path)
    extension = models.CharField(max_length=8)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    report = models.JSONField("读取结果")
    issuer = models.CharField("报告机关（读取）", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年度（读取）", null=True, blank=True)
    format = models.CharField("格式", max_length=4)
    complete = models.BooleanField("完整")
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    accepted = models.ForeignKey(AnnualReport, verbose_name="已采用为", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "读取的年度报告"
        verbose_name_plural = "读取的年度报告"
        ordering = ["-uploaded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["office", "sha256"], name="imported_once_per_office")]

    def __str__(self):
        return f"{self.original_name}（{self.issuer or '未识别机关'} {self.year or ''}）"
