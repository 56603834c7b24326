"""The register of 行政复议 and 行政诉讼 cases about government information disclosure (table 四 of the annual
report, Art. 50(三) of the regulation).

- ``Case``: one case in which a body is the 被申请人 (复议) or 被告 (诉讼). ``result`` is empty while the case
  is 尚未审结; ``concluded_on`` is set exactly when ``result`` is (database constraint). ``application`` links
  the disclosure application the dispute is about, when there is one; it uses PROTECT because a case is
  evidence about that application, which must not disappear while the case refers to it.
- ``CaseDocument``: a 复议决定书, 判决书, 裁定书 … uploaded to a case (content-sniffed on upload).
- ``CaseEvent``: the case's own history (登记, 办结, 重新审理 with its reason, documents), shown on its page.

Only ``gongkai.appeals.services`` writes these tables.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .codes import PENDING_LABEL, CaseKind, CaseResult, EventKind


class Case(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="被申请人/被告机关", on_delete=models.PROTECT,
                            related_name="+")
    kind = models.CharField("案件类型", max_length=32, choices=CaseKind.choices)
    case_no = models.CharField("案号", max_length=100, blank=True,
                               help_text="如：示府复〔2020〕12号、（2020）示0102行初45号；同一机关的案号不能重复")
    application = models.ForeignKey("applications.Application", verbose_name="涉及的公开申请", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    applicant_name = models.CharField("申请人/原告", max_length=200)
    filed_on = models.DateField("受理/立案日期")
    handled_by = models.CharField("复议机关/审理法院", max_length=200, blank=True)
    subject = models.TextField("案由/争议事项", blank=True)
    result = models.CharField("审理结果", max_length=16, choices=CaseResult.choices, blank=True)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    result_note = models.TextField("结果说明", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-id"]
        indexes = [
            # Table 四: cases concluded within the year, and cases filed by its end and still open.
            models.Index(fields=["org", "filed_on"], name="appeals_case_org_filed"),
            models.Index(fields=["org", "concluded_on"], name="appeals_case_org_concluded"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["org", "case_no"], condition=~Q(case_no=""),
                                    name="appeals_case_unique_no"),
            models.CheckConstraint(
                condition=(Q(result="") & Q(concluded_on__isnull=True))
                | (~Q(result="") & Q(concluded_on__isnull=False)),
                name="appeals_case_result_has_date"),
            models.CheckConstraint(condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("filed_on")),
                                   name="appeals_case_concluded_after_filed"),
        ]

    def __str__(self):
        return self.case_no or f"{self.get_kind_display()}（{self.applicant_name}，{self.filed_on:%Y-%m-%d}）"

    @property
    def is_pending(self) -> bool:
        return not self.result

    @property
    def result_label(self) -> str:
        return self.get_result_display() if self.result else PENDING_LABEL


def document_path(instance, filename):
    return f"appeals/{instance.case_id}/{instance.stored_name}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=document_path)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    description = models.CharField("文书说明", max_length=200, blank=True, help_text="如：复议决定书、一审判决书")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "案件文书"
        verbose_name_plural = "案件文书"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("操作", max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "案件办理记录"
        verbose_name_plural = "案件办理记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
