"""Reading a published annual report (政府信息公开工作年度报告) into the canonical report JSON.

``read(path_or_bytes, filename=None)`` takes a text, HTML, DOCX or PDF file; ``read_text(text)`` takes text (as
extracted from a PDF, or pasted). Both return exactly the canonical dict of ``gongkai.reports.formats``
(``issuer``, ``year``, ``format``, ``complete``, ``tables``, ``findings``): the reader's own findings (what it
normalised, what it could not read) followed by the consistency checks of ``gongkai.reports.checks``.

Nothing is invented: a figure the source does not give, or gives so that it cannot be placed with certainty, is
null with a finding. Pure Python, no Django.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import checks
from ..formats import empty_report
from .document import Document
from .narrative import issuer_and_year, narrative_findings
from .tables import Filler, detect_format, scan


class ReadError(Exception):
    """The input cannot be read at all (not a report file, damaged, no text layer). The message is Chinese."""


TEXT_EXTENSIONS = (".txt", ".text", ".md")
HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml")
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + (".docx", ".pdf")


def read_document(doc: Document) -> dict:
    """The canonical report of a Document (lines of cells), whatever file it came from."""
    texts = [line.text for line in doc.lines]
    issuer, year = issuer_and_year(texts, doc.title)
    result = scan(doc)
    fmt, format_findings = detect_format(result, year)
    report = empty_report(fmt, issuer=issuer, year=year)
    filler = Filler(fmt, result, report)
    findings = format_findings + filler.run()
    for variant, official in result.variants:
        findings.append(checks.finding("label_variant", checks.INFO, [],
                                       f"标签“{variant}”按格式规定的“{official}”读取"))
    findings += filler.missing()
    report["complete"] = filler.complete()
    findings += narrative_findings(report, result.narrative)
    findings += checks.check(report)
    report["findings"] = findings
    return report


def read_text(text: str) -> dict:
    doc = Document()
    doc.add_text(text)
    return read_document(doc)


def _decode_text(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别文本文件的字符编码（应为 UTF-8 或 GB18030）")


def sniff(content: bytes, filename: str | None = None) -> str:
    """"pdf", "docx", "html" or "text"."""
    ext = os.path.splitext(filename or "")[1].lower()
    if content.startswith(b"%PDF"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        if b"word/" in content[:4096] or ext == ".docx":
            return "docx"
        raise ReadError("不支持的压缩文件格式：只能读取 DOCX、PDF、HTML 和文本格式的年度报告")
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("不支持旧版 Word（.doc）文件，请另存为 DOCX 或 PDF 后再读取")
    if ext in HTML_EXTENSIONS:
        return "html"
    head = content[:4096].lower()
    if re.search(rb"<(?:!doctype html|html|body|table|p|div)[\s>]", head):
        return "html"
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("文件不是文本、HTML、DOCX 或 PDF 格式，无法读取")
    return "text"


def load(content: bytes, filename: str | None = None) -> Document:
    """The Document of a file's bytes, or ReadError."""
    kind = sniff(content, filename)
    try:
        if kind == "pdf":
            from .pdf import to_document as pdf_document

            doc = pdf_document(content)
            if not any(line.text.strip() for line in doc.lines):
                raise ReadError("PDF 没有文本层（可能是扫描图片），无法读取；请提供文字版 PDF 或其他格式")
            return doc
        if kind == "docx":
            from .docx import to_document as docx_document

            return docx_document(content)
        if kind == "html":
            from .html import to_document as html_document

            return html_document(content)
    except ReadError:
        raise
    except Exception as exc:  # a damaged file: the parsers raise many kinds of errors
        raise ReadError(f"文件已损坏或格式不正确，无法读取（{type(exc).__name__}）") from exc
    doc = Document()
    doc.add_text(_decode_text(content))
    return doc


def read(source: str | os.PathLike | bytes, filename: str | None = None) -> dict:
    """Read a report file (a path, or its bytes with an optional file name for the extension)."""
    if isinstance(source, bytes | bytearray):
        content = bytes(source)
    else:
        path = Path(source)
        filename = filename or path.name
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise ReadError(f"无法打开文件：{exc.strerror or exc}") from exc
    if not content.strip():
        raise ReadError("文件为空")
    return read_document(load(content, filename))


__all__ = ["ReadError", "read", "read_text", "read_document", "load", "sniff", "SUPPORTED_EXTENSIONS"]
