"""Working-day arithmetic: the pure WorkCalendar and the calendar loaded from the seeded database."""

import datetime as dt

import chinese_calendar
import pytest

from gongkai.workdays import selectors
from gongkai.workdays.calendar import (
    HOLIDAY,
    WORKDAY,
    CalendarYearMissing,
    WorkCalendar,
    WorkCalendarError,
)

D = dt.date


# A small hand-made calendar: 2020's National Day week, nothing from the database.
@pytest.fixture
def tiny():
    overrides = {D(2020, 10, d): (HOLIDAY, "国庆节") for d in (1, 2, 5, 6, 7)}
    overrides[D(2020, 10, 8)] = (HOLIDAY, "中秋节")
    overrides[D(2020, 9, 27)] = (WORKDAY, "国庆节")
    overrides[D(2020, 10, 10)] = (WORKDAY, "国庆节")
    return WorkCalendar([2020], overrides)


def test_pure_calendar_rules(tiny):
    assert tiny.is_workday(D(2020, 9, 30))          # plain Wednesday
    assert not tiny.is_workday(D(2020, 10, 1))      # holiday on a Thursday
    assert not tiny.is_workday(D(2020, 10, 3))      # Saturday inside the holiday
    assert tiny.is_workday(D(2020, 10, 10))         # 调休 Saturday
    assert not tiny.is_workday(D(2020, 10, 17))     # ordinary Saturday


def test_pure_add_and_between(tiny):
    assert tiny.add_workdays(D(2020, 9, 30), 1) == D(2020, 10, 9)
    assert tiny.add_workdays(D(2020, 9, 30), 2) == D(2020, 10, 10)
    assert tiny.workdays_between(D(2020, 9, 30), D(2020, 10, 10)) == 2
    assert tiny.workdays_between(D(2020, 10, 10), D(2020, 9, 30)) == -2


def test_run_names_merge_in_order_of_appearance(tiny):
    result = tiny.explain_add_workdays(D(2020, 9, 28), 3)
    assert result.date == D(2020, 10, 9)
    assert [(r.start, r.end, r.names) for r in result.holidays] == [
        (D(2020, 10, 1), D(2020, 10, 8), ("国庆节", "中秋节"))]
    assert "跳过国庆节、中秋节假期 2020-10-01 至 2020-10-08（共 8 天）" in result.explanation


def test_zero_days_returns_start_even_on_a_rest_day(tiny):
    assert tiny.add_workdays(D(2020, 10, 3), 0) == D(2020, 10, 3)
    result = tiny.explain_add_workdays(D(2020, 10, 3), 0)
    assert result.date == D(2020, 10, 3) and result.count == 0
    assert "到期日即起算日 2020-10-03（星期六）" in result.explanation


def test_same_day_between_is_zero(tiny):
    assert tiny.workdays_between(D(2020, 10, 9), D(2020, 10, 9)) == 0
    assert tiny.explain_workdays_between(D(2020, 10, 9), D(2020, 10, 9)).count == 0


def test_negative_days_rejected(tiny):
    with pytest.raises(ValueError, match="不能为负数"):
        tiny.add_workdays(D(2020, 10, 9), -1)


def test_datetime_rejected(tiny):
    with pytest.raises(TypeError):
        tiny.is_workday(dt.datetime(2020, 10, 9, 12, 0))


def test_pure_calendar_refuses_unloaded_years(tiny):
    with pytest.raises(CalendarYearMissing) as info:
        tiny.add_workdays(D(2020, 12, 30), 5)
    assert info.value.year == 2021
    assert isinstance(info.value, WorkCalendarError)
    assert info.value.message == "缺少 2021 年的法定节假日安排，请系统管理员先录入该年度工作日历。"
    with pytest.raises(CalendarYearMissing):
        tiny.is_workday(D(2019, 12, 31))


# ---- the calendar seeded by the data migration ----------------------------------------------------


@pytest.mark.django_db
def test_seeded_years_are_exactly_the_package_years():
    calendar = selectors.get_calendar()
    assert calendar.years == frozenset(range(2004, 2027))


@pytest.mark.django_db
def test_every_day_2019_to_2026_agrees_with_chinesecalendar():
    calendar = selectors.get_calendar()
    day = D(2019, 1, 1)
    checked = 0
    while day <= D(2026, 12, 31):
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
        checked += 1
    assert checked == 2922


@pytest.mark.django_db
def test_module_level_is_workday():
    assert selectors.is_workday(D(2020, 10, 10)) is True
    assert selectors.is_workday(D(2020, 10, 1)) is False
    assert selectors.is_workday(D(2026, 11, 27)) is True
    assert "调休上班日（国庆节）" in selectors.explain_is_workday(D(2020, 10, 10))


@pytest.mark.django_db
def test_add_workdays_matches_chinesecalendar_for_working_day_starts():
    # chinese_calendar.find_workday(n, d) is the n-th working day after d when d itself is a working day.
    calendar = selectors.get_calendar()
    day = D(2019, 1, 1)
    while day <= D(2026, 11, 30):
        if chinese_calendar.is_workday(day):
            for n in (1, 5, 15, 20):
                assert calendar.add_workdays(day, n) == chinese_calendar.find_workday(n, day), (day, n)
        day += dt.timedelta(days=3)


