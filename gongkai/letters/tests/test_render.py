"""The DOCX and PDF of a letter: they open, say what the letter says, and carry their fonts."""

import io
import re
import zlib

import pytest
from docx import Document
from docx.oxml.ns import qn

from gongkai.applications import services as app_services
from gongkai.letters.rendering import render_docx, render_pdf
from gongkai.letters.services import stored_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply_letter(staff, registered):
    app_services.draft_reply(staff["handler"], registered.pk, outcome="3.3.4",
                             reason="该信息含有第三方的商业秘密，第三方书面表示不同意公开。")
    app = app_services.approve_reply(staff["approver"], registered.pk)
    return app.letters.get(kind="reply")


def docx_text(content: bytes) -> tuple[Document, str]:
    doc = Document(io.BytesIO(content))
    return doc, "\n".join(p.text for p in doc.paragraphs)


def test_docx_layout_and_text(reply_letter):
    doc, text = docx_text(render_docx(reply_letter))
    assert reply_letter.number in text and "甲市教育局" in text and "政府信息不予公开告知书" in text
    assert "第十五条、第三十二条" in text and "该信息含有第三方的商业秘密" in text
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    paragraphs = [p for p in doc.paragraphs if p.text]
    assert paragraphs[0].text == "甲市教育局" and paragraphs[0].alignment == 1  # centred
    assert paragraphs[1].runs[0].bold
    assert paragraphs[-1].text == reply_letter.date_text and paragraphs[-1].alignment == 2  # right
    assert paragraphs[-2].text == "甲市教育局"
    fonts = paragraphs[4].runs[0]._element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert doc.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    assert doc.core_properties.author == "甲市教育局"


def test_docx_renders_again_to_the_same_text(reply_letter):
    assert docx_text(render_docx(reply_letter))[1] == docx_text(render_docx(reply_letter))[1]


def pdf_objects(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated: font dictionaries sit in compressed object streams."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_embeds_a_cjk_font_and_extracts_the_text(reply_letter):
    content = render_pdf(reply_letter)
    assert content.startswith(b"%PDF")
    objects = pdf_objects(content)
    # A subset (ABCDEF+ prefix) of Noto Serif CJK SC, with its font program embedded.
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+Noto-Serif-CJK-SC", objects)
    assert re.search(rb"/FontFile[23]", objects)
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
        assert pdf.pages[0].width == pytest.approx(595.3, abs=1)  # A4
    flat = re.sub(r"\s", "", text)
    assert reply_letter.number in flat and "甲市教育局" in flat and "第十五条、第三十二条" in flat


def test_files_are_stored_on_first_use_and_can_be_rebuilt(reply_letter, media_root):
    field = stored_file(reply_letter, "docx")
    reply_letter.refresh_from_db()
    assert reply_letter.docx.name == field.name and (media_root / field.name).exists()
    first = docx_text((media_root / field.name).read_bytes())[1]
    assert stored_file(reply_letter, "docx").name == field.name  # not rendered again
    # An archive restored without its files renders the same letter from the snapshot.
    type(reply_letter).objects.filter(pk=reply_letter.pk).update(docx="")
    reply_letter.refresh_from_db()
    again = stored_file(reply_letter, "docx")
    assert again.name != field.name and docx_text((media_root / again.name).read_bytes())[1] == first
