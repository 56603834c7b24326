"""State changes of a body's column structure: its 公开目录 nodes, its 政府信息公开指南, its 公开制度 pages and
the office's settings. Editable by the body's 公开办管理员 and 信息发布员; each change is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.audit.services import record, snapshot
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import has_role

from .codes import ARTICLE20
from .models import CatalogKind, CatalogNode, Guide, OfficeSettings, PolicyPage
from .services import sanitize_html

EDITORS = (Role.OFFICE_ADMIN, Role.PUBLISHER)
NODE_FIELDS = ("name", "kind", "article20_item", "sort_order", "update_every_days", "matter", "content", "basis",
               "time_limit", "subject", "channels", "audience", "manner")
GUIDE_FIELDS = ("classification", "how_to_obtain", "office_name", "address", "hours", "phone", "fax",
                "web_contact", "postcode")


def _require_editor(actor, org: Organization):
    if not has_role(actor, org, *EDITORS):
        raise PermissionDenied("只有本机关的公开办管理员或信息发布员可以维护公开目录、指南和制度。")


def save_catalog_node(actor, *, org: Organization, data: dict, node_id: int | None = None, request=None):
    _require_editor(actor, org)
    errors = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写栏目名称。"
    kind = data.get("kind") or CatalogKind.CUSTOM
    if kind not in CatalogKind.values:
        errors["kind"] = "请选择栏目类型。"
    article = data.get("article20_item")
    article = int(article) if str(article or "").isdigit() else None
    if article is not None and article not in ARTICLE20:
        errors["article20_item"] = "第二十条事项应为第（一）至第（十五）项之一。"
    if kind == CatalogKind.STATUTORY and article is None:
        errors["article20_item"] = "法定主动公开内容栏目须对应第二十条的一项。"
    parent = data.get("parent")
    if parent not in (None, ""):
        parent = CatalogNode.objects.filter(pk=getattr(parent, "pk", parent), org=org).first()
        if parent is None:
            errors["parent"] = "上级栏目须属于本机关的公开目录。"
    else:
        parent = None
    every = data.get("update_every_days")
    if every not in (None, ""):
        try:
            every = int(every)
            if not 1 <= every <= 3660:
                raise ValueError
        except (TypeError, ValueError):
            errors["update_every_days"] = "更新周期应为1至3660天。"
    else:
        every = None
    if errors:
        raise ValidationError(errors)
    values = {f: str(data.get(f) or "").strip() for f in NODE_FIELDS
              if f not in ("name", "kind", "article20_item", "sort_order", "update_every_days")}
    values.update(name=name, kind=kind, article20_item=article, update_every_days=every, parent=parent,
                  sort_order=int(data.get("sort_order") or 0))
    with transaction.atomic():
        if node_id is None:
            node = CatalogNode(org=org)
            before = None
        else:
            node = CatalogNode.objects.select_for_update().filter(pk=node_id, org=org).first()
            if node is None:
                raise ValidationError("该栏目不存在。")
            before = snapshot(node)
            if parent is not None and (parent.pk == node.pk or _is_descendant(parent, node)):
                raise ValidationError({"parent": "不能把栏目移到它自己或它的下级栏目之下。"})
        for field, value in values.items():
            setattr(node, field, value)
        try:
            with transaction.atomic():
                node.save()
        except IntegrityError:
            raise ValidationError({"name": "同一上级栏目下已有同名栏目。"}) from None
        record(actor=actor, action="disclosure.catalog.save", obj=node, org_id=org.pk, before=before,
               after=snapshot(node), request=request)
    return node


def _is_descendant(candidate: CatalogNode, ancestor: CatalogNode) -> bool:
    node = candidate
    while node.parent_id is not None:
        if node.parent_id == ancestor.pk:
            return True
        node = node.parent
    return False


def save_guide(actor, *, org: Organization, data: dict, request=None) -> Guide:
    _require_editor(actor, org)
    errors = {}
    values = {f: str(data.get(f) or "").strip() for f in GUIDE_FIELDS}
    for field, label in (("classification", "政府信息的分类、编排体系"), ("how_to_obtain", "获取方式"),
                         ("office_name", "工作机构名称"), ("address", "办公地址"), ("hours", "办公时间"),
                         ("phone", "联系电话")):
        if not values[field]:
            errors[field] = f"请填写{label}（条例第十二条要求指南包含此项）。"
    if values["postcode"] and not (values["postcode"].isdigit() and len(values["postcode"]) == 6):
        errors["postcode"] = "邮政编码应为6位数字。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        guide = Guide.objects.select_for_update().filter(org=org).first()
        before = snapshot(guide) if guide else None
        guide = guide or Guide(org=org)
        for field, value in values.items():
            setattr(guide, field, value)
        guide.save()
        record(actor=actor, action="disclosure.guide.save", obj=guide, org_id=org.pk, before=before,
               after=snapshot(guide), request=request)
    return guide


def save_policy_page(actor, *, org: Organization, data: dict, page_id: int | None = None, request=None):
    _require_editor(actor, org)
    title = str(data.get("title") or "").strip()
    body = sanitize_html(str(data.get("body_html") or ""))
    errors = {}
    if not title:
        errors["title"] = "请填写标题。"
    if not body.strip():
        errors["body_html"] = "请填写正文。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if page_id is None:
            page, before = PolicyPage(org=org), None
        else:
            page = PolicyPage.objects.select_for_update().filter(pk=page_id, org=org).first()
            if page is None:
                raise ValidationError("该制度页面不存在。")
            before = snapshot(page)
        page.title, page.body_html = title, body
        page.sort_order = int(data.get("sort_order") or 0)
        page.save()
        record(actor=actor, action="disclosure.policy_page.save", obj=page, org_id=org.pk, before=before,
               after=snapshot(page), request=request)
    return page


def save_office_settings(actor, *, org: Organization, withheld_review_months, request=None) -> OfficeSettings:
    if not has_role(actor, org, Role.OFFICE_ADMIN):
        raise PermissionDenied("只有本机关的公开办管理员可以修改公开工作设置。")
    try:
        months = int(withheld_review_months)
        if not 1 <= months <= 60:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationError({"withheld_review_months": "评估周期应为1至60个月。"}) from None
    with transaction.atomic():
        settings, _ = OfficeSettings.objects.select_for_update().get_or_create(org=org)
        before = snapshot(settings)
        settings.withheld_review_months = months
        settings.save()
        record(actor=actor, action="disclosure.settings.save", obj=settings, org_id=org.pk, before=before,
               after=snapshot(settings), request=request)
    return settings
