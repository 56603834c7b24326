"""Indicator computations on constructed records with known answers."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.disclosure.codes import Disclosure, DocType, ItemStatus
from gongkai.disclosure.models import CatalogNode, Item
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.reports.tests.factories import conclude, receive
from gongkai.supervision import indicators
from gongkai.supervision.indicators import Period
from gongkai.testing import FIXED_TODAY

PERIOD = Period(dt.date(2026, 1, 1), FIXED_TODAY, FIXED_TODAY)
_numbers = itertools.count(1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def item(org, *, published_on=None, doc_type=DocType.NEWS, due=None, exception="", disclosure=Disclosure.ACTIVE,
         status=ItemStatus.PUBLISHED, review_on=None, node=None):
    n = next(_numbers)
    return Item.objects.create(
        org=org, index_no=f"{org.code}/2026-{n:05d}", title=f"测试信息{n}", formed_on=dt.date(2026, 1, 5),
        doc_type=doc_type, disclosure=disclosure, status=status,
        published_at=at(published_on) if published_on else None, publish_due_on=due,
        sync_exception_reason=exception, next_review_on=review_on, catalog_node=node)


@pytest.fixture
def applications(tree, staff):
    """At the city education bureau: 4 received in the period — one concluded on time, one concluded late,
    one still open past its deadline, one open and not yet due — and one received in 2025."""
    edu = tree["city_edu"]
    on_time, late, overdue, fresh = receive(staff["handler"], edu, dt.date(2026, 3, 2), n=4)
    (old,) = receive(staff["handler"], edu, dt.date(2025, 12, 1))
    conclude(on_time, staff["handler"], staff["approver"], "3.1", dt.date(2026, 3, 10))
    conclude(late, staff["handler"], staff["approver"], "3.4.1", dt.date(2026, 3, 12))
    conclude(old, staff["handler"], staff["approver"], "3.1", dt.date(2025, 12, 20))
    # the deadlines as they would be had the clock been stopped differently: one reply came after it
    Application.objects.filter(pk=late.pk).update(due_on=dt.date(2026, 3, 11))
    Application.objects.filter(pk=overdue.pk).update(due_on=dt.date(2026, 4, 1))
    Application.objects.filter(pk=fresh.pk).update(due_on=FIXED_TODAY + dt.timedelta(days=30))
    return {"on_time": on_time, "late": late, "overdue": overdue, "fresh": fresh, "old": old}


def test_application_indicators(tree, applications):
    edu, office = tree["city_edu"], tree["city_office"]
    table = indicators.compute(["received", "concluded", "overdue", "due_soon", "on_time_rate"],
                               [edu.pk, office.pk], PERIOD)
    row = table.rows[edu.pk]
    assert row["received"].value == 4  # the 2025 application is outside the period
    assert row["concluded"].value == 2
    assert row["overdue"].value == 1
    assert row["due_soon"].value == 0
    assert (row["on_time_rate"].numerator, row["on_time_rate"].denominator) == (1, 2)
    assert row["on_time_rate"].value == 50.0 and row["on_time_rate"].display == "50.0%"
    assert table.rows[office.pk]["on_time_rate"].value is None  # nothing concluded: nothing to judge
    assert table.rows[office.pk]["on_time_rate"].display == "—"
    assert table.totals["received"].value == 4
    assert table.totals["on_time_rate"].value == 50.0
    late = indicators.records("on_time_rate", [edu.pk], PERIOD)
    assert list(late) == [applications["late"]]
    assert list(indicators.records("overdue", [edu.pk], PERIOD)) == [applications["overdue"]]


def test_rate_totals_pool_numerators_not_rates(tree, staff):
    """Total rate = Σ on time / Σ concluded, not the mean of the bodies' rates."""
    edu, branch = tree["city_edu"], tree["city_edu_branch"]
    a = receive(staff["handler"], edu, dt.date(2026, 3, 2), n=3)
    for app in a:
        conclude(app, staff["handler"], staff["approver"], "3.1", dt.date(2026, 3, 10))
    Application.objects.filter(pk=a[0].pk).update(due_on=dt.date(2026, 3, 9))
    Application.objects.filter(pk=a[1].pk, org=edu).update(org=branch, due_on=dt.date(2026, 3, 9))
    table = indicators.compute(["on_time_rate"], [edu.pk, branch.pk], PERIOD)
    assert table.rows[edu.pk]["on_time_rate"].value == 50.0  # 1 of 2
    assert table.rows[branch.pk]["on_time_rate"].value == 0.0  # 0 of 1
    assert table.totals["on_time_rate"].value == pytest.approx(33.3)  # 1 of 3, not (50 + 0) / 2


