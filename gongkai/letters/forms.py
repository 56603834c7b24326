"""The template edit form: a new version of one letter template."""

from django import forms


class TemplateVersionForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(
        label="正文模板", widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "false"}), strip=False,
        help_text="使用 Django 模板语法：{{ 变量 }} 插入内容，{% if 变量 %}…{% endif %} 按条件输出。"
                  "每一行生成一个段落（首行缩进两字）；称谓、文号和落款由系统排版，无需写入。")
    legal_basis = forms.CharField(label="法律依据", max_length=300, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text="正文中以 {{ legal_basis }} 引用；答复书中的 {{ basis }} 为拟稿时选定的依据。")
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                     help_text="文书日期在此日期及以后的文书使用新版本；已出具的文书不受影响。")
