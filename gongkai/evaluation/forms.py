"""Staff forms of the evaluations; field names are the service functions' keyword arguments."""

from django import forms

from gongkai.orgs.models import Organization

from .models import NotApplicable, SchemeStatus
from .selectors import source_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


class OrgsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SchemeForm(forms.Form):
    org = OrgField(label="考核机关", queryset=Organization.objects.none(),
                   help_text="由该机关的公开办管理员维护方案、组织考核。")
    name = forms.CharField(label="方案名称", max_length=200, help_text="如：2026年度政务公开工作考核方案。")
    year = forms.IntegerField(label="适用年度", required=False)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label="状态", choices=SchemeStatus.choices, help_text="启用后可用于考核。")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, offices=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = offices
            del self.fields["status"]


class IndicatorForm(forms.Form):
    source = forms.ChoiceField(label="来源", choices=())
    name = forms.CharField(label="显示名称", max_length=100, required=False, help_text="留空则使用指标名称。")
    weight = forms.DecimalField(label="分值（满分）", max_digits=6, decimal_places=2)
    deduct_per_unit = forms.DecimalField(label="每件扣分", max_digits=6, decimal_places=2, required=False,
                                         help_text="“越少越好”的计数指标（如已超期、逾期未更新栏目）每出现一件扣的分。")
    target = forms.DecimalField(label="目标值", max_digits=10, decimal_places=2, required=False,
                                help_text="比率指标：达到该百分比即得满分（留空则按 分值×比率 计分）；"
                                          "计数指标：越少越好时为允许的件数，越多越好时为得满分所需的数量。")
    not_applicable = forms.ChoiceField(label="无可评价数据时", choices=NotApplicable.choices,
                                       help_text="比率指标的分母为0（如统计期内没有办结申请）时。")
    description = forms.CharField(label="评分说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    sort_order = forms.IntegerField(label="排序", required=False, min_value=0)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()


class EvaluationForm(forms.Form):
    name = forms.CharField(label="考核名称", max_length=200)
    start = forms.DateField(label="统计期开始", widget=DATE)
    end = forms.DateField(label="统计期结束", widget=DATE)
    bodies = OrgsField(label="被考核机关", queryset=Organization.objects.none(),
                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies


class ManualScoreForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(label="得分", max_digits=6, decimal_places=2, min_value=0)
    reason = forms.CharField(label="评分理由", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
