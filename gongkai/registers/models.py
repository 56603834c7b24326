"""The registers behind table 二 of the annual report.

- ``PowerItem``: one 权责清单 item of a body with the period it is in force; the table's 上一年项目数量 and
  本年增/减 are counts of items in force at two year ends (``selectors.items_in_force``).
- ``Decision``: one administrative decision (行政许可/行政处罚/行政强制), imported in bulk (``ImportBatch``);
  the table's 处理决定数量 is a GROUP BY over (org, kind, decided_on).
- ``DecisionTotal``: the yearly count of one kind for a body whose decisions live in another system. For one
  (org, year, kind) a body keeps either decision rows or a total, never both (the services refuse the mix).
- ``FeeIncome`` (2021 format: 行政事业性收费金额, 万元) and ``Procurement`` (2019 format: 政府集中采购).

Only ``gongkai.registers.services`` (with its import engine, ``importer``) writes these tables.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongkai.core.validators import mask_middle

from .codes import AmountUnit, BatchStatus, DecisionKind, ImportMode, PowerKind, SubjectKind


class PowerItem(models.Model):
    """A 权责清单 item. ``effective_to`` is the last day the item is in force (inclusive); empty while it is."""

    org = models.ForeignKey("orgs.Organization", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=16, choices=PowerKind.choices)
    code = models.CharField("事项编码", max_length=64)
    name = models.CharField("事项名称", max_length=200)
    basis = models.TextField("设定依据", blank=True)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("终止日期", null=True, blank=True, help_text="最后一天有效的日期；仍有效的留空")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "权责清单事项"
        verbose_name_plural = "权责清单事项"
        ordering = ["org__path", "kind", "code", "-effective_from"]
        indexes = [models.Index(fields=["org", "kind", "effective_from"], name="registers_item_org_kind")]
        constraints = [
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                                   name="registers_item_period_order"),
            # One open-ended item per code and body; the service also refuses overlapping closed periods.
            models.UniqueConstraint(fields=["org", "code"], condition=Q(effective_to__isnull=True),
                                    name="registers_item_one_open_per_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def in_force_on(self, on) -> bool:
        return self.effective_from <= on and (self.effective_to is None or self.effective_to >= on)


class ImportBatch(models.Model):
    """One upload of decisions: who, when, which file, how it went. ``org`` is the lowest body above every
    body the file had rows for (it decides who else may see the batch); empty when no row named a body."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT,
                              related_name="+")
    org = models.ForeignKey("orgs.Organization", verbose_name="涉及机构", null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+")
    filename = models.CharField("文件名", max_length=255)
    file_format = models.CharField("格式", max_length=8)
    encoding = models.CharField("编码", max_length=16, blank=True)
    mode = models.CharField("导入方式", max_length=16, choices=ImportMode.choices)
    status = models.CharField("状态", max_length=12, choices=BatchStatus.choices, default=BatchStatus.RUNNING)
    total = models.PositiveIntegerField("数据行数", default=0)
    imported = models.PositiveIntegerField("已导入", default=0)
    duplicates = models.PositiveIntegerField("重复跳过", default=0)
    rejected = models.PositiveIntegerField("有错误的行", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors_stored = models.PositiveIntegerField("保存的错误数", default=0)
    message = models.CharField("说明", max_length=500, blank=True)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    elapsed = models.FloatField("用时（秒）", default=0)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["actor", "started_at"], name="registers_batch_actor")]

    def __str__(self):
        return f"导入批次 #{self.pk} {self.filename}"

    @property
    def rows_per_second(self) -> int:
        return int(self.total / self.elapsed) if self.elapsed > 0 else 0


