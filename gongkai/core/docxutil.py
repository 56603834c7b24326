"""python-docx helpers shared by the documents the platform writes (letters, annual reports): Chinese fonts
that Word and WPS actually use, document defaults, the A4 公文 page (GB/T 9704-2012 margins) and a page
number footer.
"""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

LATIN_FONT = "Times New Roman"
PAGE_NUMBER_SIZE = Pt(14)  # 四号, as GB/T 9704-2012 prints 页码


def child(parent, tag: str):
    """The first ``tag`` child of ``parent``, appended when missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    return element


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and East Asian font of a style or run: Word picks the font of Chinese characters from
    w:eastAsia, which python-docx's ``font.name`` does not set."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_document_defaults(doc, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Replace the template's theme fonts in the document defaults (a theme font would win over the fonts
    set on styles in some Word versions) and mark East Asian text as Chinese, so Word applies Chinese line
    breaking and punctuation rules."""
    rpr = child(child(child(doc.styles.element, "w:docDefaults"), "w:rPrDefault"), "w:rPr")
    fonts = child(rpr, "w:rFonts")
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def set_gongwen_page(section) -> None:
    """A4 with the GB/T 9704-2012 margins: top 37 mm, bottom 35, left (binding side) 28, right 26."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def add_page_number_footer(section, font: str, size=PAGE_NUMBER_SIZE) -> None:
    """A centred "— n —" page number in the footer, as 公文 print it."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("— ", None), (None, "PAGE"), (" —", None)):
        run = paragraph.add_run()
        run.font.size = size
        set_fonts(run._element, font)
        if field is None:
            run.text = text
            continue
        for kind, instruction in (("begin", None), (None, f" {field} "), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = instruction
            run._element.append(element)
