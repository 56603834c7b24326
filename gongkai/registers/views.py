"""Staff screens of the registers (权责与执法公示): the yearly overview per body, the 权责清单 with add/edit/end
pages, the decisions list and its Excel export, the decision import (synchronous: the file is parsed as a
stream, so memory stays flat, and the result page shows the counts, the first errors and the time taken) with
its history and error reports, and the yearly totals, fee and procurement entry pages.

公开办管理员 and 信息发布员 change the registers of their bodies; the 监督员 reads them. A body outside the user's
scope, or a row of one, is a 404.
"""

import csv
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.core.errors import ConflictError
from gongkai.core.exports import xlsx_response
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization

from . import selectors, services
from .codes import DecisionKind, PowerKind, SubjectKind
from .forms import (
    DecisionImportForm,
    DecisionTotalForm,
    EndItemForm,
    FeeIncomeForm,
    PowerItemForm,
    ProcurementForm,
    YearlyImportForm,
    parse_date,
    parse_year,
    year_choices,
)
from .models import DecisionTotal, FeeIncome, PowerItem, Procurement, mask_subject_id
from .parsing import DECISION_COLUMNS
from .permissions import (
    NOT_FOUND,
    can_edit_registers,
    editable_org_ids,
    require_viewer,
    viewable_org_ids,
)

NAV_KEY = "registers"
PER_PAGE = 50
EXPORT_LIMIT = 100_000
SHOWN_ERRORS = 200
KIND_ROWS = (  # table 二 order: (block, kind, whether decisions are counted)
    ("第二十条第（五）项", PowerKind.LICENSING, True),
    ("第二十条第（五）项", PowerKind.OTHER_SERVICE, True),
    ("第二十条第（六）项", PowerKind.PENALTY, True),
    ("第二十条第（六）项", PowerKind.COERCION, True),
    ("第二十条第（八）项", PowerKind.FEE, False),
)


def _context(request, tab: str, **extra) -> dict:
    return {"nav_key": NAV_KEY, "tab": tab, "can_edit": can_edit_registers(request.user), **extra}


def _viewable_orgs(user):
    return Organization.objects.filter(pk__in=viewable_org_ids(user)).order_by("path")


def _org_from_query(request, param: str = "org") -> Organization | None:
    value = request.GET.get(param) or ""
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise Http404(NOT_FOUND)
    org = _viewable_orgs(request.user).filter(pk=int(value)).first()
    if org is None:
        raise Http404(NOT_FOUND)
    return org


def _require_editor(user) -> None:
    if not can_edit_registers(user):
        raise PermissionDenied("只有公开办管理员或信息发布员可以修改登记数据；监督员只能查看。")


# ---------------------------------------------------------------------------------------------------------
# overview


@login_required
def overview(request):
    require_viewer(request.user)
    orgs = _viewable_orgs(request.user)
    org = _org_from_query(request) or orgs.first()
    year = parse_year(request.GET.get("year"))
    include_lower = request.GET.get("sub") == "1"
    bodies = list(orgs.filter(path__startswith=org.path)) if include_lower else [org]
    ids = [b.pk for b in bodies]
    figures = selectors.annual_figures(ids, year)
    per_org = selectors.decision_counts_by_org(ids, year)
    rows = []
    for block, kind, counted in KIND_ROWS:
        sources = sorted({f["source"] for o in per_org.values() for k, f in o.items() if k == kind and f["source"]})
        rows.append({"block": block, "label": PowerKind(kind).label, "items": figures["items"][kind],
                     "decisions": figures["decisions"].get(kind) if counted else None, "sources": sources})
    breakdown = []
    if include_lower and len(bodies) > 1:
        fees = dict(FeeIncome.objects.filter(org_id__in=ids, year=year).values_list("org_id", "amount_wan"))
        procurements = {p.org_id: p for p in Procurement.objects.filter(org_id__in=ids, year=year)}
        for body in bodies:
            counts = per_org.get(body.pk, {})
            breakdown.append({"org": body, "fee": fees.get(body.pk), "procurement": procurements.get(body.pk),
                              "decisions": [counts.get(k) for k in DecisionKind.values]})
    return render(request, "registers/overview.html", _context(
        request, "overview", orgs=orgs, org=org, year=year, years=year_choices(), include_lower=include_lower,
        body_count=len(bodies), rows=rows, figures=figures, breakdown=breakdown,
        decision_kinds=DecisionKind.choices))


