"""The annual report renderers: every label of the format printed, the official merged headers in HTML, DOCX
and XLSX, the figures where they belong, findings highlighted, and a PDF whose text can be extracted.

The Baotou 2020 report (2019 format) uses the published figures of tables 二 and 四 and the first rows of
table 三; the rest of table 三 is invented but consistent (checks.check finds nothing)."""

import copy
import datetime as dt
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from gongkai.reports import checks
from gongkai.reports.formats import (
    APPLICANT_HEADER,
    APPLICANT_KEYS,
    FORMAT_2019,
    FORMAT_2021,
    LITIGATION_HEADER,
    ORGANISATION_HEADER,
    empty_report,
    get_cell,
    set_cell,
)
from gongkai.reports.rendering import (
    ReportDocument,
    cell_findings,
    format_value,
    layout_table,
    render_docx,
    render_html,
    render_pdf,
    render_tables_html,
    render_xlsx,
)

# ---------------------------------------------------------------------------------------------------------
# the reports


def _applications(report: dict, rows: dict[str, tuple[int, ...]]) -> None:
    """Table 三 from per-applicant figures; 总计 is each row's sum."""
    for row, figures in rows.items():
        for key, value in zip(APPLICANT_KEYS, figures, strict=True):
            set_cell(report, f"applications.{row}.{key}", value)
        set_cell(report, f"applications.{row}.total", sum(figures))
    for row in report["tables"]["applications"].values():
        for key in row:
            row[key] = 0 if row[key] is None else row[key]


def _appeals(report: dict, groups: dict[str, tuple[int, ...]]) -> None:
    for group, figures in groups.items():
        for key, value in zip(("upheld", "corrected", "other", "pending", "total"), figures, strict=True):
            set_cell(report, f"appeals.{group}.{key}", value)


def baotou_2020() -> dict:
    report = empty_report(FORMAT_2019, issuer="包头市人民政府", year=2020)
    active = {
        "regulations": {"made": 4, "published": 4, "total_published": 7},
        "normative_documents": {"made": 250, "published": 247, "total_published": 632},
        "licensing": {"items_prev_year": 243, "items_change": -2, "decisions": 1181856},
        "other_services": {"items_prev_year": 231, "items_change": -100, "decisions": 759051},
        "penalty": {"items_prev_year": 5728, "items_change": -64, "decisions": 1684342},
        "coercion": {"items_prev_year": 214, "items_change": -6, "decisions": 14518},
        "fees": {"items_prev_year": 119, "items_change": 1},
        "procurement": {"projects": 5557, "amount": Decimal("256096.2581"), "amount_unit": "万元"},
    }
    for row, values in active.items():
        for column, value in values.items():
            set_cell(report, f"active.{row}.{column}", value)
    _applications(report, {
        "1": (151, 0, 0, 1, 3, 1),
        "2": (3, 1, 0, 0, 0, 0),
        "3.1": (110, 0, 0, 0, 1, 1),
        "3.2": (8, 0, 0, 0, 1, 0),
        "3.3.2": (1, 0, 0, 0, 0, 0),
        "3.3.4": (2, 0, 0, 0, 0, 0),
        "3.3.6": (1, 0, 0, 0, 0, 0),
        "3.4.1": (18, 1, 0, 1, 1, 0),
        "3.4.2": (3, 0, 0, 0, 0, 0),
        "3.4.3": (1, 0, 0, 0, 0, 0),
        "3.5.1": (4, 0, 0, 0, 0, 0),
        "3.5.2": (2, 0, 0, 0, 0, 0),
        "3.6": (1, 0, 0, 0, 0, 0),
        "3.7": (151, 1, 0, 1, 3, 1),
        "4": (3, 0, 0, 0, 0, 0),
    })
    _appeals(report, {"review": (0, 0, 1, 0, 1), "litigation_direct": (0, 1, 0, 4, 5),
                      "litigation_after_review": (0, 0, 0, 0, 0)})
    report["complete"] = True
    report["findings"] = checks.check(report)
    return report


