"""DOCX and PDF of a letter, laid out after GB/T 9704-2012 (党政机关公文格式) as far as a 告知书 needs it: A4,
标题 centred in bold 二号 (22 pt), body in 三号 (16 pt) 仿宋 with a two-character first-line indent on a 28 pt
line, 文号 under the title, 落款 (body name and date) on the right.

Both read only the letter's stored snapshot, so rendering again gives the same text.
"""

import datetime as dt
import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from gongkai.core.docxutil import set_document_defaults, set_fonts, set_gongwen_page

from .models import Letter

BODY_FONT = "仿宋"  # Word on Windows ships FangSong as 仿宋; WPS maps it to 仿宋_GB2312
TITLE_FONT = "宋体"
BODY_SIZE = Pt(16)
TITLE_SIZE = Pt(22)
LINE = Pt(28)


def _paragraph(doc, text: str, *, align=None, bold=False, size=BODY_SIZE, font=BODY_FONT, indent=False,
               space_after=None):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if size <= BODY_SIZE else Pt(size.pt + 10)
    fmt.space_before = Pt(0)
    fmt.space_after = space_after if space_after is not None else Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = size
    set_fonts(run._element, font)
    return paragraph


def render_docx(letter: Letter) -> bytes:
    doc = Document()
    set_gongwen_page(doc.sections[0])

    set_document_defaults(doc, BODY_FONT)
    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    set_fonts(normal.element, BODY_FONT)

    # Fixed metadata so the same letter always gives the same document properties.
    issued = dt.datetime.combine(letter.issued_on, dt.time(0, 0))
    props = doc.core_properties
    props.title = f"{letter.number} {letter.title}"
    props.author = props.last_modified_by = letter.org_name
    props.comments = ""
    props.keywords = ""
    props.subject = letter.title
    props.created = props.modified = issued
    props.revision = 1

    _paragraph(doc, letter.org_name, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=TITLE_SIZE, font=TITLE_FONT)
    _paragraph(doc, letter.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=TITLE_SIZE, font=TITLE_FONT,
               space_after=Pt(14))
    _paragraph(doc, letter.number, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=Pt(14))
    _paragraph(doc, f"{letter.addressee}：")
    body = [_paragraph(doc, text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY) for text in letter.paragraphs]
    ending = [_paragraph(doc, ""), _paragraph(doc, letter.org_name, align=WD_ALIGN_PARAGRAPH.RIGHT),
              _paragraph(doc, letter.date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)]
    # The 落款 never stands alone on a page: it stays with the last paragraph (as GB/T 9704-2012 asks of 成文日期 and 印章).
    for paragraph in body[-1:] + ending[:-1]:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_html(letter: Letter) -> str:
    return render_to_string("letters/letter_pdf.html", {"letter": letter})


def render_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint (Pango, fontconfig) is slow

    return HTML(string=letter_html(letter)).write_pdf()