# ---------------------------------------------------------------------------------------------------------
# 权责清单


@login_required
def item_list(request):
    require_viewer(request.user)
    qs = selectors.visible_items(request.user).select_related("org")
    org = _org_from_query(request)
    if org is not None:
        qs = qs.filter(org=org)
    kind = request.GET.get("kind") or ""
    if kind in PowerKind.values:
        qs = qs.filter(kind=kind)
    on = parse_date(request.GET.get("on")) or services.today()
    status = request.GET.get("status") or "in_force"
    if status == "in_force":
        qs = qs.filter(selectors.in_force_q(on))
    elif status == "ended":
        qs = qs.filter(effective_to__lt=on)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    page = paginate(request, qs.order_by("org__path", "kind", "code", "-effective_from"), per_page=PER_PAGE)
    editable = editable_org_ids(request.user)
    for item in page.object_list:
        item.editable = item.org_id in editable
        item.is_in_force = item.in_force_on(on)
    return render(request, "registers/items.html", _context(
        request, "items", page=page, orgs=_viewable_orgs(request.user), kinds=PowerKind.choices,
        params=request.GET, status=status, on=on))


def _item_or_404(request, pk: int) -> PowerItem:
    item = selectors.visible_items(request.user).select_related("org").filter(pk=pk).first()
    if item is None:
        raise Http404(NOT_FOUND)
    if item.org_id not in editable_org_ids(request.user):
        raise PermissionDenied("只有该机构的公开办管理员或信息发布员可以修改其权责清单。")
    return item


def _item_data(cleaned: dict) -> dict:
    return {k: cleaned.get(k) for k in services.ITEM_FIELDS}


