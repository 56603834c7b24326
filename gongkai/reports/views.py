"""Staff screens of the annual report: the list, a new report, the report page (official tables with the
findings in their cells, overrides, workflow actions, downloads), the narrative editor with live figures, the
fill-in form of a report entered by hand (checked as it is typed), collecting figures from subordinate bodies
and the statutory deadlines of every body's report (年报进度)."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.errors import ConflictError
from gongkai.core.exports import xlsx_response
from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import can_view_business_data, visible_orgs

from . import checks, exports, narrative, selectors, services
from .formats import FORMATS, get_cell, get_format
from .models import AnnualReport, Collection, ReportStatus, Scope, Source
from .rendering import render_tables_html

NAV_KEY = "reports"


def _require_staff(user):
    if not can_view_business_data(user):
        raise PermissionDenied("您没有业务岗位，不能查看年度报告。")


def _get_report(request, pk) -> AnnualReport:
    _require_staff(request.user)
    report = selectors.reports_for(request.user).filter(pk=pk).select_related("org", "requested_by").first()
    if report is None:
        raise Http404("未找到该年度报告，或不在您的数据范围内。")
    return report


def _version(request) -> int:
    try:
        return int(request.POST.get("version") or -1)
    except ValueError:
        return -1


def _year_choices():
    this = timezone.localdate().year
    return list(range(this, 2018, -1))


# ---------------------------------------------------------------------------------------------------------
# list and new


@login_required
def report_list(request):
    _require_staff(request.user)
    qs = selectors.reports_for(request.user).select_related("org", "requested_by")
    year = request.GET.get("year") or ""
    status = request.GET.get("status") or ""
    q = (request.GET.get("q") or "").strip()[:50]
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    elif status in ("requested", "submitted", "returned", "accepted"):
        qs = qs.filter(collection=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(org__name__icontains=q))
    page = paginate(request, qs.order_by("-year", "org__path"), per_page=20)
    writer_orgs = visible_orgs(request.user, roles={Role.OFFICE_ADMIN})
    return render(request, "reports/list.html", {
        "page": page, "year": year, "status": status, "q": q, "years": _year_choices(),
        "statuses": ReportStatus.choices, "collections": [c for c in Collection.choices if c[0]],
        "can_create": writer_orgs.exists(), "nav_key": NAV_KEY})


class NewReportForm(forms.Form):
    org = forms.ModelChoiceField(label="报告机关", queryset=Organization.objects.none())
    year = forms.TypedChoiceField(label="报告年度", coerce=int, choices=())
    source = forms.ChoiceField(label="数据来源", choices=Source.choices, initial=Source.COMPUTED, widget=forms.RadioSelect,
                               help_text="机关不在本平台办理业务的，选择“机关填报”后逐项填写三张表。")
    scope = forms.ChoiceField(label="统计范围", choices=[("", "按机关类型（人民政府：本级政府及其工作部门）")] + Scope.choices,
                              required=False)
    format = forms.ChoiceField(label="报告格式", required=False,
                               choices=[("", "按年度（2020年度及以前用2019试行格式，2021年度起用2021格式）")]
                               + [(k, f"{f.name}（{f.document}）") for k, f in FORMATS.items()])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = visible_orgs(user, roles={Role.OFFICE_ADMIN}).filter(is_active=True)
        self.fields["year"].choices = [(y, f"{y}年度") for y in _year_choices()]
        self.fields["year"].initial = timezone.localdate().year - 1


@login_required
def report_create(request):
    _require_staff(request.user)
    form = NewReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["source"] == Source.MANUAL:
                report = services.create_manual_report(request.user, org=d["org"], year=d["year"], request=request)
            else:
                report = services.create_report(request.user, org=d["org"], year=d["year"], scope=d["scope"] or None,
                                                format_key=d["format"] or None, request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except PermissionDenied as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已新建《{report.title}》。")
            return redirect("reports:detail", pk=report.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "新建年度报告", "submit_label": "新建", "nav_key": NAV_KEY,
        "intro": "由平台数据生成的报告按所选统计范围从依申请公开、主动公开、权责清单与执法决定、收费采购和复议诉讼登记中计算三张表。",
        "cancel_url": "/reports/"})


# ---------------------------------------------------------------------------------------------------------
# the report page


@login_required
def report_detail(request, pk):
    report = _get_report(request, pk)
    fmt = get_format(report.format)
    actions = services.allowed_actions(request.user, report)
    ack = set(report.acknowledged)
    warnings = [(services.finding_key(f), f, services.finding_key(f) in ack)
                for f in report.findings if f["severity"] == checks.WARNING]
    return render(request, "reports/detail.html", {
        "report": report, "fmt": fmt, "nav_key": NAV_KEY,
        "tables_html": render_tables_html(report.canonical(), highlight=True),
        "errors": [f for f in report.findings if f["severity"] == checks.ERROR],
        "warnings": warnings, "infos": [f for f in report.findings if f["severity"] == checks.INFO],
        "rule_labels": checks.RULE_LABELS,
        "overrides": report.overrides.select_related("actor"), "events": report.events.select_related("actor"),
        "actions": [(a, services.TRANSITIONS[a].label) for a in actions
                    if a in ("submit", "approve", "return", "publish", "unpublish")],
        "can_edit": "edit" in actions, "can_ack": "acknowledge" in actions,
        "blockers": services.publish_blockers(report) if report.status == ReportStatus.APPROVED else [],
        "can_submit_figures": report.collection in (Collection.REQUESTED, Collection.RETURNED)
        and "edit" in actions,
        "can_review_figures": report.collection == Collection.SUBMITTED
        and services.can_review_collection(request.user, report),
        "downloads": exports.FORMATS,
        "deadline": selectors.statutory_deadline(report.org, report.year),
    })


@login_required
def report_download(request, pk, kind):
    report = _get_report(request, pk)
    if kind not in exports.FORMATS:
        raise Http404("不支持的格式。")
    return exports.response(services.document_for(report), kind, report.title)


# ---------------------------------------------------------------------------------------------------------
# writing


@login_required
def report_edit(request, pk):
    report = _get_report(request, pk)
    blocked = services.blocked_reason(request.user, report, "edit")
    chapters = dict(report.chapters or {})
    error = ""
    if request.method == "POST" and blocked is None:
        chapters = {k: request.POST.get(f"chapter_{k}", "") for k in services.CHAPTER_KEYS}
        try:
            services.save_chapters(request.user, report.pk, title=request.POST.get("title", ""),
                                   chapters=chapters, version=_version(request), request=request)
        except ValidationError as e:
            error = "；".join(e.messages)
        except (services.TransitionNotAllowed, ConflictError) as e:
            error = e.message
        else:
            messages.success(request, "正文已保存。")
            return redirect("reports:detail", pk=report.pk)
    fmt = get_format(report.format)
    extra = (report.computed or {}).get("extra")
    sections = [(k, "标题下的说明（第一章之前）" if k == "0" else fmt.chapters[int(k) - 1]
                 + ("（表格之前的文字，可不填）" if k in ("2", "3", "4") else ""), chapters.get(k, ""))
                for k in services.CHAPTER_KEYS]
    return render(request, "reports/edit.html", {
        "report": report, "blocked": blocked, "error": error, "sections": sections,
        "title_value": request.POST.get("title", report.title) if request.method == "POST" else report.title,
        "figures": narrative.catalogue(report.canonical(), extra), "nav_key": NAV_KEY})


@login_required
def report_override(request, pk):
    report = _get_report(request, pk)
    fmt = get_format(report.format)
    blocked = services.blocked_reason(request.user, report, "edit")
    if report.source != Source.COMPUTED:
        blocked = blocked or "该报告的数据由机关填报，请在“填报数据”中修改。"
    cells = [(p, fmt.label(p)) for p in fmt.cell_paths() if fmt.column(p).numeric]
    cell = request.POST.get("cell") or request.GET.get("cell") or ""
    error, value, reason = "", request.POST.get("value", ""), request.POST.get("reason", "")
    if request.method == "POST" and blocked is None:
        try:
            if request.POST.get("clear"):
                services.clear_override(request.user, report.pk, cell=cell, version=_version(request), request=request)
                messages.success(request, "已取消修正，恢复平台计算值。")
            else:
                services.set_override(request.user, report.pk, cell=cell, value=value, reason=reason,
                                      version=_version(request), request=request)
                messages.success(request, "已修正数据。")
        except ValidationError as e:
            error = "；".join(e.messages)
        except (services.TransitionNotAllowed, ConflictError) as e:
            error = e.message
        else:
            return redirect("reports:detail", pk=report.pk)
    current = get_cell(report.canonical(), cell) if cell in dict(cells) else None
    computed = get_cell(report.computed, cell) if report.computed and cell in dict(cells) else None
    return render(request, "reports/override.html", {
        "report": report, "blocked": blocked, "cells": cells, "cell": cell, "value": value, "reason": reason,
        "error": error, "current": current, "computed": computed,
        "existing": report.overrides.filter(cell=cell).first(), "nav_key": NAV_KEY})


@login_required
def report_figures(request, pk):
    """The fill-in form of a report entered by hand."""
    report = _get_report(request, pk)
    fmt = get_format(report.format)
    blocked = services.blocked_reason(request.user, report, "edit")
    if report.source != Source.MANUAL:
        blocked = "该报告的数据由平台生成；如需修改某个数据，请使用“修正数据”并说明理由。"
    errors: dict = {}
    values = {p: request.POST.get(p, "") for p in fmt.cell_paths()} if request.method == "POST" else {}
    if request.method == "POST" and blocked is None:
        try:
            services.save_figures(request.user, report.pk, data=request.POST, version=_version(request),
                                  request=request)
        except ValidationError as e:
            errors = e.message_dict if hasattr(e, "error_dict") else {"": e.messages}
        except (services.TransitionNotAllowed, ConflictError) as e:
            errors = {"": [e.message]}
        else:
            messages.success(request, "数据已保存。")
            return redirect("reports:detail", pk=report.pk)
    if not values:
        canonical = report.canonical()
        values = {p: "" if get_cell(canonical, p) is None else get_cell(canonical, p) for p in fmt.cell_paths()}
    return render(request, "reports/figures.html", {
        "report": report, "fmt": fmt, "blocked": blocked, "errors": errors,
        "form_tables": _form_tables(fmt, values, errors), "nav_key": NAV_KEY,
        "preview": render_tables_html(report.canonical(), highlight=True)})


def _form_tables(fmt, values: dict, errors: dict) -> list[dict]:
    """The input grid of each table: blocks of rows with one input per cell."""
    out = []
    for table in fmt.tables:
        blocks = []
        for block in table.blocks:
            rows = []
            for row in block.rows:
                cells = [] if not row.data else [
                    {"path": f"{table.key}.{row.key}.{c.key}", "label": c.label, "kind": c.kind,
                     "value": values.get(f"{table.key}.{row.key}.{c.key}", ""),
                     "errors": errors.get(f"{table.key}.{row.key}.{c.key}", [])} for c in block.columns]
                rows.append({"row": row, "cells": cells})
            blocks.append({"block": block, "rows": rows})
        out.append({"table": table, "blocks": blocks})
    return out


@login_required
@require_POST
def figures_check(request, pk):
    """Live check of the figures being typed: parse errors by cell and the rules' findings (nothing saved)."""
    report = _get_report(request, pk)
    fmt = get_format(report.format)
    tables, errors = services.clean_figures(fmt, request.POST)
    findings = services.preview_findings(fmt, tables, report.year)
    return JsonResponse({"errors": errors, "findings": findings,
                         "html": render_to_string("reports/_findings.html", {
                             "findings": findings, "rule_labels": checks.RULE_LABELS, "parse_errors": errors})})


