"""Staff pages for reports other bodies published: upload and read one or many, see each as the official tables
with the findings in their cells, accept one as a subordinate body's figures, delete, and compare many bodies'
key figures (with CSV export)."""

import csv
import io
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.forms import apply_service_errors
from gongkai.core.pagination import paginate
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import has_role

from . import checks, imported, selectors
from .cli import KEY_FIGURES, csv_row
from .formats import get_cell, get_format
from .models import AnnualReport
from .reader import SUPPORTED_EXTENSIONS
from .rendering import render_tables_html

NAV_KEY = "reports"


def _offices_or_403(user):
    offices = imported.offices_for(user)
    if not offices.exists():
        raise PermissionDenied("只有公开办管理员或监督员可以读取和比较年度报告。")
    return offices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files (Django's documented pattern for ``multiple``)."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    office = forms.ModelChoiceField(label="上传机关", queryset=Organization.objects.none())
    files = MultipleFileField(label="年度报告文件", widget=MultipleFileInput(attrs={
        "multiple": True, "accept": ",".join(SUPPORTED_EXTENSIONS)}),
        help_text="可一次选择多个文件（最多 50 个，每个不超过 20 MB）：PDF（文字版）、DOCX、HTML 网页或文本。")

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["office"].initial = offices.first()


@login_required
def imported_list(request):
    offices = _offices_or_403(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, offices=offices)
    failures = []
    if request.method == "POST" and form.is_valid():
        try:
            kept, failures = imported.upload(request.user, office=form.cleaned_data["office"],
                                             files=form.cleaned_data["files"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except PermissionDenied as e:
            form.add_error(None, str(e))
        else:
            if kept:
                messages.success(request, f"已读取 {len(kept)} 份报告。")
            if len(kept) == 1 and not failures:
                return redirect("reports:imported_detail", pk=kept[0].pk)
            if not failures:
                return redirect("reports:imported")
    qs = imported.visible_imports(request.user).select_related("office", "org", "accepted")
    year = request.GET.get("year") or ""
    q = (request.GET.get("q") or "").strip()[:50]
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if q:
        qs = qs.filter(Q(issuer__icontains=q) | Q(original_name__icontains=q))
    return render(request, "reports/imported_list.html", {
        "form": form, "failures": failures, "page": paginate(request, qs, per_page=20), "year": year, "q": q,
        "nav_key": NAV_KEY})


def _get(request, pk):
    _offices_or_403(request.user)
    item = imported.visible_imports(request.user).select_related("office", "org", "accepted").filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该报告，或不在您的数据范围内。")
    return item


class AcceptForm(forms.Form):
    org = forms.ModelChoiceField(label="报告机关（下级机关）", queryset=Organization.objects.none())
    year = forms.IntegerField(label="报告年度", min_value=2008, max_value=2100)

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (Organization.objects.filter(path__startswith=office.path + ".", is_active=True)
                                       .order_by("path"))


@login_required
def imported_detail(request, pk):
    item = _get(request, pk)
    report = item.report
    can_accept = has_role(request.user, item.office, Role.OFFICE_ADMIN) and item.accepted_id is None
    form = AcceptForm(request.POST or None, office=item.office,
                      initial={"org": item.org_id, "year": item.year})
    if request.method == "POST" and can_accept and form.is_valid():
        try:
            accepted = imported.accept(request.user, item.pk, org=form.cleaned_data["org"],
                                       year=form.cleaned_data["year"], request=request)
        except ValidationError as e:
            apply_service_errors(form, e)
        except PermissionDenied as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已采用为{accepted.org.name}{accepted.year}年度报告数据。")
            return redirect("reports:detail", pk=accepted.pk)
    findings = report["findings"]
    return render(request, "reports/imported_detail.html", {
        "item": item, "report": report, "fmt": get_format(report["format"]), "nav_key": NAV_KEY,
        "tables_html": render_tables_html(report, highlight=True),
        "errors": [f for f in findings if f["severity"] == checks.ERROR],
        "warnings": [f for f in findings if f["severity"] == checks.WARNING],
        "infos": [f for f in findings if f["severity"] == checks.INFO],
        "form": form, "can_accept": can_accept, "problem": imported.acceptance_problem(item)})


@login_required
def imported_file(request, pk):
    item = _get(request, pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


@login_required
def imported_delete(request, pk):
    item = _get(request, pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            imported.delete(request.user, item.pk, request=request)
        except PermissionDenied as e:
            messages.error(request, str(e))
            return redirect("reports:imported_detail", pk=item.pk)
        messages.success(request, f"已删除“{item.original_name}”。")
        return redirect("reports:imported")
    return render(request, "core/confirm.html", {
        "title": "删除读取的报告", "question": f"确定删除“{item.original_name}”及其读取结果吗？", "danger": True,
        "detail": "已采用为下级机关数据的，采用的数据不受影响。", "confirm_label": "删除",
        "cancel_url": f"/reports/imported/{item.pk}/", "nav_key": NAV_KEY})


# ---------------------------------------------------------------------------------------------------------
# comparison


def _rows(request) -> tuple[list[dict], str]:
    year = request.GET.get("year") or ""
    reports: list[dict] = []
    imports = imported.visible_imports(request.user).select_related("org")
    own = selectors.reports_for(request.user).select_related("org")
    if year.isdigit():
        imports, own = imports.filter(year=int(year)), own.filter(year=int(year))
    if request.GET.get("ids"):
        wanted = [int(i) for i in request.GET.getlist("ids") if i.isdigit()]
        imports, own = imports.filter(pk__in=wanted), own.none()
    for item in imports.order_by("issuer", "year"):
        reports.append({**item.report, "source": item.original_name, "kind": "读取的报告",
                        "url": f"/reports/imported/{item.pk}/"})
    for report in own.order_by("org__path", "year"):
        reports.append({**report.canonical(), "source": report.title, "kind": report.get_source_display(),
                        "url": f"/reports/{report.pk}/"})
    return reports, year


@login_required
def compare(request):
    _offices_or_403(request.user)
    reports, year = _rows(request)
    if request.GET.get("export") == "csv":
        buffer = io.StringIO()
        fields = ["kind", *csv_row(reports[0]).keys()] if reports else ["kind"]
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writerow({"kind": "来源类型", "source": "来源", "issuer": "机关", "year": "年度", "format": "格式",
                         "complete": "完整", "errors": "错误", "warnings": "警告", "infos": "提示",
                         **{path: label for path, label in KEY_FIGURES}})
        for report in reports:
            writer.writerow({"kind": report["kind"], **csv_row(report)})
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('年度报告比较.csv')}"
        return response
    rows = []
    for report in reports:
        counts = checks.counts(report["findings"])
        rows.append({"report": report, "counts": counts,
                     "figures": [get_cell(report, path) for path, _ in KEY_FIGURES]})
    return render(request, "reports/compare.html", {
        "rows": rows, "labels": [label for _, label in KEY_FIGURES], "year": year,
        "years": sorted({r["year"] for r in reports if r.get("year")}, reverse=True)
        or list(AnnualReport.objects.values_list("year", flat=True).distinct()),
        "query": request.GET.urlencode(), "nav_key": NAV_KEY})
