"""Forms of 意见征集. Field names are the service functions' keyword arguments; the forms check shape only,
the rules live in ``services``."""

from django import forms
from django.db.models import Q

from gongkai.orgs.models import Organization

from .codes import Adoption, IdentityRule, Moderation
from .permissions import editable_org_ids
from .services import MAX_COMMENT_CHARS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


class ConsultationForm(forms.Form):
    org = OrgField(label="征集机关", queryset=Organization.objects.none())
    title = forms.CharField(label="标题", max_length=300,
                            help_text="如：关于公开征求《示例市××管理办法（征求意见稿）》意见的公告")
    summary = forms.CharField(label="起草说明", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="起草背景、主要内容和需要重点听取意见的问题。")
    body_html = forms.CharField(label="征求意见稿正文", widget=forms.Textarea(attrs={"rows": 14}),
                                help_text="可使用段落、标题、列表、表格等基本格式；脚本和样式会被清除。")
    starts_on = forms.DateField(label="征集开始日期", widget=DATE)
    ends_on = forms.DateField(label="征集截止日期", widget=DATE,
                              help_text="含当日。涉及群众切身利益的规范性文件，征求意见期限一般不少于30日。")
    name_rule = forms.ChoiceField(label="提交意见时的姓名", choices=IdentityRule.choices, widget=forms.RadioSelect,
                                  initial=IdentityRule.OPTIONAL)
    contact_rule = forms.ChoiceField(label="提交意见时的联系方式", choices=IdentityRule.choices,
                                     widget=forms.RadioSelect, initial=IdentityRule.OPTIONAL,
                                     help_text="联系方式仅供工作人员联系意见提出人，不对外公开。")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None:  # the body of an existing consultation does not change
            del self.fields["org"]
        else:
            self.fields["org"].queryset = Organization.objects.filter(
                Q(pk__in=editable_org_ids(user)), is_active=True).order_by("path")


class CloseForm(forms.Form):
    reason = forms.CharField(label="提前截止原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class FeedbackForm(forms.Form):
    feedback_text = forms.CharField(
        label="采纳情况说明", required=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text="概述意见的主要内容、采纳情况和未予采纳的理由。发布时系统自动附上意见数量统计。")
    version = forms.IntegerField(widget=forms.HiddenInput)


class FinalItemForm(forms.Form):
    item = forms.CharField(label="正式文件索引号", max_length=48, required=False,
                           help_text="本机关已主动公开的正式文件的索引号；留空则取消关联。")
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、DOC/DOCX、XLS/XLSX 或 OFD，不超过 20 MB。")


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(choices=[(Moderation.APPROVED, "通过"), (Moderation.REJECTED, "不予显示")])
    reason = forms.CharField(max_length=500, required=False)


class HandleForm(forms.Form):
    reply = forms.CharField(label="答复", required=False, max_length=MAX_COMMENT_CHARS,
                            widget=forms.Textarea(attrs={"rows": 2}))
    topic = forms.CharField(label="归类", required=False, max_length=100)
    adoption = forms.ChoiceField(label="采纳情况", required=False, choices=[("", "未标注"), *Adoption.choices])
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(forms.Form):
    """The public form. ``website`` is a trap for robots: hidden from people, filled in by form-filling bots."""

    name = forms.CharField(label="姓名", max_length=50, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact = forms.CharField(label="联系方式", max_length=100, required=False,
                              help_text="电话或电子邮箱，仅供工作人员与您联系，不会公开。",
                              widget=forms.TextInput(attrs={"autocomplete": "tel"}))
    content = forms.CharField(label="意见内容", max_length=MAX_COMMENT_CHARS,
                              error_messages={"required": "请填写意见内容。",
                                              "max_length": f"意见内容不能超过 {MAX_COMMENT_CHARS} 字。"},
                              widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_COMMENT_CHARS}))
    website = forms.CharField(label="网址（请勿填写）", required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = consultation.name_rule == IdentityRule.REQUIRED
        self.fields["contact"].required = consultation.contact_rule == IdentityRule.REQUIRED
        self.fields["name"].error_messages["required"] = "本次征集要求填写姓名。"
        self.fields["contact"].error_messages["required"] = "本次征集要求填写联系方式。"
        if not self.fields["name"].required:
            self.fields["name"].help_text = "选填。公开显示时只显示姓氏。"
        else:
            self.fields["name"].help_text = "公开显示时只显示姓氏。"

    @property
    def is_trap_filled(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def service_data(self) -> dict:
        return {k: self.cleaned_data.get(k, "") for k in ("name", "contact", "content")}
