"""Staff screens of the appeals register (复议诉讼): the case list with filters, the year's table 四 figures and
the Excel export; create/edit forms; the case page with its documents and history; 办结, 重新审理 and the
delete confirmations.

Every page reads through ``selectors.visible_cases`` (a case outside the user's scope is a 404) and every
change goes through ``services``. Actions are shown only to users who may perform them (公开办管理员, 承办人,
审核人 of the case's body); the 监督员 reads.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.core.errors import ConflictError
from gongkai.core.exports import xlsx_response
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization
from gongkai.orgs.scoping import can_view_business_data

from . import selectors, services
from .codes import PENDING, PENDING_LABEL, CaseKind, CaseResult
from .forms import APPLICATION_LIST_ID, CaseForm, ConcludeForm, DocumentForm, ReopenForm
from .models import Case, CaseDocument
from .permissions import EDIT_DENIED, NOT_FOUND, can_edit, can_edit_any, editable_org_ids, viewable_org_ids

NAV_KEY = "appeals"
PER_PAGE = 30
EXPORT_LIMIT = 50_000
APPLICATION_CHOICES = 300
STATUS_CHOICES = [*CaseResult.choices, (PENDING, PENDING_LABEL)]


def _require_staff(user) -> None:
    if not can_view_business_data(user):
        raise PermissionDenied("复议诉讼案件仅对业务人员开放。")


def _context(request, **extra) -> dict:
    return {"nav_key": NAV_KEY, "can_create": can_edit_any(request.user), **extra}


def _viewable_orgs(user):
    return Organization.objects.filter(pk__in=viewable_org_ids(user)).order_by("path")


def _case_or_404(request, pk: int) -> Case:
    case = selectors.visible_cases(request.user).select_related("org", "application").filter(pk=pk).first()
    if case is None:
        raise Http404(NOT_FOUND)
    return case


def _editable_case_or_404(request, pk: int) -> Case:
    case = _case_or_404(request, pk)
    if not can_edit(request.user, case.org):
        raise PermissionDenied(EDIT_DENIED)
    return case


# ---------------------------------------------------------------------------------------------------------
# list and export


def _year(value) -> int | None:
    if not (value or "").isdigit() or len(value) != 4:
        return None
    year = int(value)
    return year if services.FIRST_YEAR <= year <= services.today().year else None


def _filters(request) -> dict:
    """The list's filters from the query string; a body outside the scope is a 404."""
    org = None
    value = request.GET.get("org") or ""
    if value:
        if not value.isdigit() or len(value) > 18:
            raise Http404(NOT_FOUND)
        org = _viewable_orgs(request.user).filter(pk=int(value)).first()
        if org is None:
            raise Http404(NOT_FOUND)
    kind = request.GET.get("kind") or ""
    status = request.GET.get("status") or ""
    return {"org": org, "kind": kind if kind in CaseKind.values else "",
            "status": status if status in dict(STATUS_CHOICES) else "", "year": _year(request.GET.get("year")),
            "q": (request.GET.get("q") or "").strip()[:100]}


def _filtered(request, f: dict):
    """With a year, the list shows what table 四 of that year counts and a status is the status at 31 December
    (尚未审结 = not concluded by then); without one, every case and its current status."""
    qs = selectors.visible_cases(request.user)
    if f["org"] is not None:
        qs = qs.filter(org=f["org"])
    if f["kind"]:
        qs = qs.filter(kind=f["kind"])
    year = f["year"]
    if year is not None:
        qs = qs.filter(selectors.counted_in_q(year))
    if f["status"] == PENDING:
        qs = qs.filter(selectors.pending_at_year_end_q(year) if year else Q(result=""))
    elif f["status"]:
        qs = qs.filter(result=f["status"])
        if year is not None:
            qs = qs.filter(selectors.concluded_in_q(year))
    if f["q"]:
        qs = qs.filter(Q(case_no__icontains=f["q"]) | Q(applicant_name__icontains=f["q"])
                       | Q(subject__icontains=f["q"]))
    return qs.order_by("-filed_on", "-id")


def _year_choices():
    return list(range(services.today().year, services.FIRST_YEAR - 1, -1))


