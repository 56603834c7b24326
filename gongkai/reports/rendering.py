"""The annual report (政府信息公开工作年度报告) as a document: HTML (screens and the PDF), DOCX, PDF and XLSX.

Every label comes from the format definition (``formats.py``); nothing here names a row or a column. Each
official table is first laid out as a ``Grid`` of cells with their row and column spans, by ``Table.layout``:

- ``blocks`` (二 主动公开): per block a heading row across the table (第二十条第（一）项), a header row (信息内容 and
  the block's printed columns; a block with fewer columns than the table stretches its last one) and its rows;
- ``matrix`` (三 申请): three header rows (the 勾稽关系 note over the label columns, 申请人情况 over every column,
  自然人/总计 over two rows, 法人或其他组织 over the organisation columns) and one label column per ``Row.level``:
  a heading row (``data=False``) is a cell spanning its descendants' rows, a data row's label spans the label
  columns from its level to the last;
- ``groups`` (四 复议诉讼): the first group (行政复议) and 行政诉讼 over the other groups, then one row of values.

HTML, DOCX and XLSX all write the same grid, so the merged headers are the same everywhere; the PDF is the
HTML printed by WeasyPrint with Noto CJK embedded.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from gongkai.core.docxutil import (
    add_page_number_footer,
    child,
    set_document_defaults,
    set_fonts,
    set_gongwen_page,
)

from .checks import ERROR, INFO, RULE_LABELS, SEVERITY_LABELS, WARNING
from .formats import (
    AMOUNT,
    APPLICANT_HEADER,
    LITIGATION_HEADER,
    ORGANISATION_HEADER,
    TEXT,
    Block,
    Column,
    Format,
    Row,
    Table,
    get_format,
)

TABLE_KEYS = ("active", "applications", "appeals")
TEXT_WIDTH_MM = 156.0  # A4 (210 mm) less the 公文 margins, left 28 and right 26
# Short sheet names of the XLSX (a sheet name holds at most 31 characters). formats.Table has no short title.
SHEET_NAMES = {"active": "二、主动公开", "applications": "三、申请情况", "appeals": "四、复议诉讼"}
FINDINGS_SHEET = "核对结果"
SEVERITY_ORDER = (ERROR, WARNING, INFO)
CSS_FILE = Path(__file__).resolve().parent / "static" / "reports" / "report-tables.css"


@dataclass
class ReportDocument:
    title: str  # e.g. "包头市人民政府2020年政府信息公开工作年度报告"
    issuer: str  # "包头市人民政府"
    year: int
    report: dict  # the canonical report JSON: {"format", "tables", "findings", ...}
    preface: str = ""  # the text before chapter 一, paragraphs separated by newlines
    chapters: dict[int, str] = field(default_factory=dict)  # chapter 1..6 -> its text (2–4: before the table)
    published_on: dt.date | None = None

    @classmethod
    def from_snapshot(cls, snap: dict, published_on: dt.date | None = None) -> ReportDocument:
        """A document from ``services.document_snapshot``'s shape (also what publication freezes):
        {"title", "issuer", "year", "chapters": {"0": preface, "1".."6": text}, "report"}."""
        chapters = snap.get("chapters") or {}
        return cls(title=snap["title"], issuer=snap["issuer"], year=snap["year"], report=snap["report"],
                   preface=chapters.get("0", ""),
                   chapters={int(k): v for k, v in chapters.items() if k != "0" and v}, published_on=published_on)


# ---------------------------------------------------------------------------------------------------------
# values and findings


def _number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _plain_decimal(value) -> str:
    """A number as written, without float noise or exponent: 256096.2581 -> "256096.2581"."""
    if isinstance(value, float):
        value = Decimal(repr(value))  # repr is the shortest text that reads back as the same float
    elif not isinstance(value, Decimal):
        value = Decimal(value)
    return format(value, "f")


def format_value(column: Column, value, unit: str = "") -> str:
    """The printed text of one cell: empty for null, whole numbers plain (a 本年增/减 keeps its "-"), an amount as
    given, followed by its unit in full-width brackets when the report gives one ("256096.2581（万元）")."""
    if value is None:
        return ""
    if not _number(value):
        return str(value)
    text = str(int(value)) if column.kind != AMOUNT and _is_whole(value) else _plain_decimal(value)
    unit = unit_text(unit)
    if unit and column.kind == AMOUNT:
        text += f"（{unit}）"
    return text


def _is_whole(value) -> bool:
    try:
        return value == int(value)
    except (ValueError, OverflowError, ArithmeticError):  # nan, inf
        return False


def unit_text(unit) -> str:
    """A unit as the report gives it ("万元", "（万元）", "(万元)") without brackets or quotes."""
    if not isinstance(unit, str):
        return ""
    return unit.strip().strip("()（）").strip().replace('"', "")


def cell_findings(report: dict) -> dict[str, list[dict]]:
    """Cell path -> the findings of the report that name it, in the report's order."""
    out: dict[str, list[dict]] = {}
    for item in report.get("findings") or []:
        for path in item.get("cells") or []:
            out.setdefault(path, []).append(item)
    return out


