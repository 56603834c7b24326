"""A 200,000-row CSV with 1% bad rows in both modes, then the same file again: nothing is duplicated, the
errors carry their line numbers and the rejected rows can be downloaded as a report."""

import csv
import io

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core.validators import resident_id_check_char, uscc_check_char
from gongkai.registers import services
from gongkai.registers.codes import BatchStatus
from gongkai.registers.models import Decision, ImportBatch

from .conftest import HEADER

pytestmark = pytest.mark.django_db

ROWS = 200_000
BAD_EVERY = 100  # 1%
# (column, how the bad row is written, what the error says); one problem per bad row.
BAD_KINDS = [
    ("决定日期", "2025-02-30", "日期格式不正确"),
    ("决定文书号", "", "请填写决定文书号"),
    ("机构代码", "NOPE", "不存在"),
    ("类别", "行政检查", "类别应为"),
    ("相对人名称", "", "请填写相对人名称"),
    ("相对人证件号码", None, "校验位不正确"),  # a valid number with its check character changed
    ("机构代码", "C-BGS", "不在您的数据范围内"),  # a real body, but not the importer's
]


def _ids():
    people = [f"110105198{d}0{m}1{d}00{s}" for d in range(10) for m in range(1, 10) for s in range(1, 3)]
    companies = [f"91110105MA{n:07d}" for n in range(200)]
    return ([("自然人", p + resident_id_check_char(p)) for p in people]
            + [("法人", c + uscc_check_char(c)) for c in companies])


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    """The file on disk (written line by line, as a real export would be) and where its bad rows are."""
    path = tmp_path_factory.mktemp("registers") / "decisions.csv"
    ids = _ids()
    bad_lines = []
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(",".join(HEADER) + "\r\n")
        for i in range(ROWS):
            subject_kind, subject_id = ids[i % len(ids)]
            org, kind, no, on, name = "C-JYJ", "行政处罚", f"示教罚〔2025〕{i}号", f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "某某"
            if i % BAD_EVERY == BAD_EVERY // 2:
                which = (i // BAD_EVERY) % len(BAD_KINDS)
                column, value, _message = BAD_KINDS[which]
                if column == "决定日期":
                    on = value
                elif column == "决定文书号":
                    no = value
                elif column == "机构代码":
                    org = value
                elif column == "类别":
                    kind = value
                elif column == "相对人名称":
                    name = value
                else:
                    valid = ids[0][1]
                    subject_kind, subject_id = "自然人", valid[:17] + ("1" if valid[17] != "1" else "2")
                bad_lines.append((i + 2, which))  # line 1 is the header
            f.write(f"{org},{kind},{no},{on},{name},{subject_kind},{subject_id},事由,依据,罚款\r\n")
    return path, bad_lines


def _import(user, path, mode):
    with open(path, "rb") as f:
        return services.import_decisions(user, f, filename="decisions.csv", mode=mode)


def test_all_or_nothing_imports_nothing_and_lists_errors_by_line(people, big_csv):
    path, bad_lines = big_csv
    result = _import(people["publisher"], path, "all_or_nothing")
    assert result.status == BatchStatus.REJECTED
    assert (result.total, result.imported, result.rejected, result.error_count) == (ROWS, 0, 2_000, 2_000)
    assert Decision.objects.count() == 0
    assert len(result.errors) == services.MAX_LISTED_ERRORS
    for error, (line, which) in zip(result.errors, bad_lines, strict=False):
        column, _value, message = BAD_KINDS[which]
        assert (error.line, error.column) == (line, column) and message in error.message
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.REJECTED and batch.errors_stored == 2_000 and batch.imported == 0
    assert AuditEvent.objects.filter(action="registers.decisions.import").count() == 1


def test_valid_only_imports_good_rows_then_reimport_only_counts_duplicates(client, people, big_csv):
    path, bad_lines = big_csv
    first = _import(people["publisher"], path, "valid_only")
    assert first.status == BatchStatus.COMPLETED
    assert (first.total, first.imported, first.duplicates, first.rejected) == (ROWS, 198_000, 0, 2_000)
    assert Decision.objects.count() == 198_000
    assert first.rows_per_second > 0
    assert Decision.objects.filter(source_line=bad_lines[0][0]).count() == 0

    client.force_login(people["publisher"])
    response = client.get(reverse("registers:batch_errors", args=[first.batch.pk, "csv"]))
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == ["行号", "列", "内容", "问题"] and len(lines) == 2_001
    assert [int(r[0]) for r in lines[1:]] == [line for line, _which in bad_lines]
    assert lines[1][1] == "决定日期" and lines[1][2] == "2025-02-30"

    again = _import(people["publisher"], path, "valid_only")
    assert (again.total, again.imported, again.duplicates, again.rejected) == (ROWS, 0, 198_000, 2_000)
    assert Decision.objects.count() == 198_000
    strict_again = _import(people["publisher"], path, "all_or_nothing")
    assert strict_again.status == BatchStatus.REJECTED and Decision.objects.count() == 198_000
