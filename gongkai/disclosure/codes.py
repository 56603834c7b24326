"""Vocabularies of proactive disclosure (主动公开): 公开属性 and its withholding grounds, 文种, 主题分类,
有效性, channels, the Article 20 items and the publishing workflow's statuses."""

from django.db import models


class Disclosure(models.TextChoices):
    """公开属性, fixed when the item is drafted (Art. 13–16)."""

    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class WithheldGround(models.TextChoices):
    """Grounds for 不予公开 (条例 Art. 14, 15, 16)."""

    STATE_SECRET = "art14_secret", "第十四条：依法确定为国家秘密"
    LAW_FORBIDS = "art14_law", "第十四条：法律、行政法规禁止公开"
    SECURITY = "art14_security", "第十四条：公开后可能危及国家安全、公共安全、经济安全、社会稳定"
    THIRD_PARTY = "art15_third_party", "第十五条：涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"
    INTERNAL = "art16_internal", "第十六条第一款：内部事务信息（人事管理、后勤管理、内部工作流程等）"
    PROCESS = "art16_process", "第十六条第二款：过程性信息（讨论记录、过程稿、磋商信函、请示报告等）"
    ENFORCEMENT = "art16_enforcement", "第十六条第二款：行政执法案卷信息"


class DocType(models.TextChoices):
    """文种."""

    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER_DOCUMENT = "other_document", "其他文件"
    INTERPRETATION = "interpretation", "政策解读"
    NEWS = "news", "工作动态"
    PLAN = "plan", "规划计划"
    BUDGET = "budget", "财政预决算"
    PERSONNEL = "personnel", "人事信息"
    STATISTICS = "statistics", "统计信息"
    NOTICE = "notice", "通知公告"
    OTHER = "other", "其他"


# 规章 and 行政规范性文件 must be published with their interpretation (三同步) and drive table 二.
POLICY_TYPES = (DocType.REGULATION, DocType.NORMATIVE)


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "已废止"


class Topic(models.TextChoices):
    """主题分类 (the classification used by government websites' 政府信息公开 columns)."""

    GENERAL = "general", "综合政务"
    ECONOMY = "economy", "国民经济管理、国有资产监管"
    FINANCE = "finance", "财政、金融、审计"
    LAND = "land", "国土资源、能源"
    AGRICULTURE = "agriculture", "农业、林业、水利"
    INDUSTRY = "industry", "工业、交通"
    COMMERCE = "commerce", "商贸、海关、旅游"
    MARKET = "market", "市场监管、安全生产监管"
    CONSTRUCTION = "construction", "城乡建设、环境保护"
    EDUCATION = "education", "科技、教育"
    CULTURE = "culture", "文化、广电、新闻出版"
    HEALTH = "health", "卫生、体育"
    POPULATION = "population", "人口与计划生育、妇女儿童工作"
    LABOUR = "labour", "劳动、人事、监察"
    PUBLIC_SECURITY = "public_security", "公安、安全、司法"
    CIVIL_AFFAIRS = "civil_affairs", "民政、扶贫、救灾"
    ETHNIC = "ethnic", "民族、宗教"
    OTHER = "other", "其他"


CHANNELS = {
    "website": "政府网站",
    "gazette": "政府公报",
    "new_media": "政务新媒体",
    "service_hall": "政务公开专区",
    "press": "新闻发布会",
    "media": "报刊、广播、电视",
    "noticeboard": "公开栏",
}

# 条例 Art. 20 items (the annual report cites them as 第二十条第（N）项).
ARTICLE20 = {
    1: "行政法规、规章和规范性文件",
    2: "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    3: "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    4: "国民经济和社会发展统计信息",
    5: "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    6: "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    7: "财政预算、决算信息",
    8: "行政事业性收费项目及其依据、标准",
    9: "政府集中采购项目的目录、标准及实施情况",
    10: "重大建设项目的批准和实施情况",
    11: "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    12: "突发公共事件的应急预案、预警信息及应对情况",
    13: "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    14: "公务员招考的职位、名额、报考条件等事项以及录用结果",
    15: "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
}
CN_NUMERALS = "一二三四五六七八九十"


def article20_label(n: int | None) -> str:
    if not n:
        return ""
    numeral = CN_NUMERALS[n - 1] if n <= 10 else "十" + CN_NUMERALS[n - 11]
    return f"第二十条第（{numeral}）项"


ARTICLE20_CHOICES = [(n, f"{article20_label(n)} {text}") for n, text in ARTICLE20.items()]


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SECRECY_REVIEW = "secrecy_review", "待保密审查"
    APPROVAL = "approval", "待审批"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    RECORDED = "recorded", "已登记（不主动公开）"
    WITHDRAWN = "withdrawn", "已撤回"