ACTION_LABELS = {"submit": "提交审核", "approve": "审核通过", "return": "退回修改", "publish": "发布",
                 "unpublish": "撤回发布", "refresh": "刷新数据", "submit_figures": "报送上级",
                 "accept_figures": "确认采用报送数据", "return_figures": "退回报送数据"}
NEEDS_COMMENT = {"return", "unpublish", "return_figures"}


@login_required
def report_action(request, pk, action):
    report = _get_report(request, pk)
    if action not in ACTION_LABELS:
        raise Http404("未知的操作。")
    label = ACTION_LABELS[action]
    blocked = None
    if action in services.TRANSITIONS:
        blocked = services.blocked_reason(request.user, report, action)
    elif action == "refresh":
        blocked = services.blocked_reason(request.user, report, "edit")
    if action == "publish" and blocked is None:
        blockers = services.publish_blockers(report)
        blocked = " ".join(blockers) or None
    error = ""
    comment = request.POST.get("comment", "")
    if request.method == "POST" and blocked is None:
        user, v = request.user, _version(request)
        try:
            if action == "submit":
                services.submit(user, report.pk, comment=comment, version=v, request=request)
            elif action == "approve":
                services.approve(user, report.pk, comment=comment, version=v, request=request)
            elif action == "return":
                services.return_report(user, report.pk, comment=comment, version=v, request=request)
            elif action == "publish":
                services.publish(user, report.pk, version=v, request=request)
            elif action == "unpublish":
                services.unpublish(user, report.pk, comment=comment, version=v, request=request)
            elif action == "refresh":
                services.refresh(user, report.pk, version=v, request=request)
            elif action == "submit_figures":
                services.submit_figures(user, report.pk, version=v, request=request)
            elif action == "accept_figures":
                services.review_figures(user, report.pk, accept=True, version=v, request=request)
            elif action == "return_figures":
                services.review_figures(user, report.pk, accept=False, reason=comment, version=v, request=request)
        except ValidationError as e:
            error = "；".join(e.messages)
        except (services.TransitionNotAllowed, ConflictError) as e:
            error = e.message
        except PermissionDenied as e:
            error = str(e)
        else:
            messages.success(request, f"已{label}。")
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/action.html", {
        "report": report, "action": action, "label": label, "blocked": blocked, "error": error,
        "comment": comment, "needs_comment": action in NEEDS_COMMENT, "nav_key": NAV_KEY})