@login_required
def case_list(request):
    _require_staff(request.user)
    f = _filters(request)
    page = paginate(request, _filtered(request, f).select_related("org", "application"), per_page=PER_PAGE)
    editable = editable_org_ids(request.user)
    year_end = selectors.year_range(f["year"])[1] if f["year"] is not None else None
    for case in page.object_list:
        case.editable = case.org_id in editable
        if year_end is not None:  # the column of table 四 the case falls in for the chosen year
            ended = case.concluded_on is not None and case.concluded_on <= year_end
            case.counted_as = case.get_result_display() if ended else PENDING_LABEL
    figures = None
    if f["year"] is not None:
        ids = [f["org"].pk] if f["org"] is not None else viewable_org_ids(request.user)
        data = selectors.appeal_figures(ids, f["year"])
        figures = [(CaseKind(kind).label, [data[kind][c] for c in selectors.COLUMNS]) for kind in CaseKind.values]
    return render(request, "appeals/list.html", _context(
        request, page=page, filters=f, params=request.GET, orgs=_viewable_orgs(request.user),
        kinds=CaseKind.choices, statuses=STATUS_CHOICES, years=_year_choices(), figures=figures))


EXPORT_HEADERS = ["被申请人/被告机关", "案件类型", "案号", "申请人/原告", "受理/立案日期", "复议机关/审理法院", "案由/争议事项",
                  "涉及申请受理编号", "当前结果", "审结日期", "结果说明"]


@login_required
def case_export(request):
    _require_staff(request.user)
    f = _filters(request)
    qs = _filtered(request, f).values_list(
        "org__name", "kind", "case_no", "applicant_name", "filed_on", "handled_by", "subject",
        "application__tracking_no", "result", "concluded_on", "result_note")
    kinds, results = dict(CaseKind.choices), dict(CaseResult.choices)
    year_end = selectors.year_range(f["year"])[1] if f["year"] is not None else None

    def counted_as(result, concluded):  # the table 四 column of the chosen year
        return results[result] if concluded is not None and concluded <= year_end else PENDING_LABEL

    rows = ([org, kinds.get(kind, kind), no, applicant, filed, handled, subject, tracking or "",
             results.get(result, PENDING_LABEL), concluded, note]
            + ([counted_as(result, concluded)] if year_end else [])
            for org, kind, no, applicant, filed, handled, subject, tracking, result, concluded, note
            in qs[:EXPORT_LIMIT].iterator(chunk_size=2_000))
    headers = EXPORT_HEADERS + ([f"{f['year']}年度计为"] if year_end else [])
    name = f"复议诉讼案件{f['year']}年度.xlsx" if f["year"] else "复议诉讼案件.xlsx"
    return xlsx_response("复议诉讼案件", headers, rows, filename=name)


# ---------------------------------------------------------------------------------------------------------
# create, edit, delete


def _application_choices(user):
    return (Application.objects.filter(org_id__in=editable_org_ids(user)).exclude(received_on=None)
            .select_related("org").order_by("-received_on", "-id")[:APPLICATION_CHOICES])


def _form_page(request, form, title, cancel_url, **extra):
    return render(request, "appeals/form.html", _context(
        request, form=form, title=title, cancel_url=cancel_url, list_id=APPLICATION_LIST_ID, **extra))


def _case_data(cleaned: dict) -> dict:
    return {k: cleaned.get(k) for k in services.CASE_FIELDS}


