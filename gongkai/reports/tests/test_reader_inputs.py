"""Every kind of input gives back the exact tables: HTML (official merged layout, flattened, GBK), DOCX with
merged cells, PDF (ruled table geometry and an unruled table read from word positions), plain text; and the
project's own exports (gongkai.reports.rendering) read back exactly. Files that cannot be read raise ReadError."""

import datetime as dt

import pytest

from gongkai.reports import checks
from gongkai.reports.reader import ReadError, read, read_text, sniff

from .fixtures import builders as b


def assert_same_tables(expected: dict, got: dict) -> None:
    assert got["format"] == expected["format"]
    assert got["tables"] == expected["tables"]
    assert got["issuer"] == b.ISSUER and got["year"] == expected["year"]
    assert got["complete"] is True
    assert not [f for f in got["findings"] if f["severity"] != checks.INFO], got["findings"]


@pytest.fixture(scope="module", params=["2019", "2021"])
def sample(request):
    return b.sample_report(request.param)


def test_official_html_tables(sample):
    assert_same_tables(sample, read(b.official_html(sample).encode("utf-8"), "report.html"))


def test_flattened_html(sample):
    page = b.official_html(sample, flattened=True)
    assert "<table" not in page
    assert_same_tables(sample, read(page.encode("utf-8"), "report.html"))


def test_html_in_gb2312_without_extension():
    sample = b.sample_report("2021")
    page = b.official_html(sample).replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030")
    assert sniff(page) == "html"
    assert_same_tables(sample, read(page))


def test_html_inside_a_layout_table():
    sample = b.sample_report("2019")
    body = b.official_html(sample).split("<body>")[1].split("</body>")[0]
    page = f"<html><body><table><tr><td>站点导航</td></tr><tr><td>{body}</td></tr></table></body></html>"
    assert_same_tables(sample, read(page.encode("utf-8"), "page.htm"))


@pytest.mark.parametrize("sep", ["\t", " "])
def test_text_tab_and_space_separated(sample, sep):
    assert_same_tables(sample, read_text(b.text_report(sample, sep=sep)))


def test_text_file_in_gb18030(tmp_path):
    sample = b.sample_report("2021")
    path = tmp_path / "report.txt"
    path.write_bytes(b.text_report(sample).encode("gb18030"))
    assert_same_tables(sample, read(path))


def test_docx_with_merged_cells(sample):
    content = b.build_docx(sample)
    assert sniff(content, "x.docx") == "docx"
    assert_same_tables(sample, read(content, "report.docx"))


@pytest.fixture(scope="module")
def ruled_pdf():
    sample = b.sample_report("2021")
    return sample, b.build_pdf(b.official_html(sample, css=True))


def test_pdf_with_ruled_tables(ruled_pdf):
    sample, content = ruled_pdf
    assert sniff(content) == "pdf"
    assert_same_tables(sample, read(content, "report.pdf"))


def test_pdf_without_rulings_is_read_from_word_positions():
    sample = b.sample_report("2019")
    page = b.official_html(sample, css=True).replace('border="1" ', "").replace("border: 0.8pt solid #000;", "")
    assert_same_tables(sample, read(b.build_pdf(page), "report.pdf"))


# ---------------------------------------------------------------------------------------------------------
# the project's own exports read back


def _document(report: dict):
    from gongkai.reports.rendering import ReportDocument

    return ReportDocument(title=f"{b.ISSUER}{report['year']}年政府信息公开工作年度报告", issuer=b.ISSUER,
                          year=report["year"], report=report, chapters={1: b.chapter_text(report, 1)},
                          published_on=dt.date(report["year"] + 1, 1, 20))


def test_project_html_and_docx_exports_read_back(sample):
    from gongkai.reports.rendering import render_docx, render_html

    doc = _document(sample)
    assert_same_tables(sample, read(f"<html><body>{render_html(doc)}</body></html>".encode(), "export.html"))
    assert_same_tables(sample, read(render_docx(doc), "export.docx"))


def test_project_pdf_export_reads_back():
    from gongkai.reports.rendering import render_pdf

    sample = b.sample_report("2019")
    assert_same_tables(sample, read(render_pdf(_document(sample)), "export.pdf"))


# ---------------------------------------------------------------------------------------------------------
# what cannot be read


@pytest.mark.parametrize(("content", "message"), [
    (b"", "文件为空"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "旧版 Word"),
    (b"PK\x03\x04" + b"\x00" * 100, "不支持的压缩文件"),
    (b"PK\x03\x04word/" + b"\x00" * 100, "已损坏"),
    (b"%PDF-1.7\n garbage", "已损坏"),
    (b"\x00\x01\x02\x03binary", "无法读取"),
])
def test_unreadable_inputs_raise_read_error(content, message):
    with pytest.raises(ReadError, match=message):
        read(content, "x.docx" if content.startswith(b"PK\x03\x04word") else "x.bin")


def test_a_pdf_without_text_layer_cannot_be_read():
    content = b.build_pdf('<html><body><div style="width:50mm;height:50mm;background:#000"></div></body></html>')
    with pytest.raises(ReadError, match="没有文本层"):
        read(content, "scan.pdf")


def test_a_missing_path_cannot_be_read(tmp_path):
    with pytest.raises(ReadError, match="无法打开"):
        read(tmp_path / "nope.txt")
