"""Reading tables 二, 三 and 四 out of a Document's lines.

Three passes:
1. ``scan``: walk the lines with the chapter (section) they belong to, tell headings, headers, narrative and data
   rows apart, and match each data row's label to a row of any format. Nothing depends on the format yet.
2. ``detect_format``: the format is the one whose own labels (table-二 headers, table-三 （六） rows) and row
   shapes the report shows; the year decides only a tie.
3. ``fill``: put each row's values into the canonical cells of the detected format: dashes and blanks as null,
   run-together cells split where the rules leave one reading, the rest null with a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .. import checks
from ..formats import (
    AMOUNT,
    APPEAL_GROUP_LABELS,
    APPLICATION_ROW_SHORT,
    FORMATS,
    INT,
    SIGNED,
    Format,
    format_for_year,
    get_cell,
)
from . import labels as L
from .document import Document, Line
from .normalize import (
    COUNT_WORDS,
    EMPTY,
    LABEL,
    NULL,
    UNIT,
    UNITS,
    VALUE,
    Value,
    classify,
    clean,
    core,
    core_with_variants,
    parse_value,
    plain_number,
    split_trailing_digits,
    strip_glosses,
)
from .split import candidate_splits


@dataclass
class Cell:
    kind: str  # VALUE, NULL or EMPTY
    value: Value | None = None
    text: str = ""


@dataclass
class RowHit:
    section: str
    key: str | None  # row key; "*" for table 四 values read positionally
    label: str
    cells: list[Cell]
    line: int


@dataclass
class Scan:
    hits: list[RowHit] = field(default_factory=list)
    extra: list[RowHit] = field(default_factory=list)  # data rows whose label matched no row
    sections: set[str] = field(default_factory=set)
    narrative: list[str] = field(default_factory=list)
    header_units: dict[str, str] = field(default_factory=dict)  # column label core → unit printed in the header
    variants: dict[tuple[str, str], None] = field(default_factory=dict)
    appeal_header: str | None = None  # "full" when table 四's header was read, "vertical" when only fragments
    text: str = ""


_MAX_PENDING_CORE = 60


def _is_narrative(label_core: str, raw: str) -> bool:
    """A sentence rather than a row label (a gloss in parentheses may hold sentences of its own)."""
    text = strip_glosses(clean(raw))
    return len(label_core) > 40 or "。" in text or ";" in text


def _row_parts(cells: list[str], running_text: bool) -> tuple[list[str], list[Cell], bool] | None:
    """Split a line's cells into label cells and value cells. None when the line is not shaped like a table row
    (a label after a value, or in running text a count word such as 件 after a number: a sentence)."""
    kinds = [classify(c) for c in cells]
    first = next((i for i, k in enumerate(kinds) if k != EMPTY), None)
    if first is None:
        return None
    # A number followed by a label at the start is a numbering or a year (``2 重复申请``, ``2020 年…``).
    if kinds[first] == VALUE and first + 1 < len(kinds) and kinds[first + 1] == LABEL:
        kinds[first] = LABEL
    last_label = max((i for i, k in enumerate(kinds) if k == LABEL), default=-1)
    if last_label > first and any(k in (VALUE, NULL) for k in kinds[first:last_label]):
        return None
    label_cells = [c for c, k in zip(cells[: last_label + 1], kinds[: last_label + 1], strict=True) if k != EMPTY]
    values: list[Cell] = []
    for cell, kind in zip(cells[last_label + 1:], kinds[last_label + 1:], strict=True):
        text = clean(cell)
        if kind == UNIT:
            if running_text and text in COUNT_WORDS:
                return None
            # A unit printed in its own cell belongs to the amount before it.
            if text in UNITS and values and values[-1].kind == VALUE and values[-1].value.unit is None:
                prev = values[-1].value
                values[-1] = Cell(VALUE, Value(prev.number, UNITS[text], prev.text + text), prev.text + text)
            continue
        values.append(Cell(kind, parse_value(cell) if kind == VALUE else None, text))
    has_values = any(v.kind != EMPTY for v in values)
    return label_cells, values, has_values


class Scanner:
    def __init__(self, doc: Document):
        self.doc = doc
        self.scan = Scan(text=doc.text)
        self.section: str | None = None
        self.pending: list[str] = []
        self.appeal_buffer: list[Cell] = []
        self.appeal_line = 0

    def run(self) -> Scan:
        for number, line in enumerate(self.doc.lines, start=1):
            self._line(number, line)
        self._flush_appeals()
        return self.scan

    # -- sections -------------------------------------------------------------------------------------------

    def _enter(self, section: str | None) -> None:
        if section != self.section:
            if self.section == L.APPEALS:
                self._flush_appeals()
            self.section = section
            self.pending = []
        if section:
            self.scan.sections.add(section)

    def _flush_appeals(self) -> None:
        if self.appeal_buffer:
            self.scan.hits.append(RowHit(L.APPEALS, "*", "", self.appeal_buffer, self.appeal_line))
            self.appeal_buffer = []

    # -- one line -------------------------------------------------------------------------------------------

    def _line(self, number: int, line: Line) -> None:
        parts = _row_parts(line.cells, line.table is None)
        if parts is None:
            self.scan.narrative.append(line.text)
            self.pending = []
            return
        label_cells, values, has_values = parts
        raw_label = "".join(label_cells)
        label_core, variants = core_with_variants(raw_label)

        if not has_values:
            self._label_line(line, raw_label, label_core, variants)
            return
        self._data_line(number, line, raw_label, label_core, variants, values)

    def _label_line(self, line: Line, raw_label: str, label_core: str, variants) -> None:
        self.scan.narrative.append(line.text)
        chapter = L.chapter_of(raw_label)
        if chapter is not None:
            self._enter(L.chapter_section(chapter))
            return
        vertical = L.vertical_fragment_section(line.cells)
        if vertical is not None:
            if vertical == L.APPEALS:
                if self.section != L.APPEALS:
                    self._enter(L.APPEALS)
                self.scan.appeal_header = self.scan.appeal_header or "vertical"
            self.pending = []
            return
        header = L.header_section(label_core) if len(label_core) <= 120 else None
        if header is not None:
            if header != self.section and (header != L.ACTIVE or self.section is None):
                self._enter(header)
            if header == L.APPEALS:
                self.scan.appeal_header = "full"
            self._note_header(line, variants)
            self.pending = []
            return
        if self.section is None or _is_narrative(label_core, raw_label):
            self.pending = []
            return
        # A label whose values are on the next line, or the first part of a wrapped label.
        self.pending = [*self.pending[-2:], raw_label]

    def _note_header(self, line: Line, variants) -> None:
        for variant in variants:
            self.scan.variants.setdefault(variant, None)
        for cell in line.cells:
            text = clean(cell)
            for unit in ("万元", "元"):
                if f"({unit})" in text or f"单位:{unit}" in text:
                    self.scan.header_units[core(text)] = unit
                    break

    def _data_line(self, number: int, line: Line, raw_label: str, label_core: str, variants,
                   values: list[Cell]) -> None:
        if self.section is None:
            # Tables without their chapter headings: the first row of table 二 or 三 opens it.
            if L.match_row(L.APPLICATIONS, label_core) in ("1", "2"):
                self._enter(L.APPLICATIONS)
            elif label_core and not _is_narrative(label_core, raw_label) \
                    and L.match_row(L.ACTIVE, label_core) is not None:
                self._enter(L.ACTIVE)
            else:
                self.scan.narrative.append(line.text)
                return
        if self.section == L.ACTIVE and L.match_row(L.ACTIVE, label_core) is None \
                and L.match_row(L.APPLICATIONS, label_core) in ("1", "2"):
            self._enter(L.APPLICATIONS)
        if self.section == L.APPEALS:
            self._appeal_line(number, label_core, values)
            return
        key = L.match_row(self.section, label_core)
        if key is None and self.pending:
            joined = "".join(self.pending) + raw_label
            joined_core, joined_variants = core_with_variants(joined)
            key = L.match_row(self.section, joined_core)
            if key is not None:
                raw_label, variants = joined, joined_variants
        if key is None and _is_narrative(label_core, raw_label):
            self.scan.narrative.append(line.text)
            self.pending = []
            return
        self.pending = []
        hit = RowHit(self.section, key, clean(raw_label), values, number)
        if key is None:
            if line.table is None and len(label_core) > 24:
                self.scan.narrative.append(line.text)  # a sentence with figures in it, not a table row
            else:
                self.scan.extra.append(hit)
            return
        for variant in variants:
            self.scan.variants.setdefault(variant, None)
        self.scan.hits.append(hit)

    def _appeal_line(self, number: int, label_core: str, values: list[Cell]) -> None:
        key = L.match_row(L.APPEALS, label_core) if label_core else None
        if key is not None:
            self.scan.hits.append(RowHit(L.APPEALS, key, label_core, values, number))
            return
        if not self.appeal_buffer:
            self.appeal_line = number
        self.appeal_buffer.extend(values)


def _split_label_digits(doc: Document) -> None:
    """``行政规范性文件693665`` or ``规章4 4 7``: digits run onto the last label cell become a value cell of their own,
    when the label without them is a row label of some table (no row label ends in a digit)."""
    for line in doc.lines:
        kinds = [classify(c) for c in line.cells]
        last = max((i for i, k in enumerate(kinds) if k == LABEL), default=-1)
        if last < 0 or any(k in (VALUE, NULL) for k in kinds[:last]):
            continue
        split = split_trailing_digits(line.cells[last])
        if split is None:
            continue
        label, digits = split
        label_core = core("".join(line.cells[:last]) + label)
        if any(L.match_row(section, label_core) for section in (L.ACTIVE, L.APPLICATIONS)):
            line.cells = [*line.cells[:last], label, digits, *line.cells[last + 1:]]


def scan(doc: Document) -> Scan:
    _split_label_digits(doc)
    return Scanner(doc).run()


# ---------------------------------------------------------------------------------------------------------
# pass 2: the format


def detect_format(result: Scan, year: int | None) -> tuple[Format, list[dict]]:
    scores = L.marker_counts(result.text)
    for hit in result.hits:
        n_values = sum(1 for c in hit.cells if c.kind != EMPTY)
        if hit.section == L.ACTIVE:
            if hit.key in ("other_services", "procurement"):
                scores["2019"] += 1
            elif hit.key in ("licensing", "penalty", "coercion") and n_values in (1, 3):
                scores["2019" if n_values == 3 else "2021"] += 1
        elif hit.section == L.APPLICATIONS:
            if hit.key in ("3.6.1", "3.6.2", "3.6.3"):
                scores["2021"] += 1
            elif hit.key == "3.6" and n_values:
                scores["2019"] += 1
    findings: list[dict] = []
    if scores["2019"] != scores["2021"]:
        fmt = FORMATS["2019" if scores["2019"] > scores["2021"] else "2021"]
        if year is not None and format_for_year(year).key != fmt.key:
            findings.append(checks.finding(
                "format", checks.INFO, [],
                f"表格为{L.fmt_name(fmt)}，而{year}年度报告应使用{L.fmt_name(format_for_year(year))}；"
                f"按表格的格式读取"))
        return fmt, findings
    fmt = format_for_year(year) if year is not None else FORMATS["2021"]
    reason = f"按{year}年度适用的格式" if year is not None else "未能确定年度，按现行格式"
    findings.append(checks.finding("format", checks.INFO, [],
                                   f"未能从表格表头判断报告格式，{reason}（{L.fmt_name(fmt)}）读取"))
    return fmt, findings


# ---------------------------------------------------------------------------------------------------------
# pass 3: the cells


@dataclass
class Pending:
    paths: list[str]
    candidates: list[tuple]
    where: str  # the row's printed name, for the finding
    raw: str


class Filler:
    def __init__(self, fmt: Format, result: Scan, report: dict):
        self.fmt = fmt
        self.result = result
        self.report = report
        self.findings: list[dict] = []
        self.found: set[tuple[str, str]] = set()
        self.pending: list[Pending] = []
        self.ambiguous: set[str] = set()

    # -- helpers ------------------------------------------------------------------------------------------------

    def _name(self, table_key: str, row_key: str) -> str:
        if table_key == L.APPLICATIONS:
            return f"表三“{APPLICATION_ROW_SHORT.get(row_key, row_key)}”"
        if table_key == L.APPEALS:
            return f"表四“{APPEAL_GROUP_LABELS[row_key]}”"
        row = next(r for r in self.fmt.table(table_key).rows() if r.key == row_key)
        return f"表二“{row.label}”"

    @staticmethod
    def _value_for(column, cell: Cell):
        number = cell.value.number
        if column.kind in (INT, SIGNED, AMOUNT):
            return plain_number(number)
        return number

    # -- rows ---------------------------------------------------------------------------------------------------

    def run(self) -> list[dict]:
        for hit in self.result.hits:
            if hit.section == L.APPEALS:
                self._appeal_hit(hit)
            else:
                self._table_hit(hit)
        for hit in self.result.extra:
            self._extra(hit)
        self._resolve()
        return self.findings

    def _extra(self, hit: RowHit) -> None:
        if not hit.label:
            return
        self.findings.append(checks.finding(
            "extra_row", checks.INFO, [],
            f"表{L.TABLE_NUMERALS[hit.section]}中的“{hit.label}”一行不属于{L.fmt_name(self.fmt)}，已忽略"))

    def _table_hit(self, hit: RowHit) -> None:
        table = self.fmt.table(hit.section)
        row = next((r for r in table.rows() if r.key == hit.key), None)
        if row is None:
            self._extra(hit)
            return
        if not row.data:
            if any(c.kind == VALUE for c in hit.cells):
                self.findings.append(checks.finding(
                    "extra_row", checks.INFO, [],
                    f"表{L.TABLE_NUMERALS[hit.section]}分组标题“{hit.label}”所在行的数字（小计）未读取"))
            return
        if (hit.section, hit.key) in self.found:
            return
        columns = [c for c in table.columns_of(hit.key) if not c.hidden]
        self.found.add((hit.section, hit.key))
        paths = [f"{hit.section}.{hit.key}.{c.key}" for c in columns]
        self._place(paths, columns, hit.cells, self._name(hit.section, hit.key))
        if hit.section == L.ACTIVE:
            self._units(hit)

    def _appeal_hit(self, hit: RowHit) -> None:
        table = self.fmt.table(L.APPEALS)
        columns = list(table.blocks[0].columns)
        if hit.key == "*":
            rows = [r.key for r in table.rows() if (L.APPEALS, r.key) not in self.found]
            if not rows:
                return
            paths = [f"appeals.{r}.{c.key}" for r in rows for c in columns]
            for r in rows:
                self.found.add((L.APPEALS, r))
            self._place(paths, columns * len(rows), hit.cells, "表四")
            if self.result.appeal_header != "full":
                self.findings.append(checks.finding(
                    "header", checks.INFO, [],
                    "表四的表头不完整（" + ("竖排表头只剩部分文字" if self.result.appeal_header == "vertical"
                                     else "未读到表头") + "），数值按格式规定的列顺序读取：行政复议、未经复议直接起诉、"
                    "复议后起诉，每组依次为结果维持、结果纠正、其他结果、尚未审结、总计"))
            return
        if (L.APPEALS, hit.key) in self.found:
            return
        self.found.add((L.APPEALS, hit.key))
        self._place([f"appeals.{hit.key}.{c.key}" for c in columns], columns, hit.cells,
                    self._name(L.APPEALS, hit.key))

    def _place(self, paths: list[str], columns: list, cells: list[Cell], where: str) -> None:
        n = len(paths)
        cells = list(cells)
        while len(cells) > n and cells[-1].kind == EMPTY:
            cells.pop()
        while len(cells) > n and cells[0].kind == EMPTY:
            cells.pop(0)
        raw = " ".join(c.text for c in cells if c.text)
        if len(cells) == n:
            blanks = []
            for path, column, cell in zip(paths, columns, cells, strict=True):
                if cell.kind == VALUE:
                    self._set(path, self._value_for(column, cell))
                else:
                    blanks.append((path, cell.text or "空白"))
            if blanks:
                shown = "、".join(sorted({t for _, t in blanks}))
                self.findings.append(checks.finding(
                    "no_value", checks.INFO, [p for p, _ in blanks],
                    f"{where}有 {len(blanks)} 个单元格为“{shown}”，按空值（null）读取，不作 0 处理"))
            return
        if len(cells) > n:
            self._ambiguous(paths, where, f"应有 {n} 个数值，实有 {len(cells)} 个（{raw}）")
            return
        tokens = [c.value.digits if c.kind == VALUE and c.value.digits else c for c in cells]
        candidates = candidate_splits(tokens, n)
        if not candidates:
            reason = ("可能的拆分过多" if candidates is None else
                      f"应有 {n} 个数值，只读到 {len(cells)} 个（{raw}）")
            self._ambiguous(paths, where, reason)
            return
        self.pending.append(Pending(paths, [self._typed(columns, c) for c in candidates], where, raw))

    def _typed(self, columns, candidate: tuple) -> tuple:
        out = []
        for column, item in zip(columns, candidate, strict=True):
            if isinstance(item, Cell):
                out.append(self._value_for(column, item) if item.kind == VALUE else None)
            else:
                out.append(item)
        return tuple(out)

    def _set(self, path: str, value) -> None:
        table_key, rest = path.split(".", 1)
        row_key, column_key = rest.rsplit(".", 1)
        self.report["tables"][table_key][row_key][column_key] = value

    def _ambiguous(self, paths: list[str], where: str, reason: str) -> None:
        self.ambiguous.update(paths)
        self.findings.append(checks.finding(
            "ambiguous", checks.WARNING, paths,
            f"{where}的数字无法可靠地分到各单元格：{reason}；这些单元格留空（null），不作猜测"))

    # -- units of amounts ---------------------------------------------------------------------------------------

    def _units(self, hit: RowHit) -> None:
        tables = self.report["tables"]["active"]
        if hit.key == "procurement" and self.fmt.key == "2019":
            unit = next((c.value.unit for c in hit.cells if c.kind == VALUE and c.value.unit), None)
            if unit is None:
                unit = next((u for label, u in self.result.header_units.items() if "金额" in label), None)
            if tables["procurement"].get("amount") is not None:
                tables["procurement"]["amount_unit"] = unit
                if unit is None:
                    self.findings.append(checks.finding(
                        "unit", checks.INFO, ["active.procurement.amount"],
                        "表二“政府集中采购”的采购总金额未注明单位（元或万元），金额单位留空"))
        if hit.key == "fees" and self.fmt.key == "2021":
            amount = next((c.value for c in hit.cells if c.kind == VALUE), None)
            if amount is not None and amount.unit == "元" and tables["fees"].get("amount_wan") is not None:
                wan = Decimal(str(tables["fees"]["amount_wan"])) / 10000
                tables["fees"]["amount_wan"] = plain_number(wan)
                self.findings.append(checks.finding(
                    "unit", checks.INFO, ["active.fees.amount_wan"],
                    f"表二“行政事业性收费”金额以元填写（{amount.text}），已换算为万元"))

    # -- run-together cells -------------------------------------------------------------------------------------

    def _resolve(self) -> None:
        equations_of: dict[str, list] = {}
        for eq in self.fmt.equations:
            for path in eq.lhs + eq.rhs:
                equations_of.setdefault(path, []).append(eq)

        def consistent(item: Pending, candidate: tuple) -> bool:
            saved = [get_cell(self.report, p) for p in item.paths]
            for path, value in zip(item.paths, candidate, strict=True):
                self._set(path, value)
            ok = True
            seen = set()
            for path in item.paths:
                for eq in equations_of.get(path, []):
                    if id(eq) in seen:
                        continue
                    seen.add(id(eq))
                    values = [get_cell(self.report, p) for p in eq.lhs + eq.rhs]
                    if any(not isinstance(v, int | float) for v in values):
                        continue
                    if sum(values[: len(eq.lhs)]) != sum(values[len(eq.lhs):]):
                        ok = False
                        break
                if not ok:
                    break
            for path, value in zip(item.paths, saved, strict=True):
                self._set(path, value)
            return ok

        open_items = list(self.pending)
        progress = True
        while progress and open_items:
            progress = False
            for item in list(open_items):
                item.candidates = [c for c in item.candidates if consistent(item, c)]
                if len(item.candidates) == 1:
                    for path, value in zip(item.paths, item.candidates[0], strict=True):
                        self._set(path, value)
                    shown = " ".join("—" if v is None else str(v) for v in item.candidates[0])
                    self.findings.append(checks.finding(
                        "split", checks.INFO, item.paths,
                        f"{item.where}的数字连在一起（{item.raw}），按表格的勾稽关系只有一种拆分：{shown}"))
                    open_items.remove(item)
                    progress = True
                elif not item.candidates:
                    open_items.remove(item)
                    self._ambiguous(item.paths, item.where, f"连写的数字（{item.raw}）没有符合勾稽关系的拆分")
                    progress = True
        for item in open_items:
            self._ambiguous(item.paths, item.where,
                            f"连写的数字（{item.raw}）有 {len(item.candidates)} 种拆分，表格的勾稽关系无法确定是哪一种")

    # -- completeness -------------------------------------------------------------------------------------------

    def missing(self) -> list[dict]:
        findings = []
        for table in self.fmt.tables:
            rows = [r for r in table.data_rows() if (table.key, r.key) not in self.found]
            if not rows:
                continue
            numeral = L.TABLE_NUMERALS[table.key]
            paths = [f"{table.key}.{r.key}.{c.key}" for r in rows for c in table.columns_of(r.key) if not c.hidden]
            if len(rows) == len(table.data_rows()):
                message = f"来源中未能读到表{numeral}（{table.title}），其数据全部留空（null）"
            else:
                names = "、".join(self._row_name(table.key, r) for r in rows)
                message = f"来源中表{numeral}缺少以下各行（文本可能被截断或损坏），留空（null）：{names}"
            findings.append(checks.finding("missing", checks.WARNING, paths, message))
        return findings

    def _row_name(self, table_key: str, row) -> str:
        if table_key == L.APPLICATIONS:
            return APPLICATION_ROW_SHORT.get(row.key, row.label)
        if table_key == L.APPEALS:
            return APPEAL_GROUP_LABELS[row.key]
        return row.label

    def complete(self) -> bool:
        every = all((t.key, r.key) in self.found for t in self.fmt.tables for r in t.data_rows())
        return every and not self.ambiguous
