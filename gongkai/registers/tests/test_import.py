"""The decision import: formats and encodings, row checks, scoping, duplicates, batches and their audit."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from gongkai.audit.models import AuditEvent
from gongkai.registers import services
from gongkai.registers.codes import BatchStatus
from gongkai.registers.models import Decision, ImportBatch, ImportRowError

from .conftest import COMPANY_ID, HEADER, PERSON_ID, csv_bytes, row

pytestmark = pytest.mark.django_db


def run(user, data: bytes, mode="valid_only", **kwargs):
    return services.import_decisions(user, io.BytesIO(data), filename=kwargs.pop("filename", "t.csv"), mode=mode,
                                     **kwargs)


def messages_of(result):
    return [(e.line, e.column, e.message) for e in result.errors]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(people, encoding):
    data = csv_bytes([row(no="示教罚〔2026〕1号", name="甲市博雅培训学校"), row(no="示教罚〔2026〕2号")],
                     encoding=encoding)
    result = run(people["publisher"], data)
    assert (result.status, result.imported, result.rejected) == (BatchStatus.COMPLETED, 2, 0)
    assert result.batch.encoding == {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030"}[encoding]
    decision = Decision.objects.get(decision_no="示教罚〔2026〕1号")
    assert decision.subject_name == "甲市博雅培训学校" and decision.kind == "penalty"
    assert decision.decided_on == dt.date(2026, 3, 1) and decision.subject_kind == "legal_person"


def test_undecodable_bytes_reject_only_their_row(people):
    good = csv_bytes([row(no="N1"), row(no="N2")], encoding="utf-8")
    broken = good.replace(b"N2", b"N\xff2")
    result = run(people["publisher"], broken)
    assert (result.imported, result.rejected) == (1, 1)
    assert result.errors[0].line == 3 and "无法识别的字符" in result.errors[0].message
    controls = csv_bytes([row(no="N3", summary="a\x01b"), row(no="N4", summary="第一行\n第二行\t　全角空格")])
    result = run(people["publisher"], controls)
    assert (result.imported, result.rejected) == (1, 1)  # a control character would break the Excel export
    assert (result.errors[0].line, result.errors[0].column) == (2, "事由")


def test_xlsx_with_title_row_dates_and_numeric_cells(people):
    wb = Workbook()
    ws = wb.active
    ws.append(["甲市教育局2026年行政处罚决定登记表"])
    ws.append(HEADER)
    ws.append(["C-JYJ", "行政处罚", "X1", dt.datetime(2026, 3, 1), "甲市某某学校", "法人", COMPANY_ID, "a", "b", "c"])
    ws.append(["C-JYJ", "行政许可", 20260002, "2026/3/2", "张三", "自然人", PERSON_ID, "", "", ""])
    ws.append([None] * 10)  # an empty row is skipped, not counted
    ws.append(["C-JYJ", "行政许可", "X3", "2026-03-03", "李四", "自然人", 1.10105194912310e17, "", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = run(people["publisher"], buffer.getvalue(), filename="t.xlsx")
    assert result.batch.file_format == "xlsx"
    assert (result.total, result.imported, result.rejected) == (3, 2, 1)
    assert Decision.objects.get(decision_no="20260002").decided_on == dt.date(2026, 3, 2)
    assert Decision.objects.get(decision_no="X1").source_line == 3
    [error] = result.errors
    assert (error.line, error.column) == (6, "相对人证件号码") and "存成了数字" in error.message


def test_date_formats(people):
    rows = [row(no="D1", on="2026/3/1"), row(no="D2", on="2026年3月2日"), row(no="D3", on="2026-3-3"),
            row(no="D4", on="2026.3.4"), row(no="D5", on="03/05/2026"), row(no="D6", on="2026-06-16"),
            row(no="D7", on="1989-12-31"), row(no="D8", on="")]
    result = run(people["publisher"], csv_bytes(rows))
    assert sorted(Decision.objects.values_list("decided_on", flat=True)) == [
        dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4)]
    assert [(line, message[:8]) for line, _c, message in messages_of(result)] == [
        (6, "日期格式不正确，"), (7, "决定日期晚于今天"), (8, "决定日期早于19"), (9, "请填写决定日期。")]


def test_row_checks_report_every_problem_of_a_row(people):
    bad = ["", "行政检查", "", "", "", "外星人", "", "", "", ""]
    result = run(people["publisher"], csv_bytes([bad]))
    assert [c for _l, c, _m in messages_of(result)] == ["机构代码", "类别", "决定文书号", "决定日期", "相对人名称",
                                                         "相对人类别"]
    assert result.rejected == 1 and result.error_count == 6


def test_identity_numbers_are_checked_and_masked_in_error_reports(people):
    wrong_person = PERSON_ID[:17] + ("1" if PERSON_ID[17] != "1" else "2")
    rows = [row(no="I1", subject_kind="自然人", subject_id=wrong_person),
            row(no="I2", subject_kind="法人", subject_id=COMPANY_ID[:17] + "0" if COMPANY_ID[17] != "0" else "1"),
            row(no="I3", subject_kind="自然人", subject_id="E12345678"),  # a passport is taken as written
            row(no="I4", subject_kind="个体工商户", subject_id=COMPANY_ID.lower())]
    result = run(people["publisher"], csv_bytes(rows))
    assert result.imported == 2 and result.rejected == 2
    assert Decision.objects.get(decision_no="I4").subject_id == COMPANY_ID
    person_error = result.errors[0]
    assert "校验位" in person_error.message and wrong_person not in person_error.value
    assert person_error.value.startswith(wrong_person[:4]) and "*" in person_error.value


def test_duplicates_within_the_file_and_across_imports(people):
    data = csv_bytes([row(no="A1"), row(no="A2"), row(no="A1")])
    first = run(people["publisher"], data)
    assert (first.imported, first.duplicates) == (2, 1)
    second = run(people["publisher"], data, mode="all_or_nothing")
    assert (second.status, second.imported, second.duplicates) == (BatchStatus.COMPLETED, 0, 3)


def test_scope_of_each_row(people, tree):
    rows = [row(org="C-JYJ", no="S1"), row(org="C-BGS", no="S2"), row(org="ZZZ", no="S3"), row(org="c-jyj", no="S4")]
    result = run(people["reader_publisher"], csv_bytes(rows))
    assert result.imported == 2  # the code is matched regardless of case
    assert [(line, message) for line, _c, message in messages_of(result)] == [
        (3, "您不是该机构的公开办管理员或信息发布员，不能导入其行政决定。"),
        (4, "机构代码“ZZZ”不存在，或不在您的数据范围内。")]
    narrow = run(people["publisher"], csv_bytes([row(org="C-BGS", no="S5")]))
    assert narrow.errors[0].message == "机构代码“C-BGS”不存在，或不在您的数据范围内。"


def test_only_keepers_may_import(people):
    for who in ("supervisor", "handler"):
        with pytest.raises(PermissionDenied):
            run(people[who], csv_bytes([row()]))
    assert not ImportBatch.objects.exists()


def test_file_level_problems_import_nothing(people):
    missing = csv_bytes([row()[1:]], header=HEADER[1:])
    result = run(people["publisher"], missing)
    assert result.status == BatchStatus.FAILED and "缺少必需的列“机构代码”" in result.message
    assert result.errors[0].column == "机构代码"
    assert run(people["publisher"], b"%PDF-1.7 ...").status == BatchStatus.FAILED
    assert run(people["publisher"], b"").message == "文件是空的。"
    no_header = run(people["publisher"], csv_bytes([row()], header=None))
    assert no_header.status == BatchStatus.FAILED and "未找到表头" in no_header.message
    assert not Decision.objects.exists()
    assert ImportBatch.objects.filter(status=BatchStatus.FAILED).count() == 4


def test_header_aliases_english_keys_and_title_rows(people):
    english = ["org_code", "kind", "decision_no", "decided_on", "subject_name", "subject_kind", "备注"]
    data = ("甲市教育局行政处罚决定\r\n\r\n" + ",".join(english) + "\r\nC-JYJ,行政处罚,E1,2026-03-01,某某,法人,x\r\n")
    result = run(people["publisher"], data.encode("utf-8"))
    assert (result.imported, result.rejected) == (1, 0)
    assert result.message == "以下列未识别，已忽略：备注。"
    aliases = ["机构代码", "决定类别", "行政处罚决定书文号", "处罚决定日期", "行政相对人名称", "行政相对人类别（必填）"]
    data = ",".join(aliases) + "\nC-JYJ,处罚,E2,2026-03-02,某某,法人及非法人组织\n"
    assert run(people["publisher"], data.encode("utf-8")).imported == 1


def test_json_lines(people):
    lines = [
        '{"org_code": "C-JYJ", "kind": "行政许可", "decision_no": "J1", "decided_on": "2026-03-01", '
        '"subject_name": "某某", "subject_kind": "法人"}',
        "",
        "not json",
        '["a list"]',
        '{"org_code": "C-JYJ", "kind": "行政许可", "decision_no": 42, "decided_on": "2026-03-01", '
        '"subject_name": "某某", "subject_kind": "natural_person", "subject_id": null}',
    ]
    result = run(people["publisher"], "\n".join(lines).encode(), file_format="ndjson")
    assert (result.total, result.imported, result.rejected) == (4, 2, 2)
    assert [(e.line, e.message) for e in result.errors] == [(3, "该行不是有效的 JSON。"), (4, "每行应为一个 JSON 对象。")]
    assert Decision.objects.filter(decision_no="42", subject_kind="natural_person").exists()


def test_batch_record_audit_and_common_body(people, tree):
    rows = [row(org="C-JYJ", no="B1"), row(org="C-JYJ-1", no="B2"), row(org="bad", no="B3")]
    result = run(people["office"], csv_bytes(rows), filename="批次.csv")
    batch = ImportBatch.objects.get()
    assert batch.org == tree["city_edu"]  # the lowest body above both bodies the file had rows for
    assert (batch.filename, batch.total, batch.imported, batch.rejected, batch.actor) == (
        "批次.csv", 3, 2, 1, people["office"])
    assert batch.finished_at is not None and batch.elapsed > 0
    assert ImportRowError.objects.filter(batch=batch).count() == 1
    assert Decision.objects.filter(import_batch=batch).count() == 2
    [event] = AuditEvent.objects.filter(action="registers.decisions.import")
    assert event.after["imported"] == 2 and event.org_id == tree["city_edu"].pk
    assert result.as_dict()["errors"][0]["line"] == 4


def test_rows_for_a_body_year_kind_with_totals_are_refused(people, tree):
    services.set_decision_total(people["publisher"], org=tree["city_edu"], year=2025, kind="penalty", count=12,
                                source="省双公示系统")
    rows = [row(no="T1", on="2025-05-01"), row(no="T2", on="2026-05-01"), row(no="T3", kind="行政许可", on="2025-05-01")]
    result = run(people["publisher"], csv_bytes(rows))
    assert result.imported == 2
    [error] = result.errors
    assert error.line == 2 and "已按年度总数登记（来源：省双公示系统）" in error.message
