"""Downloads of a report document: DOCX, PDF, XLSX, a standalone HTML page and the canonical JSON."""

import json
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string

FORMATS = {
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF", "application/pdf"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("网页", "text/html; charset=utf-8"),
    "json": ("JSON", "application/json"),
}


def render(doc, kind: str) -> bytes:
    """The document ``doc`` (a ``rendering.ReportDocument``) as bytes in ``kind``."""
    from . import rendering

    if kind == "docx":
        return rendering.render_docx(doc)
    if kind == "pdf":
        return rendering.render_pdf(doc)
    if kind == "xlsx":
        return rendering.render_xlsx(doc)
    if kind == "html":
        return render_to_string("reports/standalone.html", {
            "doc": doc, "body": rendering.render_html(doc), "css": rendering.table_css()}).encode("utf-8")
    if kind == "json":
        return json.dumps(doc.report, ensure_ascii=False, indent=2).encode("utf-8")
    raise ValueError(f"不支持的格式：{kind}")


def response(doc, kind: str, title: str) -> HttpResponse:
    content = render(doc, kind)
    resp = HttpResponse(content, content_type=FORMATS[kind][1])
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '.' + kind)}"
    return resp
