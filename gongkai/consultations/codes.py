"""Vocabularies of 意见征集: the consultation's states and phases, the identity rule, moderation and adoption."""

from django.db import models


class Status(models.TextChoices):
    """What staff have done. The public phase also depends on the dates (see ``Phase``)."""

    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"  # open from starts_on to ends_on
    CLOSED = "closed", "已提前截止"  # closed early by staff
    CONCLUDED = "concluded", "已发布采纳情况"


class Phase(models.TextChoices):
    """Status and dates together: what the public and the lists show."""

    DRAFT = "draft", "草稿"
    UPCOMING = "upcoming", "未开始"
    OPEN = "open", "征集中"
    ENDED = "ended", "已截止"
    CONCLUDED = "concluded", "已发布采纳情况"


class IdentityRule(models.TextChoices):
    OPTIONAL = "optional", "选填"
    REQUIRED = "required", "必填"


class Moderation(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "不予显示"


class Adoption(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTIAL = "partial", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"
    NOT_APPLICABLE = "na", "不适用"


UNSET_ADOPTION_LABEL = "未标注"