def _worst(findings: list[dict]) -> str:
    severities = [f.get("severity") for f in findings]
    return next((s for s in SEVERITY_ORDER if s in severities), INFO)


# ---------------------------------------------------------------------------------------------------------
# the grid: one layout for every output

HEAD = "head"  # a column header
BLOCK = "block"  # a block heading across the table (第二十条第（一）项)
LABEL = "label"  # a row label
VALUE = "value"  # a figure


@dataclass
class GridCell:
    text: str
    row: int  # grid row and column of the top-left corner
    col: int
    rowspan: int = 1
    colspan: int = 1
    role: str = VALUE
    path: str | None = None  # the cell path of a figure, e.g. "applications.3.7.total"
    value: object = None  # the figure as the report holds it
    column: Column | None = None
    unit: str = ""  # the unit printed after an amount
    level: int = 0  # the Row.level of a label
    group: bool = False  # a label of a heading row spanning the rows below it
    note: bool = False  # the 勾稽关系 note in the top-left header cell of table 三


@dataclass
class Grid:
    table: Table
    widths: tuple[float, ...]  # column widths in mm on the 156 mm text width
    header_rows: int  # leading rows that are column headers (repeated on a new page)
    rows: list[list[GridCell]]  # per grid row, the cells whose top-left corner is on it
    groups: tuple[int, ...] = ()  # first rows of the body's parts kept on one page (table 二's blocks)

    def cells(self):
        for row in self.rows:
            yield from row


def _table_values(report: dict, table: Table) -> dict:
    return (report.get("tables") or {}).get(table.key) or {}


def _unit_of(block: Block, column: Column, values: dict) -> str:
    """The unit an amount is printed with: the block's hidden text column "<key>_unit" (table 二 (九))."""
    if column.kind != AMOUNT:
        return ""
    for other in block.columns:
        if other.hidden and other.kind == TEXT and other.key == f"{column.key}_unit":
            return unit_text(values.get(other.key))
    return ""


def _value_cell(table: Table, block: Block, row: Row, column: Column, values: dict, r: int, c: int,
                colspan: int = 1) -> GridCell:
    row_values = values.get(row.key) or {}
    value = row_values.get(column.key)
    unit = _unit_of(block, column, row_values)
    return GridCell(format_value(column, value, unit), r, c, colspan=colspan, role=VALUE,
                    path=f"{table.key}.{row.key}.{column.key}", value=value, column=column, unit=unit)


def _blocks_grid(table: Table, values: dict) -> Grid:
    printed = [[c for c in block.columns if not c.hidden] for block in table.blocks]
    figures = max(len(columns) for columns in printed)
    width = 1 + figures
    rows: list[list[GridCell]] = []
    groups: list[int] = []
    for block, columns in zip(table.blocks, printed, strict=True):
        # A block with fewer printed columns than the widest block stretches its last column.
        spans = [1] * (len(columns) - 1) + [figures - len(columns) + 1]
        starts = [1 + sum(spans[:i]) for i in range(len(columns))]
        r = len(rows)
        groups.append(r)
        rows.append([GridCell(block.heading, r, 0, colspan=width, role=BLOCK)])
        r += 1
        rows.append([GridCell(block.row_header, r, 0, role=HEAD)]
                    + [GridCell(c.label, r, s, colspan=n, role=HEAD, column=c)
                       for c, s, n in zip(columns, starts, spans, strict=True)])
        for row in block.rows:
            r = len(rows)
            cells = [GridCell(row.label, r, 0, role=LABEL, level=row.level)]
            if row.data:
                cells += [_value_cell(table, block, row, c, values, r, s, n)
                          for c, s, n in zip(columns, starts, spans, strict=True)]
            rows.append(cells)
    label_mm = TEXT_WIDTH_MM / 3
    widths = (label_mm,) + ((TEXT_WIDTH_MM - label_mm) / figures,) * figures
    return Grid(table, widths, 0, rows, tuple(groups))


