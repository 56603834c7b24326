"""Reading the working-day calendar from the database: ``get_calendar()`` and convenience functions.

Other apps compute statutory deadlines through this module::

    from gongkai.workdays.selectors import add_workdays, workdays_between, is_workday, get_calendar

``get_calendar()`` keeps the built ``WorkCalendar`` in the process and checks the stored revision token on
every call (one small query), so a change saved by any worker process is seen by all of them. Code that
does many computations in a row should call ``get_calendar()`` once and use the returned object.
"""

import datetime as dt
import threading
import uuid

from django.utils import timezone

from .calendar import Calculation, WorkCalendar
from .models import CalendarOverride, CalendarRevision, CalendarYear

_lock = threading.Lock()
_cached: tuple[str, WorkCalendar] | None = None


def _current_token() -> str:
    return CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def load_calendar() -> WorkCalendar:
    """Build a fresh WorkCalendar from the database, bypassing the cache."""
    years = CalendarYear.objects.values_list("year", flat=True)
    overrides = {day: (kind, name) for day, kind, name in
                 CalendarOverride.objects.values_list("date", "kind", "name")}
    return WorkCalendar(years, overrides)


def get_calendar() -> WorkCalendar:
    """The current calendar, rebuilt only when it changed since this process last built it."""
    global _cached
    # Read the token before the data: if a change lands in between, the newer data is stored under the
    # older token and simply rebuilt on the next call, never the other way round.
    token = _current_token()
    cached = _cached
    if cached is not None and cached[0] == token:
        return cached[1]
    with _lock:
        cached = _cached
        if cached is not None and cached[0] == token:
            return cached[1]
        calendar = load_calendar()
        _cached = (token, calendar)
        return calendar


def invalidate_cache() -> None:
    """Forget this process's calendar; the next ``get_calendar()`` reads the database."""
    global _cached
    with _lock:
        _cached = None


def bump_revision() -> None:
    """Mark the calendar as changed for every process. Call inside the transaction that changes it."""
    CalendarRevision.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()})
    invalidate_cache()


def is_workday(day: dt.date) -> bool:
    return get_calendar().is_workday(day)


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` not counted; n == 0 gives ``start``)."""
    return get_calendar().add_workdays(start, n)


def workdays_between(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b]; negative when b < a."""
    return get_calendar().workdays_between(a, b)


def explain_add_workdays(start: dt.date, n: int) -> Calculation:
    return get_calendar().explain_add_workdays(start, n)


def explain_workdays_between(a: dt.date, b: dt.date) -> Calculation:
    return get_calendar().explain_workdays_between(a, b)


def explain_is_workday(day: dt.date) -> str:
    return get_calendar().explain_is_workday(day)
