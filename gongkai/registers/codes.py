"""Vocabularies of the registers and the labels (with the variants seen in real spreadsheets) that an import
accepts for them. The keys are those of the annual report's table 二 rows, so the report is a GROUP BY."""

from django.db import models


class PowerKind(models.TextChoices):
    """The kinds of 权责清单 item that table 二 counts (第二十条第（五）（六）（八）项)."""

    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    FEE = "fee", "行政事业性收费"
    OTHER_SERVICE = "other_service", "其他对外管理服务事项"


class DecisionKind(models.TextChoices):
    """The kinds of decision whose number table 二 reports (处理决定数量). The 2019 format also counts the
    decisions (办件量) of 其他对外管理服务事项; the 2021 format only 许可, 处罚 and 强制."""

    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    OTHER_SERVICE = "other_service", "其他对外管理服务事项"


# The decisions of administrative enforcement (行政执法决定) that the public column lists (执法决定公示).
ENFORCEMENT_KINDS = (DecisionKind.LICENSING, DecisionKind.PENALTY, DecisionKind.COERCION)


class SubjectKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER = "other", "其他组织"


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "全部正确才导入"
    VALID_ONLY = "valid_only", "只导入正确的行"


class BatchStatus(models.TextChoices):
    RUNNING = "running", "导入中"
    COMPLETED = "completed", "已完成"
    REJECTED = "rejected", "有错误，未导入"
    FAILED = "failed", "文件无法导入"


class AmountUnit(models.TextChoices):
    YUAN = "元", "元"
    WAN = "万元", "万元"


# What a spreadsheet may write in the 类别 column (the label, the key, or the law's longer wording).
DECISION_KIND_ALIASES = {
    **{label: key for key, label in DecisionKind.choices},
    **{key: key for key in DecisionKind.values},
    "许可": DecisionKind.LICENSING, "行政许可决定": DecisionKind.LICENSING,
    "处罚": DecisionKind.PENALTY, "行政处罚决定": DecisionKind.PENALTY,
    "强制": DecisionKind.COERCION, "行政强制措施": DecisionKind.COERCION, "行政强制执行": DecisionKind.COERCION,
}

# 相对人类别: the 双公示 data standard writes 法人及非法人组织 / 自然人 / 个体工商户.
SUBJECT_KIND_ALIASES = {
    **{label: key for key, label in SubjectKind.choices},
    **{key: key for key in SubjectKind.values},
    "个人": SubjectKind.NATURAL_PERSON, "公民": SubjectKind.NATURAL_PERSON,
    "法人及非法人组织": SubjectKind.LEGAL_PERSON, "法人或其他组织": SubjectKind.LEGAL_PERSON,
    "企业": SubjectKind.LEGAL_PERSON, "单位": SubjectKind.LEGAL_PERSON,
    "非法人组织": SubjectKind.OTHER, "个体工商户": SubjectKind.OTHER, "其他": SubjectKind.OTHER,
}
