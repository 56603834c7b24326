"""Table 三 computed from applications: year boundaries, carry-over across years, formats and scopes."""

import datetime as dt

import pytest

from gongkai.reports import checks
from gongkai.reports.compute import compute
from gongkai.reports.formats import get_cell

from .factories import conclude, receive

D = dt.date


@pytest.fixture
def edu(tree):
    return tree["city_edu"]


def test_year_boundaries_31_december_and_1_january(staff, edu):
    h, a = staff["handler"], staff["approver"]
    on_31 = receive(h, edu, D(2024, 12, 2))[0]
    on_1 = receive(h, edu, D(2024, 12, 3))[0]
    conclude(on_31, h, a, "3.1", D(2024, 12, 31))
    conclude(on_1, h, a, "3.1", D(2025, 1, 1))

    r2024 = compute(edu, 2024)
    assert get_cell(r2024, "applications.1.natural_person") == 2
    assert get_cell(r2024, "applications.3.1.natural_person") == 1  # concluded on 31 December counts in 2024
    assert get_cell(r2024, "applications.4.natural_person") == 1  # concluded on 1 January is carried forward
    r2025 = compute(edu, 2025)
    assert get_cell(r2025, "applications.1.natural_person") == 0
    assert get_cell(r2025, "applications.2.natural_person") == 1
    assert get_cell(r2025, "applications.3.1.natural_person") == 1
    assert get_cell(r2025, "applications.4.natural_person") == 0
    assert not checks.has_errors(r2024["findings"]) and not checks.has_errors(r2025["findings"])


def test_carry_over_across_three_years(staff, edu):
    h, a = staff["handler"], staff["approver"]
    long_one = receive(h, edu, D(2023, 12, 20))[0]  # open through 2024, concluded in 2025
    firm = receive(h, edu, D(2024, 12, 25), kind="commercial")[0]  # concluded in 2025
    receive(h, edu, D(2024, 3, 1), n=2)  # never concluded: carried 2024 → 2025 → 2026
    conclude(long_one, h, a, "3.4.1", D(2025, 1, 10))
    conclude(firm, h, a, "3.2", D(2025, 1, 15))

    reports = [compute(edu, y) for y in (2024, 2025, 2026)]
    r24, r25, r26 = reports
    assert get_cell(r24, "applications.2.total") == 1
    assert get_cell(r24, "applications.1.total") == 3
    assert get_cell(r24, "applications.4.total") == 4
    assert get_cell(r25, "applications.2.total") == 4
    assert get_cell(r25, "applications.2.commercial") == 1
    assert get_cell(r25, "applications.3.7.total") == 2
    assert get_cell(r25, "applications.3.4.1.natural_person") == 1
    assert get_cell(r25, "applications.3.2.commercial") == 1
    assert get_cell(r25, "applications.4.total") == 2
    assert get_cell(r26, "applications.2.total") == 2
    # each year's 上年结转 equals last year's 结转下年度, column by column
    assert checks.check_series(reports) == [[], [], []]
    for r in reports:
        assert not checks.has_errors(r["findings"]), r["findings"]


def test_same_data_in_2019_and_2021_formats(staff, edu):
    h, a = staff["handler"], staff["approver"]
    apps = receive(h, edu, D(2024, 5, 6), n=3)
    conclude(apps[0], h, a, "3.6.3", D(2024, 5, 8))  # withdrawal: （六） 3.其他
    conclude(apps[1], h, a, "3.1", D(2024, 5, 20))
    conclude(apps[2], h, a, "3.5.2", D(2024, 5, 21))

    new = compute(edu, 2024)
    old = compute(edu, 2024, format_key="2019")
    assert new["format"] == "2021" and old["format"] == "2019"
    assert get_cell(new, "applications.3.6.3.natural_person") == 1
    assert get_cell(old, "applications.3.6.natural_person") == 1  # 2019: one （六） row
    assert "3.6.3" not in old["tables"]["applications"]
    assert "3.6" not in new["tables"]["applications"]  # heading row only
    for r in (new, old):
        assert get_cell(r, "applications.3.7.total") == 3
        assert not checks.has_errors(r["findings"])
    # table 二 columns differ by format
    assert set(old["tables"]["active"]["regulations"]) == {"made", "published", "total_published"}
    assert set(new["tables"]["active"]["regulations"]) == {"issued", "repealed", "in_force"}
    assert "procurement" in old["tables"]["active"] and "procurement" not in new["tables"]["active"]


def test_unconfirmed_and_discarded_do_not_count_and_scope_decides(staff, tree):
    from gongkai.applications import services as apps
    from gongkai.testing import payload

    h = staff["handler"]
    edu = tree["city_edu"]
    receive(h, edu, D(2024, 6, 3), n=2)
    waiting, _ = apps.submit_online(org=edu, data=payload(), submitted_on=D(2024, 6, 4))
    junk, _ = apps.submit_online(org=edu, data=payload(), submitted_on=D(2024, 6, 4))
    apps.discard(staff["office"], junk.pk, reason="重复提交", on=D(2024, 6, 5))
    assert waiting.received_on is None
    r_self = compute(edu, 2024, "self")
    r_city_self = compute(tree["city"], 2024, "self")
    r_city_gov = compute(tree["city"], 2024, "government")
    assert get_cell(r_self, "applications.1.total") == 2
    assert get_cell(r_city_self, "applications.1.total") == 0
    assert get_cell(r_city_gov, "applications.1.total") == 2  # a government with its departments


def test_missing_fee_amount_is_null_with_a_finding(edu):
    r = compute(edu, 2024)
    assert get_cell(r, "active.fees.amount_wan") is None
    assert any(f["rule"] == "not_entered" and "active.fees.amount_wan" in f["cells"] for f in r["findings"])
    old = compute(edu, 2020)
    assert get_cell(old, "active.procurement.amount") is None