def _matrix_grid(table: Table, values: dict) -> Grid:
    (block,) = table.blocks
    columns = [c for c in block.columns if not c.hidden]
    person, *organisations, total = columns  # 自然人, the 法人或其他组织 columns, 总计 (formats.APPLICANT_COLUMNS)
    by_key = {row.key: row for row in block.rows}
    labels = max(row.level for row in block.rows) + 1

    def ancestors(row: Row) -> list[Row]:
        chain = []
        while row.parent is not None:
            row = by_key[row.parent]
            chain.append(row)
        return chain[::-1]

    data_rows = [row for row in block.rows if row.data]
    spans: dict[str, int] = {}
    for row in data_rows:
        for parent in ancestors(row):
            spans[parent.key] = spans.get(parent.key, 0) + 1

    first = labels + 1 + len(organisations)
    rows: list[list[GridCell]] = [
        [GridCell(table.note, 0, 0, rowspan=3, colspan=labels, role=HEAD, note=True),
         GridCell(APPLICANT_HEADER, 0, labels, colspan=len(columns), role=HEAD)],
        [GridCell(person.label, 1, labels, rowspan=2, role=HEAD, column=person),
         GridCell(ORGANISATION_HEADER, 1, labels + 1, colspan=len(organisations), role=HEAD),
         GridCell(total.label, 1, first, rowspan=2, role=HEAD, column=total)],
        [GridCell(c.label, 2, labels + 1 + i, role=HEAD, column=c) for i, c in enumerate(organisations)],
    ]
    opened: set[str] = set()
    for row in data_rows:
        r = len(rows)
        cells = []
        for parent in ancestors(row):
            if not parent.data and parent.key not in opened:
                opened.add(parent.key)
                cells.append(GridCell(parent.label, r, parent.level, rowspan=spans[parent.key], role=LABEL,
                                      level=parent.level, group=True))
        cells.append(GridCell(row.label, r, row.level, colspan=labels - row.level, role=LABEL, level=row.level))
        cells += [_value_cell(table, block, row, c, values, r, labels + i) for i, c in enumerate(columns)]
        rows.append(cells)
    # Label columns: a narrow one for the vertical 三、本年度办理结果, one for （三）不予公开 and the like, then the
    # numbered rows; the seven figures share what is left.
    label_widths = (8.0,) * (labels - 2) + (18.0, 54.0) if labels > 1 else (80.0,)
    figure_mm = (TEXT_WIDTH_MM - sum(label_widths)) / len(columns)
    return Grid(table, label_widths + (figure_mm,) * len(columns), 3, rows)


def _groups_grid(table: Table, values: dict) -> Grid:
    (block,) = table.blocks
    columns = [c for c in block.columns if not c.hidden]
    n = len(columns)
    first, *others = block.rows
    top = [GridCell(first.label, 0, 0, colspan=n, role=HEAD)]
    if others:
        top.append(GridCell(LITIGATION_HEADER, 0, n, colspan=n * len(others), role=HEAD))
    middle = [GridCell(c.label, 1, i, rowspan=2, role=HEAD, column=c) for i, c in enumerate(columns)]
    middle += [GridCell(group.label, 1, n * (k + 1), colspan=n, role=HEAD) for k, group in enumerate(others)]
    bottom = [GridCell(c.label, 2, n * (k + 1) + i, role=HEAD, column=c)
              for k, _group in enumerate(others) for i, c in enumerate(columns)]
    data = [_value_cell(table, block, group, c, values, 3, n * k + i)
            for k, group in enumerate(block.rows) for i, c in enumerate(columns)]
    width = n * len(block.rows)
    return Grid(table, (TEXT_WIDTH_MM / width,) * width, 3, [top, middle, bottom, data])


