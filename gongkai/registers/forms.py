"""Staff forms of the registers. Field names are the service functions' keyword arguments; the body choices
are the bodies the user keeps registers for (公开办管理员/信息发布员)."""

import datetime as dt

from django import forms

from gongkai.orgs.models import Organization

from . import services
from .codes import AmountUnit, DecisionKind, ImportMode, PowerKind
from .permissions import editable_org_ids
from .services import FIRST_YEAR

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_IMPORT_BYTES = 300 * 1024 * 1024
DEFAULT_SOURCE = "省双公示系统"


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


def editable_orgs(user):
    return Organization.objects.filter(pk__in=editable_org_ids(user), is_active=True).order_by("path")


def year_choices():
    this_year = services.today().year
    return [(y, f"{y}年") for y in range(this_year, FIRST_YEAR - 1, -1)]


class _OrgYearForm(forms.Form):
    org = OrgField(label="机构", queryset=Organization.objects.none())
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=())
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = editable_orgs(user)
        self.fields["year"].choices = year_choices()


class DecisionTotalForm(_OrgYearForm):
    kind = forms.ChoiceField(label="决定类别", choices=DecisionKind.choices)
    count = forms.IntegerField(label="处理决定数量", min_value=0)
    source = forms.CharField(label="数据来源", max_length=100, initial=DEFAULT_SOURCE,
                             help_text="该机构逐条决定所在的系统，如“省双公示系统”。")
    note = forms.CharField(label="备注", max_length=500, required=False)

    field_order = ["org", "year", "kind", "count", "source", "note"]


class FeeIncomeForm(_OrgYearForm):
    amount_wan = forms.DecimalField(label="收费金额（万元）", min_value=0, max_digits=16, decimal_places=4)
    note = forms.CharField(label="备注", max_length=500, required=False)


class ProcurementForm(_OrgYearForm):
    projects = forms.IntegerField(label="采购项目数量", min_value=0)
    amount = forms.DecimalField(label="采购总金额", min_value=0, max_digits=20, decimal_places=4)
    amount_unit = forms.ChoiceField(label="金额单位", choices=AmountUnit.choices, initial=AmountUnit.WAN)
    note = forms.CharField(label="备注", max_length=500, required=False)


class PowerItemForm(forms.Form):
    org = OrgField(label="机构", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="事项类别", choices=PowerKind.choices)
    code = forms.CharField(label="事项编码", max_length=64)
    name = forms.CharField(label="事项名称", max_length=200)
    basis = forms.CharField(label="设定依据", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    effective_from = forms.DateField(label="生效日期", widget=DATE)
    effective_to = forms.DateField(label="终止日期", required=False, widget=DATE,
                                   help_text="最后一天有效的日期；仍有效的留空。")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]  # an item stays with its body
        else:
            self.fields["org"].queryset = editable_orgs(user)


class EndItemForm(forms.Form):
    effective_to = forms.DateField(label="终止日期", widget=DATE, help_text="该事项最后一天有效的日期。")
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionImportForm(forms.Form):
    file = forms.FileField(label="数据文件", help_text="CSV（UTF-8 或 GB18030 编码）或 Excel（.xlsx）。")
    mode = forms.ChoiceField(label="导入方式", choices=ImportMode.choices, initial=ImportMode.ALL_OR_NOTHING,
                             widget=forms.RadioSelect)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError("文件是空的。")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"文件超过 {MAX_IMPORT_BYTES // (1024 * 1024)} MB，请分成几个文件导入。")
        return upload


class YearlyImportForm(forms.Form):
    file = forms.FileField(label="Excel 表格（.xlsx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("文件超过 10 MB。")
        return upload


def parse_year(value, default: int | None = None) -> int:
    """A year from a query string, falling back to ``default`` (this year) when absent or out of range."""
    this_year = services.today().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default or this_year
    return year if FIRST_YEAR <= year <= this_year else (default or this_year)


def parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
