"""Working-day arithmetic on the statutory calendar (法定节假日与调休), with no database access.

A ``WorkCalendar`` is built from the set of loaded years and the per-date overrides of those years:

* a day is a working day when it is Monday–Friday and not a ``holiday`` override, or when it is a
  Saturday/Sunday with a ``workday`` (调休上班) override;
* only years that have been loaded can be computed on. Touching any other year raises
  ``CalendarYearMissing``: a weekends-only guess would silently produce wrong statutory deadlines.

Conventions (the ones deadline code relies on):

* ``add_workdays(start, n)`` returns the n-th working day *after* ``start``: the start day itself is never
  counted, because Chinese statutory periods run from the day after the triggering event. ``n == 0``
  returns ``start`` unchanged (even if it is not a working day). ``n`` must not be negative.
* ``workdays_between(a, b)`` counts the working days in the half-open interval (a, b]: ``a`` is excluded,
  ``b`` included. It is 0 when ``a == b`` and negative (minus the count over (b, a]) when ``b < a``, so
  that for any working day ``b`` after ``a``: ``add_workdays(a, workdays_between(a, b)) == b``.
* Every date from the earlier to the later end, both included, must lie in a loaded year.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

HOLIDAY = "holiday"
WORKDAY = "workday"
KINDS = (HOLIDAY, WORKDAY)

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

ONE_DAY = dt.timedelta(days=1)


class WorkCalendarError(Exception):
    """Base of the errors a working-day computation can raise; ``message`` is shown to users as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CalendarYearMissing(WorkCalendarError):
    """The computation reached a year whose holiday arrangement has not been loaded."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"缺少 {year} 年的法定节假日安排，请系统管理员先录入该年度工作日历。")


class Override(NamedTuple):
    """What the calendar says about one date that differs from the plain Monday–Friday week."""

    kind: str  # HOLIDAY or WORKDAY
    name: str


def weekday_name(day: dt.date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


def fmt(day: dt.date) -> str:
    """A date as shown in explanations: 2020-10-10（星期六）."""
    return f"{day.isoformat()}（{weekday_name(day)}）"


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def override_problem(day: dt.date, kind: str) -> str | None:
    """Why an override of ``kind`` on ``day`` would be meaningless, or None when it is a real override.

    Only deviations from the ordinary week are stored: a holiday on a weekend is a rest day anyway and a
    调休 working day on a weekday is a working day anyway; storing them would only blur the data.
    """
    if kind == HOLIDAY and is_weekend(day):
        return (f"{day.isoformat()} 是{weekday_name(day)}，本来就是休息日，不需要登记为法定节假日；"
                "只登记落在星期一至星期五的法定节假日。")
    if kind == WORKDAY and not is_weekend(day):
        return (f"{day.isoformat()} 是{weekday_name(day)}，本来就是工作日，不需要登记为调休上班日；"
                "只登记落在星期六、星期日的调休上班日。")
    if kind not in KINDS:
        return "请选择类型：法定节假日或调休上班。"
    return None


def _check_date(value) -> dt.date:
    # A datetime carries a time zone question (which local day is it?) that only the caller can answer.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"工作日计算需要 datetime.date，收到的是 {type(value).__name__}。")
    return value


def _join_names(names: Iterable[str]) -> str:
    return "、".join(names)


@dataclass(frozen=True)
class HolidayRun:
    """Consecutive rest days (weekends included) that contain at least one statutory holiday."""

    start: dt.date
    end: dt.date
    names: tuple[str, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def describe(self) -> str:
        span = self.start.isoformat() if self.start == self.end else f"{self.start.isoformat()} 至 {self.end.isoformat()}"
        return f"{_join_names(self.names)}假期 {span}（共 {self.days} 天）"


@dataclass(frozen=True)
class MakeupDay:
    """A weekend day worked under 调休, counted as a working day."""

    date: dt.date
    name: str


@dataclass(frozen=True)
class Calculation:
    """The result of ``explain_add_workdays`` or ``explain_workdays_between``.

    ``date`` is the due date (for add) or the end date (for between); ``count`` is the number of working
    days; the tuples list what the explanation mentions.
    """

    start: dt.date
    date: dt.date
    count: int
    holidays: tuple[HolidayRun, ...]
    makeup_days: tuple[MakeupDay, ...]
    plain_weekend_days: int
    explanation: str


@dataclass(frozen=True)
class _Scan:
    workdays: int
    holidays: tuple[HolidayRun, ...]
    makeup_days: tuple[MakeupDay, ...]
    plain_weekend_days: int

    def details(self) -> str:
        """The middle of an explanation: holidays skipped, 调休 days counted, ordinary weekends."""
        parts = []
        if self.holidays:
            parts.append("跳过" + "，".join(run.describe() for run in self.holidays))
        if self.makeup_days:
            parts.append("计入调休上班日 " + "、".join(fmt(m.date) for m in self.makeup_days))
        if self.plain_weekend_days:
            parts.append(f"另跳过普通周末 {self.plain_weekend_days} 天")
        if not self.holidays and not self.makeup_days:
            parts.insert(0, "期间没有法定节假日或调休")
        return "；".join(parts)


class WorkCalendar:
    """An immutable view of the statutory calendar for the loaded years."""

    def __init__(self, years: Iterable[int], overrides: Mapping[dt.date, Override | tuple[str, str]]):
        self._years = frozenset(int(y) for y in years)
        self._overrides = {day: Override(*value) for day, value in overrides.items()}

    @property
    def years(self) -> frozenset[int]:
        return self._years

    @property
    def overrides(self) -> Mapping[dt.date, Override]:
        return dict(self._overrides)

    def has_year(self, year: int) -> bool:
        return year in self._years

    def _require(self, day: dt.date) -> None:
        if day.year not in self._years:
            raise CalendarYearMissing(day.year)

    def _require_span(self, first: dt.date, last: dt.date) -> None:
        for year in range(first.year, last.year + 1):
            if year not in self._years:
                raise CalendarYearMissing(year)

    def _workday(self, day: dt.date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.kind == WORKDAY
        return not is_weekend(day)

    def is_workday(self, day: dt.date) -> bool:
        day = _check_date(day)
        self._require(day)
        return self._workday(day)

    def override_for(self, day: dt.date) -> Override | None:
        day = _check_date(day)
        self._require(day)
        return self._overrides.get(day)

    def explain_is_workday(self, day: dt.date) -> str:
        day = _check_date(day)
        self._require(day)
        override = self._overrides.get(day)
        if override is not None and override.kind == HOLIDAY:
            return f"{fmt(day)}是法定节假日（{override.name}），不上班。"
        if override is not None:
            return f"{fmt(day)}是调休上班日（{override.name}），计为工作日。"
        if is_weekend(day):
            return f"{fmt(day)}是周末，休息。"
        return f"{fmt(day)}是工作日。"

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        start = _check_date(start)
        if n < 0:
            raise ValueError("工作日数不能为负数。")
        self._require(start)
        day = start
        remaining = n
        while remaining:
            day += ONE_DAY
            self._require(day)
            if self._workday(day):
                remaining -= 1
        return day

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        a, b = _check_date(a), _check_date(b)
        if b < a:
            return -self.workdays_between(b, a)
        self._require_span(a, b)
        count = 0
        day = a + ONE_DAY
        while day <= b:
            if self._workday(day):
                count += 1
            day += ONE_DAY
        return count

    def _scan(self, first: dt.date, last: dt.date) -> _Scan:
        """Walk ``first``..``last`` (both included) and group the rest days into runs."""
        workdays = 0
        runs: list[HolidayRun] = []
        makeup: list[MakeupDay] = []
        plain_weekend = 0
        run: list[dt.date] = []

        def close_run():
            nonlocal plain_weekend
            if not run:
                return
            names: list[str] = []
            for d in run:
                override = self._overrides.get(d)
                if override is not None and override.kind == HOLIDAY and override.name not in names:
                    names.append(override.name)
            if names:
                runs.append(HolidayRun(run[0], run[-1], tuple(names)))
            else:
                plain_weekend += len(run)
            run.clear()

        day = first
        while day <= last:
            if self._workday(day):
                close_run()
                workdays += 1
                override = self._overrides.get(day)
                if override is not None:
                    makeup.append(MakeupDay(day, override.name))
            else:
                run.append(day)
            day += ONE_DAY
        close_run()
        return _Scan(workdays, tuple(runs), tuple(makeup), plain_weekend)

    def explain_add_workdays(self, start: dt.date, n: int) -> Calculation:
        due = self.add_workdays(start, n)
        if n == 0:
            text = f"工作日数为 0，到期日即起算日 {fmt(start)}。"
            return Calculation(start, due, 0, (), (), 0, text)
        scan = self._scan(start + ONE_DAY, due)
        text = (f"自 {fmt(start)}起算 {n} 个工作日（不含当日），{scan.details()}；"
                f"到期日为 {fmt(due)}。")
        return Calculation(start, due, n, scan.holidays, scan.makeup_days, scan.plain_weekend_days, text)

    def explain_workdays_between(self, a: dt.date, b: dt.date) -> Calculation:
        count = self.workdays_between(a, b)
        if a == b:
            text = f"起始日与截止日同为 {fmt(a)}，不含起始日、含截止日，共 0 个工作日。"
            return Calculation(a, b, 0, (), (), 0, text)
        first, last = (a, b) if a < b else (b, a)
        scan = self._scan(first + ONE_DAY, last)
        if a < b:
            text = (f"自 {fmt(a)}至 {fmt(b)}，不含起始日、含截止日，共 {count} 个工作日；"
                    f"{scan.details()}。")
        else:
            text = (f"截止日 {fmt(b)}早于起始日 {fmt(a)}：自 {fmt(b)}至 {fmt(a)}（不含前者、含后者）"
                    f"共 {-count} 个工作日，结果记为 {count}；{scan.details()}。")
        return Calculation(a, b, count, scan.holidays, scan.makeup_days, scan.plain_weekend_days, text)
