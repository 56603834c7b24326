"""What real reports do to the tables, and what the reader makes of it: label variants (traditional script,
spaces, brackets, typos, Hubei glosses and extra rows), dashes and blanks, run-together cells, truncation,
narrative figures, format detection, vertical and wrapped headers."""

import pytest

from gongkai.reports import checks
from gongkai.reports.formats import get_cell
from gongkai.reports.reader import read_text

from .fixtures import builders as b


def rules(report: dict, severity: str | None = None) -> list[str]:
    return [f["rule"] for f in report["findings"] if severity is None or f["severity"] == severity]


def findings(report: dict, rule: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == rule]


@pytest.fixture
def text2019():
    return b.text_report(b.sample_report("2019"))


@pytest.fixture
def text2021():
    return b.text_report(b.sample_report("2021"))


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


# ---------------------------------------------------------------------------------------------------------
# labels


def test_traditional_script_spaces_brackets_and_typos(text2021):
    expected = b.sample_report("2021")
    text = text2021
    for old, new in [
        ("第二十条第（一）项", "第二十條 第(一)項"),
        ("商业企业", "商業 企業"),
        ("科研机构", "科研 機構"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(二)部分公開(區分處理的,只計這一情況,不計其他情形)"),
        ("5.属于三类内部事务信息", "5．屬於三類內容事務資訊"),
        ("一、本年新收政府信息公开申请数量", "一、本年新收政府資訊公開申請數量"),
        ("行政规范性文件\t", "行政規範性檔案\t"),
        ("（七）总计", "(七) 總計"),
    ]:
        text = replace(text, old, new)
    report = read_text(text)
    assert report["tables"] == expected["tables"]
    assert report["complete"] is True
    variants = " ".join(f["message"] for f in findings(report, "label_variant"))
    assert "内容事务" in variants and "档案" in variants and "资讯" in variants


def test_hubei_glosses_are_dropped_and_the_extra_row_ignored(text2019):
    expected = b.sample_report("2019")
    text = replace(text2019, "规章\t4", "规章(设区的市、自治州人民政府应提供相关数据)\t4")
    text = replace(text, "上一年项目数量", "上一年项目数量(指2019年事项数)")
    text = replace(text, "本年增/减", "本年增/减(指2020年增加或减少的事项数，减用负值表示，如-8)")
    text = replace(text, "规范性文件\t250\t247\t1632",
                   "规范性文件(行政机关制定发布的决定、公告、通告、意见、通知，以及标题采用“规定”“办法”等字样的公文)"
                   "\t250\t247\t1632\n"
                   "其他主动公开文件(含以本单位或本单位办公室名义正式签发的、除规范性文件以外的主动公开文件)\t12\t12\t300")
    report = read_text(text)
    assert report["tables"] == expected["tables"]
    extra = findings(report, "extra_row")
    assert len(extra) == 1 and extra[0]["severity"] == checks.INFO and "其他主动公开文件" in extra[0]["message"]


def test_a_row_of_the_other_format_is_an_extra_row(text2021):
    text = replace(text2021, "行政处罚\t567", "其他对外管理服务事项\t99\n行政处罚\t567")
    report = read_text(text)
    assert report["format"] == "2021"
    assert any("其他对外管理服务事项" in f["message"] for f in findings(report, "extra_row"))
    assert get_cell(report, "active.penalty.decisions") == 567


def test_vertical_group_label_and_vertical_appeal_header(text2019):
    expected = b.sample_report("2019")
    lines = text2019.split("\n")
    # 三、本年度办理结果 printed vertically: one character of it before each outcome row.
    chars = iter("三、本年度办理结果")
    out = []
    outcomes = False
    for line in lines:
        if line.startswith("三、本年度办理结果\t"):
            line = line.replace("三、本年度办理结果\t", "")
            outcomes = True
        if outcomes and line.startswith(("（", "1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.")):
            line = f"{next(chars, '')}\t{line}"
        out.append(line)
    text = "\n".join(out)
    # Table 四's header printed vertically, its chapter heading lost: only the character lines remain.
    start = text.index("四、政府信息公开行政复议、行政诉讼情况")
    end = text.index("\n0\t", start) if "\n0\t" in text[start:] else text.index("\n1\t", start)
    header = "\n".join("\t".join(col[i] for col in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计  "] * 3)
                       for i in range(4))
    text = text[:start] + header + text[end:]
    report = read_text(text)
    assert report["tables"] == expected["tables"]
    assert "header" in rules(report)  # table 四 read in the format's column order, and said so


def test_header_cells_split_across_lines(text2019):
    expected = b.sample_report("2019")
    text = text2019
    for old, new in [("本年新制作数量", "本年新制\n作数量"), ("上一年项目数量\t本年增/减\t处理决定数量", "上一年项\t本年\t处理决\n目数量\t增/减\t定数量")]:
        text = text.replace(old, new)
    report = read_text(text)
    assert report["tables"] == expected["tables"]
    assert report["format"] == "2019"


# ---------------------------------------------------------------------------------------------------------
# values


def test_dashes_and_blanks_are_null_with_an_info_finding_never_zero(text2019):
    text = replace(text2019, "行政事业性收费\t119\t1", "行政事业性收费\t—\t/")
    text = replace(text, "8.属于行政查询事项\t1\t0\t0\t0\t0\t0\t1", "8.属于行政查询事项\t-\t\t0\t0\t0\t0\t-")
    report = read_text(text)
    assert report["tables"]["active"]["fees"] == {"items_prev_year": None, "items_change": None}
    row = report["tables"]["applications"]["3.3.8"]
    assert row["natural_person"] is None and row["commercial"] is None and row["total"] is None
    assert row["research"] == 0
    no_value = findings(report, "no_value")
    assert {f["severity"] for f in no_value} == {checks.INFO}
    assert sorted(c for f in no_value for c in f["cells"]) == sorted([
        "active.fees.items_prev_year", "active.fees.items_change", "applications.3.3.8.natural_person",
        "applications.3.3.8.commercial", "applications.3.3.8.total"])
    # The rules with a null term are not evaluated: no error for the sums through 3.3.8.
    assert not checks.has_errors(report["findings"])
    assert report["complete"] is True  # every row is there; the source itself gives no figure


def test_thousands_separators_signs_and_amount_units(text2019):
    text = replace(text2019, "1181856", "1,181,856")
    text = replace(text, "\t6\t14518", "\t+6\t14518")
    text = replace(text, "256096.2581(万元)", "251000元")
    report = read_text(text)
    assert get_cell(report, "active.licensing.decisions") == 1181856
    assert get_cell(report, "active.coercion.items_change") == 6
    assert report["tables"]["active"]["procurement"] == {"projects": 5557, "amount": 251000, "amount_unit": "元"}


def test_amount_without_unit_leaves_the_unit_null(text2019):
    report = read_text(replace(text2019, "256096.2581(万元)", "256096.2581"))
    assert report["tables"]["active"]["procurement"] == {"projects": 5557, "amount": 256096.2581,
                                                         "amount_unit": None}
    assert "unit" in rules(report, checks.INFO)


def test_amount_unit_from_the_header(text2019):
    text = replace(text2019, "256096.2581(万元)", "256096.2581")
    text = replace(text, "采购总金额", "采购总金额（万元）")
    assert read_text(text)["tables"]["active"]["procurement"]["amount_unit"] == "万元"


def test_fees_in_yuan_are_converted_to_wan_in_2021(text2021):
    report = read_text(replace(text2021, "行政事业性收费\t12.5", "行政事业性收费\t125000元"))
    assert get_cell(report, "active.fees.amount_wan") == 12.5
    assert "unit" in rules(report)


def test_negative_count_is_kept_and_is_an_error(text2019):
    report = read_text(replace(text2019, "（一）予以公开\t20\t3", "（一）予以公开\t-20\t3"))
    assert get_cell(report, "applications.3.1.natural_person") == -20
    assert "non_negative" in rules(report, checks.ERROR)


def test_group_subtotal_on_a_heading_row_is_not_read(text2019):
    text = replace(text2019, "（三）不予公开\t1.属于国家秘密", "（三）不予公开\t7\t0\t0\t0\t1\t0\t8\n1.属于国家秘密")
    report = read_text(text)
    assert report["tables"] == b.sample_report("2019")["tables"]
    assert any("小计" in f["message"] for f in findings(report, "extra_row"))


# ---------------------------------------------------------------------------------------------------------
# run-together cells


def test_a_row_run_together_is_split_by_its_row_total(text2019):
    report = read_text(replace(text2019, "一、本年新收政府信息公开申请数量\t40\t5\t1\t2\t3\t1\t52",
                               "一、本年新收政府信息公开申请数量405123152"))
    assert report["tables"] == b.sample_report("2019")["tables"]
    split = findings(report, "split")
    assert len(split) == 1 and split[0]["severity"] == checks.INFO
    assert split[0]["cells"][0] == "applications.1.natural_person"
    assert report["complete"] is True


def test_a_split_left_open_by_the_row_total_is_decided_by_the_column_totals(text2019):
    # 2031120 | 27 reads as 20 3 1 1 2 0 or 2 0 3 1 1 20 by the row total; the column totals decide.
    report = read_text(replace(text2019, "（一）予以公开\t20\t3\t1\t1\t2\t0\t27", "（一）予以公开\t2031120\t27"))
    assert report["tables"]["applications"]["3.1"] == {"natural_person": 20, "commercial": 3, "research": 1,
                                                       "social_welfare": 1, "legal_service": 2, "other": 0,
                                                       "total": 27}
    assert "split" in rules(report)


def test_table_four_as_one_digit_string(text2019):
    report = read_text(replace(text2019, "1\t0\t1\t1\t3\t0\t1\t0\t2\t3\t0\t0\t0\t0\t0", "101130102300000"))
    assert report["tables"]["appeals"] == b.sample_report("2019")["tables"]["appeals"]
    assert "split" in rules(report)


def test_digits_run_onto_the_label_with_one_reading(text2019):
    report = read_text(replace(text2019, "规章\t4\t4\t7", "规章447"))
    assert report["tables"]["active"]["regulations"] == {"made": 4, "published": 4, "total_published": 7}
    assert "split" in rules(report)


def test_first_value_run_onto_the_label(text2019):
    # Narrow cells in a PDF: the label and the first value come out as one word.
    text = replace(text2019, "规章\t4\t4\t7", "规章4 4 7")
    text = replace(text, "一、本年新收政府信息公开申请数量\t40", "一、本年新收政府信息公开申请数量40")
    report = read_text(text)
    assert report["tables"] == b.sample_report("2019")["tables"]
    assert not findings(report, "split") and not findings(report, "extra_row")


def test_ambiguous_run_together_cells_stay_null(text2021):
    report = read_text(replace(text2021, "行政规范性文件\t30\t4\t120", "行政规范性文件304120"))
    assert report["tables"]["active"]["normative_documents"] == {"issued": None, "repealed": None,
                                                                 "in_force": None}
    ambiguous = findings(report, "ambiguous")
    assert len(ambiguous) == 1 and ambiguous[0]["severity"] == checks.WARNING
    assert ambiguous[0]["cells"] == ["active.normative_documents.issued", "active.normative_documents.repealed",
                                     "active.normative_documents.in_force"]
    assert report["complete"] is False


def test_ambiguous_row_when_the_rules_cannot_decide(text2019):
    # Row 二 printed as 101000011 reads as 10 1 0 0 0 0 11 or 1 0 10 0 0 0 11 by its row total, and row 四 (the
    # only other unknown of the balance) is lost: nothing decides, so nothing is guessed.
    text = replace(text2019, "二、上年结转政府信息公开申请数量\t4\t1\t0\t0\t0\t0\t5", "二、上年结转政府信息公开申请数量101000011")
    text = replace(text, "四、结转下年度继续办理\t3\t1\t0\t0\t0\t0\t4\n", "")
    report = read_text(text)
    assert all(v is None for v in report["tables"]["applications"]["2"].values())
    ambiguous = [f for f in findings(report, "ambiguous") if f["cells"][0] == "applications.2.natural_person"]
    assert len(ambiguous) == 1 and "2 种" in ambiguous[0]["message"]
    # The narrative's 57 received (含上年结转) cannot be compared while row 二 is unknown: no warning.
    assert not findings(report, "narrative")


def test_a_row_with_too_few_values_is_null_not_shifted(text2019):
    report = read_text(replace(text2019, "（一）予以公开\t20\t3\t1\t1\t2\t0\t27", "（一）予以公开\t20\t3\t1\t1\t27"))
    assert all(v is None for v in report["tables"]["applications"]["3.1"].values())
    assert "ambiguous" in rules(report)


# ---------------------------------------------------------------------------------------------------------
# truncation and the narrative


def test_truncated_source_names_what_is_missing(text2019):
    cut = text2019.index("6.属于四类过程性信息")
    report = read_text(text2019[:cut])
    assert report["complete"] is False
    missing = findings(report, "missing")
    assert len(missing) == 2
    assert "三（三）6" in missing[0]["message"] and "四、结转下年度" in missing[0]["message"]
    assert "表四" in missing[1]["message"]
    assert all(v is None for v in report["tables"]["appeals"]["review"].values())
    assert get_cell(report, "applications.3.3.5.natural_person") == 1  # what was there is kept
    assert not checks.has_errors(report["findings"])


def test_narrative_figures_that_disagree_with_the_tables_are_warnings(text2019):
    text = replace(text2019, "共收到政府信息公开申请57件", "共收到政府信息公开申请60件")
    text = replace(text, "办结53件", "办结50件")
    report = read_text(text)
    narrative = findings(report, "narrative")
    assert [f["cells"] for f in narrative] == [["applications.1.total"], ["applications.3.7.total"]]
    assert {f["severity"] for f in narrative} == {checks.WARNING}
    assert narrative[1]["expected"] == 53 and narrative[1]["actual"] == 50


def test_narrative_figures_that_agree_give_no_finding(text2019, text2021):
    assert not findings(read_text(text2019), "narrative")
    assert not findings(read_text(text2021), "narrative")


def test_documents_in_force_in_the_narrative(text2021):
    report = read_text(replace(text2021, "现行有效行政规范性文件120件", "现行有效行政规范性文件121件"))
    narrative = findings(report, "narrative")
    assert [f["cells"] for f in narrative] == [["active.normative_documents.in_force"]]


# ---------------------------------------------------------------------------------------------------------
# format detection


def test_format_comes_from_the_tables_not_the_year():
    old_layout_late = read_text(b.text_report(b.sample_report("2019", year=2022)))
    assert old_layout_late["format"] == "2019" and old_layout_late["year"] == 2022
    assert "format" in rules(old_layout_late, checks.INFO)
    new_layout_early = read_text(b.text_report(b.sample_report("2021", year=2020)))
    assert new_layout_early["format"] == "2021"
    assert new_layout_early["tables"] == b.sample_report("2021", year=2020)["tables"]


def test_format_falls_back_to_the_year_when_the_tables_do_not_tell():
    text = "甲市人民政府\n2020年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n" \
           "行政复议\t行政诉讼\n1\t0\t1\t1\t3\t0\t1\t0\t2\t3\t0\t0\t0\t0\t0\n"
    report = read_text(text)
    assert report["format"] == "2019"
    assert "format" in rules(report, checks.INFO)
    assert get_cell(report, "appeals.litigation_direct.total") == 3
    assert report["complete"] is False


def test_nothing_readable_gives_an_empty_incomplete_report():
    report = read_text("这不是一份年度报告。")
    assert report["complete"] is False
    assert report["issuer"] is None and report["year"] is None
    assert all(v is None for rows in report["tables"].values() for cols in rows.values() for v in cols.values())
    assert len(findings(report, "missing")) == 3


@pytest.mark.parametrize("format_key", ["2019", "2021"])
def test_format_from_the_row_shapes_when_the_headers_are_lost(format_key):
    sample = b.sample_report(format_key, year=2021 if format_key == "2019" else 2020)
    lines = [line for line in b.text_report(sample).split("\n") if not line.startswith("信息内容")]
    report = read_text("\n".join(lines))
    assert report["format"] == format_key
    assert report["tables"] == sample["tables"]
