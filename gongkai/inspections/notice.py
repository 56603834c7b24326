"""The 通报 of a round (督查情况通报): its content, built once from the round's results, and its DOCX and PDF.

Layout after GB/T 9704-2012 as far as a 通报 needs it: 发文机关标志 (the issuer's name in red, 小标宋 stands in as
宋体 bold), 发文字号 centred under it above a red rule, 标题 centred in 二号 bold, 主送机关, body in 三号 仿宋 with
一级标题 in 黑体, the results table, 落款 and 成文日期 on the right, 抄送 at the foot between two rules.

Content: an opening paragraph (who inspected whom, over which period), 一、总体情况 (counts), 二、督查结果 (the
table: 问题数, 已整改, 整改中, 逾期整改, 得分, 排名), 三、存在的主要问题 (the bodies with at least the round's
``many_problems`` problems and those with late rectification, named), 四、工作要求.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from gongkai.core.docxutil import (
    add_page_number_footer,
    child,
    set_document_defaults,
    set_fonts,
    set_gongwen_page,
)

from .codes import cn_date
from .models import Inspection
from .selectors import named_bodies, results

TABLE_HEADERS = ("排名", "被督查单位", "问题数", "已整改", "整改中", "逾期整改", "得分")
TABLE_WIDTHS_MM = (14, 52, 17, 17, 17, 21, 18)  # 156 mm: A4 less the 公文 margins


@dataclass
class Notice:
    issuer: str
    number: str
    title: str
    recipients: str
    opening: str
    summary: str
    rows: list[list[str]]
    problems: list[str]
    requirements: list[str]
    signer: str
    date_text: str
    issued_on: dt.date
    cc: str = ""
    named: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return self.title


def notice_title(inspection: Inspection) -> str:
    title = inspection.title.strip()
    if title.startswith("关于") and title.endswith("通报"):
        return title
    return f"关于{title.removesuffix('情况')}情况的通报"


def _names(rows) -> str:
    return "、".join(r.name for r in rows)


def build(inspection: Inspection, today: dt.date) -> Notice:
    rows = results(inspection, today)
    issued_on = inspection.issued_on or today
    total = sum(r.total for r in rows)
    closed = sum(r.closed for r in rows)
    late = sum(r.late for r in rows)
    serious = sum(r.serious for r in rows)
    opening = (f"为贯彻落实《中华人民共和国政府信息公开条例》，推动政务公开各项工作任务落实，{inspection.issuer}"
               f"对{len(rows)}个单位{inspection.period_label}的政府信息公开工作开展了督查。"
               f"督查采取平台数据核查与人工检查相结合的方式进行，"
               f"并对各单位整改情况进行了复查。现将督查情况通报如下。")
    clean = [r for r in rows if r.total == 0]
    summary = (f"本次督查共发现问题{total}个，其中严重问题{serious}个。截至{cn_date(today)}，已整改{closed}个，"
               f"整改中{total - closed}个，逾期整改{late}个。")
    if total == 0:
        summary += "各被督查单位均未发现问题。"
    else:
        if clean:
            summary += f"{_names(clean)}未发现问题。"
        summary += "各单位得分按发现问题逐项扣分计算（满分100分），按得分由高到低排名，得分相同的按未整改问题数由少到多排名。"
    many, late_rows = named_bodies(inspection, rows)
    problems = []
    if many:
        problems.append(f"{_names(many)}发现问题较多（{inspection.many_problems}个及以上），"
                        f"暴露出政府信息公开工作制度落实不到位、日常管理不够规范等问题。")
    if late_rows:
        problems.append(f"{_names(late_rows)}存在未按期整改问题，整改工作不够及时，予以通报批评。")
    if not problems:
        problems.append("本次督查未发现问题较多或逾期整改的单位。")
    requirements = [
        "各单位要高度重视督查发现的问题，举一反三，对照问题清单逐项整改，确保整改到位。",
        f"尚未完成整改的单位要在整改期限内完成整改并通过平台反馈整改情况，{inspection.issuer}将适时组织复查，"
        "对整改不力、问题反复出现的单位再次予以通报。",
    ]
    table = [[str(r.rank), r.name, str(r.total), str(r.closed), str(r.unresolved), str(r.late), r.score_display]
             for r in rows]
    return Notice(issuer=inspection.issuer, number=inspection.doc_number, title=notice_title(inspection),
                  recipients=inspection.main_recipients, opening=opening, summary=summary, rows=table,
                  problems=problems, requirements=requirements, signer=inspection.signer,
                  date_text=cn_date(issued_on), issued_on=issued_on, cc=inspection.cc,
                  named=[r.name for r in many] + [r.name for r in late_rows if r not in many])


# ---------------------------------------------------------------------------------------------------------
# DOCX

BODY_FONT = "仿宋"  # Word on Windows ships FangSong as 仿宋; WPS maps it to 仿宋_GB2312
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
RED = RGBColor(0xC0, 0x00, 0x00)
BODY, TITLE, LINE = Pt(16), Pt(22), Pt(28)


def _rule(paragraph, side: str = "bottom", color: str = "C00000", size: int = 12) -> None:
    """A horizontal rule under (or over) a paragraph: the red 版头 separator, the 抄送 rules."""
    borders = child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    element = child(borders, f"w:{side}")
    element.set(qn("w:val"), "single")
    element.set(qn("w:sz"), str(size))
    element.set(qn("w:space"), "1")
    element.set(qn("w:color"), color)


def render_docx(notice: Notice) -> bytes:
    document = Document()
    section = document.sections[0]
    set_gongwen_page(section)
    set_document_defaults(document, BODY_FONT)
    normal = document.styles["Normal"]
    normal.font.size = BODY
    set_fonts(normal.element, BODY_FONT)
    add_page_number_footer(section, TITLE_FONT)

    stamp = dt.datetime.combine(notice.issued_on, dt.time(0, 0))  # fixed metadata: same notice, same file
    props = document.core_properties
    props.title, props.subject = notice.title, notice.number
    props.author = props.last_modified_by = notice.issuer
    props.comments = props.keywords = ""
    props.created = props.modified = stamp
    props.revision = 1

    def paragraph(text: str, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold=False, size=BODY, font=BODY_FONT,
                  indent=True, space_after=0, color=None):
        p = document.add_paragraph()
        p.alignment = align
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE if size <= BODY else Pt(size.pt + 12)
        fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
        if indent:
            fmt.first_line_indent = Pt(size.pt * 2)
        run = p.add_run(text)
        run.bold = bold
        run.font.size = size
        if color is not None:
            run.font.color.rgb = color
        set_fonts(run._element, font)
        return p

    paragraph(notice.issuer, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=Pt(26), font=TITLE_FONT,
              indent=False, color=RED, space_after=14)
    number = paragraph(notice.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=28)
    _rule(number)
    paragraph(notice.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=TITLE, font=TITLE_FONT, indent=False,
              space_after=28)
    if notice.recipients:
        paragraph(f"{notice.recipients}：", indent=False)
    paragraph(notice.opening)
    paragraph("一、总体情况", font=HEADING_FONT).paragraph_format.keep_with_next = True
    paragraph(notice.summary)
    paragraph("二、督查结果", font=HEADING_FONT).paragraph_format.keep_with_next = True
    intro = paragraph("各单位督查结果及排名如下：")
    intro.paragraph_format.keep_with_next = True
    _table(document, notice.rows)
    paragraph("三、存在的主要问题", font=HEADING_FONT).paragraph_format.keep_with_next = True
    for text in notice.problems:
        paragraph(text)
    paragraph("四、工作要求", font=HEADING_FONT).paragraph_format.keep_with_next = True
    body = [paragraph(text) for text in notice.requirements]
    ending = [paragraph("", indent=False),
              paragraph(notice.signer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False),
              paragraph(notice.date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)]
    for p in body[-1:] + ending[:-1]:  # the 落款 never stands alone on a page
        p.paragraph_format.keep_with_next = True
    if notice.cc:
        paragraph("", indent=False)
        cc = paragraph(f"抄送：{notice.cc}。", indent=False, size=Pt(14))
        _rule(cc, "top", "000000", 8)
        _rule(cc, "bottom", "000000", 8)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows) + 1, cols=len(TABLE_HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    child(table._tbl.tblPr, "w:tblLayout").set(qn("w:type"), "fixed")
    for i, mm in enumerate(TABLE_WIDTHS_MM):
        table.columns[i].width = Mm(mm)
    for r, values in enumerate([list(TABLE_HEADERS), *rows]):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated on each page
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Mm(TABLE_WIDTHS_MM[c])
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 1 and r else WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            p.paragraph_format.line_spacing = Pt(18)
            p.paragraph_format.first_line_indent = Pt(0)
            run = p.add_run(text)
            run.font.size = Pt(10.5)  # 五号, as the annual report tables
            run.bold = r == 0
            set_fonts(run._element, TABLE_FONT)
    document.add_paragraph()  # spacing after the table, as 公文 tables are followed by text


# ---------------------------------------------------------------------------------------------------------
# PDF


def render_pdf(notice: Notice) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint (Pango, fontconfig) is slow

    html = render_to_string("inspections/notice_pdf.html", {"notice": notice, "headers": TABLE_HEADERS})
    return HTML(string=html).write_pdf()
