"""PDF files through pdfplumber: ruled tables from their line geometry (``find_tables``), everything else as
lines of words, in reading order page by page. A table without rulings arrives as lines of words, and the gaps
between words keep its cells apart.
"""

from __future__ import annotations

import io
import re

from .document import Document, Line

_LINE_TOLERANCE = 3.0  # points: words whose tops differ by less are on one line
# ``3``, ``— 3 —``, ``第 3 页``, ``第3页 共10页``, ``3/10``
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]?\s*\d{1,4}\s*[-—–－]?|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")


def _inside(obj, bbox) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _word_lines(words: list[dict]) -> list[tuple[float, list[str]]]:
    lines: list[tuple[float, list[dict]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0] - word["top"]) < _LINE_TOLERANCE:
            lines[-1][1].append(word)
        else:
            lines.append((word["top"], [word]))
    return [(top, [w["text"] for w in sorted(ws, key=lambda w: w["x0"])]) for top, ws in lines]


def to_document(content: bytes) -> Document:
    import pdfplumber  # imported here: only PDF input needs it

    doc = Document()
    table_index = 0
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        doc.title = str((pdf.metadata or {}).get("Title") or "")
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            outside = page.filter(lambda obj, boxes=boxes: not any(_inside(obj, b) for b in boxes)) \
                if boxes else page
            items: list[tuple[float, int, object]] = []
            for top, cells in _word_lines(outside.extract_words(x_tolerance=2, y_tolerance=2)):
                items.append((top, 0, cells))
            for table in tables:
                items.append((table.bbox[1], 1, (table_index, table.extract())))
                table_index += 1
            items.sort(key=lambda item: (item[0], item[1]))
            for position, (_, kind, payload) in enumerate(items):
                if kind == 0:
                    cells = payload
                    if position in (0, len(items) - 1) and _PAGE_NUMBER.match(" ".join(cells)):
                        continue  # the page number in the header or footer
                    doc.lines.append(Line(_split_cells(cells), None, " ".join(cells)))
                else:
                    index, rows = payload
                    for row in rows:
                        # pdfplumber gives None for grid positions covered by a merged cell: skip them.
                        doc.add_row([c for c in row if c is not None], index)
    return doc


def _split_cells(words: list[str]) -> list[str]:
    from .document import split_text_cells

    cells: list[str] = []
    for word in words:
        cells.extend(split_text_cells(word) or [word])
    return cells
