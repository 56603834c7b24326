"""What a letter template may say and how its text is produced: the variables (built from an application and
the event that issues the letter), the restricted template engine, and the text rendering.

Letter bodies are plain text, not HTML, so they render without autoescaping; the HTML and DOCX renderers
escape or place the text themselves. Every value in a context is a string or a number, dates already
written out in Chinese, so that the context can be stored as JSON and rendered again to the same text.
"""

import datetime as dt
import re

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType

from gongkai.applications.codes import ApplicantKind, FeeMethod

from .codes import LetterKind

# Variables a template may use, with the Chinese description shown on the template edit page.
COMMON_VARIABLES: dict[str, str] = {
    "org_name": "本机关名称",
    "addressee": "收件人（申请人姓名或名称；征求意见函为被征求意见方）",
    "you": "对申请人的称呼：自然人为“您”，法人或其他组织为“贵单位”",
    "applicant_name": "申请人姓名或名称",
    "tracking_no": "受理编号",
    "received_on": "收到申请之日，如“2026年6月5日”",
    "channel": "申请方式，如“当面提交”“网上申请”",
    "content": "申请公开的政府信息的名称、文号或特征描述",
    "purpose": "申请用途（申请人选填）",
    "info_form": "指定的信息提供形式",
    "delivery_method": "获取信息的方式",
    "due_on": "当前答复期限（暂停计算或无法计算时为空）",
    "letter_date": "文书日期",
    "legal_basis": "本模板的法律依据",
}
KIND_VARIABLES: dict[str, dict[str, str]] = {
    LetterKind.RECEIPT: {},
    LetterKind.SUPPLEMENT: {"items": "需要补正的事项", "supplement_due": "补正期限"},
    LetterKind.EXTENSION: {"workdays": "延长的工作日数", "extension_reason": "延期理由"},
    LetterKind.CONSULTATION: {"party": "被征求意见的第三方", "reply_by": "提出意见的期限"},
    LetterKind.CONSULTATION_AGENCY: {"party": "被征求意见的行政机关", "reply_by": "提出意见的期限"},
    LetterKind.FEE: {
        "fee_method": "收费标准（按件计收或按量计收）", "pages": "页数（按量计收时）", "amount": "收费金额（元）",
        "amount_words": "收费金额大写，如“贰佰元整”", "fee_explanation": "金额的计算说明",
        "payment_due": "缴费期限",
    },
    LetterKind.REPLY: {
        "outcome": "办理结果代码，如“3.3.4”", "outcome_label": "办理结果名称", "basis": "答复依据（拟稿时选定的法律依据）",
        "reason": "理由（拟稿时填写）", "provided": "提供的信息或获取方式（拟稿时填写）",
    },
}

# Tags a template may use. Left out: tags that reach outside the letter (load, include, extends, url,
# csrf_token, debug) and ``now``, whose output changes with the clock, so a stored context would no longer
# render to the stored text.
ALLOWED_TAGS = frozenset({
    "if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith", "firstof", "comment",
    "endcomment", "filter", "endfilter", "cycle", "ifchanged", "endifchanged", "templatetag", "widthratio",
    "spaceless", "endspaceless", "verbatim", "endverbatim",
})
# The one built-in filter whose output is not a function of its input.
FORBIDDEN_FILTER = re.compile(r"\|\s*random\b")

ENGINE = Engine(debug=True, autoescape=False, string_if_invalid="")


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _one_line(value) -> str:
    """Applicant-typed text that sits inside a sentence: line breaks would split the sentence into paragraphs."""
    return " ".join(str(value or "").split())


def _block(value) -> str:
    return "\n".join(line.strip() for line in str(value or "").splitlines() if line.strip())


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿", "万亿")


