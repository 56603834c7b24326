"""Forms of the calendar pages. They only shape input; the rules live in ``services`` and ``calendar``."""

from django import forms

from . import sources
from .models import OverrideKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "请填写日期。", "invalid": "日期格式应为 YYYY-MM-DD。"}
MAX_CALC_DAYS = 3650


class OverrideForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    kind = forms.ChoiceField(label="类型", choices=OverrideKind.choices,
                             error_messages={"required": "请选择类型。", "invalid_choice": "请选择类型。"},
                             help_text="法定节假日只登记落在星期一至星期五的日子；调休上班只登记落在星期六、星期日的日子。")
    name = forms.CharField(label="节日名称", max_length=sources.NAME_MAX,
                           error_messages={"required": "请填写节日名称，如春节、国庆节。"})
    note = forms.CharField(label="备注", max_length=200, required=False)


class YearEntryForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=sources.MIN_YEAR, max_value=sources.MAX_YEAR,
                              error_messages={"required": "请填写年度。", "invalid": "年度应为四位数字。"})
    entries = forms.CharField(
        label="节假日与调休安排", widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        error_messages={"required": "请逐行录入该年度的法定节假日和调休上班日。"},
        help_text=("每行一条：<code>日期 休/班 节日名称</code>，例如 <code>2027-01-01 休 元旦</code>、"
                   "<code>2027-02-07 班 春节调休</code>。只录入落在工作日的法定节假日（休）和落在周末的调休上班日（班）；"
                   "以 # 开头的行和空行会被忽略。任何一行有误，整批都不会保存。"))
    note = forms.CharField(label="备注", max_length=200, required=False,
                           help_text="如国务院办公厅通知的文号。")


class DueDateForm(forms.Form):
    """工作日计算器：起算日 + N 个工作日。"""

    start = forms.DateField(label="起算日", widget=DATE_WIDGET, error_messages=DATE_ERRORS,
                            help_text="如收到申请之日；期限从次日起算。")
    days = forms.IntegerField(label="工作日数", min_value=0, max_value=MAX_CALC_DAYS,
                              error_messages={"required": "请填写工作日数。", "invalid": "工作日数应为整数。"})


class CountForm(forms.Form):
    """工作日计算器：两个日期之间的工作日数。"""

    date_from = forms.DateField(label="起始日", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    date_to = forms.DateField(label="截止日", widget=DATE_WIDGET, error_messages=DATE_ERRORS)

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("date_from"), cleaned.get("date_to")
        if a and b and abs((b - a).days) > 366 * 10:
            raise forms.ValidationError("两个日期相隔不能超过十年。")
        return cleaned
