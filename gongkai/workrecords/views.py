"""Staff screens of the work records: the list with filters and its Excel export, create/edit/delete, the
per-period summary (counts per kind per body, attendees, new-media posts) and the 政务新媒体 page (accounts, a
year of monthly counts, the monthly entry).

Every page reads through the scoping module (a body or record outside the user's scope is a 404) and every
change goes through ``services``. Actions are shown only to users who may perform them (公开办管理员 and
信息发布员 of the body); the 监督员 and other staff read.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.core.errors import ConflictError
from gongkai.core.exports import xlsx_response
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization
from gongkai.orgs.scoping import can_view_business_data

from . import selectors, services
from .codes import TITLE_LABELS, RecordKind
from .forms import AccountForm, RecordForm
from .models import NewMediaAccount, NewMediaMonth, WorkRecord
from .permissions import EDIT_DENIED, NOT_FOUND, can_edit, can_edit_any, editable_org_ids, viewable_org_ids

NAV_KEY = "workrecords"
PER_PAGE = 30
EXPORT_LIMIT = 50_000
KIND_LABELS = dict(RecordKind.choices)


def _require_staff(user) -> None:
    if not can_view_business_data(user):
        raise PermissionDenied("工作记录仅对业务人员开放。")


def _context(request, **extra) -> dict:
    return {"nav_key": NAV_KEY, "can_create": can_edit_any(request.user), **extra}


def _viewable_orgs(user):
    return Organization.objects.filter(pk__in=viewable_org_ids(user)).order_by("path")


def _date_param(request, key: str) -> dt.date | None:
    value = (request.GET.get(key) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _org_param(request) -> Organization | None:
    value = request.GET.get("org") or ""
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise Http404(NOT_FOUND)
    org = _viewable_orgs(request.user).filter(pk=int(value)).first()
    if org is None:
        raise Http404(NOT_FOUND)
    return org


def _scope_ids(request, org: Organization | None, subtree: bool = True) -> list[int]:
    """The visible bodies, narrowed to ``org`` (with the bodies below it when ``subtree``)."""
    visible = viewable_org_ids(request.user)
    if org is None:
        return list(visible)
    if not subtree:
        return [org.pk]
    return [pk for pk in Organization.objects.filter(path__startswith=org.path).values_list("pk", flat=True)
            if pk in visible]


# ---------------------------------------------------------------------------------------------------------
# list and export


def _filters(request) -> dict:
    kind = request.GET.get("kind") or ""
    start, end = _date_param(request, "start"), _date_param(request, "end")
    messages_ = []
    if start and end and start > end:
        messages_.append("开始日期晚于结束日期，已忽略日期筛选。")
        start = end = None
    return {"org": _org_param(request), "kind": kind if kind in RecordKind.values else "", "start": start,
            "end": end, "q": (request.GET.get("q") or "").strip()[:100], "warnings": messages_}


def _filtered(request, f: dict):
    qs = WorkRecord.objects.filter(org_id__in=_scope_ids(request, f["org"]))
    if f["kind"]:
        qs = qs.filter(kind=f["kind"])
    if f["start"]:
        qs = qs.filter(held_on__gte=f["start"])
    if f["end"]:
        qs = qs.filter(held_on__lte=f["end"])
    if f["q"]:
        qs = qs.filter(Q(title__icontains=f["q"]) | Q(place__icontains=f["q"]) | Q(participants__icontains=f["q"]))
    return qs.order_by("-held_on", "-id")


@login_required
def record_list(request):
    _require_staff(request.user)
    f = _filters(request)
    for text in f["warnings"]:
        messages.warning(request, text)
    qs = _filtered(request, f)
    page = paginate(request, qs.select_related("org"), per_page=PER_PAGE)
    editable = editable_org_ids(request.user)
    for row in page.object_list:
        row.editable = row.org_id in editable
    counts = {k: 0 for k in RecordKind.values}
    for kind in qs.values_list("kind", flat=True).order_by():
        counts[kind] += 1
    return render(request, "workrecords/list.html", _context(
        request, page=page, filters=f, orgs=_viewable_orgs(request.user), kinds=RecordKind.choices,
        counts=[(KIND_LABELS[k], n) for k, n in counts.items()]))


EXPORT_HEADERS = ["机关", "类别", "日期", "主题", "地点或平台", "参加人次", "发布人/嘉宾/授课人", "链接", "备注"]


@login_required
def record_export(request):
    _require_staff(request.user)
    f = _filters(request)
    rows = ([org, KIND_LABELS.get(kind, kind), held_on, title, place, attendees, participants, link, notes]
            for org, kind, held_on, title, place, attendees, participants, link, notes
            in _filtered(request, f).values_list("org__name", "kind", "held_on", "title", "place", "attendees",
                                                 "participants", "link", "notes")[:EXPORT_LIMIT]
            .iterator(chunk_size=2_000))
    return xlsx_response("工作记录", EXPORT_HEADERS, rows, filename="工作记录.xlsx")


# ---------------------------------------------------------------------------------------------------------
# create, edit, delete


def _record_or_404(request, pk: int, editing: bool = False) -> WorkRecord:
    row = WorkRecord.objects.filter(pk=pk, org_id__in=viewable_org_ids(request.user)).select_related("org").first()
    if row is None:
        raise Http404(NOT_FOUND)
    if editing and not can_edit(request.user, row.org):
        raise PermissionDenied(EDIT_DENIED)
    return row


def _form_page(request, form, title, cancel_url, **extra):
    return render(request, "workrecords/form.html", _context(
        request, form=form, title=title, cancel_url=cancel_url, title_labels=TITLE_LABELS, **extra))


def _record_data(cleaned: dict) -> dict:
    return {k: cleaned.get(k) for k in services.RECORD_FIELDS}


@login_required
def record_create(request):
    _require_staff(request.user)
    if not can_edit_any(request.user):
        raise PermissionDenied("只有公开办管理员或信息发布员可以登记工作记录；监督员只能查看。")
    kind = request.GET.get("kind")
    form = RecordForm(request.POST or None, user=request.user,
                      initial={"kind": kind if kind in RecordKind.values else None,
                               "held_on": services.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.create_record(request.user, org=data["org"], request=request, **_record_data(data))
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已登记{row.get_kind_display()}“{row.title}”。")
            return redirect("workrecords:index")
    return _form_page(request, form, "登记工作记录", reverse("workrecords:index"))


@login_required
def record_edit(request, pk: int):
    _require_staff(request.user)
    row = _record_or_404(request, pk, editing=True)
    initial = {"org": row.org_id, "version": row.version, **{k: getattr(row, k) for k in services.RECORD_FIELDS}}
    form = RecordForm(request.POST or None, user=request.user, editing=row.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.update_record(request.user, row.pk, version=data["version"], org=data["org"],
                                         request=request, **_record_data(data))
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存工作记录。")
            return redirect("workrecords:index")
    return _form_page(request, form, f"修改{row.get_kind_display()}记录", reverse("workrecords:index"),
                      delete_url=reverse("workrecords:delete", args=[row.pk]))


@login_required
def record_delete(request, pk: int):
    _require_staff(request.user)
    row = _record_or_404(request, pk, editing=True)
    back = reverse("workrecords:edit", args=[row.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.delete_record(request.user, row.pk, version=request.POST.get("version"), request=request)
        except ConflictError as e:
            messages.error(request, e.message)
            return redirect(back)
        messages.success(request, f"已删除{row.get_kind_display()}“{row.title}”。")
        return redirect("workrecords:index")
    return render(request, "core/confirm.html", _context(
        request, title="删除工作记录", question=f"确定删除{row.org.name}的{row}吗？",
        detail="删除后该记录不再计入年度报告正文中的统计数字；删除操作记入审计日志。", danger=True,
        confirm_label="删除", cancel_url=back, hidden={"version": row.version}))


# ---------------------------------------------------------------------------------------------------------
# summary


def _period(request) -> tuple[dt.date, dt.date, list[str]]:
    """The summary's period: ``start``/``end`` or ``year`` (default: the current year)."""
    warnings = []
    year_text = request.GET.get("year") or ""
    start, end = _date_param(request, "start"), _date_param(request, "end")
    if start and end and start <= end:
        return start, end, warnings
    if start or end or request.GET.get("start") or request.GET.get("end"):
        warnings.append("统计期不完整或开始日期晚于结束日期，已改为按年度统计。")
    year = int(year_text) if year_text.isdigit() and services.FIRST_YEAR <= int(year_text) <= 2100 \
        else services.today().year
    start, end = selectors.year_range(year)
    return start, end, warnings


