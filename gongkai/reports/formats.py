"""The national annual-report formats (政府信息公开工作年度报告格式) as data.

One ``Format`` per national format: the six chapter headings, the three tables (二 主动公开, 三 申请, 四 复议诉讼)
with every row and column label as the format prints it, units, and the consistency rules (勾稽关系).
Computing, checking, rendering and reading reports are written once against these definitions; a new national
format is a new definition here.

Pure Python, no Django: the command-line checker (``gongkai-report``) imports it without a database.

Canonical report JSON (docs/report-json.md) is ``tables -> table key -> row key -> column key -> value``.
A cell is addressed as ``"<table>.<row>.<column>"``, e.g. ``"applications.3.7.total"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INT = "int"  # a count, never negative
SIGNED = "signed"  # a signed change (本年增/减)
AMOUNT = "amount"  # a decimal amount (万元 or 元)
TEXT = "text"  # a short text (the unit of an amount)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = INT
    unit: str = ""  # printed unit, when the format gives one
    hidden: bool = False  # carried in the JSON but not a printed column (amount_unit)

    @property
    def numeric(self) -> bool:
        return self.kind in (INT, SIGNED, AMOUNT)

    @property
    def non_negative(self) -> bool:
        return self.kind in (INT, AMOUNT)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    level: int = 0  # indentation level in the printed table
    data: bool = True  # False for a heading row that carries no numbers (三、本年度办理结果, （三）不予公开)
    parent: str | None = None


@dataclass(frozen=True)
class Block:
    """A part of a table with its own header: table 二 has one block per 第二十条 item."""

    heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    row_header: str = "信息内容"


@dataclass(frozen=True)
class Table:
    key: str  # "active" | "applications" | "appeals"
    chapter: int  # the chapter (2, 3, 4) it belongs to
    title: str
    layout: str  # "blocks" (二), "matrix" (三), "groups" (四): how a renderer lays the header out
    blocks: tuple[Block, ...]
    note: str = ""  # the text printed in the top-left header cell

    def rows(self) -> list[Row]:
        return [row for block in self.blocks for row in block.rows]

    def data_rows(self) -> list[Row]:
        return [row for row in self.rows() if row.data]

    def block_of(self, row_key: str) -> Block:
        for block in self.blocks:
            if any(row.key == row_key for row in block.rows):
                return block
        raise KeyError(row_key)

    def columns_of(self, row_key: str) -> tuple[Column, ...]:
        return self.block_of(row_key).columns

    def cells(self) -> list[tuple[Row, Column]]:
        """Every data cell of the table, in printed order."""
        return [(row, column) for block in self.blocks for row in block.rows if row.data
                for column in block.columns]


@dataclass(frozen=True)
class Equation:
    """sum(lhs) == sum(rhs); ``rule`` names the 勾稽关系 and ``message`` says it in Chinese."""

    rule: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Format:
    key: str  # "2019" | "2021"
    name: str
    document: str
    years: str  # which report years use it, in words
    chapters: tuple[str, ...]
    tables: tuple[Table, ...]
    equations: tuple[Equation, ...] = field(default=())

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def cell_paths(self) -> list[str]:
        return [f"{table.key}.{row.key}.{column.key}" for table in self.tables for row, column in table.cells()]

    def column(self, path: str) -> Column:
        table_key, row_key, column_key = split_path(path)
        for column in self.table(table_key).columns_of(row_key):
            if column.key == column_key:
                return column
        raise KeyError(path)

    def label(self, path: str) -> str:
        """A cell's printed name, e.g. "三（七）总计 · 自然人"."""
        table_key, row_key, column_key = split_path(path)
        table = self.table(table_key)
        row = next((r for r in table.rows() if r.key == row_key), None)
        if row is None:
            raise KeyError(path)
        column = self.column(path)
        return f"{row_label_short(table, row)} · {column.label}"


def split_path(path: str) -> tuple[str, str, str]:
    """"applications.3.3.1.total" -> ("applications", "3.3.1", "total")."""
    table_key, rest = path.split(".", 1)
    row_key, column_key = rest.rsplit(".", 1)
    return table_key, row_key, column_key


def row_label_short(table: Table, row: Row) -> str:
    if table.key == "applications":
        return APPLICATION_ROW_SHORT.get(row.key, row.label)
    if table.key == "appeals":
        return APPEAL_GROUP_LABELS[row.key]
    return row.label


CHAPTERS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# ---------------------------------------------------------------------------------------------------------
# table 二 主动公开政府信息情况

_ITEMS_2019 = (Column("items_prev_year", "上一年项目数量"), Column("items_change", "本年增/减", SIGNED))
_DECISIONS_2019 = Column("decisions", "处理决定数量")

