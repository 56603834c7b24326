"""Standard letters of disclosure applications (受理回执、补正告知书、延期答复告知书、征求意见函、收费通知、答复书)
and their versioned templates.

A template is never changed in place: editing adds a version with an effective date, and a letter uses the
latest version in effect on its date. A letter stores everything it says (``context``: the variables and
the rendered text), so an issued letter reads the same forever, whatever happens to the templates or the
application afterwards. Only ``gongkai.letters.services`` creates these rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.applications.codes import outcome_label

from .codes import LetterKind


class LetterTemplate(models.Model):
    kind = models.CharField("文书种类", max_length=24, choices=LetterKind.choices)
    outcome = models.CharField("办理结果", max_length=8, blank=True,
                               help_text="答复书按办理结果（如 3.3.4）各有一个模板；其他文书为空")
    version = models.PositiveIntegerField("版本")
    effective_from = models.DateField("生效日期")
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文模板")
    legal_basis = models.CharField("法律依据", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["kind", "outcome", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "outcome", "version"], name="letter_template_unique_version"),
        ]
        indexes = [models.Index(fields=["kind", "outcome", "effective_from"])]

    def __str__(self):
        return f"{self.kind_label} 第{self.version}版"

    @property
    def kind_label(self) -> str:
        label = self.get_kind_display()
        return f"{label}（{self.outcome} {outcome_label(self.outcome)}）" if self.outcome else label

    def is_current_on(self, day) -> bool:
        from .selectors import template_for

        current = template_for(self.kind, self.outcome, day)
        return current is not None and current.pk == self.pk

    @property
    def is_current(self) -> bool:
        """Whether this is the version a letter dated today would use."""
        return self.is_current_on(timezone.localdate())


def letter_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1]
    return f"letters/{instance.year}/{instance.org_id}/{instance.sequence:05d}-{instance.pk}.{extension}"


class Letter(models.Model):
    application = models.ForeignKey("applications.Application", verbose_name="申请", on_delete=models.PROTECT,
                                    related_name="letters")
    # The body that issued the letter; an application transferred later keeps its earlier letters' numbers.
    org = models.ForeignKey("orgs.Organization", verbose_name="出具机关", on_delete=models.PROTECT,
                            related_name="+")
    event = models.ForeignKey("applications.ApplicationEvent", verbose_name="办理环节", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField("文书种类", max_length=24, choices=LetterKind.choices)
    number = models.CharField("文号", max_length=120)
    sequence = models.PositiveIntegerField("序号")
    year = models.PositiveSmallIntegerField("年度")
    template = models.ForeignKey(LetterTemplate, verbose_name="模板版本", on_delete=models.PROTECT,
                                 related_name="letters")
    issued_on = models.DateField("文书日期")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    context = models.JSONField("文书内容", default=dict)
    docx = models.FileField("Word 文件", upload_to=letter_path, blank=True)
    pdf = models.FileField("PDF 文件", upload_to=letter_path, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "sequence"], name="letter_unique_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    # What the letter says, read from the stored snapshot only.

    @property
    def title(self) -> str:
        return self.context.get("title", "")

    @property
    def org_name(self) -> str:
        return self.context.get("org_name", "")

    @property
    def addressee(self) -> str:
        return self.context.get("addressee", "")

    @property
    def date_text(self) -> str:
        return self.context.get("date", "")

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.context.get("body", "").split("\n") if p]

    @property
    def text(self) -> str:
        """The whole letter as plain text, in reading order."""
        return "\n".join([self.org_name, self.title, self.number, f"{self.addressee}：", *self.paragraphs,
                          self.org_name, self.date_text])

    @property
    def kind_label(self) -> str:
        label = self.get_kind_display()
        outcome = self.context.get("variables", {}).get("outcome") if self.kind == LetterKind.REPLY else ""
        return f"{label}（{outcome_label(outcome)}）" if outcome else label