def test_item_indicators(tree):
    edu = tree["city_edu"]
    policy_ok = item(edu, published_on=dt.date(2026, 2, 1), doc_type=DocType.NORMATIVE, due=dt.date(2026, 2, 2))
    policy_exc = item(edu, published_on=dt.date(2026, 2, 3), doc_type=DocType.REGULATION, due=dt.date(2026, 2, 2),
                      exception="解读材料尚在起草")
    item(edu, published_on=dt.date(2026, 5, 1), due=dt.date(2026, 5, 20))  # on time
    item(edu, published_on=dt.date(2025, 5, 1), doc_type=DocType.NORMATIVE, exception="去年的")  # outside
    item(edu, status=ItemStatus.DRAFT)  # not published
    item(edu, disclosure=Disclosure.WITHHELD, status=ItemStatus.RECORDED, review_on=dt.date(2026, 6, 1))
    item(edu, disclosure=Disclosure.WITHHELD, status=ItemStatus.RECORDED, review_on=dt.date(2026, 7, 1))
    table = indicators.compute(["published", "sync_exceptions", "sync_rate", "late_published", "timely_rate",
                                "withheld_review"], [edu.pk], PERIOD)
    row = table.rows[edu.pk]
    assert row["published"].value == 3
    assert row["sync_exceptions"].value == 1
    assert (row["sync_rate"].numerator, row["sync_rate"].denominator) == (1, 2)
    assert row["late_published"].value == 1  # published 3 Feb, due 2 Feb
    assert (row["timely_rate"].numerator, row["timely_rate"].denominator) == (2, 3)
    assert row["withheld_review"].value == 1  # the one due 1 July is not yet due on 15 June
    assert list(indicators.records("late_published", [edu.pk], PERIOD)) == [policy_exc]
    assert policy_ok not in indicators.records("sync_exceptions", [edu.pk], PERIOD)


def test_stale_columns(tree):
    edu = tree["city_edu"]
    fresh = CatalogNode.objects.create(org=edu, name="工作动态", update_every_days=30)
    stale = CatalogNode.objects.create(org=edu, name="财政预决算", update_every_days=30)
    never = CatalogNode.objects.create(org=edu, name="人事信息", update_every_days=90)
    CatalogNode.objects.create(org=edu, name="机构职能")  # no expectation: never stale
    item(edu, published_on=FIXED_TODAY - dt.timedelta(days=10), node=fresh)
    item(edu, published_on=FIXED_TODAY - dt.timedelta(days=60), node=stale)
    table = indicators.compute(["stale_columns"], [edu.pk], PERIOD)
    assert table.rows[edu.pk]["stale_columns"].value == 2
    assert set(indicators.records("stale_columns", [edu.pk], PERIOD)) == {stale, never}


def test_report_on_time(tree):
    """A department's 2025 report is due 31 January 2026, a government's 31 March 2026."""
    edu, office, dist = tree["city_edu"], tree["city_office"], tree["dist_a"]

    def report(org, published_on):
        return AnnualReport.objects.create(org=org, year=2025, format="2021", title="年报",
                                           status=ReportStatus.PUBLISHED, published_at=at(published_on))

    report(edu, dt.date(2026, 1, 20))
    report(office, dt.date(2026, 2, 10))  # 10 days late
    states = indicators.report_states([edu.pk, office.pk, dist.pk], PERIOD)
    assert states[edu.pk]["on_time"] is True and states[edu.pk]["label"] == "按时发布"
    assert states[office.pk]["label"] == "逾期10天发布"
    assert states[dist.pk]["label"] == "逾期未发布"
    table = indicators.compute(["report_on_time"], [edu.pk, office.pk, dist.pk], PERIOD)
    assert (table.totals["report_on_time"].numerator, table.totals["report_on_time"].denominator) == (1, 3)
    early = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 10), dt.date(2026, 1, 10))
    assert indicators.report_states([dist.pk], early)[dist.pk]["on_time"] is None  # not due yet: not judged
    assert indicators.compute(["report_on_time"], [dist.pk], early).totals["report_on_time"].value is None


def test_unknown_indicator_and_reversed_period():
    with pytest.raises(KeyError):
        indicators.get("no_such")
    with pytest.raises(ValueError):
        Period(dt.date(2026, 2, 1), dt.date(2026, 1, 1), FIXED_TODAY)
