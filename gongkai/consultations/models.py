"""意见征集: a draft policy put out for public comment during a period, the comments received, and the
feedback (采纳情况) published when the period has ended.

- ``Consultation``: one draft of one body. ``status`` is what staff did (草稿 → 已发布 → [已提前截止] →
  已发布采纳情况); ``phase(today)`` adds the dates (未开始, 征集中, 已截止). It is public from ``starts_on`` once
  published. The counts are computed from the comments and frozen when the feedback is published.
  ``final_item`` is the policy finally published (a public item of the same body).
- ``ConsultationAttachment``: files of the draft (content-sniffed on upload).
- ``Comment``: one comment from the public. Only approved comments (and their replies) are ever public;
  ``contact`` never is. ``client_hash`` is a keyed hash of the sender's address, never the address.

Only ``gongkai.consultations.services`` writes these tables.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .codes import Adoption, IdentityRule, Moderation, Phase, Status


class Consultation(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="征集机关", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("起草说明", blank=True)
    body_html = models.TextField("征求意见稿正文", blank=True)
    starts_on = models.DateField("征集开始日期")
    ends_on = models.DateField("征集截止日期")
    name_rule = models.CharField("姓名", max_length=16, choices=IdentityRule.choices, default=IdentityRule.OPTIONAL)
    contact_rule = models.CharField("联系方式", max_length=16, choices=IdentityRule.choices,
                                    default=IdentityRule.OPTIONAL)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    closed_on = models.DateField("提前截止日期", null=True, blank=True)
    close_reason = models.CharField("提前截止原因", max_length=500, blank=True)
    feedback_text = models.TextField("采纳情况说明", blank=True)
    feedback_published_at = models.DateTimeField("采纳情况发布时间", null=True, blank=True)
    count_received = models.PositiveIntegerField("收到意见", default=0)
    count_rejected = models.PositiveIntegerField("不予显示", default=0)
    count_adopted = models.PositiveIntegerField("采纳", default=0)
    count_partial = models.PositiveIntegerField("部分采纳", default=0)
    count_not_adopted = models.PositiveIntegerField("未采纳", default=0)
    count_na = models.PositiveIntegerField("不适用", default=0)
    final_item = models.ForeignKey("disclosure.Item", verbose_name="正式发布的文件", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org", "status", "starts_on"], name="consult_org_status_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="consult_period_order"),
        ]

    def __str__(self):
        return self.title

    def phase(self, today: dt.date) -> str:
        if self.status == Status.DRAFT:
            return Phase.DRAFT
        if self.status == Status.CONCLUDED:
            return Phase.CONCLUDED
        if self.status == Status.CLOSED or today > self.ends_on:
            return Phase.ENDED
        if today < self.starts_on:
            return Phase.UPCOMING
        return Phase.OPEN

    def phase_label(self, today: dt.date) -> str:
        return Phase(self.phase(today)).label

    def is_open(self, today: dt.date) -> bool:
        return self.phase(today) == Phase.OPEN

    def has_ended(self, today: dt.date) -> bool:
        return self.phase(today) in (Phase.ENDED, Phase.CONCLUDED)

    def days_left(self, today: dt.date) -> int:
        """Days the form stays open, today included (0 when not open)."""
        return (self.ends_on - today).days + 1 if self.is_open(today) else 0

    @property
    def effective_end(self) -> dt.date:
        return self.closed_on or self.ends_on

    @property
    def identity_label(self) -> str:
        return f"姓名{self.get_name_rule_display()}，联系方式{self.get_contact_rule_display()}"

    @property
    def counts_text(self) -> str:
        return (f"收到意见{self.count_received}条（其中不予显示{self.count_rejected}条），"
                f"采纳{self.count_adopted}条，部分采纳{self.count_partial}条，未采纳{self.count_not_adopted}条，"
                f"不适用{self.count_na}条")


def attachment_path(instance, filename):
    return f"consultations/{instance.consultation_id}/{instance.stored_name}"


class ConsultationAttachment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "征求意见稿附件"
        verbose_name_plural = "征求意见稿附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    content = models.TextField("意见内容")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    client_hash = models.CharField("来源地址摘要", max_length=64, blank=True)
    moderation = models.CharField("审核状态", max_length=16, choices=Moderation.choices, default=Moderation.PENDING,
                                  db_index=True)
    moderation_reason = models.CharField("不予显示理由", max_length=500, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    topic = models.CharField("归类", max_length=100, blank=True)
    adoption = models.CharField("采纳情况", max_length=16, choices=Adoption.choices, blank=True)
    reply = models.TextField("答复", blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["consultation", "moderation"], name="consult_comment_mod")]

    def __str__(self):
        return f"意见#{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.moderation == Moderation.APPROVED
