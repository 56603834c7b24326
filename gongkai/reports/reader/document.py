"""What every input is turned into before the tables are read: a sequence of lines, each a list of cells.

A line of running text is split into cells at tabs and runs of whitespace (text extracted from a PDF keeps table
cells apart that way); a row of a real table (HTML ``<tr>``, DOCX ``w:tr``, a pdfplumber table row) keeps its
cells as the table has them, empty cells included, merged cells once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import clean_keep_space

_SIGN_JOINED = re.compile(r"^\d+(?:[+-]\d+)+$")
# A page number between dashes (``— 3 —``, ``- 12 -``) left in text extracted from a PDF: not table values.
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]\s*\d{1,4}\s*[-—–－]\s*$")


@dataclass
class Line:
    cells: list[str]
    table: int | None = None  # index of the source table; None for running text
    text: str = ""  # the line as printed, for the narrative

    def __post_init__(self):
        if not self.text:
            self.text = " ".join(c for c in self.cells if c)


@dataclass
class Document:
    lines: list[Line] = field(default_factory=list)
    title: str = ""  # an HTML <title>, DOCX core title, PDF metadata title, when there is one

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def add_text(self, text: str) -> None:
        for raw in re.split(r"[\r\n\f\v\u2028\u2029]+", text):
            if raw.strip() and not _PAGE_NUMBER.match(raw):
                self.lines.append(Line(split_text_cells(raw), None, raw.strip()))

    def add_row(self, cells: list[str], table: int) -> None:
        cells = [c if c is not None else "" for c in cells]
        if any(c.strip() for c in cells):
            self.lines.append(Line([" ".join(c.split()) for c in cells], table))


def split_text_cells(line: str) -> list[str]:
    """Cells of a line of running text: tab-separated cells (empty ones kept, as a blank table cell), each split
    further at whitespace; ``243-2`` (numbers joined at a sign) split at the sign."""
    cells: list[str] = []
    for part in clean_keep_space(line).split("\t"):
        tokens = part.split()
        if not tokens:
            cells.append("")
            continue
        for token in tokens:
            if _SIGN_JOINED.match(token):
                cells.extend(re.findall(r"[+-]?\d+", token))
            else:
                cells.append(token)
    # A leading tab means an empty first cell; trailing empties carry no position.
    while cells and cells[-1] == "":
        cells.pop()
    return cells
