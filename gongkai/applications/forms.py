"""Staff forms: registering an offline application and one form per action. Field names are the service
functions' keyword arguments, so a valid form's cleaned_data goes straight to ``services.perform``."""

import datetime as dt

from django import forms

from gongkai.accounts.models import User
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import visible_org_ids

from .codes import (
    OUTCOMES,
    REPLY_OUTCOMES,
    ApplicantKind,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    FeeMethod,
    IdType,
    InfoForm,
    LetterMail,
)
from .services import CONSULTATION_OPINIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def on_field(label="办理日期"):
    return forms.DateField(label=label, widget=DATE, required=False,
                           help_text="该环节实际发生的日期，默认今天；补录纸质材料时填写实际日期")


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


class RegisterForm(forms.Form):
    org = OrgField(label="受理机关", queryset=Organization.objects.none())
    channel = forms.ChoiceField(label="申请方式", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    letter_mail = forms.ChoiceField(label="信函类型", required=False, choices=[("", "（非信函）")] + LetterMail.choices)
    oral = forms.BooleanField(label="口头申请，由工作人员代为填写（第二十九条）", required=False)
    received_on = forms.DateField(label="收到申请之日", widget=DATE,
                                  help_text="当面提交：提交之日；信函：签收之日，平常信函为与申请人确认之日；传真、电子邮件：双方确认之日")
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=100)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=40)
    contact_person = forms.CharField(label="联系人", max_length=50, required=False,
                                     help_text="法人或其他组织必填")
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    content = forms.CharField(label="所需政府信息的名称、文号或特征描述", widget=forms.Textarea)
    purpose = forms.CharField(label="用途（选填）", max_length=200, required=False)
    info_form = forms.ChoiceField(label="信息的指定提供形式", choices=InfoForm.choices)
    delivery_method = forms.ChoiceField(label="获取信息的方式", choices=DeliveryMethod.choices)
    fee_waiver_requested = forms.BooleanField(label="申请人申请减免信息处理费", required=False)
    item_count = forms.IntegerField(label="件数（按“一事一申请”拆分）", min_value=1, max_value=100, initial=1)
    handler = forms.ModelChoiceField(label="承办人（可稍后分配）", queryset=User.objects.none(), required=False)
    attachments = MultipleFileField(label="申请材料（PDF、JPEG、PNG、DOCX，每个不超过10MB）")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(
            pk__in=visible_org_ids(user, roles={Role.HANDLER, Role.OFFICE_ADMIN}), is_active=True)
        self.fields["org"].queryset = orgs.order_by("path")
        self.fields["handler"].queryset = User.objects.filter(
            is_active=True, memberships__role=Role.HANDLER, memberships__org__in=orgs).distinct()
        self.fields["received_on"].initial = dt.date.today


class ConfirmForm(forms.Form):
    on = on_field("确认日期（即收到申请之日）")


class DiscardForm(forms.Form):
    reason = forms.CharField(label="作废理由", widget=forms.Textarea, help_text="如：重复提交、测试数据、非政府信息公开申请的垃圾信息")


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="承办人", queryset=User.objects.none())
    on = on_field()

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = User.objects.filter(
            is_active=True, memberships__role=Role.HANDLER, memberships__org=application.org).distinct()


class TransferForm(forms.Form):
    org = OrgField(label="转至机关", queryset=Organization.objects.none())
    reason = forms.CharField(label="转办理由", widget=forms.Textarea)
    on = on_field()

    def __init__(self, *args, application=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organization.objects.filter(
            pk__in=visible_org_ids(user), is_active=True).exclude(pk=application.org_id).order_by("path")


class RequestSupplementForm(forms.Form):
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea,
                            help_text="一次性告知需要补正的全部事项（第三十条）")
    supplement_workdays = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=60, initial=15)
    on = on_field("告知日期")


class ReceiveSupplementForm(forms.Form):
    on = on_field("收到补正之日")
    note = forms.CharField(label="补正情况", widget=forms.Textarea, required=False)
    attachments = MultipleFileField(label="补正材料")


class StartConsultationForm(forms.Form):
    consultation_kind = forms.ChoiceField(label="征求意见类型", choices=ConsultationKind.choices)
    party = forms.CharField(label="被征求意见方", max_length=200)
    on = on_field("发出征求意见函日期")
    note = forms.CharField(label="说明", widget=forms.Textarea, required=False)


class EndConsultationForm(forms.Form):
    opinion = forms.ChoiceField(label="意见", choices=list(CONSULTATION_OPINIONS.items()))
    on = on_field("收到意见或期满日期")
    note = forms.CharField(label="说明", widget=forms.Textarea, required=False)


class NotifyFeeForm(forms.Form):
    method = forms.ChoiceField(label="收费方式", choices=FeeMethod.choices)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)
    on = on_field("收费通知日期")
    note = forms.CharField(label="说明", widget=forms.Textarea, required=False)


class ReceivePaymentForm(forms.Form):
    receipt_no = forms.CharField(label="缴费票据号", max_length=64, required=False)
    on = on_field("缴费日期")


class ExtendForm(forms.Form):
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea)
    on = on_field("决定日期")


class AskReasonsForm(forms.Form):
    note = forms.CharField(label="要求申请人说明的事项", widget=forms.Textarea)
    on = on_field()


class DeferForm(forms.Form):
    deferred_to = forms.DateField(label="延迟答复至", widget=DATE)
    reason = forms.CharField(label="理由", widget=forms.Textarea)
    on = on_field("决定日期")


class DraftReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="答复类型（办理结果）",
                                choices=[("", "请选择")] + [(c, f"{c} {OUTCOMES[c]}") for c in REPLY_OUTCOMES])
    basis = forms.CharField(label="法律依据", max_length=300, required=False, help_text="留空则按答复类型使用条例相应条款")
    reason = forms.CharField(label="理由", widget=forms.Textarea, required=False, help_text="除予以公开外必填")
    provided = forms.CharField(label="提供的信息或获取方式", widget=forms.Textarea, required=False,
                               help_text="予以公开、部分公开时必填")
    on = on_field("拟稿日期")


class ReturnReplyForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea)
    on = on_field()


class ApproveReplyForm(forms.Form):
    on = on_field("签发日期")


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    on = on_field("送达日期")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回情况", widget=forms.Textarea, required=False)
    on = on_field("撤回日期")


class ArchiveForm(forms.Form):
    pass


class NoteForm(forms.Form):
    note = forms.CharField(label="备注", widget=forms.Textarea)
    on = on_field("日期")


ACTION_FORMS = {
    "confirm": ConfirmForm, "discard": DiscardForm, "assign": AssignForm, "transfer": TransferForm,
    "request_supplement": RequestSupplementForm, "receive_supplement": ReceiveSupplementForm,
    "start_consultation": StartConsultationForm, "end_consultation": EndConsultationForm,
    "notify_fee": NotifyFeeForm, "receive_payment": ReceivePaymentForm, "extend": ExtendForm,
    "ask_reasons": AskReasonsForm, "defer": DeferForm, "draft_reply": DraftReplyForm,
    "return_reply": ReturnReplyForm, "approve_reply": ApproveReplyForm, "deliver": DeliverForm,
    "withdraw": WithdrawForm, "archive": ArchiveForm, "note": NoteForm,
}
# Actions that end or void an application ask for confirmation in the page text.
DESTRUCTIVE = {"discard", "withdraw", "archive"}