@login_required
def item_create(request):
    require_viewer(request.user)
    _require_editor(request.user)
    form = PowerItemForm(request.POST or None, user=request.user,
                         initial={"org": request.GET.get("org"), "effective_from": services.today()})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(request.user, org=form.cleaned_data["org"], request=request,
                                        **_item_data(form.cleaned_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已新增权责清单事项“{item.name}”。")
            return redirect(f"{reverse('registers:items')}?org={item.org_id}")
    return render(request, "registers/form.html", _context(
        request, "items", form=form, title="新增权责清单事项", cancel_url=reverse("registers:items")))


@login_required
def item_edit(request, pk: int):
    require_viewer(request.user)
    item = _item_or_404(request, pk)
    initial = {k: getattr(item, k) for k in services.ITEM_FIELDS} | {"version": item.version}
    form = PowerItemForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.update_item(request.user, item.pk, version=form.cleaned_data["version"],
                                        request=request, **_item_data(form.cleaned_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"已保存权责清单事项“{item.name}”。")
            return redirect(f"{reverse('registers:items')}?org={item.org_id}")
    return render(request, "registers/form.html", _context(
        request, "items", form=form, title=f"修改权责清单事项：{item.org.name}", cancel_url=reverse("registers:items")))


@login_required
def item_end(request, pk: int):
    require_viewer(request.user)
    item = _item_or_404(request, pk)
    form = EndItemForm(request.POST or None, initial={"effective_to": services.today(), "version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.end_item(request.user, item.pk, version=form.cleaned_data["version"],
                                     effective_to=form.cleaned_data["effective_to"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"权责清单事项“{item.name}”已于 {item.effective_to:%Y-%m-%d} 终止。")
            return redirect(f"{reverse('registers:items')}?org={item.org_id}")
    return render(request, "registers/form.html", _context(
        request, "items", form=form, title=f"终止事项：{item.code} {item.name}",
        intro="终止后，该事项自终止日期的次日起不再计入在效事项数量；历史年度的统计不受影响。",
        cancel_url=reverse("registers:items"), submit_label="终止事项"))


# ---------------------------------------------------------------------------------------------------------
# decisions


def _filtered_decisions(request):
    qs = selectors.visible_decisions(request.user)
    org = _org_from_query(request)
    if org is not None:
        qs = qs.filter(org=org)
    kind = request.GET.get("kind") or ""
    if kind in DecisionKind.values:
        qs = qs.filter(kind=kind)
    year = _list_year(request)
    if year is not None:
        first, last = selectors.year_range(year)
        qs = qs.filter(decided_on__gte=first, decided_on__lte=last)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(decision_no__startswith=q) | Q(subject_name__contains=q))
    return qs.order_by("-decided_on", "-id")


def _list_year(request) -> int | None:
    """The year the decision list shows: this year unless another (or "all") is asked for. Listing one year
    keeps the newest-first sort to that year's rows when the list spans several bodies."""
    value = request.GET.get("year") or ""
    if value == "all":
        return None
    return parse_year(value)


@login_required
def decision_list(request):
    require_viewer(request.user)
    page = paginate(request, _filtered_decisions(request).select_related("org"), per_page=PER_PAGE)
    return render(request, "registers/decisions.html", _context(
        request, "decisions", page=page, orgs=_viewable_orgs(request.user), kinds=DecisionKind.choices,
        years=year_choices(), year=_list_year(request), params=request.GET))


EXPORT_HEADERS = [label for _key, label, _aliases in DECISION_COLUMNS[:2]] + ["机构名称"] + [
    label for _key, label, _aliases in DECISION_COLUMNS[2:]]


@login_required
def decision_export(request):
    require_viewer(request.user)
    qs = _filtered_decisions(request).values_list(
        "org__code", "kind", "org__name", "decision_no", "decided_on", "subject_name", "subject_kind", "subject_id",
        "summary", "basis", "result")
    kinds, subject_kinds = dict(DecisionKind.choices), dict(SubjectKind.choices)
    rows = ([code, kinds.get(kind, kind), org_name, no, decided_on, name, subject_kinds.get(skind, skind),
             mask_subject_id(skind, sid), summary, basis, result]
            for code, kind, org_name, no, decided_on, name, skind, sid, summary, basis, result
            in qs[:EXPORT_LIMIT].iterator(chunk_size=5_000))
    return xlsx_response("行政决定", EXPORT_HEADERS, rows, filename="行政决定.xlsx")


# ---------------------------------------------------------------------------------------------------------
# import


@login_required
def import_view(request):
    require_viewer(request.user)
    _require_editor(request.user)
    form = DecisionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_decisions(request.user, upload, filename=upload.name,
                                               mode=form.cleaned_data["mode"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            return redirect("registers:batch", pk=result.batch.pk)
    return render(request, "registers/import.html", _context(
        request, "import", form=form, columns=DECISION_COLUMNS, required={"org_code", "kind", "decision_no",
                                                                            "decided_on", "subject_name",
                                                                            "subject_kind"}))


@login_required
def import_template(request):
    require_viewer(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('行政决定导入模板.csv')}"
    response.write("\ufeff")  # Excel needs the BOM to open UTF-8 CSV as such
    writer = csv.writer(response)
    writer.writerow([label for _key, label, _aliases in DECISION_COLUMNS])
    writer.writerow(["SLS-SCJGJ", "行政处罚", "示市监罚〔2025〕1号", "2025-03-01", "示例市某某商贸有限公司", "法人",
                     "", "未按规定公示年度报告", "《企业信息公示暂行条例》第十条", "罚款2000元"])
    return response


def _batch_or_404(request, pk: int):
    batch = selectors.visible_batches(request.user).select_related("actor", "org").filter(pk=pk).first()
    if batch is None:
        raise Http404(NOT_FOUND)
    return batch


@login_required
def batch_list(request):
    require_viewer(request.user)
    page = paginate(request, selectors.visible_batches(request.user).select_related("actor", "org"),
                    per_page=PER_PAGE)
    return render(request, "registers/batches.html", _context(request, "batches", page=page))


@login_required
def batch_detail(request, pk: int):
    require_viewer(request.user)
    batch = _batch_or_404(request, pk)
    errors = list(batch.row_errors.order_by("id")[:SHOWN_ERRORS])
    return render(request, "registers/batch.html", _context(request, "batches", batch=batch, errors=errors,
                                                            shown_errors=SHOWN_ERRORS))


ERROR_HEADERS = ["行号", "列", "内容", "问题"]


class _Echo:
    def write(self, value):
        return value


@login_required
def batch_errors(request, pk: int, fmt: str):
    require_viewer(request.user)
    batch = _batch_or_404(request, pk)
    rows = batch.row_errors.order_by("id").values_list("line", "column", "value", "message")
    filename = f"导入错误报告-{batch.pk}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response("错误报告", ERROR_HEADERS, rows.iterator(chunk_size=5_000), filename=filename)
    if fmt != "csv":
        raise Http404(NOT_FOUND)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(ERROR_HEADERS)
        for row in rows.iterator(chunk_size=5_000):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ---------------------------------------------------------------------------------------------------------
# yearly totals, fees, procurement


@login_required
def yearly(request):
    require_viewer(request.user)
    year = parse_year(request.GET.get("year"))
    ids = viewable_org_ids(request.user)
    editable = editable_org_ids(request.user)
    lists = {
        "totals": DecisionTotal.objects.filter(org_id__in=ids, year=year).select_related("org", "updated_by")
        .order_by("org__path", "kind"),
        "fees": FeeIncome.objects.filter(org_id__in=ids, year=year).select_related("org", "updated_by")
        .order_by("org__path"),
        "procurements": Procurement.objects.filter(org_id__in=ids, year=year).select_related("org", "updated_by")
        .order_by("org__path"),
    }
    return render(request, "registers/yearly.html", _context(
        request, "yearly", year=year, years=year_choices(), editable=editable, **lists))


YEARLY_FORMS = {
    "total": (DecisionTotalForm, DecisionTotal, services.set_decision_total, "处理决定年度总数",
              ("count", "source", "note")),
    "fee": (FeeIncomeForm, FeeIncome, services.set_fee_income, "行政事业性收费金额", ("amount_wan", "note")),
    "procurement": (ProcurementForm, Procurement, services.set_procurement, "政府集中采购",
                    ("projects", "amount", "amount_unit", "note")),
}


@login_required
def yearly_edit(request, what: str):
    """Enter or correct one body's figure for a year (``?org=&year=[&kind=]`` opens the existing one)."""
    if what not in YEARLY_FORMS:
        raise Http404(NOT_FOUND)
    require_viewer(request.user)
    _require_editor(request.user)
    form_class, model, service, title, fields = YEARLY_FORMS[what]
    initial = {"year": parse_year(request.GET.get("year")), "kind": request.GET.get("kind") or None}
    org = _org_from_query(request)
    if org is not None:
        if org.pk not in editable_org_ids(request.user):
            raise PermissionDenied("只有该机构的公开办管理员或信息发布员可以修改其登记数据。")
        initial["org"] = org.pk
        if what == "total":
            existing = (model.objects.filter(org=org, year=initial["year"], kind=initial["kind"]).first()
                        if initial["kind"] in DecisionKind.values else None)
        else:
            existing = model.objects.filter(org=org, year=initial["year"]).first()
        if existing is not None:
            initial.update({f: getattr(existing, f) for f in fields}, version=existing.version)
    form = form_class(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            service(request.user, request=request, **data)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"已保存{data['org'].name}{data['year']}年的{title}。")
            return redirect(f"{reverse('registers:yearly')}?year={data['year']}")
    intro = ("适用于逐条决定保存在其他系统（如省双公示系统）中的机构：登记后，年度报告采用该总数，不再统计本系统中的逐条决定。"
             "同一机构同一年度同一类别只能采用一种方式。") if what == "total" else ""
    return render(request, "registers/form.html", _context(
        request, "yearly", form=form, title=f"登记{title}", intro=intro,
        cancel_url=f"{reverse('registers:yearly')}?year={initial['year']}"))


@login_required
def yearly_delete(request, what: str, pk: int):
    require_viewer(request.user)
    model = services.DELETABLE.get(what)
    if model is None:
        raise Http404(NOT_FOUND)
    obj = model.objects.select_related("org").filter(pk=pk, org_id__in=viewable_org_ids(request.user)).first()
    if obj is None:
        raise Http404(NOT_FOUND)
    if obj.org_id not in editable_org_ids(request.user):
        raise PermissionDenied("只有该机构的公开办管理员或信息发布员可以删除其登记数据。")
    back = f"{reverse('registers:yearly')}?year={obj.year}"
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.delete_yearly(request.user, what, obj.pk, request=request)
        messages.success(request, f"已删除{obj.org.name}的“{obj}”。")
        return redirect(back)
    return render(request, "core/confirm.html", _context(
        request, "yearly", title="删除登记数据", question=f"确定删除{obj.org.name}的“{obj}”吗？",
        detail="删除后，年度报告将不再采用这一数据。", danger=True, confirm_label="删除", cancel_url=back))


@login_required
def yearly_import(request):
    require_viewer(request.user)
    _require_editor(request.user)
    form = YearlyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.import_yearly_figures(request.user, upload, filename=upload.name, request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已导入 {summary['rows']} 行：收费金额 {summary['fees']} 条，"
                                      f"政府集中采购 {summary['procurements']} 条。")
            return redirect("registers:yearly")
    return render(request, "registers/yearly_import.html", _context(request, "yearly", form=form,
                                                                    columns=services.YEARLY_COLUMNS))

