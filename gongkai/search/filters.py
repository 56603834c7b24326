"""Filters over public items — 发布机构 (one body or its whole subtree), 年份, 文种, 有效性, 主题分类 — shared by
search, the column's list pages and the items API, so the three narrow a list the same way.

``ItemFilters.from_params`` reads them from a query string and reports each value it cannot use; the pages
ignore those (a stale link still shows a list), the API answers them with 422.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.disclosure.codes import ARTICLE20, DocType, Topic, Validity
from gongkai.orgs.models import Organization, ScopeMode
from gongkai.orgs.scoping import scope_q

MIN_YEAR, MAX_YEAR = 1949, 2200
TRUE_VALUES = {"1", "true", "on", "yes"}


@dataclass
class ItemFilters:
    org: Organization | None = None
    subtree: bool = False
    year: int | None = None
    doc_type: str = ""
    validity: str = ""
    topic: str = ""
    article20_item: int | None = None
    catalog_nodes: tuple[int, ...] | None = None

    def apply(self, queryset: QuerySet) -> QuerySet:
        """Narrow a queryset of public items (it must carry ``pub_date``, as ``public_items()`` does)."""
        qs = queryset
        if self.org is not None:
            mode = ScopeMode.SUBTREE if self.subtree else ScopeMode.SELF
            qs = qs.filter(scope_q(self.org, mode, prefix="org__"))
        if self.year is not None:
            start, end = year_bounds(self.year)
            qs = qs.filter(pub_date__gte=start, pub_date__lt=end)
        if self.doc_type:
            qs = qs.filter(doc_type=self.doc_type)
        if self.validity:
            qs = qs.filter(validity=self.validity)
        if self.topic:
            qs = qs.filter(topic=self.topic)
        if self.article20_item is not None:
            qs = qs.filter(article20_item=self.article20_item)
        if self.catalog_nodes is not None:
            qs = qs.filter(catalog_node_id__in=self.catalog_nodes)
        return qs

    @property
    def active(self) -> bool:
        return any((self.org is not None, self.year is not None, self.doc_type, self.validity, self.topic,
                    self.article20_item is not None, self.catalog_nodes is not None))

    @classmethod
    def from_params(cls, params: Mapping) -> tuple["ItemFilters", dict[str, str]]:
        """Filters from request parameters (``org`` id, ``subtree``, ``year``, ``doc_type``, ``validity``,
        ``topic``, ``article``) and the messages for the values that were refused."""
        filters, errors = cls(), {}

        def text(name):
            value = params.get(name)
            return "" if value is None else str(value).strip()

        org = text("org")
        if org:
            found = Organization.objects.filter(pk=int(org)).first() if org.isdigit() and len(org) < 19 else None
            if found is None:
                errors["org"] = "未找到该机构。"
            filters.org = found
        filters.subtree = text("subtree").lower() in TRUE_VALUES
        year = text("year")
        if year:
            if year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR:
                filters.year = int(year)
            else:
                errors["year"] = f"年份应为{MIN_YEAR}至{MAX_YEAR}之间的四位数字。"
        for name, choices, label in (("doc_type", DocType, "文种"), ("validity", Validity, "有效性"),
                                     ("topic", Topic, "主题分类")):
            value = text(name)
            if value and value not in choices.values:
                errors[name] = f"{label}取值无效，可选：{'、'.join(choices.values)}。"
            elif value:
                setattr(filters, name, value)
        article = text("article")
        if article:
            if article.isdigit() and int(article) in ARTICLE20:
                filters.article20_item = int(article)
            else:
                errors["article"] = "第二十条事项应为1至15。"
        return filters, errors


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year in local time (a 发布日期 of 1 January 00:30 in Beijing belongs to that year, not the last)."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)
