"""The figures of table 二: items in force at year ends and their change, decision counts taking each body's
yearly totals or its rows, fee and procurement sums."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from gongkai.registers import selectors, services

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db
D = dt.date


def item(user, org, code, start, end=None, kind="licensing"):
    return services.create_item(user, org=org, kind=kind, code=code, name=f"事项{code}", effective_from=start,
                                effective_to=end)


def test_items_in_force_and_change(people, tree):
    user, edu, office = people["office"], tree["city_edu"], tree["city_office"]
    item(user, edu, "A", D(2020, 1, 1))                       # in force throughout
    item(user, edu, "B", D(2020, 1, 1), D(2024, 12, 31))      # its last day is the 2024 year end: counted then
    item(user, edu, "C", D(2020, 1, 1), D(2025, 6, 30))       # ended during 2025
    item(user, edu, "D", D(2025, 3, 1))                       # added during 2025
    item(user, edu, "E", D(2026, 1, 1))                       # added the day after the 2025 year end
    item(user, edu, "F", D(2025, 2, 1), D(2025, 8, 1))        # came and went within 2025
    item(user, edu, "P", D(2021, 1, 1), kind="penalty")
    item(user, office, "G", D(2019, 1, 1))                    # another body

    ids = [edu.pk]
    assert selectors.items_in_force(ids, D(2024, 12, 31), "licensing") == 3  # A B C
    assert selectors.items_in_force(ids, D(2025, 12, 31), "licensing") == 2  # A D
    assert selectors.items_change(ids, 2025, "licensing") == -1
    assert selectors.items_in_force(ids, D(2025, 7, 1), "licensing") == 3   # A D F
    assert selectors.items_in_force(ids, D(2025, 12, 31)) == 3              # every kind
    assert selectors.items_change(ids, 2026, "licensing") == 1              # E
    assert selectors.items_in_force([edu.pk, office.pk], D(2025, 12, 31), "licensing") == 3
    figures = selectors.item_figures(ids, 2025)
    assert figures["licensing"] == {"previous": 3, "change": -1, "current": 2}
    assert figures["penalty"] == {"previous": 1, "change": 0, "current": 1}
    assert figures["fee"] == {"previous": 0, "change": 0, "current": 0}


def test_decision_counts_take_totals_or_rows_per_body(people, tree):
    office_user = people["office"]
    rows = [row(org="C-JYJ", no=f"P{i}", on="2025-05-01") for i in range(3)]
    rows += [row(org="C-JYJ", kind="行政许可", no=f"L{i}", on="2025-06-01") for i in range(2)]
    rows += [row(org="C-JYJ", no="P-2026", on="2026-01-02")]
    rows += [row(org="C-BGS", kind="行政许可", no="B1", on="2025-01-01")]
    services.import_decisions(office_user, io.BytesIO(csv_bytes(rows)), filename="x.csv", mode="all_or_nothing")
    # The office keeps its penalties elsewhere; its licensing rows still count.
    services.set_decision_total(office_user, org=tree["city_office"], year=2025, kind="penalty", count=100,
                                source="省双公示系统")

    both = [tree["city_edu"].pk, tree["city_office"].pk]
    assert selectors.decision_counts(both, 2025) == {"licensing": 3, "penalty": 103, "coercion": 0, "other_service": 0}
    assert selectors.decision_counts([tree["city_edu"].pk], 2025) == {"licensing": 2, "penalty": 3, "coercion": 0, "other_service": 0}
    assert selectors.decision_counts(both, 2026) == {"licensing": 0, "penalty": 1, "coercion": 0, "other_service": 0}
    by_org = selectors.decision_counts_by_org(both, 2025)
    assert by_org[tree["city_office"].pk]["penalty"] == {"count": 100, "source": "省双公示系统"}
    assert by_org[tree["city_edu"].pk]["penalty"] == {"count": 3, "source": ""}


def test_fee_and_procurement_sums(people, tree):
    user = people["office"]
    services.set_fee_income(user, org=tree["city_edu"], year=2025, amount_wan="12.5")
    services.set_fee_income(user, org=tree["city_office"], year=2025, amount_wan="0.25")
    services.set_procurement(user, org=tree["city_edu"], year=2025, projects=3, amount="250000", amount_unit="元")
    services.set_procurement(user, org=tree["city_office"], year=2025, projects=2, amount="10", amount_unit="万元")
    ids = [tree["city_edu"].pk, tree["city_office"].pk]
    assert selectors.fee_amount(ids, 2025) == Decimal("12.75")
    assert selectors.fee_amount(ids, 2024) is None
    total = selectors.procurement_total(ids, 2025)
    assert total["projects"] == 5 and total["amount_wan"] == Decimal("35") and total["bodies"] == 2
    assert selectors.procurement_total(ids, 2024) is None
    figures = selectors.annual_figures(ids, 2025)
    assert figures["fee_amount_wan"] == Decimal("12.75") and figures["decisions"]["penalty"] == 0