ACTIVE_2019 = Table(
    key="active", chapter=2, title=CHAPTERS[1], layout="blocks",
    blocks=(
        Block("第二十条第（一）项",
              (Column("made", "本年新制作数量"), Column("published", "本年新公开数量"),
               Column("total_published", "对外公开总数量")),
              (Row("regulations", "规章"), Row("normative_documents", "规范性文件"))),
        Block("第二十条第（五）项", (*_ITEMS_2019, _DECISIONS_2019),
              (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项"))),
        Block("第二十条第（六）项", (*_ITEMS_2019, _DECISIONS_2019),
              (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
        Block("第二十条第（八）项", _ITEMS_2019, (Row("fees", "行政事业性收费"),)),
        Block("第二十条第（九）项",
              (Column("projects", "采购项目数量"), Column("amount", "采购总金额", AMOUNT),
               Column("amount_unit", "金额单位", TEXT, hidden=True)),
              (Row("procurement", "政府集中采购"),)),
    ),
)

_DECISIONS_2021 = Column("decisions", "本年处理决定数量")

ACTIVE_2021 = Table(
    key="active", chapter=2, title=CHAPTERS[1], layout="blocks",
    blocks=(
        Block("第二十条第（一）项",
              (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数")),
              (Row("regulations", "规章"), Row("normative_documents", "行政规范性文件"))),
        Block("第二十条第（五）项", (_DECISIONS_2021,), (Row("licensing", "行政许可"),)),
        Block("第二十条第（六）项", (_DECISIONS_2021,), (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
        Block("第二十条第（八）项", (Column("amount_wan", "本年收费金额（单位：万元）", AMOUNT, unit="万元"),),
              (Row("fees", "行政事业性收费"),)),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# table 三 收到和处理政府信息公开申请情况

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计"),
)
APPLICANT_KEYS = tuple(c.key for c in APPLICANT_COLUMNS if c.key != "total")
# Header cells above the columns: 申请人情况 spans all seven; 法人或其他组织 spans the five organisation columns.
APPLICANT_HEADER = "申请人情况"
ORGANISATION_HEADER = "法人或其他组织"
APPLICATION_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_OUTCOME_ROWS_COMMON = (
    Row("3", "三、本年度办理结果", 0, data=False),
    Row("3.1", "（一）予以公开", 1, parent="3"),
    Row("3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, parent="3"),
    Row("3.3", "（三）不予公开", 1, data=False, parent="3"),
    Row("3.3.1", "1.属于国家秘密", 2, parent="3.3"),
    Row("3.3.2", "2.其他法律行政法规禁止公开", 2, parent="3.3"),
    Row("3.3.3", "3.危及“三安全一稳定”", 2, parent="3.3"),
    Row("3.3.4", "4.保护第三方合法权益", 2, parent="3.3"),
    Row("3.3.5", "5.属于三类内部事务信息", 2, parent="3.3"),
    Row("3.3.6", "6.属于四类过程性信息", 2, parent="3.3"),
    Row("3.3.7", "7.属于行政执法案卷", 2, parent="3.3"),
    Row("3.3.8", "8.属于行政查询事项", 2, parent="3.3"),
    Row("3.4", "（四）无法提供", 1, data=False, parent="3"),
    Row("3.4.1", "1.本机关不掌握相关政府信息", 2, parent="3.4"),
    Row("3.4.2", "2.没有现成信息需要另行制作", 2, parent="3.4"),
    Row("3.4.3", "3.补正后申请内容仍不明确", 2, parent="3.4"),
    Row("3.5", "（五）不予处理", 1, data=False, parent="3"),
    Row("3.5.1", "1.信访举报投诉类申请", 2, parent="3.5"),
    Row("3.5.2", "2.重复申请", 2, parent="3.5"),
    Row("3.5.3", "3.要求提供公开出版物", 2, parent="3.5"),
    Row("3.5.4", "4.无正当理由大量反复申请", 2, parent="3.5"),
    Row("3.5.5", "5.要求行政机关确认或重新出具已获取信息", 2, parent="3.5"),
)
_HEAD_ROWS = (
    Row("1", "一、本年新收政府信息公开申请数量"),
    Row("2", "二、上年结转政府信息公开申请数量"),
)
_TAIL_ROWS = (
    Row("3.7", "（七）总计", 1, parent="3"),
    Row("4", "四、结转下年度继续办理"),
)
_OTHER_2019 = (Row("3.6", "（六）其他处理", 1, parent="3"),)
_OTHER_2021 = (
    Row("3.6", "（六）其他处理", 1, data=False, parent="3"),
    Row("3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2, parent="3.6"),
    Row("3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2, parent="3.6"),
    Row("3.6.3", "3.其他", 2, parent="3.6"),
)

APPLICATIONS_2019 = Table(
    key="applications", chapter=3, title=CHAPTERS[2], layout="matrix", note=APPLICATION_NOTE,
    blocks=(Block("", APPLICANT_COLUMNS, _HEAD_ROWS + _OUTCOME_ROWS_COMMON + _OTHER_2019 + _TAIL_ROWS, ""),),
)
APPLICATIONS_2021 = Table(
    key="applications", chapter=3, title=CHAPTERS[2], layout="matrix", note=APPLICATION_NOTE,
    blocks=(Block("", APPLICANT_COLUMNS, _HEAD_ROWS + _OUTCOME_ROWS_COMMON + _OTHER_2021 + _TAIL_ROWS, ""),),
)

# Short names of table-三 rows for findings and comparison tables.
APPLICATION_ROW_SHORT = {
    "1": "一、本年新收", "2": "二、上年结转", "3.1": "三（一）予以公开", "3.2": "三（二）部分公开",
    **{f"3.3.{i}": f"三（三）{i}" for i in range(1, 9)},
    **{f"3.4.{i}": f"三（四）{i}" for i in range(1, 4)},
    **{f"3.5.{i}": f"三（五）{i}" for i in range(1, 6)},
    "3.6": "三（六）其他处理", **{f"3.6.{i}": f"三（六）{i}" for i in range(1, 4)},
    "3.7": "三（七）总计", "4": "四、结转下年度",
}

# ---------------------------------------------------------------------------------------------------------
# table 四 政府信息公开行政复议、行政诉讼情况 (same in both formats)

APPEAL_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
APPEAL_GROUP_LABELS = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
LITIGATION_HEADER = "行政诉讼"

APPEALS = Table(
    key="appeals", chapter=4, title=CHAPTERS[3], layout="groups",
    blocks=(Block("", APPEAL_COLUMNS, tuple(Row(k, v) for k, v in APPEAL_GROUP_LABELS.items()), ""),),
)

# ---------------------------------------------------------------------------------------------------------
# 勾稽关系


def _application_equations(table: Table) -> tuple[Equation, ...]:
    outcome_rows = [r.key for r in table.data_rows() if r.key.startswith("3.") and r.key != "3.7"]
    equations: list[Equation] = []
    for column in APPLICANT_COLUMNS:
        c = column.key
        equations.append(Equation(
            "balance", (f"applications.1.{c}", f"applications.2.{c}"),
            (f"applications.3.7.{c}", f"applications.4.{c}"),
            f"“{column.label}”列：一、本年新收加二、上年结转之和，应等于三（七）总计加四、结转下年度之和"))
        equations.append(Equation(
            "outcome_total", tuple(f"applications.{r}.{c}" for r in outcome_rows), (f"applications.3.7.{c}",),
            f"“{column.label}”列：三（七）总计应等于（一）至（六）各项办理结果之和"))
    for row in table.data_rows():
        equations.append(Equation(
            "applicant_total", tuple(f"applications.{row.key}.{c}" for c in APPLICANT_KEYS),
            (f"applications.{row.key}.total",),
            f"“{APPLICATION_ROW_SHORT.get(row.key, row.label)}”行：总计应等于各类申请人之和"))
    return tuple(equations)


def _appeal_equations() -> tuple[Equation, ...]:
    return tuple(
        Equation("appeal_total", tuple(f"appeals.{g}.{c}" for c in ("upheld", "corrected", "other", "pending")),
                 (f"appeals.{g}.total",),
                 f"“{label}”：总计应等于结果维持、结果纠正、其他结果、尚未审结之和")
        for g, label in APPEAL_GROUP_LABELS.items())


FORMAT_2019 = Format(
    key="2019",
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    document="国办公开办函〔2019〕60号",
    years="2019年度、2020年度报告",
    chapters=CHAPTERS,
    tables=(ACTIVE_2019, APPLICATIONS_2019, APPEALS),
    equations=_application_equations(APPLICATIONS_2019) + _appeal_equations(),
)
FORMAT_2021 = Format(
    key="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    document="国办公开办函〔2021〕30号",
    years="2021年度起的报告",
    chapters=CHAPTERS,
    tables=(ACTIVE_2021, APPLICATIONS_2021, APPEALS),
    equations=_application_equations(APPLICATIONS_2021) + _appeal_equations(),
)
FORMATS: dict[str, Format] = {"2019": FORMAT_2019, "2021": FORMAT_2021}


def format_for_year(year: int) -> Format:
    """The format a body must use for the report of ``year``: 60号 for 2019 and 2020, 30号 from 2021."""
    return FORMAT_2019 if year <= 2020 else FORMAT_2021


def get_format(key: str) -> Format:
    try:
        return FORMATS[str(key)]
    except KeyError:
        raise ValueError(f"未知的年度报告格式“{key}”，应为 2019 或 2021") from None


def empty_tables(fmt: Format) -> dict:
    """The tables of ``fmt`` with every cell null, in the canonical shape."""
    tables: dict[str, dict] = {}
    for table in fmt.tables:
        rows = tables.setdefault(table.key, {})
        for row, column in table.cells():
            rows.setdefault(row.key, {})[column.key] = None
    return tables


def empty_report(fmt: Format, *, issuer: str | None = None, year: int | None = None) -> dict:
    return {"issuer": issuer, "year": year, "format": fmt.key, "complete": False,
            "tables": empty_tables(fmt), "findings": []}


def get_cell(report: dict, path: str):
    table_key, row_key, column_key = split_path(path)
    return report.get("tables", {}).get(table_key, {}).get(row_key, {}).get(column_key)


def set_cell(report: dict, path: str, value) -> None:
    table_key, row_key, column_key = split_path(path)
    report.setdefault("tables", {}).setdefault(table_key, {}).setdefault(row_key, {})[column_key] = value