def report_2021() -> dict:
    report = empty_report(FORMAT_2021, issuer="甲市人民政府", year=2022)
    active = {
        "regulations": {"issued": 2, "repealed": 1, "in_force": 35},
        "normative_documents": {"issued": 41, "repealed": 12, "in_force": 388},
        "licensing": {"decisions": 52340},
        "penalty": {"decisions": 8811},
        "coercion": {"decisions": 97},
        "fees": {"amount_wan": Decimal("1234.56")},
    }
    for row, values in active.items():
        for column, value in values.items():
            set_cell(report, f"active.{row}.{column}", value)
    _applications(report, {
        "1": (320, 12, 1, 2, 9, 4),
        "2": (6, 1, 0, 0, 0, 0),
        "3.1": (150, 5, 1, 1, 4, 2),
        "3.2": (40, 2, 0, 0, 1, 0),
        "3.3.1": (1, 0, 0, 0, 0, 0),
        "3.3.4": (5, 1, 0, 0, 0, 0),
        "3.3.8": (7, 0, 0, 0, 1, 0),
        "3.4.1": (60, 3, 0, 1, 2, 1),
        "3.4.3": (4, 0, 0, 0, 0, 0),
        "3.5.1": (20, 0, 0, 0, 0, 0),
        "3.5.5": (2, 0, 0, 0, 0, 0),
        "3.6.1": (9, 1, 0, 0, 0, 0),
        "3.6.2": (3, 0, 0, 0, 0, 0),
        "3.6.3": (16, 1, 0, 0, 1, 1),
        "3.7": (317, 13, 1, 2, 9, 4),
        "4": (9, 0, 0, 0, 0, 0),
    })
    _appeals(report, {"review": (3, 1, 0, 1, 5), "litigation_direct": (2, 0, 1, 0, 3),
                      "litigation_after_review": (1, 0, 0, 1, 2)})
    report["findings"] = checks.check(report)
    return report


BAOTOU = ReportDocument(
    title="包头市人民政府2020年政府信息公开工作年度报告", issuer="包头市人民政府", year=2020, report=baotou_2020(),
    preface="本年度报告根据新修订的《中华人民共和国政府信息公开条例》编制。\n"
            "所列数据统计期限为2020年1月1日至2020年12月31日。",
    chapters={1: "2020年全市政府信息公开工作，以习近平新时代中国特色社会主义思想为指导。\n（一）有效落实基层政务公开标准指引",
              5: "（一）存在的问题\n一是“公开为常态，不公开为例外”的理念尚未深入人心。", 6: "无。"},
    published_on=dt.date(2021, 1, 25),
)
DOC_2021 = ReportDocument(title="甲市人民政府2022年政府信息公开工作年度报告", issuer="甲市人民政府", year=2022,
                          report=report_2021(), chapters={3: "本年度收到申请326件。"})


# Table 四 of the Baotou report as printed: 行政复议 | 未经复议直接起诉 | 复议后起诉.
BAOTOU_APPEALS = ["0", "0", "1", "0", "1", "0", "1", "0", "4", "5", "0", "0", "0", "0", "0"]


def test_the_test_reports_are_consistent():
    assert checks.check(BAOTOU.report) == [] and checks.check(DOC_2021.report) == []
    assert get_cell(BAOTOU.report, "applications.3.7.total") == 157
    assert get_cell(BAOTOU.report, "applications.4.total") == 3


def broken(report: dict) -> dict:
    """The report with 三（七）总计 of 自然人 off by one, and its findings."""
    report = copy.deepcopy(report)
    set_cell(report, "applications.3.7.natural_person", get_cell(report, "applications.3.7.natural_person") + 1)
    report["findings"] = checks.check(report)
    return report


def format_labels(fmt) -> set[str]:
    """Every text the format prints in the tables."""
    labels = {ORGANISATION_HEADER, APPLICANT_HEADER, LITIGATION_HEADER}
    for table in fmt.tables:
        labels.add(table.note) if table.note else None
        for block in table.blocks:
            labels.update(x for x in (block.heading, block.row_header) if x)
            labels.update(c.label for c in block.columns if not c.hidden)
            labels.update(r.label for r in block.rows)
    return labels


# ---------------------------------------------------------------------------------------------------------
# values and findings


