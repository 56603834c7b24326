"""考核评估: an office's evaluation of the bodies in its area.

- ``Scheme`` (考核方案): an office's set of indicators, each worth ``weight`` points (full marks);
  ``SchemeIndicator.source`` names a computed indicator of ``gongkai.supervision.indicators`` (looked up at run
  time: an indicator another app registers may be missing) or ``manual`` (人工评分).
- ``Evaluation``: a scheme applied to chosen bodies over a period. While 评分中 its results are computed
  live; publication freezes them into ``results`` (the JSON of ``score.Result.to_dict()``).
- ``ManualScore``: the points a body gets on a manual indicator in one evaluation, with the reason.

Only ``gongkai.evaluation.services`` writes these tables.
"""

from django.conf import settings
from django.db import models

MANUAL = "manual"


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "启用"


class NotApplicable(models.TextChoices):
    FULL = "full", "得满分"
    ZERO = "zero", "得0分"


class EvaluationStatus(models.TextChoices):
    SCORING = "scoring", "评分中"
    PUBLISHED = "published", "已发布"


class Scheme(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="考核机关", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("方案名称", max_length=200)
    year = models.PositiveSmallIntegerField("适用年度", null=True, blank=True)
    description = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=16, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="evaluation_scheme_unique_name")]

    def __str__(self):
        return self.name


class SchemeIndicator(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("指标名称", max_length=100)
    source = models.CharField("来源", max_length=40, help_text="平台计算指标的代码，或 manual（人工评分）")
    weight = models.DecimalField("分值", max_digits=6, decimal_places=2)
    deduct_per_unit = models.DecimalField("每件扣分", max_digits=6, decimal_places=2, null=True, blank=True)
    target = models.DecimalField("目标值", max_digits=10, decimal_places=2, null=True, blank=True)
    not_applicable = models.CharField("无数据时", max_length=8, choices=NotApplicable.choices,
                                      default=NotApplicable.FULL)
    description = models.TextField("评分说明", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return f"{self.name}（{self.weight}分）"

    @property
    def is_manual(self) -> bool:
        return self.source == MANUAL


class Evaluation(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.PROTECT, related_name="evaluations")
    name = models.CharField("考核名称", max_length=200)
    start = models.DateField("统计期开始")
    end = models.DateField("统计期结束")
    bodies = models.ManyToManyField("orgs.Organization", verbose_name="被考核机关", related_name="+")
    status = models.CharField("状态", max_length=16, choices=EvaluationStatus.choices,
                              default=EvaluationStatus.SCORING)
    results = models.JSONField("发布的结果", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "考核评估"
        verbose_name_plural = "考核评估"
        ordering = ["-end", "-id"]

    def __str__(self):
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == EvaluationStatus.PUBLISHED


class ManualScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="manual_scores")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(SchemeIndicator, on_delete=models.PROTECT, related_name="manual_scores")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    reason = models.TextField("评分理由", blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    scored_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "人工评分"
        verbose_name_plural = "人工评分"
        constraints = [models.UniqueConstraint(fields=["evaluation", "org", "indicator"],
                                               name="evaluation_manual_unique")]

    def __str__(self):
        return f"{self.indicator.name}：{self.score}分"
