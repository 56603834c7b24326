"""Vocabularies of a disclosure application. Applicant kinds are the columns and outcomes the rows of the
annual report's table 三, with the same keys as the report JSON, so the report is a GROUP BY."""

from django.db import models


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    SOCIAL_WELFARE = "social_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面提交"
    LETTER = "letter", "信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    OTHER = "other", "其他"


class LetterMail(models.TextChoices):
    """For 信函: Art. 31(二) distinguishes mail that is signed for from ordinary letters."""

    SIGNED = "signed", "需签收的邮件（以签收之日为收到申请之日）"
    ORDINARY = "ordinary", "平常信函（以与申请人确认之日为收到申请之日）"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    USCC = "uscc", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他证件"


class InfoForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"
    INSPECT = "inspect", "查阅、抄录"
    OTHER = "other", "其他"


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认"
    PROCESSING = "processing", "办理中"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_PAYMENT = "awaiting_payment", "待缴费"
    REPLY_PENDING = "reply_pending", "答复待审核"
    REPLY_APPROVED = "reply_approved", "答复待送达"
    CONCLUDED = "concluded", "已办结"
    ARCHIVED = "archived", "已归档"
    DISCARDED = "discarded", "已作废"


OPEN_STATUSES = (Status.PROCESSING, Status.AWAITING_SUPPLEMENT, Status.CONSULTING, Status.AWAITING_PAYMENT,
                 Status.REPLY_PENDING, Status.REPLY_APPROVED)
CLOSED_STATUSES = (Status.CONCLUDED, Status.ARCHIVED)


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见（第三十二条）"
    AGENCY = "agency", "征求其他行政机关意见（第三十四条）"


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", "按件计收"
    PER_PAGE = "per_page", "按量计收"


# Outcome codes are the rows of table 三 (2021 format). Labels are the national format's row labels.
OUTCOMES: dict[str, str] = {
    "3.1": "予以公开",
    "3.2": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "3.3.1": "属于国家秘密",
    "3.3.2": "其他法律行政法规禁止公开",
    "3.3.3": "危及“三安全一稳定”",
    "3.3.4": "保护第三方合法权益",
    "3.3.5": "属于三类内部事务信息",
    "3.3.6": "属于四类过程性信息",
    "3.3.7": "属于行政执法案卷",
    "3.3.8": "属于行政查询事项",
    "3.4.1": "本机关不掌握相关政府信息",
    "3.4.2": "没有现成信息需要另行制作",
    "3.4.3": "补正后申请内容仍不明确",
    "3.5.1": "信访举报投诉类申请",
    "3.5.2": "重复申请",
    "3.5.3": "要求提供公开出版物",
    "3.5.4": "无正当理由大量反复申请",
    "3.5.5": "要求行政机关确认或重新出具已获取信息",
    "3.6.1": "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "3.6.2": "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.6.3": "其他",
}
OUTCOME_GROUPS: dict[str, str] = {
    "3.1": "（一）予以公开", "3.2": "（二）部分公开", "3.3": "（三）不予公开", "3.4": "（四）无法提供",
    "3.5": "（五）不予处理", "3.6": "（六）其他处理",
}
# The regulation article a reply of that outcome rests on (domain spec §2.7), offered as the default basis.
OUTCOME_BASIS: dict[str, str] = {
    "3.1": "《中华人民共和国政府信息公开条例》第三十六条第（一）（二）项",
    "3.2": "《中华人民共和国政府信息公开条例》第三十七条",
    "3.3.1": "《中华人民共和国政府信息公开条例》第十四条",
    "3.3.2": "《中华人民共和国政府信息公开条例》第十四条",
    "3.3.3": "《中华人民共和国政府信息公开条例》第十四条",
    "3.3.4": "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
    "3.3.5": "《中华人民共和国政府信息公开条例》第十六条第一款",
    "3.3.6": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "3.3.7": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "3.3.8": "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    "3.4.1": "《中华人民共和国政府信息公开条例》第三十六条第（四）（五）项",
    "3.4.2": "《中华人民共和国政府信息公开条例》第三十八条",
    "3.4.3": "《中华人民共和国政府信息公开条例》第三十条",
    "3.5.1": "《中华人民共和国政府信息公开条例》第三十九条第一款",
    "3.5.2": "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    "3.5.3": "《中华人民共和国政府信息公开条例》第三十九条第二款",
    "3.5.4": "《中华人民共和国政府信息公开条例》第三十五条",
    "3.5.5": "《中华人民共和国政府信息公开条例》第三十九条",
    "3.6.1": "《中华人民共和国政府信息公开条例》第三十条",
    "3.6.2": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "3.6.3": "",
}
# Outcomes staff choose when drafting a reply; 3.6.x close an application without a reply.
REPLY_OUTCOMES = [code for code in OUTCOMES if not code.startswith("3.6")]
OUTCOME_CHOICES = [(code, f"{code} {label}") for code, label in OUTCOMES.items()]


def outcome_label(code: str | None) -> str:
    if not code:
        return ""
    group = OUTCOME_GROUPS.get(code[:3], "")
    label = OUTCOMES.get(code, code)
    if code in ("3.1", "3.2"):
        return group
    return f"{group} {code[4:]}.{label}" if group else label
