"""Staff forms of the work records. Field names are the service functions' keyword arguments; the body
choices are the bodies the user keeps records for (公开办管理员/信息发布员)."""

from django import forms
from django.db.models import Q

from gongkai.orgs.models import Organization

from .codes import Platform, RecordKind
from .permissions import editable_org_ids

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


def editable_orgs(user, keep: Organization | None = None):
    orgs = Organization.objects.filter(pk__in=editable_org_ids(user), is_active=True)
    if keep is not None:
        orgs = Organization.objects.filter(Q(pk__in=orgs.values("pk")) | Q(pk=keep.pk))
    return orgs.order_by("path")


class RecordForm(forms.Form):
    org = OrgField(label="机关", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="类别", choices=RecordKind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="主题", max_length=300,
                            help_text="发布会、访谈或培训的主题；报送政策解读时填写所解读的政策文件名称。")
    place = forms.CharField(label="地点或平台", max_length=200, required=False,
                            help_text="如：市政府新闻发布厅、市政府门户网站“在线访谈”栏目、自治区政务公开平台。")
    attendees = forms.IntegerField(label="参加人次", required=False, min_value=0,
                                   help_text="培训必填；其他类别可选。")
    participants = forms.CharField(label="发布人/嘉宾/授课人", required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    link = forms.CharField(label="链接", max_length=500, required=False,
                           help_text="可选，如发布会实录或访谈页面的网址（http:// 或 https:// 开头）。")
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, editing: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = editable_orgs(user, editing)


class AccountForm(forms.Form):
    org = OrgField(label="机关", queryset=Organization.objects.none())
    platform = forms.ChoiceField(label="平台", choices=Platform.choices)
    name = forms.CharField(label="账号名称", max_length=100, help_text="如：示例市发布、示例教育。")
    is_active = forms.BooleanField(label="运营中", required=False, initial=True)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is None:
            self.fields["org"].queryset = editable_orgs(user)
            del self.fields["is_active"]
        else:  # an account stays with its body
            del self.fields["org"]
