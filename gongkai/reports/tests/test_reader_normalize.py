"""The reader's building blocks: label cores, row matching, value cells, splitting run-together digits, the
issuer and year of a title."""

from decimal import Decimal

import pytest

from gongkai.reports.reader import labels as L
from gongkai.reports.reader.document import split_text_cells
from gongkai.reports.reader.narrative import issuer_and_year
from gongkai.reports.reader.normalize import (
    EMPTY,
    LABEL,
    NULL,
    UNIT,
    VALUE,
    classify,
    clean,
    core,
    core_with_variants,
    parse_value,
    split_trailing_digits,
)
from gongkai.reports.reader.split import candidate_splits


@pytest.mark.parametrize(("printed", "expected"), [
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    ("(二) 部分公开(区分处理的,只计这一情况,不计其他情形)", "部分公开"),
    ("3.危及“三安全一稳定”", "危及三安全一稳定"),
    ("5.属于三类内容事务信息", "属于三类内部事务信息"),
    ("第二十条 第(一)项", "第二十条第项"),
    ("商业 企业", "商业企业"),
    ("社会组织", "社会公益组织"),
    ("規範性檔案", "规范性文件"),
    ("本年新收政府資訊公開申請數量", "本年新收政府信息公开申请数量"),
    ("上一年專案數量(指2019年事项数)", "上一年项目数量"),
    ("（二）部分公开（区分处理的，只计", "部分公开"),  # a label wrapped mid-gloss
    ("其他情形）", ""),  # the tail of a wrapped gloss carries no label
])
def test_core_reduces_printed_labels_to_the_official_words(printed, expected):
    assert core(printed) == expected


def test_core_with_variants_reports_only_variants_that_matter():
    assert core_with_variants("社会组织")[1] == [("社会组织", "社会公益组织")]
    # The typo sits in the gloss that is dropped anyway: no finding for it.
    assert core_with_variants("（二）部分公开（区分处理的，只计这一情况，不计其他情形）")[1] == []


def test_clean_turns_full_width_and_traditional_into_the_plain_form():
    assert clean("（一）　予以公開") == "(一)予以公开"
    assert clean("１２３，４５６") == "123,456"


@pytest.mark.parametrize(("table", "printed", "key"), [
    ("applications", "一、本年新收政府信息公开申请数量", "1"),
    ("applications", "三、本年(一) 予以公开", "3.1"),  # a fragment of the merged group label before it
    ("applications", "本（三）不予公开 1.属于国家秘密", "3.3.1"),  # a character of a vertical label before it
    ("applications", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3.2"),
    ("applications", "4.无正当理由大量反复申请", "3.5.4"),
    ("applications", "2.重复申请", "3.5.2"),
    ("applications", "3.其他", "3.6.3"),
    ("applications", "（七）总计", "3.7"),
    ("applications", "四、结转下年度继续办理", "4"),
    ("applications", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "3.6.1"),
    ("active", "行政规范性文件", "normative_documents"),
    ("active", "规范性文件(行政机关制定发布的决定、公告、通告、意见、通知…)", "normative_documents"),
    ("active", "政府集中采购", "procurement"),
    ("appeals", "行政诉讼 复议后起诉", "litigation_after_review"),
])
def test_match_row(table, printed, key):
    assert L.match_row(table, core(printed)) == key


@pytest.mark.parametrize(("table", "printed"), [
    ("active", "其他主动公开文件(含以本单位名义正式签发的主动公开文件)"),
    ("applications", "申请人情况"),
    ("applications", "其他情形"),
    ("applications", ""),
])
def test_match_row_refuses_what_is_not_a_row(table, printed):
    assert L.match_row(table, core(printed)) is None


@pytest.mark.parametrize(("cell", "kind"), [
    ("", EMPTY), ("  ", EMPTY), ("-", NULL), ("—", NULL), ("/", NULL), ("－", NULL), ("——", NULL), ("无", NULL),
    ("12", VALUE), ("-2", VALUE), ("+3", VALUE), ("1,181,856", VALUE), ("256096.2581(万元)", VALUE),
    ("251000元", VALUE), ("万元", UNIT), ("（万元）", UNIT), ("规章", LABEL), ("1.", LABEL),
])
def test_classify(cell, kind):
    assert classify(cell) == kind


def test_parse_value():
    assert parse_value("1,181,856").number == 1181856
    assert parse_value("-100").number == -100
    assert parse_value("+3").number == 3
    amount = parse_value("256096.2581(万元)")
    assert amount.number == Decimal("256096.2581") and amount.unit == "万元"
    assert parse_value("251000元").unit == "元"
    assert parse_value("12,34") is None  # not a thousands grouping
    assert parse_value("1181856").digits == "1181856" and parse_value("-2").digits is None


def test_split_text_cells_keeps_tab_positions_and_splits_whitespace():
    assert split_text_cells("规章\t4\t\t7\t") == ["规章", "4", "", "7"]
    assert split_text_cells("三、本年\t(一) 予以公开\t110") == ["三、本年", "(一)", "予以公开", "110"]
    assert split_text_cells("行政许可 243-2 1181856") == ["行政许可", "243", "-2", "1181856"]


def test_split_trailing_digits():
    assert split_trailing_digits("行政规范性文件693665") == ("行政规范性文件", "693665")
    assert split_trailing_digits("693665") is None


def test_candidate_splits_never_give_a_leading_zero():
    assert candidate_splits(["447"], 3) == [(4, 4, 7)]
    assert candidate_splits(["100"], 2) == [(10, 0)]
    assert sorted(candidate_splits(["1234"], 2)) == [(1, 234), (12, 34), (123, 4)]
    assert candidate_splits(["12"], 3) == []
    assert candidate_splits([], 1) == []


def test_candidate_splits_keep_other_cells_whole():
    marker = object()
    assert candidate_splits([marker, "12"], 3) == [(marker, 1, 2)]


@pytest.mark.parametrize(("lines", "expected"), [
    (["包头市人民政府", "2020 年政府信息公开工作年度报告"], ("包头市人民政府", 2020)),
    (["甲市教育局2022年政府信息公开工作年度报告"], ("甲市教育局", 2022)),
    (["甲市人民政府办公室关于2021年度政府信息公开工作年度报告"], ("甲市人民政府办公室", 2021)),
    (["年度报告", "所列数据统计期限为 2023 年 1 月 1 日至 2023 年 12 月 31 日。"], (None, 2023)),
    (["没有标题的文本"], (None, None)),
])
def test_issuer_and_year(lines, expected):
    assert issuer_and_year(lines) == expected


def test_vertical_fragments_are_recognised_by_their_table():
    assert L.vertical_fragment_section(["", "持", "正", "果", "结", "", "持", "正", "果", "结"]) == L.APPEALS
    assert L.vertical_fragment_section(["自", "商", "科", "社", "法"]) == L.APPLICATIONS
    assert L.vertical_fragment_section(["持", "正"]) is None  # too few to tell


def test_chapter_headings():
    assert L.chapter_of("三、收到和处理政府信息公开申请情况") == 3
    assert L.chapter_of("四、政府信息公开行政复议、行政诉讼情况") == 4
    assert L.chapter_of("五、政府信息公开工作存在的主要问题及改进情况") == 5
    assert L.chapter_of("三、本年度办理结果") is None  # a table-三 row, not chapter 三
    assert L.chapter_of("四、结转下年度继续办理") is None
