"""Staff forms for items and the column structure; field names are the services' data keys."""

from django import forms

from gongkai.applications.forms import DATE, MultipleFileField
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import visible_org_ids

from .codes import (
    ARTICLE20_CHOICES,
    CHANNELS,
    POLICY_TYPES,
    Disclosure,
    DocType,
    Topic,
    Validity,
    WithheldGround,
)
from .models import CatalogKind, CatalogNode, Item


class ItemForm(forms.Form):
    org = forms.ModelChoiceField(label="发布机构", queryset=Organization.objects.none())
    title = forms.CharField(label="标题", max_length=300)
    doc_no = forms.CharField(label="文号", max_length=100, required=False)
    written_on = forms.DateField(label="成文日期", widget=DATE, required=False)
    formed_on = forms.DateField(label="形成或变更日期", widget=DATE,
                                help_text="第二十六条：应自形成或者变更之日起20个工作日内公开")
    doc_type = forms.ChoiceField(label="文种", choices=[("", "请选择")] + DocType.choices)
    topic = forms.ChoiceField(label="主题分类", choices=Topic.choices)
    article20_item = forms.TypedChoiceField(label="第二十条事项", coerce=int, empty_value=None, required=False,
                                            choices=[("", "（不属于第二十条列举事项）")] + ARTICLE20_CHOICES)
    catalog_node = forms.ModelChoiceField(label="目录栏目", queryset=CatalogNode.objects.none(), required=False)
    interprets = forms.ModelChoiceField(label="解读的政策文件（文种为政策解读时必填）", required=False,
                                        queryset=Item.objects.none())
    summary = forms.CharField(label="内容概述", max_length=500, required=False)
    body_html = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}), required=False,
                                help_text="可使用段落、标题、列表、表格、链接；脚本和样式会被清除")
    disclosure = forms.ChoiceField(label="公开属性", choices=[("", "（尚未确定）")] + Disclosure.choices,
                                   required=False, help_text="信息须确定公开属性后才能提交保密审查")
    withheld_ground = forms.ChoiceField(label="不予公开依据", required=False,
                                        choices=[("", "（不予公开时选择）")] + WithheldGround.choices)
    withheld_reason = forms.CharField(label="不予公开理由", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices, initial=Validity.VALID)
    valid_from = forms.DateField(label="施行日期", widget=DATE, required=False)
    channels = forms.MultipleChoiceField(label="发布渠道", choices=list(CHANNELS.items()), required=False,
                                         widget=forms.CheckboxSelectMultiple, initial=["website"])
    attachments = MultipleFileField(label="附件（PDF、DOC/DOCX、XLS/XLSX、OFD、图片，每个不超过50MB）")

    def __init__(self, *args, user=None, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(pk__in=visible_org_ids(user, roles={Role.PUBLISHER, Role.OFFICE_ADMIN}),
                                           is_active=True).order_by("path")
        self.fields["org"].queryset = orgs
        if org is not None:
            self.fields["org"].disabled = True
            self.fields["org"].initial = org
            self.fields["catalog_node"].queryset = CatalogNode.objects.filter(org=org)
            self.fields["interprets"].queryset = Item.objects.filter(org=org, doc_type__in=[*POLICY_TYPES,
                                                                                           DocType.OTHER_DOCUMENT])
        else:
            self.fields["catalog_node"].queryset = CatalogNode.objects.filter(org__in=orgs)
            self.fields["interprets"].queryset = Item.objects.filter(
                org__in=orgs, doc_type__in=[*POLICY_TYPES, DocType.OTHER_DOCUMENT])
        self.fields["catalog_node"].label_from_instance = lambda n: f"{n.org.label} · {n.name}"


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RequiredCommentForm(forms.Form):
    comment = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    publish_at = forms.DateTimeField(label="定时发布时间（留空立即发布）", required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    sync_exception_reason = forms.CharField(
        label="未与政策解读同步发布的理由", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="规章、行政规范性文件应与解读同步发布（三同步）；解读未就绪时须写明理由")
    comment = forms.CharField(label="审批意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", widget=forms.Textarea(attrs={"rows": 3}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    on = forms.DateField(label="失效或废止日期", widget=DATE, required=False)
    comment = forms.CharField(label="说明", required=False)


class ReviewWithheldForm(forms.Form):
    result = forms.ChoiceField(label="评估结论", choices=[("keep", "继续不予公开"), ("disclose", "情势变化，转为主动公开")])
    next_review_on = forms.DateField(label="下次评估日期（继续不予公开时）", widget=DATE, required=False)
    comment = forms.CharField(label="评估意见", widget=forms.Textarea(attrs={"rows": 3}))


ACTION_FORMS = {
    "submit": forms.Form, "secrecy_pass": CommentForm, "secrecy_return": RequiredCommentForm, "approve": ApproveForm,
    "return": RequiredCommentForm, "withdraw": WithdrawForm, "set_validity": ValidityForm,
    "review_withheld": ReviewWithheldForm,
}


class CatalogNodeForm(forms.Form):
    parent = forms.ModelChoiceField(label="上级栏目", queryset=CatalogNode.objects.none(), required=False,
                                    empty_label="（顶级栏目）")
    name = forms.CharField(label="栏目名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=CatalogKind.choices)
    article20_item = forms.TypedChoiceField(label="对应第二十条", coerce=int, empty_value=None, required=False,
                                            choices=[("", "（无）")] + ARTICLE20_CHOICES)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False)
    update_every_days = forms.IntegerField(label="更新周期（天）", min_value=1, required=False,
                                           help_text="如工作动态14天、政策文件180天；超期未更新将被提示")
    matter = forms.CharField(label="公开事项", max_length=200, required=False)
    content = forms.CharField(label="公开内容（要素）", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    basis = forms.CharField(label="公开依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    time_limit = forms.CharField(label="公开时限", max_length=200, required=False,
                                 initial="信息形成或者变更之日起20个工作日内")
    subject = forms.CharField(label="公开主体", max_length=200, required=False)
    channels = forms.CharField(label="公开渠道和载体", max_length=300, required=False)
    audience = forms.CharField(label="公开对象", max_length=100, required=False, initial="全社会")
    manner = forms.CharField(label="公开方式", max_length=100, required=False, initial="主动公开")

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = CatalogNode.objects.filter(org=org)


class GuideForm(forms.Form):
    classification = forms.CharField(label="政府信息的分类、编排体系", widget=forms.Textarea(attrs={"rows": 4}))
    how_to_obtain = forms.CharField(label="获取方式", widget=forms.Textarea(attrs={"rows": 4}))
    office_name = forms.CharField(label="政府信息公开工作机构名称", max_length=100)
    address = forms.CharField(label="办公地址", max_length=200)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    hours = forms.CharField(label="办公时间", max_length=100)
    phone = forms.CharField(label="联系电话", max_length=50)
    fax = forms.CharField(label="传真号码", max_length=50, required=False)
    web_contact = forms.CharField(label="互联网联系方式", max_length=200, required=False)


class PolicyPageForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body_html = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}))
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False)


class SettingsForm(forms.Form):
    withheld_review_months = forms.IntegerField(label="不予公开信息定期评估周期（月）", min_value=1, max_value=60)