class ImportRowError(models.Model):
    """One problem found in one cell (or line) of an imported file; ``line`` is the file's own line or row
    number, so the person who uploaded it can find the row."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="row_errors")
    line = models.PositiveIntegerField("行号")
    column = models.CharField("列", max_length=50, blank=True)
    value = models.CharField("内容", max_length=200, blank=True)
    message = models.CharField("问题", max_length=300)

    class Meta:
        verbose_name = "导入错误"
        verbose_name_plural = "导入错误"
        ordering = ["batch", "id"]

    def __str__(self):
        return f"第{self.line}行 {self.column}：{self.message}"


class Decision(models.Model):
    """One administrative decision. Identity numbers are stored as given; ``subject_id_masked`` is what any
    list, export or public page shows for a natural person."""

    # The unique constraint and the counting index both start with org, so no separate FK index is needed:
    # every extra index costs time on bulk imports of hundreds of thousands of rows.
    org = models.ForeignKey("orgs.Organization", verbose_name="机构", on_delete=models.PROTECT, related_name="+",
                            db_index=False)
    kind = models.CharField("类别", max_length=16, choices=DecisionKind.choices)
    decision_no = models.CharField("决定文书号", max_length=100)
    decided_on = models.DateField("决定日期")
    subject_name = models.CharField("相对人名称", max_length=200)
    subject_kind = models.CharField("相对人类别", max_length=16, choices=SubjectKind.choices)
    subject_id = models.CharField("相对人证件号码", max_length=32, blank=True)
    summary = models.TextField("事由", blank=True)
    basis = models.TextField("依据", blank=True)
    result = models.TextField("结果", blank=True)
    # No database constraint: the batch row is written by the same import, in the same transaction, and batches
    # are never deleted; a deferred foreign-key check per imported row would add a third to a PostgreSQL import.
    import_batch = models.ForeignKey(ImportBatch, verbose_name="导入批次", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False)
    source_line = models.PositiveIntegerField("源文件行号", null=True, blank=True)

    class Meta:
        verbose_name = "行政决定"
        verbose_name_plural = "行政决定"
        constraints = [models.UniqueConstraint(fields=["org", "decision_no"], name="registers_decision_unique_no")]
        indexes = [
            # The annual report: COUNT(*) GROUP BY org, kind for decided_on within one year.
            models.Index(fields=["org", "kind", "decided_on"], name="registers_dec_org_kind_date"),
            # The staff list, newest first: without it a body's page sorts all its rows (seconds at a million).
            models.Index(fields=["org", "decided_on", "id"], name="registers_dec_org_date"),
        ]

    def __str__(self):
        return self.decision_no

    @property
    def subject_id_masked(self) -> str:
        return mask_subject_id(self.subject_kind, self.subject_id)


def mask_subject_id(subject_kind: str, subject_id: str) -> str:
    """Natural persons' identity numbers are personal information; organisations' codes are public."""
    if subject_kind != SubjectKind.NATURAL_PERSON or not subject_id:
        return subject_id
    return mask_middle(subject_id, 4, 4) if len(subject_id) > 8 else mask_middle(subject_id, 1, 1)


class DecisionTotal(models.Model):
    """The year's number of decisions of one kind, for a body whose decisions are kept in another system."""

    org = models.ForeignKey("orgs.Organization", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=16, choices=DecisionKind.choices)
    count = models.PositiveIntegerField("处理决定数量")
    source = models.CharField("数据来源", max_length=100, help_text="如：省双公示系统")
    note = models.CharField("备注", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "处理决定年度总数"
        verbose_name_plural = "处理决定年度总数"
        ordering = ["-year", "org__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "kind"], name="registers_total_unique")]

    def __str__(self):
        return f"{self.year}年{self.get_kind_display()}处理决定 {self.count} 件"


class FeeIncome(models.Model):
    """行政事业性收费 collected in a year, in 万元 (the unit the 2021 format prints in its header)."""

    org = models.ForeignKey("orgs.Organization", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    amount_wan = models.DecimalField("收费金额（万元）", max_digits=16, decimal_places=4)
    note = models.CharField("备注", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "行政事业性收费金额"
        verbose_name_plural = "行政事业性收费金额"
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="registers_fee_unique")]

    def __str__(self):
        return f"{self.year}年收费 {self.amount_wan} 万元"


class Procurement(models.Model):
    """政府集中采购 of a year (2019 format, 第二十条第（九）项). Reports write the amount in 元 or in 万元, so the
    unit is kept with it."""

    org = models.ForeignKey("orgs.Organization", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    projects = models.PositiveIntegerField("采购项目数量")
    amount = models.DecimalField("采购总金额", max_digits=20, decimal_places=4)
    amount_unit = models.CharField("金额单位", max_length=4, choices=AmountUnit.choices, default=AmountUnit.WAN)
    note = models.CharField("备注", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府集中采购"
        verbose_name_plural = "政府集中采购"
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="registers_procurement_unique")]

    def __str__(self):
        return f"{self.year}年政府集中采购 {self.projects} 项"

    @property
    def amount_wan(self) -> Decimal:
        return self.amount if self.amount_unit == AmountUnit.WAN else self.amount / Decimal(10000)
