"""Staff forms of the inspections app. Field names are the service functions' keyword arguments; the services
validate again and their errors come back onto these forms."""

from django import forms

from gongkai.orgs.models import Organization
from gongkai.supervision import indicators as registry

from .codes import Comparison, Severity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILES_HELP = "PDF、JPEG、PNG 或 DOCX，每个不超过 10 MB，一次最多 5 个。"


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def indicator_choices():
    return [("", "（人工检查，不关联指标）")] + [
        (code, f"{i.group + '·' if i.group else ''}{i.label}（{i.unit}）") for code, i in registry.INDICATORS.items()]


class InspectionForm(forms.Form):
    office = OrgField(label="督查机关", queryset=Organization.objects.none(),
                      help_text="由该机关的政务公开办公室组织督查，被督查单位须在其下级范围内。")
    title = forms.CharField(label="督查名称", max_length=200,
                            help_text="如：2026年第二季度政府信息公开工作督查。通报标题为“关于……情况的通报”。")
    period_start = forms.DateField(label="督查期间起", widget=DATE, help_text="平台指标按该期间统计。")
    period_end = forms.DateField(label="督查期间止", widget=DATE)
    description = forms.CharField(label="督查内容和方式", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    many_problems = forms.IntegerField(label="问题较多的标准（个）", min_value=1, max_value=99, initial=3,
                                       help_text="发现问题达到该数量的单位在通报中点名。")
    issuer_name = forms.CharField(label="发文机关名称", max_length=100, required=False,
                                  help_text="通报版头，如：示例市人民政府办公室。留空时使用督查机关名称。")
    doc_number = forms.CharField(label="文号", max_length=100, required=False,
                                 help_text="如：示例市政务公开办〔2026〕3号")
    issued_on = forms.DateField(label="发文日期", required=False, widget=DATE, help_text="留空时为生成通报当日。")
    main_recipients = forms.CharField(label="主送", max_length=300, required=False,
                                      help_text="如：各区县人民政府，市各委办局")
    cc = forms.CharField(label="抄送", max_length=300, required=False)
    signature = forms.CharField(label="落款", max_length=100, required=False, help_text="留空时使用发文机关名称。")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, offices=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices if offices is not None else Organization.objects.none()


class TargetForm(forms.Form):
    org = OrgField(label="被督查单位", queryset=Organization.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = candidates


class ItemForm(forms.Form):
    text = forms.CharField(label="检查内容", max_length=300,
                           help_text="如：依申请公开按期答复；规范性文件同步发布政策解读。")
    indicator_code = forms.ChoiceField(label="平台指标", required=False, choices=(),
                                       help_text="关联平台计算的指标后，启动督查时自动核查各单位，不合格的生成待确认问题。")
    comparison = forms.ChoiceField(label="不合格条件", required=False, choices=[("", "—")] + Comparison.choices)
    threshold = forms.DecimalField(label="阈值", required=False, max_digits=10, decimal_places=1,
                                   help_text="如：按期答复率 < 100，未同步解读 > 0。")
    severity = forms.ChoiceField(label="问题程度", choices=Severity.choices, initial=Severity.MINOR)
    deduction = forms.DecimalField(label="每个问题扣分", required=False, min_value=0, max_value=100, decimal_places=1,
                                   help_text="留空时按问题程度扣分：一般2分、较重5分、严重10分。")
    order = forms.IntegerField(label="序号", required=False, min_value=0, max_value=999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicator_choices()


class FindingForm(forms.Form):
    item = forms.ChoiceField(label="检查项目", required=False)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 4}))
    severity = forms.ChoiceField(label="问题程度", choices=Severity.choices, initial=Severity.MINOR)
    rectify_by = forms.DateField(label="整改期限", widget=DATE)
    files = MultipleFileField(label="证据材料", help_text=FILES_HELP)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "（不对应检查项目）")] + [(str(i.pk), i.text) for i in items]


class IssueForm(forms.Form):
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 4}))
    severity = forms.ChoiceField(label="问题程度", choices=Severity.choices)
    rectify_by = forms.DateField(label="整改期限", widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    response = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="写明采取的整改措施、完成情况和相关链接。")
    files = MultipleFileField(label="整改材料", help_text=FILES_HELP)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecheckForm(forms.Form):
    passed = forms.ChoiceField(label="复查结论", widget=forms.RadioSelect,
                               choices=[("yes", "复查通过，整改完成"), ("no", "复查未通过，重新整改")])
    comment = forms.CharField(label="复查意见", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="复查未通过时必填，写明未整改到位之处。")
    rectify_by = forms.DateField(label="新的整改期限", required=False, widget=DATE, help_text="复查未通过时必填。")
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssessForm(forms.Form):
    notes = forms.CharField(label="督查记录", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    score = forms.DecimalField(label="得分", required=False, min_value=0, max_value=100, decimal_places=1,
                               help_text="留空时按发现问题扣分计算（满分100分）。")
    grade = forms.CharField(label="等次", required=False, max_length=20, help_text="如：优秀、良好、合格、不合格")
    version = forms.IntegerField(widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    files = MultipleFileField(label="补充证据", help_text=FILES_HELP)
