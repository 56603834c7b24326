"""The live figures the work records give the annual report's narrative (``gongkai.reports.narrative``):
``{{新闻发布会}}``, ``{{在线访谈}}``, ``{{报送政策解读}}``, ``{{培训次数}}``, ``{{培训人次}}``, ``{{政务新媒体发布}}``,
``{{政务新媒体账号}}`` — each ``func(org_ids, year) -> int`` over the bodies the report covers."""

from gongkai.reports.narrative import register_extra

from . import selectors
from .codes import RecordKind


def _kind_count(kind):
    def count(org_ids, year: int) -> int:
        return selectors.count_records(org_ids, *selectors.year_range(year), kind)
    return count


def training_attendees(org_ids, year: int) -> int:
    return selectors.attendees(org_ids, *selectors.year_range(year))


def new_media_posts(org_ids, year: int) -> int:
    return selectors.posts(org_ids, *selectors.year_range(year))


def new_media_accounts(org_ids, year: int) -> int:
    return selectors.reporting_accounts(org_ids, *selectors.year_range(year))


FIGURES = [
    ("新闻发布会", "本年召开新闻发布会次数", "次", _kind_count(RecordKind.PRESS_CONFERENCE)),
    ("在线访谈", "本年开展在线访谈次数", "次", _kind_count(RecordKind.ONLINE_INTERVIEW)),
    ("报送政策解读", "本年向上级报送政策解读条数", "条", _kind_count(RecordKind.INTERPRETATION_REPORT)),
    ("培训次数", "本年举办政务公开培训次数", "次", _kind_count(RecordKind.TRAINING)),
    ("培训人次", "本年政务公开培训参加人次", "人次", training_attendees),
    ("政务新媒体发布", "本年政务新媒体发布信息条数", "条", new_media_posts),
    ("政务新媒体账号", "本年有发布数据的政务新媒体账号个数", "个", new_media_accounts),
]


def register() -> None:
    for name, label, unit, func in FIGURES:
        register_extra(name, label, unit, func)