LAYOUTS = {"blocks": _blocks_grid, "matrix": _matrix_grid, "groups": _groups_grid}


def layout_table(table: Table, report: dict) -> Grid:
    """The printed grid of one official table with the report's figures."""
    return LAYOUTS[table.layout](table, _table_values(report, table))


# ---------------------------------------------------------------------------------------------------------
# HTML


def _cell_view(cell: GridCell, findings: dict[str, list[dict]]) -> dict:
    classes = [f"rt-{cell.role}"]
    if cell.role == LABEL:
        classes.append(f"rt-level-{cell.level}")
        if cell.group:
            classes.append("rt-group")
    if cell.note:
        classes.append("rt-note")
    title = ""
    touching = findings.get(cell.path or "", [])
    if touching:
        classes.append(f"cell-{_worst(touching)}")
        title = "\n".join(f"{SEVERITY_LABELS.get(f.get('severity'), '')}：{f.get('message', '')}"
                          for f in touching)
    scope = {HEAD: "col", BLOCK: "colgroup", LABEL: "row"}.get(cell.role, "")
    if cell.role == HEAD and cell.colspan > 1:
        scope = "colgroup"
    return {"tag": "td" if cell.role == VALUE else "th", "text": cell.text, "rowspan": cell.rowspan,
            "colspan": cell.colspan, "classes": " ".join(classes), "title": title, "path": cell.path,
            "scope": scope}


def _table_view(grid: Grid, findings: dict[str, list[dict]]) -> dict:
    total = sum(grid.widths)
    rows = [[_cell_view(cell, findings) for cell in row] for row in grid.rows]
    sections = []
    if grid.header_rows:
        sections.append({"tag": "thead", "rows": rows[:grid.header_rows]})
    starts = sorted({grid.header_rows, *grid.groups})
    for start, end in zip(starts, [*starts[1:], len(rows)], strict=True):
        sections.append({"tag": "tbody", "rows": rows[start:end]})
    return {"key": grid.table.key, "title": grid.table.title, "layout": grid.table.layout,
            "widths": [f"{w * 100 / total:.3f}" for w in grid.widths], "sections": sections}


def render_tables_html(report: dict, *, highlight: bool = False, tables=TABLE_KEYS, captions: bool = True) -> str:
    """The official tables as safe HTML. With ``highlight`` a cell named by a finding gets the class
    ``cell-error``/``cell-warning``/``cell-info`` (the worst severity) and a title with the messages;
    ``captions`` prints each table's title above it."""
    fmt = get_format(report.get("format"))
    findings = cell_findings(report) if highlight else {}
    views = [_table_view(layout_table(fmt.table(key), report), findings) for key in tables]
    return render_to_string("reports/_tables.html", {"tables": views, "captions": captions})


def _paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _title_lines(doc: ReportDocument) -> list[str]:
    """The title on two lines, the issuer above the rest, when it starts with the issuer (as reports print it)."""
    title = doc.title.strip()
    issuer = (doc.issuer or "").strip()
    if issuer and title.startswith(issuer) and title != issuer:
        return [issuer, title[len(issuer):].strip()]
    return [title]


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _chapter_text(doc: ReportDocument, number: int) -> str:
    return doc.chapters.get(number) or doc.chapters.get(str(number)) or ""  # str keys when read from JSON


def _chapter_tables(fmt: Format, number: int) -> list[Table]:
    return [table for table in fmt.tables if table.chapter == number]


def _document_context(doc: ReportDocument, *, highlight: bool) -> dict:
    fmt = get_format(doc.report.get("format"))
    chapters = []
    for number, heading in enumerate(fmt.chapters, start=1):
        keys = [table.key for table in _chapter_tables(fmt, number)]
        tables = render_tables_html(doc.report, highlight=highlight, tables=keys, captions=False) if keys else ""
        chapters.append({"number": number, "heading": heading,
                         "paragraphs": _paragraphs(_chapter_text(doc, number)), "tables": tables})
    return {"doc": doc, "format": fmt, "title_lines": _title_lines(doc), "preface": _paragraphs(doc.preface),
            "chapters": chapters, "date_text": date_text(doc.published_on) if doc.published_on else ""}