SUMMARY_HEADERS = ["机关", *KIND_LABELS.values(), "培训参加人次", "政务新媒体发布信息条数", "政务新媒体账号数"]


def _summary_data(request):
    start, end, warnings = _period(request)
    org = _org_param(request)
    return start, end, warnings, org, selectors.summary(_scope_ids(request, org), start, end)


@login_required
def summary(request):
    _require_staff(request.user)
    start, end, warnings, org, data = _summary_data(request)
    for text in warnings:
        messages.warning(request, text)
    years = list(range(services.today().year, services.FIRST_YEAR - 1, -1))
    return render(request, "workrecords/summary.html", _context(
        request, start=start, end=end, org=org, data=data, orgs=_viewable_orgs(request.user), years=years,
        kind_labels=list(KIND_LABELS.values()), kind_keys=list(KIND_LABELS)))


@login_required
def summary_export(request):
    _require_staff(request.user)
    start, end, _warnings, _org, data = _summary_data(request)
    keys = data["keys"]
    rows = [[r["org"].name, *[r[k] for k in keys]] for r in data["rows"]]
    rows.append(["合计", *[data["total"][k] for k in keys]])
    return xlsx_response("工作记录统计", SUMMARY_HEADERS, rows,
                         filename=f"工作记录统计{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


# ---------------------------------------------------------------------------------------------------------
# new media


def _month_param(request) -> dt.date:
    value = request.POST.get("month") or request.GET.get("month") or ""
    if value:
        try:
            return services.parse_month(value)
        except ValidationError:
            messages.warning(request, "月份不正确或尚未开始，已改为本月。")
    return services.today().replace(day=1)


def _accounts(request, org):
    return (NewMediaAccount.objects.filter(org_id__in=_scope_ids(request, org)).select_related("org")
            .order_by("org__path", "platform", "name", "id"))


def _year_grid(accounts, year: int):
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    counts = {(r.account_id, r.month): r.posts
              for r in NewMediaMonth.objects.filter(account__in=accounts, month__year=year)}
    grid = []
    for account in accounts:
        values = [counts.get((account.pk, m)) for m in months]
        grid.append({"account": account, "values": values, "total": sum(v for v in values if v is not None)})
    return months, grid


@login_required
def newmedia(request):
    _require_staff(request.user)
    month = _month_param(request)
    org = _org_param(request) if request.method == "GET" else None
    accounts = list(_accounts(request, org))
    editable = editable_org_ids(request.user)
    entry = [a for a in accounts if a.org_id in editable and a.is_active]
    errors: dict = {}
    posted: dict = {}
    if request.method == "POST":
        posted = {str(a.pk): request.POST.get(f"posts_{a.pk}", "") for a in entry}
        try:
            changed = services.save_month(request.user, month, posted, request=request)
        except ValidationError as e:
            errors = e.message_dict if hasattr(e, "error_dict") else {"month": e.messages}
            messages.error(request, "填报未保存：" + "；".join(sum(errors.values(), [])))
        else:
            messages.success(request, f"已保存{month:%Y年%m月}的发布数（{changed}个账号有变化）。")
            return redirect(f"{reverse('workrecords:newmedia')}?month={month:%Y-%m}")
    current = {m.account_id: m.posts for m in NewMediaMonth.objects.filter(account__in=entry, month=month)}
    rows = [{"account": a, "value": posted.get(str(a.pk), current.get(a.pk, "")),
             "error": "；".join(errors.get(f"posts_{a.pk}", []))} for a in entry]
    months, grid = _year_grid(accounts, month.year)
    return render(request, "workrecords/newmedia.html", _context(
        request, month=month, entry=rows, grid=grid, months=months, org=org, orgs=_viewable_orgs(request.user),
        editable_ids=editable, year_total=sum(g["total"] for g in grid)))


@login_required
def newmedia_export(request):
    _require_staff(request.user)
    month = _month_param(request)
    months, grid = _year_grid(list(_accounts(request, _org_param(request))), month.year)
    headers = ["机关", "平台", "账号名称", "状态", *[f"{m.month}月" for m in months], "合计"]
    rows = ([g["account"].org.name, g["account"].get_platform_display(), g["account"].name,
             "运营中" if g["account"].is_active else "停止运营", *g["values"], g["total"]] for g in grid)
    return xlsx_response("政务新媒体发布数", headers, rows, filename=f"政务新媒体发布数{month.year}年.xlsx")


def _account_or_404(request, pk: int) -> NewMediaAccount:
    account = (NewMediaAccount.objects.filter(pk=pk, org_id__in=viewable_org_ids(request.user))
               .select_related("org").first())
    if account is None:
        raise Http404("未找到该账号，或不在您的数据范围内。")
    if not can_edit(request.user, account.org):
        raise PermissionDenied(EDIT_DENIED)
    return account


@login_required
def account_create(request):
    _require_staff(request.user)
    if not can_edit_any(request.user):
        raise PermissionDenied("只有公开办管理员或信息发布员可以登记政务新媒体账号；监督员只能查看。")
    form = AccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.create_account(request.user, org=data["org"], platform=data["platform"],
                                              name=data["name"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已登记账号“{account}”。")
            return redirect("workrecords:newmedia")
    return _form_page(request, form, "登记政务新媒体账号", reverse("workrecords:newmedia"))


@login_required
def account_edit(request, pk: int):
    _require_staff(request.user)
    account = _account_or_404(request, pk)
    form = AccountForm(request.POST or None, user=request.user, editing=account, initial={
        "platform": account.platform, "name": account.name, "is_active": account.is_active,
        "version": account.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_account(request.user, account.pk, version=data["version"], platform=data["platform"],
                                    name=data["name"], is_active=data["is_active"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存账号信息。")
            return redirect("workrecords:newmedia")
    return _form_page(request, form, f"修改账号：{account.org.name} {account}", reverse("workrecords:newmedia"),
                      delete_url=None if account.months.exists()
                      else reverse("workrecords:account_delete", args=[account.pk]))


@login_required
def account_delete(request, pk: int):
    _require_staff(request.user)
    account = _account_or_404(request, pk)
    back = reverse("workrecords:account_edit", args=[account.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.delete_account(request.user, account.pk, version=request.POST.get("version"), request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            return redirect(back)
        except ConflictError as e:
            messages.error(request, e.message)
            return redirect(back)
        messages.success(request, f"已删除账号“{account}”。")
        return redirect("workrecords:newmedia")
    return render(request, "core/confirm.html", _context(
        request, title="删除政务新媒体账号", question=f"确定删除{account.org.name}的账号“{account}”吗？",
        detail="仅用于删除误登记、尚无月度发布数的账号；删除操作记入审计日志。", danger=True,
        confirm_label="删除", cancel_url=back, hidden={"version": account.version}))


