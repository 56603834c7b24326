"""HTML pages: running text as lines, each ``<table>`` as rows of cells (merged cells once, as printed).

A table that holds other tables is page layout, not a report table: its content is read as running text and its
inner tables as tables. Uses lxml (installed with python-docx), which copes with the broken markup of CMS pages.
"""

from __future__ import annotations

import re

import lxml.html

from .document import Document

_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "select", "button"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def decode_html(content: bytes) -> str:
    match = _CHARSET.search(content[:4096])
    encodings = []
    if match:
        name = match.group(1).decode("ascii").lower()
        encodings.append("gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name)
    encodings += ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


def _cell_text(cell) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        if not isinstance(el.tag, str) or el.tag.lower() in _SKIP:
            if el.tail:
                parts.append(el.tail)
            return
        if el.tag.lower() in _BLOCK:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if el.tag.lower() in _BLOCK:
            parts.append("\n")
        if el.tail and el is not cell:
            parts.append(el.tail)

    walk(cell)
    return " ".join("".join(parts).split())


def _rows(table) -> list:
    rows = []
    for child in table:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")
    return rows


class _Walker:
    def __init__(self, doc: Document):
        self.doc = doc
        self.buffer: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if text.strip():
            self.doc.add_text(text)

    def walk(self, el) -> None:
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.tail:
                self.buffer.append(el.tail)
            return
        tag = el.tag.lower()
        if tag in _SKIP or tag == "head":
            if el.tail:
                self.buffer.append(el.tail)
            return
        if tag == "table" and not el.xpath(".//table"):
            self.flush()
            for row in _rows(el):
                cells = [_cell_text(c) for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
                self.doc.add_row(cells, self.tables)
            self.tables += 1
        else:
            block = tag in _BLOCK
            if block:
                self.flush()
            if el.text:
                self.buffer.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail:
            self.buffer.append(el.tail)


def to_document(content: bytes | str) -> Document:
    text = decode_html(content) if isinstance(content, bytes) else content
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    doc = Document()
    if not text.strip():
        return doc
    root = lxml.html.document_fromstring(text)
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        doc.title = " ".join(title.text_content().split())
    body = root.find("body")
    walker = _Walker(doc)
    walker.walk(body if body is not None else root)
    walker.flush()
    return doc


__all__ = ["to_document", "decode_html"]
