"""The items API (主动公开的政府信息), a ninja ``Router`` mounted under ``/api/v1``:

- public, no token: ``GET /items`` (published items only — ``disclosure.selectors.public_items()`` — with the
  column's filters and full-text search) and ``GET /items/{id}``;
- staff, bearer token (``auth.TokenAuth``, as every other operation): ``POST /items`` drafts an item through
  ``disclosure.services.create_item``; ``POST /items/{id}/actions/{action}`` runs one workflow action through
  ``disclosure.services.perform`` (submit, secrecy_pass, approve, withdraw, …; the body holds that
  service's keyword arguments, e.g. ``{"comment": "…", "version": 3}``).

Errors have the API's one shape (``errors.py``): a service's ``Http404`` → 404, ``PermissionDenied`` → 403,
``ValidationError`` → 422 with field errors, ``ConflictError`` → 409 — all through the handlers
``errors.install`` registers on the API — and ``ItemTransitionNotAllowed`` → 409 with the actions the user
may take now, answered here because those handlers know only the applications' transition error.
"""

import datetime as dt
import inspect
import math
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from ninja import Body, Path, Query, Router, Schema
from ninja import Status as WithStatus
from pydantic import ConfigDict, Field

from gongkai import search
from gongkai.disclosure import services
from gongkai.disclosure.codes import CHANNELS, ItemStatus
from gongkai.disclosure.models import Item
from gongkai.disclosure.selectors import interpretations_of, public_items
from gongkai.orgs.models import Organization
from gongkai.orgs.scoping import filter_visible, visible_org_ids
from gongkai.search.engine import ORDERS
from gongkai.search.filters import MAX_YEAR, MIN_YEAR, ItemFilters

from .schemas import MAX_ID, ErrorOut, Id, Text, TransitionErrorOut, UnknownActionOut, ValidationErrorOut

router = Router(tags=["政府信息"])

ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="信息 ID")]
NOT_FOUND = "未找到该信息。"
PUBLIC_ERRORS = {404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: TransitionErrorOut,
                422: ValidationErrorOut}


# ---------------------------------------------------------------------------------------------------------
# shapes


class OrgRef(Schema):
    id: int
    code: str
    name: str


class ItemRef(Schema):
    id: int
    index_no: str
    title: str
    url: str


class ItemSummaryOut(Schema):
    id: int
    index_no: str = Field(description="索引号")
    title: str
    doc_no: str = Field(description="文号")
    org: OrgRef = Field(description="发布机构")
    written_on: dt.date | None = Field(description="成文日期")
    published_at: dt.datetime = Field(description="发布日期")
    doc_type: str
    doc_type_label: str = Field(description="文种")
    topic: str
    topic_label: str = Field(description="主题分类")
    validity: str
    validity_label: str = Field(description="有效性")
    article20_item: int | None = Field(description="第二十条事项（1—15）")
    url: str = Field(description="公开专栏中的页面")
    score: float | None = Field(None, description="相关度（仅检索时）")
    snippet_html: str | None = Field(None, description="命中摘要，HTML，已转义，命中词以 <mark> 标出（仅检索时）")


class ItemPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    relaxed: bool = Field(False, description="为 true 时没有同时包含全部关键词的信息，返回的是包含部分关键词的结果")
    items: list[ItemSummaryOut]


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str


class ItemOut(ItemSummaryOut):
    summary: str = Field(description="内容概述")
    body_html: str = Field(description="正文，已清洗的 HTML")
    valid_from: dt.date | None = Field(description="施行日期")
    invalid_on: dt.date | None = Field(description="失效或废止日期")
    channels: list[str] = Field(description="发布渠道")
    attachments: list[AttachmentOut]
    interprets: ItemRef | None = Field(description="本解读所解读的政策文件")
    interpretations: list[ItemRef] = Field(description="本文件的政策解读")


class ItemFiltersIn(Schema):
    org: Id | None = Field(None, description="发布机构 ID")
    subtree: bool = Field(False, description="为 true 时包括该机构的全部下级机构")
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="发布年份")
    doc_type: Text | None = Field(None, description="文种")
    validity: Text | None = Field(None, description="有效性：valid、expired、repealed")
    topic: Text | None = Field(None, description="主题分类")
    q: Text | None = Field(None, max_length=200, description="全文检索关键词（标题、文号、索引号、正文、附件）")
    order: Text | None = Field(None, description="relevance（相关度，有 q 时默认）或 date（发布日期）")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(20, ge=1, le=100)