@login_required
def case_create(request):
    _require_staff(request.user)
    if not can_edit_any(request.user):
        raise PermissionDenied("只有公开办管理员、承办人或审核人可以登记复议诉讼案件；监督员只能查看。")
    form = CaseForm(request.POST or None, user=request.user, initial={"org": request.GET.get("org") or None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.create_case(request.user, org=data["org"], result=data.get("result") or "",
                                        concluded_on=data.get("concluded_on"),
                                        result_note=data.get("result_note") or "", request=request,
                                        **_case_data(data))
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已登记案件“{case}”。")
            return redirect("appeals:detail", pk=case.pk)
    return _form_page(request, form, "登记复议诉讼案件", reverse("appeals:list"),
                      applications=_application_choices(request.user))


@login_required
def case_edit(request, pk: int):
    _require_staff(request.user)
    case = _editable_case_or_404(request, pk)
    initial = {"org": case.org_id, "kind": case.kind, "case_no": case.case_no,
               "application_no": case.application.tracking_no if case.application else "",
               "applicant_name": case.applicant_name, "filed_on": case.filed_on, "handled_by": case.handled_by,
               "subject": case.subject, "version": case.version}
    form = CaseForm(request.POST or None, user=request.user, editing=case.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.update_case(request.user, case.pk, version=data["version"], org=data["org"],
                                        request=request, **_case_data(data))
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已保存案件信息。")
            return redirect("appeals:detail", pk=case.pk)
    return _form_page(request, form, f"修改案件：{case}", reverse("appeals:detail", args=[case.pk]),
                      applications=_application_choices(request.user))


@login_required
def case_delete(request, pk: int):
    _require_staff(request.user)
    case = _editable_case_or_404(request, pk)
    back = reverse("appeals:detail", args=[case.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.delete_case(request.user, case.pk, version=request.POST.get("version"), request=request)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            return redirect(back)
        except ConflictError as e:
            messages.error(request, e.message)
            return redirect(back)
        messages.success(request, f"已删除案件“{case}”。")
        return redirect("appeals:list")
    documents = case.documents.count()
    if documents:
        messages.error(request, f"该案件还有 {documents} 份文书，请先删除文书后再删除案件。")
        return redirect(back)
    return render(request, "core/confirm.html", _context(
        request, title="删除案件", question=f"确定删除{case.org.name}的案件“{case}”吗？",
        detail="删除后该案件不再计入年度报告表四；删除操作记入审计日志。仅用于删除误登记的案件。", danger=True,
        confirm_label="删除", cancel_url=back, hidden={"version": case.version}))


# ---------------------------------------------------------------------------------------------------------
# case page, 办结, 重新审理


@login_required
def case_detail(request, pk: int):
    _require_staff(request.user)
    case = _case_or_404(request, pk)
    editable = can_edit(request.user, case.org)
    return render(request, "appeals/detail.html", _context(
        request, case=case, editable=editable, documents=case.documents.select_related("uploaded_by"),
        events=case.events.select_related("actor"), document_form=DocumentForm() if editable else None))


@login_required
def case_conclude(request, pk: int):
    _require_staff(request.user)
    case = _editable_case_or_404(request, pk)
    initial = {"result": case.result or None, "concluded_on": case.concluded_on or services.today(),
               "result_note": case.result_note, "version": case.version}
    form = ConcludeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.conclude_case(request.user, case.pk, version=data["version"], result=data["result"],
                                          concluded_on=data["concluded_on"], result_note=data["result_note"],
                                          request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"案件已办结：{case.get_result_display()}（{case.concluded_on:%Y-%m-%d}）。")
            return redirect("appeals:detail", pk=case.pk)
    title = f"办结：{case}" if case.is_pending else f"更正办结信息：{case}"
    intro = ("审结日期决定案件计入哪一年度报告的“结果维持/结果纠正/其他结果”；审结前的年度末仍计为“尚未审结”。")
    return _form_page(request, form, title, reverse("appeals:detail", args=[case.pk]), intro=intro,
                      submit_label="办结" if case.is_pending else "保存")


@login_required
def case_reopen(request, pk: int):
    _require_staff(request.user)
    case = _editable_case_or_404(request, pk)
    if case.is_pending:
        messages.error(request, "该案件尚未审结，无需重新审理。")
        return redirect("appeals:detail", pk=case.pk)
    form = ReopenForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.reopen_case(request.user, case.pk, version=form.cleaned_data["version"],
                                        reason=form.cleaned_data["reason"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "案件已恢复为尚未审结。")
            return redirect("appeals:detail", pk=case.pk)
    intro = (f"当前结果：{case.get_result_display()}（{case.concluded_on:%Y-%m-%d}审结）。重新审理后案件恢复为“尚未审结”，"
             "原结果记入办理记录；已经计算过的年度报告数据如重新生成，将按新的状态统计。")
    return _form_page(request, form, f"重新审理：{case}", reverse("appeals:detail", args=[case.pk]), intro=intro,
                      submit_label="重新审理")


# ---------------------------------------------------------------------------------------------------------
# documents


@login_required
def document_upload(request, pk: int):
    _require_staff(request.user)
    case = _editable_case_or_404(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.add_document(request.user, case.pk, form.cleaned_data["file"],
                                             description=form.cleaned_data["description"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, f"已上传文书“{document.original_name}”。")
            return redirect("appeals:detail", pk=case.pk)
    return _form_page(request, form, f"上传文书：{case}", reverse("appeals:detail", args=[case.pk]),
                      multipart=True, submit_label="上传")


def _document_or_404(case: Case, document_id: int) -> CaseDocument:
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("未找到该文书。")
    return document


@login_required
def document_download(request, pk: int, document_id: int):
    _require_staff(request.user)
    document = _document_or_404(_case_or_404(request, pk), document_id)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)


@login_required
def document_delete(request, pk: int, document_id: int):
    _require_staff(request.user)
    case = _editable_case_or_404(request, pk)
    document = _document_or_404(case, document_id)
    back = reverse("appeals:detail", args=[case.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.delete_document(request.user, document.pk, request=request)
        messages.success(request, f"已删除文书“{document.original_name}”。")
        return redirect(back)
    label = f"{document.description}（{document.original_name}）" if document.description else document.original_name
    return render(request, "core/confirm.html", _context(
        request, title="删除文书", question=f"确定删除案件“{case}”的文书“{label}”吗？",
        detail="文件删除后无法恢复；删除操作记入审计日志。", danger=True, confirm_label="删除", cancel_url=back))
