"""The 政府信息公开工作年度报告 sub-column of a body: its published reports, each shown from the document frozen
at publication, with downloads (DOCX, PDF, XLSX, JSON)."""

from django.http import Http404
from django.shortcuts import render

from gongkai.reports.exports import FORMATS
from gongkai.reports.exports import response as export_response
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.reports.rendering import ReportDocument, render_html

from .column import _body, _body_context


def _published(org):
    return AnnualReport.objects.filter(org=org, status=ReportStatus.PUBLISHED, published__isnull=False)


def _document(report: AnnualReport) -> ReportDocument:
    return ReportDocument.from_snapshot(report.published,
                                        report.published_at.date() if report.published_at else None)


def body_reports(request, org_code):
    org = _body(org_code)
    reports = _published(org).order_by("-year")
    return render(request, "portal/column/annual_list.html", {**_body_context(org, "annual"), "reports": reports})


def _get(org_code, year) -> tuple:
    org = _body(org_code)
    report = _published(org).filter(year=year).first()
    if report is None:
        raise Http404("该年度报告尚未发布。")
    return org, report


def body_report(request, org_code, year):
    org, report = _get(org_code, year)
    doc = _document(report)
    return render(request, "portal/column/annual_report.html", {
        **_body_context(org, "annual"), "report": report, "doc": doc, "body_html": render_html(doc),
        "downloads": {k: v for k, v in FORMATS.items() if k != "html"}})


def body_report_download(request, org_code, year, kind):
    org, report = _get(org_code, year)
    if kind not in FORMATS or kind == "html":
        raise Http404("不支持的格式。")
    return export_response(_document(report), kind, report.published["title"])