class ItemIn(Schema):
    """The fields of ``services.create_item``; the service validates the values (choices, dates, rules)."""

    model_config = ConfigDict(extra="forbid")
    org: Id = Field(description="发布机构 ID")
    title: Text
    doc_no: Text | None = None
    written_on: Text | None = Field(None, description="成文日期 YYYY-MM-DD")
    formed_on: Text | None = Field(None, description="形成或变更日期 YYYY-MM-DD（第二十六条期限自此起算）")
    topic: Text | None = None
    doc_type: Text
    article20_item: int | None = Field(None, ge=1, le=15)
    catalog_node: Id | None = None
    summary: Text | None = None
    body_html: Text | None = None
    disclosure: Text | None = Field(None, description="公开属性：active、on_request、withheld")
    withheld_ground: Text | None = None
    withheld_reason: Text | None = None
    validity: Text | None = None
    valid_from: Text | None = None
    channels: list[Text] | None = Field(None, description=f"发布渠道：{'、'.join(CHANNELS)}")
    interprets: Id | None = Field(None, description="政策解读所解读的文件 ID")


class StaffItemOut(Schema):
    id: int
    index_no: str
    title: str
    org_id: int
    status: str
    status_label: str
    disclosure: str
    version: int = Field(description="乐观并发控制：操作时可带上 version")
    published_at: dt.datetime | None
    scheduled_at: dt.datetime | None
    allowed_actions: list[str] = Field(description="该用户现在可以执行的操作")
    url: str | None = Field(description="公开后在公开专栏中的页面")


# ---------------------------------------------------------------------------------------------------------
# serialisation


def _url(request, name, *args) -> str:
    return request.build_absolute_uri(reverse(f"portal:{name}", args=args))


def _ref(request, item: Item) -> dict:
    return {"id": item.pk, "index_no": item.index_no, "title": item.title, "url": _url(request, "item", item.index_no)}


def _summary(request, item: Item, score=None, snippet=None) -> dict:
    return {
        "id": item.pk, "index_no": item.index_no, "title": item.title, "doc_no": item.doc_no,
        "org": {"id": item.org_id, "code": item.org.code, "name": item.org.name}, "written_on": item.written_on,
        "published_at": item.pub_date, "doc_type": item.doc_type, "doc_type_label": item.get_doc_type_display(),
        "topic": item.topic, "topic_label": item.get_topic_display(), "validity": item.validity,
        "validity_label": item.get_validity_display(), "article20_item": item.article20_item,
        "url": _url(request, "item", item.index_no), "score": score,
        "snippet_html": None if snippet is None else str(snippet),
    }


def _staff(user, item: Item) -> dict:
    public = public_items().filter(pk=item.pk).exists()
    return {"id": item.pk, "index_no": item.index_no, "title": item.title, "org_id": item.org_id,
            "status": item.status, "status_label": ItemStatus(item.status).label, "disclosure": item.disclosure,
            "version": item.version, "published_at": item.published_at, "scheduled_at": item.scheduled_at,
            "allowed_actions": services.allowed_actions(user, item),
            "url": reverse("portal:item", args=[item.index_no]) if public else None}


# ---------------------------------------------------------------------------------------------------------
# public


@router.get("/items", auth=None, response={200: ItemPage, **PUBLIC_ERRORS}, summary="主动公开的政府信息",
            description="已发布的主动公开信息，无需令牌。可按机构（含下级）、年份、文种、有效性、主题分类筛选；"
                        "带 q 时为全文检索，按相关度（或 order=date 按发布日期）排序并返回命中摘要，否则按发布日期倒序。")
