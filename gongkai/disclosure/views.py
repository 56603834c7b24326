"""Staff screens of 主动公开: the item queues and the office's exception lists, drafting and editing, the item
page (metadata, who did what when, the actions the workflow allows), one page per action, and the column
structure of a body (公开目录, 指南, 公开制度, settings)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.core.errors import ConflictError
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import can_view_business_data, get_visible_or_404, has_role, visible_orgs

from . import column, selectors, services
from .codes import DocType, ItemStatus
from .forms import (
    ACTION_FORMS,
    CatalogNodeForm,
    GuideForm,
    ItemForm,
    PolicyPageForm,
    SettingsForm,
)
from .models import CatalogNode, Guide, Item, ItemAttachment, OfficeSettings, PolicyPage

QUEUES = {
    "draft": ("草稿", {"status": ItemStatus.DRAFT}),
    "secrecy_review": ("待保密审查", {"status": ItemStatus.SECRECY_REVIEW}),
    "approval": ("待审批", {"status": ItemStatus.APPROVAL}),
    "scheduled": ("定时发布", {"status": ItemStatus.SCHEDULED}),
    "published": ("已发布", {"status": ItemStatus.PUBLISHED}),
    "recorded": ("不主动公开", {"status": ItemStatus.RECORDED}),
    "withdrawn": ("已撤回", {"status": ItemStatus.WITHDRAWN}),
}
EXCEPTIONS = {"late": "超期公开（第二十六条）", "sync": "三同步例外", "review": "待评估的不予公开信息"}


def _require_staff(user):
    if not can_view_business_data(user):
        raise PermissionDenied("您没有业务岗位，不能查看主动公开。")


def _queue(user, name, today):
    if name == "late":
        return selectors.late_items(user, today)
    if name == "sync":
        return selectors.sync_exceptions(user)
    if name == "review":
        return selectors.withheld_due_for_review(user, today)
    return selectors.staff_items(user).filter(**QUEUES.get(name, QUEUES["draft"])[1])


@login_required
def item_list(request):
    _require_staff(request.user)
    today = timezone.localdate()
    name = request.GET.get("queue") or "draft"
    if name not in QUEUES and name not in EXCEPTIONS:
        name = "draft"
    qs = _queue(request.user, name, today).select_related("org")
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(title__icontains=q) | qs.filter(doc_no__icontains=q) | qs.filter(index_no__icontains=q)
    page = paginate(request, qs.order_by("-updated_at", "-id"), per_page=20)
    for item in page.object_list:
        item.late = services.is_late(item, today)
    counts = {k: _queue(request.user, k, today).count() for k in [*QUEUES, *EXCEPTIONS]}
    can_draft = visible_orgs(request.user, roles={Role.PUBLISHER, Role.OFFICE_ADMIN}).exists()
    return render(request, "disclosure/list.html", {
        "page": page, "queue": name, "queues": {k: v[0] for k, v in QUEUES.items()}, "exceptions": EXCEPTIONS,
        "counts": counts, "q": q, "can_draft": can_draft, "nav_key": "disclosure"})


def _save_attachments(request, item, files):
    for upload in files:
        services.add_attachment(request.user, item.pk, upload, request=request)


@login_required
def item_create(request):
    _require_staff(request.user)
    form = ItemForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["org"].queryset.exists():
        raise PermissionDenied("只有信息发布员或公开办管理员可以起草政府信息。")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org, files = data.pop("org"), data.pop("attachments")
        try:
            item = services.create_item(request.user, org=org, data=data, request=request)
            _save_attachments(request, item, files)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已保存草稿，索引号 {item.index_no}。")
            return redirect("disclosure:detail", pk=item.pk)
    return render(request, "disclosure/item_form.html", {"form": form, "title": "起草政府信息",
                                                         "nav_key": "disclosure"})


def _get_item(request, pk) -> Item:
    _require_staff(request.user)
    return get_visible_or_404(request.user, Item.objects.select_related("org", "catalog_node", "interprets"),
                              roles=selectors.STAFF_ROLES, pk=pk)


@login_required
def item_edit(request, pk):
    item = _get_item(request, pk)
    reason = services.blocked_reason(request.user, item, "edit")
    initial = {f: getattr(item, f) for f in services.EDITABLE}
    form = ItemForm(request.POST or None, request.FILES or None, user=request.user, org=item.org, initial=initial)
    if request.method == "POST" and reason is None and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("org", None)
        files = data.pop("attachments")
        try:
            services.update_item(request.user, item.pk, data=data, version=int(request.POST.get("version") or -1),
                                 request=request)
            _save_attachments(request, item, files)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "已保存。")
            return redirect("disclosure:detail", pk=item.pk)
    return render(request, "disclosure/item_form.html", {"form": form, "item": item, "blocked": reason,
                                                         "title": f"编辑：{item.title}", "nav_key": "disclosure"})


@login_required
def item_detail(request, pk):
    item = _get_item(request, pk)
    actions = [(a, services.TRANSITIONS[a].label) for a in services.allowed_actions(request.user, item)
               if a != "edit"]
    return render(request, "disclosure/detail.html", {
        "item": item, "actions": actions, "can_edit": "edit" in services.allowed_actions(request.user, item),
        "events": item.events.select_related("actor"), "attachments": item.attachments.all(),
        "interpretations": Item.objects.filter(interprets=item), "late": services.is_late(item),
        "nav_key": "disclosure"})


@login_required
def item_action(request, pk, action):
    item = _get_item(request, pk)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404("未知的操作。")
    blocked = services.blocked_reason(request.user, item, action)
    form = form_class(request.POST or None)
    if request.method == "POST" and blocked is None and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            services.perform(request.user, item.pk, action,
                             {**data, "version": int(request.POST.get("version") or -1)}, request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except (services.ItemTransitionNotAllowed, ConflictError) as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"已{services.TRANSITIONS[action].label}。")
            return redirect("disclosure:detail", pk=item.pk)
    waiting = []
    if action == "approve" and item.doc_type in (DocType.REGULATION, DocType.NORMATIVE):
        waiting = list(Item.objects.filter(interprets=item))
    return render(request, "disclosure/action.html", {
        "item": item, "form": form, "action": action, "label": services.TRANSITIONS[action].label,
        "blocked": blocked, "interpretations": waiting, "nav_key": "disclosure"})


@login_required
def attachment_download(request, pk, attachment_id):
    item = _get_item(request, pk)
    attachment = get_object_or_404(ItemAttachment, pk=attachment_id, item=item)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


# ---- column structure -----------------------------------------------------------------------------------


def _editable_org(request, org_id) -> Organization:
    _require_staff(request.user)
    org = get_visible_or_404(request.user, Organization.objects.all(), pk=org_id)
    if not has_role(request.user, org, *column.EDITORS):
        raise PermissionDenied("只有本机关的公开办管理员或信息发布员可以维护公开目录、指南和制度。")
    return org


@login_required
def column_home(request):
    _require_staff(request.user)
    orgs = visible_orgs(request.user, roles=set(column.EDITORS)).filter(is_active=True).order_by("path")
    org = orgs.filter(pk=request.GET.get("org")).first() if (request.GET.get("org") or "").isdigit() else None
    org = org or orgs.first()
    if org is None:
        raise PermissionDenied("只有公开办管理员或信息发布员可以维护公开目录、指南和制度。")
    nodes = _tree(CatalogNode.objects.filter(org=org).select_related("parent").order_by("parent_id", "sort_order",
                                                                                         "id"))
    stale = {n.pk for n in selectors.stale_catalog_nodes(nodes, timezone.localdate())}
    for node in nodes:
        node.stale = node.pk in stale
    return render(request, "disclosure/column.html", {
        "org": org, "orgs": orgs, "nodes": nodes, "guide": Guide.objects.filter(org=org).first(),
        "pages": PolicyPage.objects.filter(org=org),
        "settings": OfficeSettings.objects.filter(org=org).first(), "nav_key": "disclosure_column",
        "is_office_admin": has_role(request.user, org, Role.OFFICE_ADMIN)})


def _tree(nodes):
    """Nodes in depth-first order with their depth, for an indented list."""
    children: dict = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    out = []

    def walk(parent_id, depth):
        for node in children.get(parent_id, []):
            node.depth = depth
            out.append(node)
            walk(node.pk, depth + 1)
    walk(None, 0)
    return out


def _column_form(request, org, form, title, save):
    if request.method == "POST" and form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, "已保存。")
            return redirect(f"{reverse('disclosure:column')}?org={org.pk}")
    return render(request, "core/form.html", {"form": form, "title": title, "nav_key": "disclosure_column",
                                              "cancel_url": f"{reverse('disclosure:column')}?org={org.pk}"})


@login_required
def catalog_node_form(request, org_id, node_id=None):
    org = _editable_org(request, org_id)
    node = get_object_or_404(CatalogNode, pk=node_id, org=org) if node_id else None
    initial = {f: getattr(node, f) for f in column.NODE_FIELDS} | {"parent": node.parent} if node else {}
    form = CatalogNodeForm(request.POST or None, org=org, initial=initial)
    return _column_form(request, org, form, f"{'编辑' if node else '新增'}目录栏目 · {org.name}",
                        lambda data: column.save_catalog_node(request.user, org=org, data=data,
                                                              node_id=node.pk if node else None, request=request))


@login_required
def guide_form(request, org_id):
    org = _editable_org(request, org_id)
    guide = Guide.objects.filter(org=org).first()
    form = GuideForm(request.POST or None, initial={f: getattr(guide, f) for f in column.GUIDE_FIELDS} if guide else {
        "office_name": f"{org.name}政府信息公开工作机构", "hours": "工作日 上午9:00—12:00，下午13:30—17:00"})
    return _column_form(request, org, form, f"政府信息公开指南 · {org.name}",
                        lambda data: column.save_guide(request.user, org=org, data=data, request=request))


@login_required
def policy_page_form(request, org_id, page_id=None):
    org = _editable_org(request, org_id)
    page = get_object_or_404(PolicyPage, pk=page_id, org=org) if page_id else None
    form = PolicyPageForm(request.POST or None, initial={"title": page.title, "body_html": page.body_html,
                                                         "sort_order": page.sort_order} if page else {})
    return _column_form(request, org, form, f"{'编辑' if page else '新增'}公开制度 · {org.name}",
                        lambda data: column.save_policy_page(request.user, org=org, data=data,
                                                             page_id=page.pk if page else None, request=request))


@login_required
def settings_form(request, org_id):
    org = _editable_org(request, org_id)
    current = OfficeSettings.objects.filter(org=org).first()
    form = SettingsForm(request.POST or None,
                        initial={"withheld_review_months": current.withheld_review_months if current else 12})
    return _column_form(request, org, form, f"公开工作设置 · {org.name}",
                        lambda data: column.save_office_settings(request.user, org=org, request=request, **data))