def test_format_value():
    fmt = FORMAT_2019
    count, change = fmt.column("active.licensing.decisions"), fmt.column("active.licensing.items_change")
    amount = fmt.column("active.procurement.amount")
    assert format_value(count, None) == "" and format_value(amount, None, "万元") == ""
    assert format_value(count, 1181856) == "1181856" and format_value(count, 0) == "0"
    assert format_value(count, 3.0) == "3"
    assert format_value(change, -2) == "-2" and format_value(change, 1) == "1"
    assert format_value(amount, Decimal("256096.2581")) == "256096.2581"
    assert format_value(amount, 256096.2581) == "256096.2581"  # no float noise
    assert format_value(amount, 0.1 + 0.2) == "0.30000000000000004"  # exactly the float given, nothing invented
    assert format_value(amount, Decimal("1E+3")) == "1000"  # never an exponent
    assert format_value(amount, 256096.2581, "万元") == "256096.2581（万元）"
    assert format_value(amount, 12, "(万元)") == "12（万元）"
    assert format_value(count, 5, "万元") == "5"  # a unit belongs to amounts only
    assert format_value(count, "abc") == "abc"  # a bad value is shown as it is, for the checks to flag


def test_cell_findings_groups_findings_by_cell():
    report = broken(BAOTOU.report)
    by_cell = cell_findings(report)
    assert {f["rule"] for f in by_cell["applications.3.7.natural_person"]} == {"balance", "outcome_total",
                                                                               "applicant_total"}
    assert [f["rule"] for f in by_cell["applications.3.7.total"]] == ["applicant_total"]
    assert "applications.3.1.total" not in by_cell
    assert cell_findings({"findings": []}) == {}


# ---------------------------------------------------------------------------------------------------------
# HTML