def list_items(request, filters: Query[ItemFiltersIn]):
    params = filters.model_dump(exclude_none=True)
    item_filters, errors = ItemFilters.from_params({k: str(v) for k, v in params.items()})
    item_filters.subtree = filters.subtree
    if filters.order not in (None, *ORDERS):
        errors["order"] = "排序应为 relevance 或 date。"
    if errors:
        raise ValidationError(errors)
    size, number = filters.page_size, filters.page
    words = (filters.q or "").strip()
    if words:
        results = search.query(words, filters=item_filters, order=filters.order or "relevance", page=number,
                               per_page=size)
        rows = [_summary(request, h.item, h.score, h.snippet_html) for h in results.hits]
        # The engine shows the last page for a page past the end; the API answers that page as empty.
        if results.page != number:
            rows = []
        return {"count": results.total, "page": number, "page_size": size, "pages": results.pages,
                "relaxed": results.relaxed, "items": rows}
    qs = item_filters.apply(public_items()).select_related("org").order_by("-pub_date", "-id")
    count = qs.count()
    start = (number - 1) * size
    rows = [_summary(request, item) for item in qs[start:start + size]] if start < count else []
    return {"count": count, "page": number, "page_size": size, "pages": max(1, math.ceil(count / size)),
            "items": rows}


@router.get("/items/{item_id}", auth=None, response={200: ItemOut, 404: ErrorOut}, summary="政府信息详情",
            description="一条已发布的主动公开信息：元数据、正文、附件、政策解读。未发布或不主动公开的信息一律 404。")
def get_item(request, item_id: ItemId):
    item = public_items().select_related("org", "interprets").filter(pk=item_id).first()
    if item is None:
        raise Http404(NOT_FOUND)
    interprets = None
    if item.interprets_id and public_items().filter(pk=item.interprets_id).exists():
        interprets = _ref(request, item.interprets)
    return {
        **_summary(request, item), "summary": item.summary, "body_html": services.sanitize_html(item.body_html),
        "valid_from": item.valid_from, "invalid_on": item.invalid_on, "channels": item.channel_labels,
        "attachments": [{"id": a.pk, "name": a.original_name, "kind": a.kind, "size": a.size,
                         "url": _url(request, "attachment", a.pk)} for a in item.attachments.all()],
        "interprets": interprets,
        "interpretations": [_ref(request, i) for i in interpretations_of(item).order_by("pub_date", "id")],
    }


# ---------------------------------------------------------------------------------------------------------
# staff


@router.post("/items", response={201: StaffItemOut, **{k: v for k, v in WRITE_ERRORS.items() if k != 409}},
             summary="起草政府信息",
             description="以令牌所属用户的身份起草一条信息（草稿），需为该机构的信息发布员或公开办管理员。"
                         "之后用 actions/submit 提交保密审查。")
def create_item(request, payload: ItemIn):
    user = request.auth
    if payload.org not in visible_org_ids(user):
        raise Http404("未找到该机构，或不在您的数据范围内。")
    org = Organization.objects.get(pk=payload.org)
    data = payload.model_dump(exclude_none=True, exclude={"org"})
    item = services.create_item(user, org=org, data=data, request=request)
    return WithStatus(201, _staff(user, item))


def _action_description() -> str:
    lines = []
    for name, func in services.ACTION_FUNCTIONS.items():
        params = inspect.signature(func).parameters.values()
        fields = [p.name + ("" if p.default is p.empty else "?") for p in params
                  if p.kind == p.KEYWORD_ONLY and p.name != "request"]
        lines.append(f"- `{name}` {services.TRANSITIONS[name].label}：{', '.join(fields)}")
    return ("执行一步办理操作，请求体为该操作的参数（JSON 对象；带 ? 的可省略），"
            "404 为信息不存在或不在数据范围内，409 为当前不能执行该操作（附可执行的操作）或信息已被他人修改：\n\n"
            + "\n".join(lines))


@router.post("/items/{item_id}/actions/{action}",
             response={200: StaffItemOut, 404: ErrorOut | UnknownActionOut,
                       **{k: v for k, v in WRITE_ERRORS.items() if k != 404}},
             summary="办理操作", description=_action_description())
def item_action(request, item_id: ItemId, action: str, payload: Body[dict[str, Any] | None] = None):
    user = request.auth
    if action not in services.ACTION_FUNCTIONS:
        return WithStatus(404, {"detail": f"未知的操作：{action}", "actions": list(services.ACTION_FUNCTIONS)})
    try:
        item = services.perform(user, item_id, action, dict(payload or {}), request=request)
    except services.ItemTransitionNotAllowed as e:
        return WithStatus(409, {"detail": e.message, "allowed_actions": e.allowed})
    item = filter_visible(user, Item.objects.all()).get(pk=item.pk)
    return _staff(user, item)
