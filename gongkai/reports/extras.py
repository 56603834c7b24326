"""The live figures the reports app itself offers to narratives beyond the tables (see ``narrative``)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from gongkai.disclosure.codes import DocType, ItemStatus
from gongkai.disclosure.models import Item

from .narrative import register_extra


def _published_in(org_ids, year: int) -> Q:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    return Q(org_id__in=list(org_ids), status=ItemStatus.PUBLISHED, published_at__gte=start, published_at__lt=end)


def items_published(org_ids, year: int) -> int:
    return Item.objects.filter(_published_in(org_ids, year)).count()


def interpretations_published(org_ids, year: int) -> int:
    return Item.objects.filter(_published_in(org_ids, year), doc_type=DocType.INTERPRETATION).count()


def normative_published(org_ids, year: int) -> int:
    return Item.objects.filter(_published_in(org_ids, year),
                               doc_type__in=(DocType.REGULATION, DocType.NORMATIVE)).count()


def register() -> None:
    register_extra("主动公开信息", "本年主动公开政府信息条数", "条", items_published)
    register_extra("政策解读", "本年发布政策解读条数", "条", interpretations_published)
    register_extra("公开规章和规范性文件", "本年公开规章和规范性文件件数", "件", normative_published)