class TableParser(HTMLParser):
    """The tables of an HTML fragment as grids: each cell with its text, spans and attributes."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self.cell = {"tag": tag, "text": "", "rowspan": int(attrs.get("rowspan", 1)),
                         "colspan": int(attrs.get("colspan", 1)), "class": attrs.get("class", ""),
                         "title": attrs.get("title"), "path": attrs.get("data-cell")}
            self.tables[-1][-1].append(self.cell)

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def parse_tables(html: str) -> list[list[list[dict]]]:
    parser = TableParser()
    parser.feed(html)
    return parser.tables


def occupancy(rows: list[list[dict]]) -> list[list[dict]]:
    """Place each cell on the grid it covers (HTML table model); fails on overlaps and ragged rows."""
    grid: dict[tuple[int, int], dict] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            cell["row"], cell["col"] = r, c
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    assert (r + dr, c + dc) not in grid, f"overlap at {(r + dr, c + dc)}"
                    grid[(r + dr, c + dc)] = cell
            c += cell["colspan"]
    height = len(rows)
    width = max(c for _, c in grid) + 1
    assert max(r for r, _ in grid) + 1 == height
    assert len(grid) == height * width, "every row covers every column exactly once"
    return [[grid[(r, c)] for c in range(width)] for r in range(height)]


def by_text(rows, text):
    return next(cell for row in rows for cell in row if cell["text"] == text)


@pytest.mark.parametrize("fmt,report", [(FORMAT_2019, BAOTOU.report), (FORMAT_2021, DOC_2021.report)])
def test_html_prints_every_label_of_the_format(fmt, report):
    html = render_tables_html(report)
    texts = {cell["text"] for table in parse_tables(html) for row in table for cell in row}
    assert format_labels(fmt) <= texts
    for table in fmt.tables:
        assert table.title in html  # captions
    assert "金额单位" not in html  # a hidden column is not printed


@pytest.mark.parametrize("report", [BAOTOU.report, DOC_2021.report])
def test_html_tables_are_rectangular_and_figures_sit_under_their_headers(report):
    fmt = FORMAT_2019 if report["format"] == "2019" else FORMAT_2021
    tables = parse_tables(render_tables_html(report))
    assert len(tables) == 3
    for table_rows in tables:
        grid = occupancy(table_rows)
        for row in grid:
            for cell in row:
                if cell["path"]:
                    assert cell["text"] == format_value(fmt.column(cell["path"]), get_cell(report, cell["path"]),
                                                        get_cell(report, cell["path"] + "_unit") or "")
    # Every data cell of the format is printed exactly once.
    paths = [cell["path"] for table in tables for row in table for cell in row if cell["path"]]
    printed = [p for p in fmt.cell_paths() if not fmt.column(p).hidden]
    assert sorted(paths) == sorted(printed)


def test_html_active_table_blocks():
    (rows,) = parse_tables(render_tables_html(BAOTOU.report, tables=("active",)))
    grid = occupancy(rows)
    assert len(grid[0]) == 4
    heading = by_text(rows, "第二十条第（一）项")
    assert heading["colspan"] == 4 and heading["row"] == 0
    assert [c["text"] for c in rows[1]] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    licensing = next(row for row in rows if row[0]["text"] == "行政许可")
    assert [c["text"] for c in licensing] == ["行政许可", "243", "-2", "1181856"]
    fees_header = rows[rows.index(next(r for r in rows if r[0]["text"] == "第二十条第（八）项")) + 1]
    assert [(c["text"], c["colspan"]) for c in fees_header] == [("信息内容", 1), ("上一年项目数量", 1),
                                                                ("本年增/减", 2)]
    procurement = next(row for row in rows if row[0]["text"] == "政府集中采购")
    assert [c["text"] for c in procurement] == ["政府集中采购", "5557", "256096.2581（万元）"]


def test_html_application_matrix_2019():
    (rows,) = parse_tables(render_tables_html(BAOTOU.report, tables=("applications",)))
    grid = occupancy(rows)
    assert len(grid[0]) == 10  # three label columns and seven figures
    note = by_text(rows, FORMAT_2019.table("applications").note)
    assert (note["row"], note["col"], note["rowspan"], note["colspan"]) == (0, 0, 3, 3)
    assert (by_text(rows, "申请人情况")["colspan"], by_text(rows, "申请人情况")["col"]) == (7, 3)
    assert (by_text(rows, "自然人")["rowspan"], by_text(rows, "自然人")["row"]) == (2, 1)
    assert (by_text(rows, "法人或其他组织")["colspan"], by_text(rows, "法人或其他组织")["col"]) == (5, 4)
    assert by_text(rows, "总计")["rowspan"] == 2 and by_text(rows, "总计")["col"] == 9
    assert [c["text"] for c in rows[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    first = by_text(rows, "一、本年新收政府信息公开申请数量")
    assert (first["colspan"], first["col"]) == (3, 0)
    assert [c["text"] for c in grid[first["row"]][3:]] == ["151", "0", "0", "1", "3", "1", "156"]
    # 三、本年度办理结果 is a vertical cell over its 20 data rows, on the row of （一）予以公开.
    results = by_text(rows, "三、本年度办理结果")
    published = by_text(rows, "（一）予以公开")
    assert (results["rowspan"], results["col"], results["tag"]) == (20, 0, "th")
    assert (published["row"], published["col"], published["colspan"]) == (results["row"], 1, 2)
    assert [c["text"] for c in grid[published["row"]][3:]] == ["110", "0", "0", "0", "1", "1", "112"]
    withheld = by_text(rows, "（三）不予公开")
    assert (withheld["rowspan"], withheld["col"]) == (8, 1)
    secret = by_text(rows, "1.属于国家秘密")
    assert (secret["row"], secret["col"], secret["colspan"]) == (withheld["row"], 2, 1)
    assert (by_text(rows, "（四）无法提供")["rowspan"], by_text(rows, "（五）不予处理")["rowspan"]) == (3, 5)
    other = by_text(rows, "（六）其他处理")  # one data row in the 2019 format
    assert (other["rowspan"], other["colspan"]) == (1, 2)
    assert grid[other["row"]][3]["path"] == "applications.3.6.natural_person"
    carried = by_text(rows, "四、结转下年度继续办理")
    assert carried["colspan"] == 3 and grid[carried["row"]][9]["text"] == "3"
    assert len(grid) == 3 + 23  # three header rows, 23 data rows


def test_html_application_matrix_2021_has_the_other_handling_subrows():
    (rows,) = parse_tables(render_tables_html(DOC_2021.report, tables=("applications",)))
    grid = occupancy(rows)
    assert by_text(rows, "三、本年度办理结果")["rowspan"] == 22
    other = by_text(rows, "（六）其他处理")
    assert (other["rowspan"], other["col"], other["tag"]) == (3, 1, "th")
    first = grid[other["row"]]
    assert first[2]["text"].startswith("1.申请人无正当理由逾期不补正") and first[3]["text"] == "9"
    assert by_text(rows, "3.其他")["row"] == other["row"] + 2
    assert "行政规范性文件" in render_tables_html(DOC_2021.report, tables=("active",))


def test_html_appeals_groups():
    (rows,) = parse_tables(render_tables_html(BAOTOU.report, tables=("appeals",)))
    grid = occupancy(rows)
    assert len(grid) == 4 and len(grid[0]) == 15
    assert [(c["text"], c["colspan"]) for c in rows[0]] == [("行政复议", 5), ("行政诉讼", 10)]
    assert [(c["text"], c["rowspan"], c["colspan"]) for c in rows[1]] == [
        ("结果维持", 2, 1), ("结果纠正", 2, 1), ("其他结果", 2, 1), ("尚未审结", 2, 1), ("总计", 2, 1),
        ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    assert [c["text"] for c in rows[2]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert [c["text"] for c in rows[3]] == BAOTOU_APPEALS
    assert [c["path"] for c in rows[3]][5] == "appeals.litigation_direct.upheld"


def test_highlight_marks_the_cells_named_by_findings():
    report = broken(BAOTOU.report)
    (rows,) = parse_tables(render_tables_html(report, highlight=True, tables=("applications",)))
    cells = {c["path"]: c for row in rows for c in row if c["path"]}
    wrong = cells["applications.3.7.natural_person"]
    assert "cell-error" in wrong["class"].split()
    assert "一、本年新收加二、上年结转之和" in wrong["title"] and "错误" in wrong["title"]
    assert "cell-error" not in cells["applications.3.1.total"]["class"]
    # Without highlight, or with a warning only, no error class.
    plain = render_tables_html(report, tables=("applications",))
    assert "cell-error" not in plain and "title=" not in plain
    report["findings"] = [checks.finding("carry_over", checks.WARNING, ["applications.2.commercial"], "不一致<b>")]
    html = render_tables_html(report, highlight=True, tables=("applications",))
    (rows,) = parse_tables(html)
    cell = next(c for row in rows for c in row if c["path"] == "applications.2.commercial")
    assert "cell-warning" in cell["class"] and "cell-error" not in html
    assert "不一致&lt;b&gt;" in html  # messages are escaped


def test_render_html_document():
    doc = copy.deepcopy(BAOTOU)
    doc.preface += "\n<script>alert(1)</script>"
    html = render_html(doc)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert re.findall(r'<h1 class="report-title">([^<]*)</h1>', html) == ["包头市人民政府",
                                                                          "2020年政府信息公开工作年度报告"]
    headings = re.findall(r'<h2 class="report-chapter-title">([^<]*)</h2>', html)
    assert headings == list(FORMAT_2019.chapters)
    # Each table sits in its chapter, after the chapter's text.
    positions = [html.index(h) for h in headings] + [len(html)]
    for table in FORMAT_2019.tables:
        start = html.index(f'data-table="{table.key}"')
        assert positions[table.chapter - 1] < start < positions[table.chapter]
    assert html.index("所列数据统计期限") < positions[0]
    assert positions[0] < html.index("（一）有效落实基层政务公开标准指引") < positions[1]
    assert positions[5] < html.index("无。")
    assert "2021年1月25日" in html
    assert html.count("<table") == 3 and "report-table-title" not in html  # the chapter heading is the title
    assert "cell-error" not in render_html(ReportDocument(**{**doc.__dict__, "report": broken(doc.report)}))
    assert "cell-error" in render_html(ReportDocument(**{**doc.__dict__, "report": broken(doc.report)}),
                                       highlight=True)


def test_render_html_2021_text_before_table_and_no_signature():
    html = render_html(DOC_2021)
    assert html.index("三、收到和处理政府信息公开申请情况") < html.index("本年度收到申请326件。") < html.index(
        'data-table="applications"')
    assert "report-sign" not in html
    assert "第二十条第（九）项" not in html and "第二十条第（八）项" in html


def test_grid_widths_fill_the_text_width():
    for fmt, report in ((FORMAT_2019, BAOTOU.report), (FORMAT_2021, DOC_2021.report)):
        for table in fmt.tables:
            assert sum(layout_table(table, report).widths) == pytest.approx(156)


# ---------------------------------------------------------------------------------------------------------
# DOCX


@pytest.fixture(scope="module")
def baotou_docx():
    return Document(io.BytesIO(render_docx(BAOTOU)))


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_page_title_and_text(baotou_docx):
    doc = baotou_docx
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    paragraphs = [p for p in doc.paragraphs if p.text]
    assert [p.text for p in paragraphs[:2]] == ["包头市人民政府", "2020年政府信息公开工作年度报告"]
    title = paragraphs[0].runs[0]
    assert paragraphs[0].alignment == 1 and title.bold and title.font.size.pt == 22
    assert title._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    texts = [p.text for p in paragraphs]
    for heading in FORMAT_2019.chapters:
        p = paragraphs[texts.index(heading)]
        assert p.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    body = paragraphs[texts.index("无。")]
    assert body.runs[0].font.size.pt == 16 and body.paragraph_format.first_line_indent.pt == 32
    assert body.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    assert texts[-2:] == ["包头市人民政府", "2021年1月25日"]
    assert doc.core_properties.author == "包头市人民政府"
    # Tables come right after their chapter headings' text, in chapters 二、三、四.
    body_order = [el.tag.split("}")[1] for el in doc.element.body if el.tag.endswith(("}p", "}tbl"))]
    assert body_order.count("tbl") == 3


def test_docx_tables_have_the_labels_the_figures_and_the_merges(baotou_docx):
    active, applications, appeals = baotou_docx.tables
    for table, key in ((active, "active"), (applications, "applications"), (appeals, "appeals")):
        texts = {t for row in cell_texts(table) for t in row}
        fmt_table = FORMAT_2019.table(key)
        for block in fmt_table.blocks:
            assert {c.label for c in block.columns if not c.hidden} <= texts
            assert {r.label for r in block.rows} <= texts if key != "appeals" else True
    assert ["行政许可", "243", "-2", "1181856"] in cell_texts(active)
    assert ["政府集中采购", "5557", "256096.2581（万元）", "256096.2581（万元）"] in cell_texts(active)
    assert cell_texts(active)[0] == ["第二十条第（一）项"] * 4  # the heading spans the table
    rows = cell_texts(applications)
    assert rows[3][3:] == ["151", "0", "0", "1", "3", "1", "156"]
    assert rows[5][:3] == ["三、本年度办理结果", "（一）予以公开", "（一）予以公开"]
    assert rows[5][3:] == ["110", "0", "0", "0", "1", "1", "112"]
    assert rows[0][0] == rows[2][2] == FORMAT_2019.table("applications").note
    assert rows[1][3] == rows[2][3] == "自然人" and rows[1][4:9] == ["法人或其他组织"] * 5
    assert rows[-1][0] == "四、结转下年度继续办理" and rows[-1][-1] == "3"
    for text in ("社会公益组织", "3.危及“三安全一稳定”", "5.要求行政机关确认或重新出具已获取信息"):
        assert any(text in row for row in rows)
    appeal_rows = cell_texts(appeals)
    assert appeal_rows[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert appeal_rows[3] == BAOTOU_APPEALS

    xml = applications._tbl.xml
    spans = [int(v) for v in re.findall(r'<w:gridSpan w:val="(\d+)"/>', xml)]
    assert 7 in spans and 5 in spans and 3 in spans and 2 in spans
    assert len(re.findall(r'<w:vMerge w:val="restart"/>', xml)) >= 6  # note, 自然人, 总计, 三、, （三）（四）（五）
    assert xml.count("<w:tblHeader/>") == 3  # the header rows repeat on a new page
    assert '<w:gridSpan w:val="10"/>' in appeals._tbl.xml
    assert '<w:gridSpan w:val="4"/>' in active._tbl.xml
    fonts = applications.rows[3].cells[3].paragraphs[0].runs[0]
    assert fonts.font.size.pt == 10.5
    assert fonts._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"


def test_docx_2021_format():
    doc = Document(io.BytesIO(render_docx(DOC_2021)))
    texts = {t for table in doc.tables for row in cell_texts(table) for t in row}
    assert format_labels(FORMAT_2021) <= texts
    assert "1234.56" in texts and "行政规范性文件" in texts
    assert doc.paragraphs[-1].text == "六、其他需要报告的事项"  # no signature without a publication date


# ---------------------------------------------------------------------------------------------------------
# PDF


def test_pdf_text_and_tables_can_be_extracted():
    pdfplumber = pytest.importorskip("pdfplumber")
    content = render_pdf(BAOTOU)
    assert content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        assert pdf.pages[0].width == pytest.approx(595.3, abs=1)  # A4
        text = "\n".join(page.extract_text() for page in pdf.pages)
        rows = [[re.sub(r"\s", "", cell or "") for cell in row]
                for page in pdf.pages for table in page.extract_tables() for row in table]
    flat = re.sub(r"\s", "", text)
    for expected in ("1181856", "256096.2581（万元）", "结转下年度继续办理", "包头市人民政府", "二、主动公开政府信息情况",
                     "第二十条第（九）项", "2021年1月25日"):
        assert expected in flat, expected
    cells = {cell for row in rows for cell in row}
    assert {"社会公益组织", "法人或其他组织", "三、本年度办理结果", "未经复议直接起诉"} <= cells  # wrapped in narrow cells
    assert ["行政许可", "243", "-2", "1181856"] in rows
    assert BAOTOU_APPEALS in rows  # table 四
    assert ["一、本年新收政府信息公开申请数量", "", "", "151", "0", "0", "1", "3", "1", "156"] in rows


# ---------------------------------------------------------------------------------------------------------
# XLSX


def test_xlsx_sheets_merges_and_numbers():
    report = broken(BAOTOU.report)
    book = load_workbook(io.BytesIO(render_xlsx(ReportDocument(**{**BAOTOU.__dict__, "report": report}))))
    assert book.sheetnames == ["二、主动公开", "三、申请情况", "四、复议诉讼", "核对结果"]
    active, applications, appeals, findings = (book[name] for name in book.sheetnames)

    assert active["A1"].value == "二、主动公开政府信息情况"
    row = next(r for r in active.iter_rows(values_only=True) if r[0] == "行政许可")
    assert row == ("行政许可", 243, -2, 1181856)
    procurement = next(r for r in active.iter_rows() if r[0].value == "政府集中采购")
    amount = procurement[2]
    assert float(amount.value) == 256096.2581 and amount.number_format == 'General"（万元）"'
    assert f"C{amount.row}:D{amount.row}" in {str(m) for m in active.merged_cells.ranges}
    assert "A2:D2" in {str(m) for m in active.merged_cells.ranges}

    merged = {str(m) for m in applications.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5"} <= merged
    assert applications["A2"].value == FORMAT_2019.table("applications").note
    assert [c.value for c in applications[4]][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert [c.value for c in applications[5]][3:] == [151, 0, 0, 1, 3, 1, 156]
    results = next(c for row in applications.iter_rows() for c in row if c.value == "三、本年度办理结果")
    assert f"A{results.row}:A{results.row + 19}" in merged
    wrong = next(c for row in applications.iter_rows() for c in row if c.value == 152)  # 三（七） 自然人 + 1
    assert wrong.fill.start_color.rgb.endswith("F8D7DA")
    assert isinstance(applications["J5"].value, int)

    merged = {str(m) for m in appeals.merged_cells.ranges}
    assert {"A2:E2", "F2:O2", "A3:A4", "F3:J3", "K3:O3"} <= merged
    assert [c.value for c in appeals[5]] == [0, 0, 1, 0, 1, 0, 1, 0, 4, 5, 0, 0, 0, 0, 0]

    rows = list(findings.iter_rows(values_only=True))
    assert rows[0][:4] == ("严重程度", "规则", "涉及单元格", "说明")
    assert len(rows) == 1 + len(report["findings"])
    assert any(r[0] == "错误" and "三（七）总计 · 自然人" in r[2] and r[4] == 154 and r[5] == 155 for r in rows)


def test_xlsx_without_findings_and_2021():
    book = load_workbook(io.BytesIO(render_xlsx(DOC_2021)))
    assert [c.value for c in book["核对结果"][2]][3] == "未发现不一致"
    active = book["二、主动公开"]
    fees = next(r for r in active.iter_rows() if r[0].value == "行政事业性收费")
    assert float(fees[1].value) == 1234.56 and fees[1].number_format == "General"
    assert f"B{fees[1].row}:D{fees[1].row}" in {str(m) for m in active.merged_cells.ranges}