def yuan_in_words(amount: int) -> str:
    """A whole amount of yuan in capital numerals (大写金额), e.g. 10200 → 壹万零贰佰元整."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount == 0:
        return "零元整"
    sections = []
    while amount:
        sections.append(amount % 10000)
        amount //= 10000
    out = ""
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            if out and not out.endswith("零"):
                out += "零"
            continue
        if out and section < 1000 and not out.endswith("零"):
            out += "零"
        text, zero = "", False
        for power in range(3, -1, -1):
            digit = section // 10 ** power % 10
            if digit == 0:
                zero = zero or bool(text)
                continue
            if zero:
                text, zero = text + "零", False
            text += _DIGITS[digit] + _UNITS[power]
        out += text + _SECTIONS[index]
    return out.rstrip("零") + "元整"


def _parse_day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _date_text(value) -> str:
    day = _parse_day(value)
    return cn_date(day) if day else str(value or "")


def base_context(application, *, on: dt.date, legal_basis: str) -> dict:
    org = application.org
    natural = application.applicant_kind == ApplicantKind.NATURAL_PERSON
    return {
        "org_name": org.name,
        "addressee": application.applicant_name,
        "you": "您" if natural else "贵单位",
        "applicant_name": application.applicant_name,
        "tracking_no": application.tracking_no,
        "received_on": cn_date(application.received_on),
        "channel": application.get_channel_display() if application.channel else "",
        "content": _one_line(application.content),
        "purpose": _one_line(application.purpose),
        "info_form": application.get_info_form_display() if application.info_form else "",
        "delivery_method": application.get_delivery_method_display() if application.delivery_method else "",
        "due_on": cn_date(application.due_on),
        "letter_date": cn_date(on),
        "legal_basis": legal_basis,
    }


def kind_context(application, kind: str, extra: dict, *, legal_basis: str) -> dict:
    """The variables of one kind of letter, from ``extra`` (the issuing event's data) and the application."""
    if kind == LetterKind.SUPPLEMENT:
        return {"items": _block(extra.get("items")), "supplement_due": _date_text(extra.get("supplement_due"))}
    if kind == LetterKind.EXTENSION:
        # The reason is set into "因……，" in mid-sentence: drop the full stop a handler may have typed.
        reason = _one_line(extra.get("extension_reason") or extra.get("reason")).rstrip("。．.；;，, ")
        return {"workdays": extra.get("workdays") or "", "extension_reason": reason}
    if kind in (LetterKind.CONSULTATION, LetterKind.CONSULTATION_AGENCY):
        party = _one_line(extra.get("party"))
        return {"party": party, "reply_by": _date_text(extra.get("reply_by")), "addressee": party or "（被征求意见方）"}
    if kind == LetterKind.FEE:
        amount = extra.get("amount")
        method = extra.get("fee_method") or extra.get("method") or ""
        return {
            "fee_method": FeeMethod(method).label if method in FeeMethod.values else str(method),
            "pages": extra.get("pages") or "",
            "amount": amount if amount is not None else "",
            "amount_words": yuan_in_words(amount) if isinstance(amount, int) and amount >= 0 else "",
            "fee_explanation": _one_line(extra.get("fee_explanation") or extra.get("explanation")),
            "payment_due": _date_text(extra.get("payment_due") or application.payment_due),
        }
    if kind == LetterKind.REPLY:
        return {
            "outcome": application.outcome,
            "outcome_label": application.outcome_label,
            "basis": application.outcome_basis or legal_basis,
            "reason": _block(extra.get("reason", application.outcome_reason)),
            "provided": _block(extra.get("provided")),
        }
    return {}


def build_context(application, kind: str, *, on: dt.date, legal_basis: str, extra: dict | None = None) -> dict:
    """Every variable of a letter, JSON-safe. Missing data gives empty strings, never an error."""
    extra = dict(extra or {})
    context = base_context(application, on=on, legal_basis=legal_basis)
    context.update(kind_context(application, kind, extra, legal_basis=legal_basis))
    if "due_on" in extra:
        context["due_on"] = _date_text(extra["due_on"])
    return context


# ---------------------------------------------------------------------------------------------------------
# the template engine

SYNTAX_HINTS = (
    ("Unclosed tag", "标签没有闭合，缺少对应的结束标签（如 {% endif %}、{% endfor %}）"),
    ("Invalid block tag", "无法识别的标签，或结束标签与开始标签不匹配"),
    ("Invalid filter", "无法识别的过滤器"),
    ("Could not parse", "变量或过滤器的写法有误"),
    ("Unused", "标签的参数有误"),
)


class LetterTemplateError(Exception):
    """A template body that cannot be used; ``message`` is for the template editor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _syntax_message(error: TemplateSyntaxError) -> str:
    text = str(error)
    hint = next((h for key, h in SYNTAX_HINTS if key in text), "模板语法有误")
    line = getattr(error, "template_debug", {}).get("line")
    where = f"第{line}行" if line else ""
    return f"模板无法编译{('（' + where + '）') if where else ''}：{hint}。系统提示：{text}"


def compile_template(source: str):
    """Compile a letter body, refusing tags and filters that letters may not use."""
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name not in ALLOWED_TAGS:
                raise LetterTemplateError(
                    f"模板中不能使用标签“{{% {name} %}}”。可用的标签：if、for、with、firstof、comment、filter 等。")
    if FORBIDDEN_FILTER.search(source):
        raise LetterTemplateError("模板中不能使用 random 过滤器：同一份文书每次生成的文字必须相同。")
    try:
        return ENGINE.from_string(source)
    except TemplateSyntaxError as e:
        raise LetterTemplateError(_syntax_message(e)) from e


def normalise_text(text: str) -> str:
    """One paragraph per non-empty line, each trimmed (template tags on their own lines leave blank ones)."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def render_text(source: str, context: dict) -> str:
    template = compile_template(source)
    try:
        return normalise_text(template.render(Context(context, autoescape=False)))
    except LetterTemplateError:
        raise
    except Exception as e:  # a filter failing on the data (e.g. divisibleby:0) is an error of the template
        raise LetterTemplateError(f"模板无法生成文字：{e}") from e


def variables_for(kind: str) -> dict[str, str]:
    return {**COMMON_VARIABLES, **KIND_VARIABLES.get(kind, {})}


# ---------------------------------------------------------------------------------------------------------
# the sample used by the template preview

SAMPLE_ORG = {"name": "示例市教育局", "short_name": "示例教育局"}
SAMPLE_EXTRA: dict[str, dict] = {
    LetterKind.SUPPLEMENT: {"items": "1. 请明确所需文件的年份；\n2. 请明确所需文件涉及的学校名称。",
                            "supplement_due": dt.date(2026, 6, 26)},
    LetterKind.EXTENSION: {"workdays": 20, "reason": "所需信息涉及多个年度的档案，需调取核实"},
    LetterKind.CONSULTATION: {"party": "示例餐饮管理有限公司", "reply_by": dt.date(2026, 7, 6)},
    LetterKind.CONSULTATION_AGENCY: {"party": "示例市财政局", "reply_by": dt.date(2026, 7, 6)},
    LetterKind.FEE: {"method": "per_item", "amount": 200, "payment_due": dt.date(2026, 7, 13),
                     "explanation": "第11—12件共2件×100元，合计200元。"},
}
SAMPLE_PROVIDED = "相关文件的电子文档已通过电子邮件发送至您预留的邮箱。"
SAMPLE_REASON = "（此处为承办人拟定答复时填写的理由。）"


def sample_application(outcome: str = ""):
    """An unsaved application with typical values, for previews (nothing is written to the database)."""
    from gongkai.applications.models import Application
    from gongkai.orgs.models import Organization

    return Application(
        org=Organization(**SAMPLE_ORG), tracking_no="SJ-JYJ-2026-00012", channel="in_person",
        received_on=dt.date(2026, 6, 5), applicant_kind=ApplicantKind.NATURAL_PERSON, applicant_name="张三",
        content="2023年示例市教育局学校食堂招标文件", purpose="", info_form="electronic", delivery_method="email",
        due_on=dt.date(2026, 7, 3), payment_due=dt.date(2026, 7, 13), outcome=outcome,
        # Empty so that ``basis`` falls back to the legal basis being edited, which the preview should show.
        outcome_basis="",
        outcome_reason="" if outcome == "3.1" else SAMPLE_REASON,
    )


def sample_context(kind: str, outcome: str, legal_basis: str, on: dt.date) -> dict:
    extra = dict(SAMPLE_EXTRA.get(kind, {}))
    if kind == LetterKind.REPLY:
        extra["provided"] = SAMPLE_PROVIDED if outcome in ("3.1", "3.2") else ""
    return build_context(sample_application(outcome), kind, on=on, legal_basis=legal_basis, extra=extra)