def render_html(doc: ReportDocument, *, highlight: bool = False) -> str:
    """The whole report as an HTML fragment: title, preface, the six chapters with the tables in 二、三、四."""
    return render_to_string("reports/_document.html", _document_context(doc, highlight=highlight))


# ---------------------------------------------------------------------------------------------------------
# PDF


def table_css() -> str:
    """The stylesheet of the tables, shared by the screens (static reports/report-tables.css) and the PDF."""
    return CSS_FILE.read_text(encoding="utf-8")


def render_pdf(doc: ReportDocument) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint (Pango, fontconfig) is slow

    context = _document_context(doc, highlight=False)
    context["css"] = table_css()
    return HTML(string=render_to_string("reports/document_pdf.html", context)).write_pdf()


# ---------------------------------------------------------------------------------------------------------
# DOCX (GB/T 9704-2012 page: 标题 宋体 二号 bold, 正文 仿宋 三号, 一级标题 黑体 三号, tables 宋体 五号)

BODY_FONT = "仿宋"  # Word on Windows ships FangSong as 仿宋; WPS maps it to 仿宋_GB2312
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"


def render_docx(doc: ReportDocument) -> bytes:
    body_size, title_size, line = Pt(16), Pt(22), Pt(28)
    fmt = get_format(doc.report.get("format"))
    document = Document()
    section = document.sections[0]
    set_gongwen_page(section)
    set_document_defaults(document, BODY_FONT)
    normal = document.styles["Normal"]
    normal.font.size = body_size
    set_fonts(normal.element, BODY_FONT)
    add_page_number_footer(section, TITLE_FONT)

    # Fixed metadata so the same report always gives the same document properties.
    stamp = dt.datetime.combine(doc.published_on or dt.date(doc.year, 12, 31), dt.time(0, 0))
    props = document.core_properties
    props.title = doc.title
    props.author = props.last_modified_by = doc.issuer
    props.subject = fmt.name
    props.comments = props.keywords = ""
    props.created = props.modified = stamp
    props.revision = 1

    def paragraph(text: str, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold=False, size=body_size, font=BODY_FONT,
                  indent=True, space_after=0):
        p = document.add_paragraph()
        p.alignment = align
        _exact_lines(p, Pt(size.pt + 10) if size > body_size else line)
        p.paragraph_format.space_after = Pt(space_after)
        if indent:
            p.paragraph_format.first_line_indent = Pt(size.pt * 2)
        run = p.add_run(text)
        run.bold = bold
        run.font.size = size
        set_fonts(run._element, font)
        return p

    title_lines = _title_lines(doc)
    for i, text in enumerate(title_lines):
        paragraph(text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=title_size, font=TITLE_FONT, indent=False,
                  space_after=line.pt if i == len(title_lines) - 1 else 0)
    for text in _paragraphs(doc.preface):
        paragraph(text)
    for number, heading in enumerate(fmt.chapters, start=1):
        paragraph(heading, font=HEADING_FONT).paragraph_format.keep_with_next = True
        texts = [paragraph(text) for text in _paragraphs(_chapter_text(doc, number))]
        tables = _chapter_tables(fmt, number)
        if tables and texts:
            texts[-1].paragraph_format.keep_with_next = True  # the text that introduces a table stays with it
        for table in tables:
            _docx_table(document, layout_table(table, doc.report))
            paragraph("", indent=False)  # Word needs a paragraph between two tables; it also spaces them
    if doc.published_on:
        ending = [paragraph("", indent=False),
                  paragraph(doc.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False),
                  paragraph(date_text(doc.published_on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)]
        for p in ending[:-1]:
            p.paragraph_format.keep_with_next = True

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _exact_lines(p, height) -> None:
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = height
    p.paragraph_format.space_before = Pt(0)


def _docx_table(document, grid: Grid) -> None:
    size = Pt(10.5)
    width = len(grid.widths)
    table = document.add_table(rows=len(grid.rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = child(tbl_pr, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    margins = child(tbl_pr, "w:tblCellMar")  # 1 mm each side leaves room for five digits in 三's columns
    for side in ("left", "right"):
        element = child(margins, f"w:{side}")
        element.set(qn("w:w"), "57")
        element.set(qn("w:type"), "dxa")
    for i, mm in enumerate(grid.widths):
        table.columns[i].width = Mm(mm)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(grid.widths[i])
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < grid.header_rows:  # repeated at the top of each page the table runs onto
            tr_pr.append(OxmlElement("w:tblHeader"))

    # Table 二: a block's heading and header rows stay on the page of its figures.
    ends = {start - 1 for start in grid.groups if start} | {len(grid.rows) - 1}
    keep = {r for r in range(len(grid.rows)) if grid.groups and r not in ends}
    merged = []
    for cell in grid.cells():
        target = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        merged.append((cell, target))
    for cell, target in merged:
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = target.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.role == LABEL and not cell.group else WD_ALIGN_PARAGRAPH.CENTER
        _exact_lines(p, Pt(15))
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(2)
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.keep_with_next = cell.row + cell.rowspan - 1 in keep
        run = p.add_run(cell.text)
        run.font.size = size
        run.bold = cell.role == BLOCK
        set_fonts(run._element, TABLE_FONT)


# ---------------------------------------------------------------------------------------------------------
# XLSX

SEVERITY_FILLS = {ERROR: "F8D7DA", WARNING: "FFF3CD", INFO: "DDEBF7"}
FINDING_HEADERS = ("严重程度", "规则", "涉及单元格", "说明", "应为", "实为")


def _sheet_name(table: Table) -> str:
    return SHEET_NAMES.get(table.key, table.title)[:31]


def _cell_label(fmt: Format, path: str) -> str:
    try:
        return fmt.label(path)
    except (KeyError, StopIteration, ValueError):
        return path


def render_xlsx(doc: ReportDocument) -> bytes:
    """One sheet per official table with its merged headers and the figures as numbers (cells named by a
    finding filled by severity), and a sheet 核对结果 listing the findings."""
    fmt = get_format(doc.report.get("format"))
    findings = cell_findings(doc.report)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    bold = Font(bold=True)

    book = Workbook()
    book.remove(book.active)
    for table in fmt.tables:
        grid = layout_table(table, doc.report)
        sheet = book.create_sheet(_sheet_name(table))
        width = len(grid.widths)
        sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=12)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        top = 2  # grid row 0 is sheet row 2
        for cell in grid.cells():
            row, col = top + cell.row, 1 + cell.col
            target = sheet.cell(row=row, column=col)
            if cell.role == VALUE and _number(cell.value):
                target.value = cell.value
                if cell.unit:
                    target.number_format = f'General"（{cell.unit}）"'
            elif cell.role == VALUE and cell.value is not None:
                target.value = str(cell.value)
            elif cell.role != VALUE:
                target.value = cell.text
            target.alignment = left if cell.role == LABEL and not cell.group else centre
            if cell.role == BLOCK:
                target.font = bold
            touching = findings.get(cell.path or "")
            if touching:
                colour = SEVERITY_FILLS[_worst(touching)]
                target.fill = PatternFill("solid", start_color=colour, end_color=colour)
            for r in range(row, row + cell.rowspan):
                for c in range(col, col + cell.colspan):
                    sheet.cell(row=r, column=c).border = border
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(start_row=row, start_column=col, end_row=row + cell.rowspan - 1,
                                  end_column=col + cell.colspan - 1)
        for i, mm in enumerate(grid.widths):
            sheet.column_dimensions[get_column_letter(i + 1)].width = max(8.0, round(mm * 0.7, 1))
        if grid.header_rows:
            sheet.freeze_panes = sheet.cell(row=top + grid.header_rows, column=1)
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToHeight = 0

    sheet = book.create_sheet(FINDINGS_SHEET)
    sheet.append(FINDING_HEADERS)
    for cell in sheet[1]:
        cell.font = bold
    items = doc.report.get("findings") or []
    for item in items:
        sheet.append([
            SEVERITY_LABELS.get(item.get("severity"), item.get("severity")),
            RULE_LABELS.get(item.get("rule"), item.get("rule")),
            "；".join(_cell_label(fmt, path) for path in item.get("cells") or []),
            item.get("message", ""),
            _xlsx_scalar(item.get("expected")),
            _xlsx_scalar(item.get("actual")),
        ])
    if not items:
        sheet.append(["", "", "", "未发现不一致"])
    for letter, width in zip("ABCDEF", (10, 28, 40, 70, 10, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_scalar(value):
    if value is None or _number(value) or isinstance(value, str):
        return value
    return str(value)

