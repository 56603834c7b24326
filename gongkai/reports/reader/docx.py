"""DOCX files: paragraphs as lines and tables as rows of cells, in document order.

Cells are read from the XML (``w:tc``) rather than python-docx's ``row.cells``, which repeats a merged cell in
every grid position it covers: a horizontally merged cell is one cell, a vertically merged one is read where it
starts. A table inside a cell (layout) is read as a table of its own.
"""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.oxml.ns import qn

from .document import Document

_P, _TBL, _TR, _TC, _T, _TAB, _BR, _CR = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:t", "w:tab", "w:br",
                                                          "w:cr"))
_SDT, _SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")


def _paragraph_text(p) -> str:
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _is_continuation(tc) -> bool:
    pr = tc.tcPr
    if pr is None:
        return False
    merge = pr.find(qn("w:vMerge"))
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"


class _Reader:
    def __init__(self, doc: Document):
        self.doc = doc
        self.tables = 0

    def block(self, container) -> None:
        for child in container.iterchildren():
            if child.tag == _P:
                self.doc.add_text(_paragraph_text(child))
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.block(content)

    def table(self, tbl) -> None:
        index = self.tables
        self.tables += 1
        nested: list = []
        for tr in tbl.iterchildren(_TR):
            cells = []
            for tc in tr.iterchildren(_TC):
                if _is_continuation(tc):
                    continue
                texts = [_paragraph_text(p) for p in tc.iterchildren(_P)]
                nested.extend(tc.iterchildren(_TBL))
                cells.append(" ".join(" ".join(texts).split()))
            self.doc.add_row(cells, index)
        for inner in nested:
            self.table(inner)


def to_document(content: bytes) -> Document:
    source = open_docx(io.BytesIO(content))
    doc = Document()
    doc.title = source.core_properties.title or ""
    _Reader(doc).block(source.element.body)
    return doc
