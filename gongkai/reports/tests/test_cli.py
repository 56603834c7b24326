"""``gongkai-report check``: summaries, --json, --csv, folders, the cross-year rule and the exit codes; once
through the installed console script, and without Django."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.reports.cli import CSV_FIELDS, main

from .fixtures import builders as b

SEED = Path(__file__).parent / "fixtures" / "baotou-2020-annual-report.txt"
SCRIPT = Path(sys.executable).with_name("gongkai-report")


def write(path: Path, report: dict) -> Path:
    path.write_text(b.text_report(report), encoding="utf-8")
    return path


def test_summary_of_the_seed(capsys):
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "包头市人民政府 2020年度" in out
    assert "国办公开办函〔2019〕60号" in out
    assert "完整：否" in out
    assert "本年新收 156" in out and "未经复议直接起诉 5" in out
    assert "错误 0 项" in out
    assert "[警告] 来源中表三缺少以下各行" in out


def test_json_output_is_a_list_of_canonical_reports_with_source(capsys):
    assert main(["check", str(SEED), "--json"]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert len(reports) == 1
    report = reports[0]
    assert set(report) == {"source", "issuer", "year", "format", "complete", "tables", "findings"}
    assert report["source"] == str(SEED)
    assert report["tables"]["active"]["procurement"] == {"projects": 5557, "amount": 256096.2581,
                                                         "amount_unit": "万元"}
    assert report["tables"]["applications"]["3.1"]["total"] == 112


def test_folder_csv_and_carry_over_across_years(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder / "2022.txt", b.sample_report("2021", year=2022))
    write(folder / "2023.txt", b.sample_report("2021", year=2023))
    (folder / "notes.bin").write_bytes(b"\x00ignored: not a report extension")
    out_csv = tmp_path / "out.csv"
    assert main(["check", str(folder), "--json", "--csv", str(out_csv)]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert [Path(r["source"]).name for r in reports] == ["2022.txt", "2023.txt"]
    # 2023's 二、上年结转 (4, 1, …) differs from 2022's 四、结转下年度 (3, 1, …) in the 自然人 column.
    carry = [f for f in reports[1]["findings"] if f["rule"] == "carry_over"]
    assert [f["cells"] for f in carry] == [["applications.2.natural_person"], ["applications.2.total"]]
    assert not [f for f in reports[0]["findings"] if f["rule"] == "carry_over"]

    with out_csv.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_FIELDS
    assert len(rows) == 2
    assert rows[0]["issuer"] == b.ISSUER and rows[0]["year"] == "2022" and rows[0]["format"] == "2021"
    assert rows[0]["complete"] == "true"
    assert rows[0]["applications.1.total"] == "52" and rows[0]["applications.3.7.total"] == "53"
    assert rows[0]["appeals.review.total"] == "3" and rows[0]["errors"] == "0"
    assert rows[1]["warnings"] == "2"


def test_csv_of_an_incomplete_report_leaves_missing_figures_empty(tmp_path):
    out_csv = tmp_path / "seed.csv"
    assert main(["check", str(SEED), "--csv", str(out_csv)]) == 0
    row = next(csv.DictReader(out_csv.open(encoding="utf-8-sig")))
    assert row["applications.3.7.total"] == "" and row["applications.1.total"] == "156"
    assert row["complete"] == "false" and row["warnings"] == "1"


def test_exit_1_when_a_report_has_an_error(tmp_path, capsys):
    broken = b.sample_report("2019")
    broken["tables"]["applications"]["3.1"]["total"] = 28  # the row total no longer holds
    good = write(tmp_path / "good.txt", b.sample_report("2019"))
    bad = write(tmp_path / "bad.txt", broken)
    assert main(["check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "[错误]" in out and "共读取 2 份报告，其中 1 份有错误" in out


def test_exit_2_when_an_input_cannot_be_read_and_the_others_are_still_read(tmp_path, capsys):
    (tmp_path / "damaged.docx").write_bytes(b"PK\x03\x04word/ damaged")
    assert main(["check", str(tmp_path / "damaged.docx"), str(tmp_path / "missing.pdf"), str(SEED),
                 "--json"]) == 2
    captured = capsys.readouterr()
    assert [r["issuer"] for r in json.loads(captured.out)] == ["包头市人民政府"]
    assert "无法读取" in captured.err and "damaged.docx" in captured.err and "missing.pdf" in captured.err


def test_unreadable_beats_errors_in_the_exit_code(tmp_path, capsys):
    broken = b.sample_report("2019")
    broken["tables"]["appeals"]["review"]["total"] = 9
    bad = write(tmp_path / "bad.txt", broken)
    assert main(["check", str(bad), str(tmp_path / "missing.txt")]) == 2


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    assert exit_info.value.code == 2


def test_installed_console_script_on_the_seed():
    assert SCRIPT.exists(), "gongkai-report is not installed: run .venv/bin/pip install -e . --no-deps"
    result = subprocess.run([str(SCRIPT), "check", str(SEED), "--json"], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)[0]
    assert (report["issuer"], report["year"], report["format"], report["complete"]) == (
        "包头市人民政府", 2020, "2019", False)
    assert report["tables"]["appeals"]["litigation_direct"]["total"] == 5


def test_the_cli_runs_without_django():
    code = ("import sys; from gongkai.reports.cli import main; "
            f"rc = main(['check', {str(SEED)!r}, '--csv', '-']); "
            "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'; "
            "sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            check=False, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "包头市人民政府,2020,2019,false,156,4" in result.stdout
