"""Vocabularies of the work records: the kinds of record and the platforms of 政务新媒体 accounts."""

from django.db import models


class RecordKind(models.TextChoices):
    PRESS_CONFERENCE = "press_conference", "新闻发布会"
    ONLINE_INTERVIEW = "online_interview", "在线访谈"
    INTERPRETATION_REPORT = "interpretation_report", "向上级报送政策解读"
    TRAINING = "training", "培训"


class Platform(models.TextChoices):
    WEIBO = "weibo", "微博"
    WECHAT = "wechat", "微信公众号"
    DOUYIN = "douyin", "抖音"
    APP = "app", "政务客户端"
    OTHER = "other", "其他"


# What each kind's "title" and "place" mean on forms and lists.
TITLE_LABELS = {
    RecordKind.PRESS_CONFERENCE: "发布会主题",
    RecordKind.ONLINE_INTERVIEW: "访谈主题",
    RecordKind.INTERPRETATION_REPORT: "解读的政策文件",
    RecordKind.TRAINING: "培训主题",
}
