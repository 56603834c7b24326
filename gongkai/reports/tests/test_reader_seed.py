"""The seed: the real 包头市人民政府 2020 report as text extracted from its PDF (a byte-exact copy of
shared/reference/baotou-2020-annual-report.txt in fixtures/) must give what issue 6 lists under "What the seed
must give"."""

from pathlib import Path

import pytest

from gongkai.reports import checks
from gongkai.reports.formats import FORMAT_2019, get_cell
from gongkai.reports.reader import read, read_text

SEED = Path(__file__).parent / "fixtures" / "baotou-2020-annual-report.txt"
PRESENT_APPLICATION_ROWS = {
    "1": (151, 0, 0, 1, 3, 1, 156),
    "2": (3, 1, 0, 0, 0, 0, 4),
    "3.1": (110, 0, 0, 0, 1, 1, 112),
}
APPLICANT_ORDER = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total")


@pytest.fixture(scope="module")
def seed():
    return read(SEED)


def test_seed_identity_and_format(seed):
    assert seed["issuer"] == "包头市人民政府"
    assert seed["year"] == 2020
    assert seed["format"] == "2019"
    assert set(seed) == {"issuer", "year", "format", "complete", "tables", "findings"}


def test_seed_table_two_exactly_as_printed(seed):
    assert seed["tables"]["active"] == {
        "regulations": {"made": 4, "published": 4, "total_published": 7},
        "normative_documents": {"made": 250, "published": 247, "total_published": 632},
        "licensing": {"items_prev_year": 243, "items_change": -2, "decisions": 1181856},
        "other_services": {"items_prev_year": 231, "items_change": -100, "decisions": 759051},
        "penalty": {"items_prev_year": 5728, "items_change": -64, "decisions": 1684342},
        "coercion": {"items_prev_year": 214, "items_change": -6, "decisions": 14518},
        "fees": {"items_prev_year": 119, "items_change": 1},
        "procurement": {"projects": 5557, "amount": 256096.2581, "amount_unit": "万元"},
    }


def test_seed_table_three_present_rows_and_every_other_row_null(seed):
    table = seed["tables"]["applications"]
    for row, values in PRESENT_APPLICATION_ROWS.items():
        assert tuple(table[row][c] for c in APPLICANT_ORDER) == values
    others = [r.key for r in FORMAT_2019.table("applications").data_rows() if r.key not in PRESENT_APPLICATION_ROWS]
    assert len(others) == 20
    for row in others:
        assert all(v is None for v in table[row].values()), row
    # 社会组织 was read as the official 社会公益组织 column, and said so.
    assert any(f["rule"] == "label_variant" and "社会组织" in f["message"] for f in seed["findings"])


def test_seed_table_four(seed):
    table = seed["tables"]["appeals"]
    order = ("upheld", "corrected", "other", "pending", "total")
    assert [table["review"][c] for c in order] == [0, 0, 1, 0, 1]
    assert [table["litigation_direct"][c] for c in order] == [0, 1, 0, 4, 5]
    assert [table["litigation_after_review"][c] for c in order] == [0, 0, 0, 0, 0]


def test_seed_is_incomplete_and_names_the_missing_rows(seed):
    assert seed["complete"] is False
    missing = [f for f in seed["findings"] if f["rule"] == "missing"]
    assert len(missing) == 1
    finding = missing[0]
    assert finding["severity"] == checks.WARNING
    assert "三（二）部分公开" in finding["message"] and "三（七）总计" in finding["message"]
    assert "四、结转下年度" in finding["message"]
    assert "applications.3.7.total" in finding["cells"] and "applications.4.natural_person" in finding["cells"]
    assert not any(c.startswith("applications.1.") for c in finding["cells"])


def test_seed_has_no_error_finding_on_the_figures_present(seed):
    assert not checks.has_errors(seed["findings"])
    # The figures present were checked: row totals and the appeal totals hold, so no rule fired on them.
    assert not [f for f in seed["findings"] if f["rule"] in checks.RULE_LABELS]
    # 收到依申请公开 160 件 = 156 new + 4 carried over; 办结 157 cannot be compared (row （七） is lost).
    assert not [f for f in seed["findings"] if f["rule"] == "narrative"]


def test_seed_as_text_gives_the_same_report(seed):
    assert read_text(SEED.read_text(encoding="utf-8")) == seed


def test_a_broken_figure_in_the_seed_is_an_error():
    text = SEED.read_text(encoding="utf-8").replace("151\t0\t0\t1\t3\t1\t156", "151\t0\t0\t1\t3\t1\t157")
    report = read_text(text)
    errors = [f for f in report["findings"] if f["severity"] == checks.ERROR]
    assert [f["rule"] for f in errors] == ["applicant_total"]
    assert errors[0]["expected"] == 156 and errors[0]["actual"] == 157
    assert get_cell(report, "applications.1.total") == 157