@login_required
@require_POST
def report_acknowledge(request, pk):
    report = _get_report(request, pk)
    try:
        services.acknowledge(request.user, report.pk, keys=request.POST.getlist("key"), version=_version(request),
                             request=request)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except (services.TransitionNotAllowed, ConflictError) as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已确认所选警告。")
    return redirect("reports:detail", pk=report.pk)


# ---------------------------------------------------------------------------------------------------------
# collecting figures


class CollectForm(forms.Form):
    office = forms.ModelChoiceField(label="要求报送的机关（本机关）", queryset=Organization.objects.none())
    year = forms.TypedChoiceField(label="报告年度", coerce=int, choices=())
    bodies = forms.ModelMultipleChoiceField(label="报送机关", queryset=Organization.objects.none(),
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text="选择不在本平台办理业务、需要填报年度报告数据的下级机关。")
    note = forms.CharField(label="报送要求", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offices = visible_orgs(user, roles={Role.OFFICE_ADMIN})
        self.fields["office"].queryset = offices
        self.fields["bodies"].queryset = offices.filter(is_active=True, depth__gt=0)
        self.fields["year"].choices = [(y, f"{y}年度") for y in _year_choices()]
        self.fields["year"].initial = timezone.localdate().year - 1


@login_required
def collect(request):
    _require_staff(request.user)
    form = CollectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created = services.request_figures(request.user, office=d["office"], bodies=list(d["bodies"]),
                                               year=d["year"], note=d["note"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except PermissionDenied as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已要求 {len(created)} 个机关报送{d['year']}年度报告数据。")
            return redirect(f"/reports/?year={d['year']}&status=requested")
    return render(request, "core/form.html", {
        "form": form, "title": "要求下级机关报送年度报告数据", "submit_label": "发出报送要求", "nav_key": NAV_KEY,
        "intro": "被要求的机关在本平台逐项填写三张表（填写时即时核对勾稽关系）并报送；确认采用后，其数据计入本机关“本级政府及其"
                 "工作部门”或“全部下级机构”范围的年度报告。", "cancel_url": "/reports/"})


# ---------------------------------------------------------------------------------------------------------
# statutory deadlines (Art. 49)


@login_required
def progress(request):
    _require_staff(request.user)
    year = request.GET.get("year") or str(timezone.localdate().year - 1)
    year = int(year) if year.isdigit() and 2008 <= int(year) <= 2100 else timezone.localdate().year - 1
    rows = selectors.progress(request.user, year, timezone.localdate())
    if request.GET.get("export") == "xlsx":
        return xlsx_response(f"{year}年度报告进度", ["机关", "机关类型", "法定期限", "报告状态", "报送状态", "发布时间", "是否逾期"],
                             ([r["org"].name, r["org"].get_kind_display(), r["deadline"].isoformat(), r["status_label"],
                               r["collection_label"], r["published_at"].strftime("%Y-%m-%d") if r["published_at"] else "",
                               "逾期" if r["late"] else ""] for r in rows), f"{year}年度报告进度.xlsx")
    summary = {"total": len(rows), "published": sum(1 for r in rows if r["published_at"]),
               "late": sum(1 for r in rows if r["late"]), "missing": sum(1 for r in rows if r["report"] is None)}
    return render(request, "reports/progress.html", {
        "rows": rows, "year": year, "years": _year_choices(), "summary": summary, "nav_key": NAV_KEY})

