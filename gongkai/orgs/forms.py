"""Forms for the organisation tree and role grants; the services do the validation that matters."""

from django import forms

from gongkai.accounts.models import User

from .models import Organization, OrgKind, Role, ScopeMode


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


class OrgForm(forms.Form):
    name = forms.CharField(label="机构名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    code = forms.CharField(label="机构代码", max_length=32,
                           help_text="1至32位字母、数字或连字符，用于生成索引号、受理编号等，如 SLS-JYJ")
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                           help_text="18位，选填；填写时校验校验位")
    kind = forms.ChoiceField(label="机构类型", choices=[("", "请选择")] + OrgKind.choices)
    parent = OrgChoiceField(label="上级机构", required=False, empty_label="（无，作为顶级机构）",
                            queryset=Organization.objects.filter(is_active=True).order_by("path"))
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GrantForm(forms.Form):
    org = OrgChoiceField(label="机构", queryset=Organization.objects.filter(is_active=True).order_by("path"))
    role = forms.ChoiceField(label="角色", choices=[("", "请选择")] + Role.choices)
    scope = forms.ChoiceField(label="数据范围", choices=ScopeMode.choices, initial=ScopeMode.SELF,
                              help_text="本机关：只含该机构；本级政府及其工作部门：不含下级政府；本机关及全部下级机构：整棵子树")


class UserPickForm(forms.Form):
    user = forms.ModelChoiceField(label="用户", queryset=User.objects.filter(admin_role="", is_active=True))