# (start, n, due date, holiday names skipped, 调休 days counted)
CASES = [
    # Spring Festival 2020 (extended to 2 Feb), 调休 Sunday 19 January before it.
    (D(2020, 1, 17), 3, D(2020, 1, 21), [], [D(2020, 1, 19)]),
    (D(2020, 1, 20), 5, D(2020, 2, 4), ["春节假期 2020-01-24 至 2020-02-02"], []),
    # Spring Festival 2023: both weekend days after it are worked.
    (D(2023, 1, 19), 3, D(2023, 1, 29), ["春节假期 2023-01-21 至 2023-01-27"], [D(2023, 1, 28), D(2023, 1, 29)]),
    # Spring Festival 2024: Sundays 4 and 18 February worked.
    (D(2024, 2, 2), 1, D(2024, 2, 4), [], [D(2024, 2, 4)]),
    (D(2024, 2, 8), 3, D(2024, 2, 19), ["春节假期 2024-02-10 至 2024-02-17"], [D(2024, 2, 18)]),
    # National Day 2020 (merged with Mid-autumn), 调休 Sunday 27 September and Saturday 10 October.
    (D(2020, 9, 25), 1, D(2020, 9, 27), [], [D(2020, 9, 27)]),
    (D(2020, 9, 28), 20, D(2020, 11, 2), ["国庆节假期 2020-10-01 至 2020-10-08"], [D(2020, 10, 10)]),
    # National Day 2023 starting with Mid-autumn on Friday 29 September.
    (D(2023, 9, 27), 5, D(2023, 10, 10), ["中秋节、国庆节假期 2023-09-29 至 2023-10-06"],
     [D(2023, 10, 7), D(2023, 10, 8)]),
    # Labour Day 2025: 1–5 May off, Sunday 27 April worked.
    (D(2025, 4, 25), 5, D(2025, 5, 6), ["劳动节假期 2025-05-01 至 2025-05-05"], [D(2025, 4, 27)]),
    # New Year across the year boundary: the weekend before 1 January belongs to the holiday run.
    (D(2023, 12, 29), 1, D(2024, 1, 2), ["元旦假期 2023-12-30 至 2024-01-01"], []),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "n", "due", "runs", "makeup"), CASES)
def test_add_workdays_table(start, n, due, runs, makeup):
    assert selectors.add_workdays(start, n) == due
    result = selectors.explain_add_workdays(start, n)
    assert result.date == due and result.count == n
    assert [run.describe().split("（")[0] for run in result.holidays] == runs
    assert [m.date for m in result.makeup_days] == makeup
    for run in runs:
        assert run in result.explanation
    for day in makeup:
        assert day.isoformat() in result.explanation
    if makeup:
        assert "计入调休上班日" in result.explanation
    weekday = "一二三四五六日"[due.weekday()]
    assert result.explanation.endswith(f"到期日为 {due.isoformat()}（星期{weekday}）。")
    assert result.explanation.startswith(f"自 {start.isoformat()}（")


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "n", "due", "runs", "makeup"), CASES)
def test_workdays_between_table(start, n, due, runs, makeup):
    assert selectors.workdays_between(start, due) == n
    assert selectors.workdays_between(due, start) == -n
    assert selectors.workdays_between(start, start) == 0
    result = selectors.explain_workdays_between(start, due)
    assert result.count == n
    assert f"共 {n} 个工作日" in result.explanation
    for run in runs:
        assert run in result.explanation
    for day in makeup:
        assert day.isoformat() in result.explanation
    backwards = selectors.explain_workdays_between(due, start)
    assert backwards.count == -n
    assert f"结果记为 -{n}" in backwards.explanation


@pytest.mark.django_db
def test_explanation_example_2020_national_day():
    result = selectors.explain_add_workdays(D(2020, 9, 28), 20)
    assert result.explanation == (
        "自 2020-09-28（星期一）起算 20 个工作日（不含当日），跳过国庆节假期 2020-10-01 至 2020-10-08（共 8 天）；"
        "计入调休上班日 2020-10-10（星期六）；另跳过普通周末 7 天；到期日为 2020-11-02（星期一）。")


@pytest.mark.django_db
def test_explanation_without_holidays():
    result = selectors.explain_add_workdays(D(2025, 3, 3), 5)
    assert result.date == D(2025, 3, 10)
    assert "期间没有法定节假日或调休" in result.explanation
    assert "另跳过普通周末 2 天" in result.explanation


@pytest.mark.django_db
def test_between_and_add_are_inverse_on_working_days():
    calendar = selectors.get_calendar()
    a = D(2024, 1, 15)
    b = a
    for _ in range(300):
        b += dt.timedelta(days=1)
        if calendar.is_workday(b):
            assert calendar.add_workdays(a, calendar.workdays_between(a, b)) == b


@pytest.mark.django_db
@pytest.mark.parametrize(("call", "year"), [
    (lambda: selectors.add_workdays(D(2026, 12, 28), 5), 2027),
    (lambda: selectors.workdays_between(D(2026, 12, 1), D(2027, 1, 10)), 2027),
    (lambda: selectors.is_workday(D(2027, 1, 1)), 2027),
    (lambda: selectors.explain_add_workdays(D(2027, 3, 1), 0), 2027),
    (lambda: selectors.workdays_between(D(2003, 12, 1), D(2004, 1, 10)), 2003),
    (lambda: selectors.workdays_between(D(2004, 1, 10), D(2003, 12, 1)), 2003),
    (lambda: selectors.is_workday(D(2003, 5, 1)), 2003),
])
def test_missing_year_raises(call, year):
    with pytest.raises(CalendarYearMissing) as info:
        call()
    assert info.value.year == year
    assert f"缺少 {year} 年的法定节假日安排" in str(info.value)


@pytest.mark.django_db
def test_add_within_last_loaded_year_still_works():
    assert selectors.add_workdays(D(2026, 12, 24), 4) == D(2026, 12, 30)
    assert selectors.add_workdays(D(2026, 12, 30), 1) == D(2026, 12, 31)
