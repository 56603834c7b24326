"""A disclosure application (政府信息公开申请), its event history and its attachments.

The application row holds what was asked and by whom, its current status and outcome, and the derived
deadline fields (stored for queries, recomputed from the events by ``deadlines.compute``). Only
``gongkai.applications.services`` changes these rows.
"""

from django.conf import settings
from django.db import models

from gongkai.core.validators import mask_middle

from .codes import (
    OPEN_STATUSES,
    ApplicantKind,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    IdType,
    InfoForm,
    LetterMail,
    Status,
    outcome_label,
)


class Application(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name="受理机关", on_delete=models.PROTECT,
                            related_name="applications")
    tracking_no = models.CharField("受理编号", max_length=48, unique=True)
    query_code_hash = models.CharField(max_length=128, editable=False)
    channel = models.CharField("申请方式", max_length=16, choices=Channel.choices)
    letter_mail = models.CharField("信函类型", max_length=16, choices=LetterMail.choices, blank=True)
    oral = models.BooleanField("口头申请（工作人员代为填写）", default=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    received_on = models.DateField("收到申请之日", null=True, blank=True, db_index=True)

    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    content = models.TextField("所需政府信息的名称、文号或特征描述")
    purpose = models.CharField("用途（选填）", max_length=200, blank=True)
    info_form = models.CharField("信息的指定提供形式", max_length=16, choices=InfoForm.choices)
    delivery_method = models.CharField("获取信息的方式", max_length=16, choices=DeliveryMethod.choices)
    fee_waiver_requested = models.BooleanField("申请减免信息处理费", default=False)
    item_count = models.PositiveSmallIntegerField("按“一事一申请”拆分的件数", default=1)

    status = models.CharField("状态", max_length=24, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="handled_applications")
    supplement_due = models.DateField("补正期限", null=True, blank=True)
    payment_due = models.DateField("缴费期限", null=True, blank=True)
    consultation_kind = models.CharField("征求意见类型", max_length=16, choices=ConsultationKind.choices,
                                         blank=True)
    extended_workdays = models.PositiveSmallIntegerField("延长工作日数", default=0)
    deferred_to = models.DateField("延迟答复日期（第三十五条）", null=True, blank=True)

    outcome = models.CharField("办理结果", max_length=8, blank=True, db_index=True)
    outcome_basis = models.CharField("法律依据", max_length=300, blank=True)
    outcome_reason = models.TextField("理由", blank=True)
    reply_drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复拟稿人", null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    reply_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复审核人", null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")
    reply_approved_on = models.DateField("答复签发日期", null=True, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivered_method = models.CharField("送达方式", max_length=16, choices=DeliveryMethod.choices, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_explanation = models.TextField("期限说明", blank=True)
    clock_paused = models.BooleanField("期限暂停", default=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["org", "received_on"]),
            models.Index(fields=["org", "concluded_on"]),
            models.Index(fields=["org", "status", "due_on"]),
            # the 即将到期/已超期 queues of a large subtree: only open applications, in deadline order
            models.Index(fields=["due_on"], condition=models.Q(status__in=[str(s) for s in OPEN_STATUSES]),
                         name="application_open_due_idx"),
            models.Index(fields=["id_number"]),
        ]

    def __str__(self):
        return f"{self.tracking_no} {self.applicant_name_masked}"

    @property
    def id_number_masked(self) -> str:
        return mask_middle(self.id_number, 4, 4) if len(self.id_number) > 8 else mask_middle(self.id_number, 1, 1)

    @property
    def phone_masked(self) -> str:
        return mask_middle(self.phone, 3, 4) if len(self.phone) > 7 else mask_middle(self.phone, 1, 1)

    @property
    def applicant_name_masked(self) -> str:
        # Names of natural persons are personal information; organisations' names are not.
        if self.applicant_kind == ApplicantKind.NATURAL_PERSON and len(self.applicant_name) > 1:
            return self.applicant_name[0] + "*" * (len(self.applicant_name) - 1)
        return self.applicant_name

    @property
    def outcome_label(self) -> str:
        return outcome_label(self.outcome)

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.SUBMITTED, Status.CONCLUDED, Status.ARCHIVED, Status.DISCARDED)


class EventKind(models.TextChoices):
    SUBMITTED = "submit", "网上提交"
    REGISTERED = "register", "登记"
    CONFIRMED = "confirm", "确认收到申请"
    DISCARDED = "discard", "作废"
    ASSIGNED = "assign", "分配承办人"
    TRANSFERRED = "transfer", "转办"
    SUPPLEMENT_REQUESTED = "request_supplement", "发出补正告知"
    SUPPLEMENT_RECEIVED = "receive_supplement", "收到补正"
    CONSULTATION_STARTED = "start_consultation", "发出征求意见函"
    CONSULTATION_ENDED = "end_consultation", "征求意见结束"
    FEE_NOTIFIED = "notify_fee", "发出收费通知"
    PAYMENT_RECEIVED = "receive_payment", "收到缴费"
    EXTENDED = "extend", "延长答复期限"
    REASONS_REQUESTED = "ask_reasons", "要求说明理由（第三十五条）"
    DEFERRED = "defer", "确定延迟答复期限（第三十五条）"
    REPLY_DRAFTED = "draft_reply", "拟定答复"
    REPLY_RETURNED = "return_reply", "退回答复"
    REPLY_APPROVED = "approve_reply", "审核通过答复"
    DELIVERED = "deliver", "送达答复"
    WITHDRAWN = "withdraw", "申请人撤回申请"
    CLOSED_NO_SUPPLEMENT = "close_no_supplement", "逾期未补正，不再处理"
    CLOSED_NO_PAYMENT = "close_no_payment", "逾期未缴费，不再处理"
    ARCHIVED = "archive", "归档"
    NOTE = "note", "备注"
    REMINDED = "remind", "期限提醒"


class ApplicationEvent(models.Model):
    """One thing that happened to an application, on the date it happened (``on``), recorded when it was
    recorded (``recorded_at``): staff often enter paper events afterwards. Deadlines derive from these."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事项", max_length=24, choices=EventKind.choices)
    on = models.DateField("发生日期")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    data = models.JSONField("内容", default=dict, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.on} {self.get_kind_display()}"


def attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{instance.stored_name}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    source = models.CharField("来源", max_length=16, choices=[("applicant", "申请人"), ("staff", "工作人员")])
    description = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
