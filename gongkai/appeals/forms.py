"""Staff forms of the appeals register. Field names are the service functions' keyword arguments; the body
choices are the bodies the user keeps cases for (公开办管理员/承办人/审核人)."""

from django import forms
from django.db.models import Q

from gongkai.orgs.models import Organization

from .codes import CaseKind, CaseResult
from .permissions import editable_org_ids

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
APPLICATION_LIST_ID = "appeals-applications"


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


def editable_orgs(user):
    return Organization.objects.filter(pk__in=editable_org_ids(user), is_active=True).order_by("path")


class CaseForm(forms.Form):
    org = OrgField(label="被申请人/被告机关", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="案件类型", choices=CaseKind.choices)
    case_no = forms.CharField(label="案号", max_length=100, required=False,
                              help_text="如：示府复〔2020〕12号、（2020）示0102行初45号。")
    application_no = forms.CharField(
        label="涉及的公开申请（受理编号）", max_length=48, required=False,
        widget=forms.TextInput(attrs={"list": APPLICATION_LIST_ID, "autocomplete": "off"}),
        help_text="可选。填写本机关受理的依申请公开申请的受理编号；申请人/原告留空时取该申请的申请人。")
    applicant_name = forms.CharField(label="申请人/原告", max_length=200, required=False)
    filed_on = forms.DateField(label="受理/立案日期", widget=DATE)
    handled_by = forms.CharField(label="复议机关/审理法院", max_length=200, required=False)
    subject = forms.CharField(label="案由/争议事项", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.ChoiceField(label="审理结果", required=False,
                               choices=[("", "尚未审结")] + list(CaseResult.choices),
                               help_text="登记已经审结的案件时可一并填写结果和审结日期。")
    concluded_on = forms.DateField(label="审结日期", required=False, widget=DATE)
    result_note = forms.CharField(label="结果说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, editing: Organization | None = None, **kwargs):
        """``editing`` is the body of the case being edited (kept as a choice even if it was deactivated)."""
        super().__init__(*args, **kwargs)
        orgs = editable_orgs(user)
        if editing is not None:
            orgs = Organization.objects.filter(Q(pk__in=orgs.values("pk")) | Q(pk=editing.pk)).order_by("path")
        self.fields["org"].queryset = orgs
        if editing is not None:  # the result changes through 办结 and 重新审理
            for name in ("result", "concluded_on", "result_note"):
                del self.fields[name]


class ConcludeForm(forms.Form):
    result = forms.ChoiceField(label="审理结果", choices=CaseResult.choices, widget=forms.RadioSelect)
    concluded_on = forms.DateField(label="审结日期", widget=DATE,
                                   help_text="复议决定或判决、裁定作出（或生效）之日；据此计入年度报告的年度。")
    result_note = forms.CharField(label="结果说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="如：驳回诉讼请求；确认违法；责令重新答复；申请人撤回复议申请。")
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(label="重新审理的原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="如：二审裁定撤销一审判决，发回重审。")
    version = forms.IntegerField(widget=forms.HiddenInput)


class DocumentForm(forms.Form):
    file = forms.FileField(label="文书文件", help_text="PDF、DOCX、JPEG 或 PNG，不超过 20 MB。")
    description = forms.CharField(label="文书说明", max_length=200, required=False,
                                  help_text="如：复议决定书、一审判决书、二审裁定书。")
