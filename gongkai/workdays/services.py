"""Changes to the working-day calendar (工作日历), made by the 系统管理员.

Each function checks permission, validates, writes the change and its audit event in one transaction,
renews the calendar revision (so every process drops its cached calendar) and sends ``calendar_changed``.
Invalid input raises ValidationError with Chinese messages and changes nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.audit.services import record, snapshot

from . import sources
from .calendar import KINDS, override_problem
from .models import CalendarOverride, CalendarSource, CalendarYear
from .selectors import bump_revision
from .signals import calendar_changed

NOTE_MAX = 200


def _require_sysadmin(actor):
    if not getattr(actor, "is_sysadmin", False) or not actor.is_active:
        raise PermissionDenied("只有系统管理员可以维护工作日历。")


def _changed(*, action: str, actor, dates, years=()) -> None:
    dates = frozenset(dates)
    bump_revision()
    calendar_changed.send(sender=CalendarOverride, dates=dates,
                          years=frozenset(years) | frozenset(d.year for d in dates), action=action, actor=actor)


def _entries_of(year: int) -> list[list]:
    """A year's overrides in the audit record: [date, kind, name, note] each."""
    return [[o.date, o.kind, o.name, o.note]
            for o in CalendarOverride.objects.filter(sources.year_range_q(year)).order_by("date")]


def _clean_override(day, kind, name, note) -> dict:
    errors = {}
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        errors["date"] = "请填写日期。"
    if kind not in KINDS:
        errors["kind"] = "请选择类型：法定节假日或调休上班。"
    name = (name or "").strip()
    note = (note or "").strip()
    if not name:
        errors["name"] = "请填写节日名称，如春节、国庆节。"
    elif len(name) > sources.NAME_MAX:
        errors["name"] = f"节日名称不能超过 {sources.NAME_MAX} 个字。"
    if len(note) > NOTE_MAX:
        errors["note"] = f"备注不能超过 {NOTE_MAX} 个字。"
    if not errors:
        problem = override_problem(day, kind)
        if problem:
            errors["date"] = problem
    if errors:
        raise ValidationError(errors)
    return {"date": day, "kind": kind, "name": name, "note": note}


def _lock_year(year: int) -> CalendarYear:
    """Lock the year's row so that concurrent edits of the same year are serialised."""
    year_row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if year_row is None:
        raise ValidationError({"date": f"{year} 年的工作日历尚未载入，请先载入或录入该年度，再逐日调整。"})
    return year_row


def _check_free(day: dt.date, exclude_pk=None) -> None:
    clash = CalendarOverride.objects.exclude(pk=exclude_pk).filter(date=day).first()
    if clash is not None:
        raise ValidationError({"date": f"{day.isoformat()} 已有一条记录（{clash.get_kind_display()}：{clash.name}），"
                                       "同一日期不能重复录入；如需更改请编辑该记录。"})


def add_override(actor, *, date, kind, name, note="", request=None) -> CalendarOverride:
    _require_sysadmin(actor)
    data = _clean_override(date, kind, name, note)
    with transaction.atomic():
        _lock_year(data["date"].year)
        _check_free(data["date"])
        try:
            with transaction.atomic():
                override = CalendarOverride.objects.create(**data)
        except IntegrityError as e:
            raise ValidationError({"date": f"{data['date'].isoformat()} 已有一条记录，同一日期不能重复录入。"}) from e
        action = "workdays.override.create"
        record(actor=actor, action=action, obj=override, after=snapshot(override), request=request)
        _changed(action=action, actor=actor, dates=[override.date])
    return override


def update_override(actor, override_id: int, *, date, kind, name, note="", request=None) -> CalendarOverride:
    _require_sysadmin(actor)
    data = _clean_override(date, kind, name, note)
    with transaction.atomic():
        override = CalendarOverride.objects.select_for_update().filter(pk=override_id).first()
        if override is None:
            raise ValidationError("该记录不存在或已被删除。")
        _lock_year(override.date.year)
        if data["date"].year != override.date.year:
            _lock_year(data["date"].year)
        _check_free(data["date"], exclude_pk=override.pk)
        before = snapshot(override)
        old_date = override.date
        for field, value in data.items():
            setattr(override, field, value)
        try:
            with transaction.atomic():
                override.save()
        except IntegrityError as e:
            raise ValidationError({"date": f"{data['date'].isoformat()} 已有一条记录，同一日期不能重复录入。"}) from e
        action = "workdays.override.update"
        record(actor=actor, action=action, obj=override, before=before, after=snapshot(override), request=request)
        _changed(action=action, actor=actor, dates=[old_date, override.date])
    return override


def delete_override(actor, override_id: int, *, request=None) -> None:
    _require_sysadmin(actor)
    with transaction.atomic():
        override = CalendarOverride.objects.select_for_update().filter(pk=override_id).first()
        if override is None:
            raise ValidationError("该记录不存在或已被删除。")
        _lock_year(override.date.year)
        action = "workdays.override.delete"
        record(actor=actor, action=action, obj=override, before=snapshot(override), request=request)
        day = override.date
        override.delete()
        _changed(action=action, actor=actor, dates=[day])


def _check_year_number(year) -> int:
    if not isinstance(year, int) or not sources.MIN_YEAR <= year <= sources.MAX_YEAR:
        raise ValidationError({"year": f"年度须在 {sources.MIN_YEAR} 至 {sources.MAX_YEAR} 之间。"})
    return year


@dataclass(frozen=True)
class LoadOutcome:
    year: CalendarYear | None
    result: sources.SeedResult


def _load_from_package(year: int, *, replace: bool, actor, request) -> LoadOutcome:
    if not sources.package_has_year(year):
        span = sources.package_years()
        raise ValidationError({"year": f"chinesecalendar {sources.package_version()} 只包含 {span.start} 至 "
                                       f"{span.stop - 1} 年的安排，没有 {year} 年；请手工录入该年度。"})
    with transaction.atomic():
        existing = CalendarYear.objects.select_for_update().filter(year=year).first()
        if existing is not None and not replace:
            return LoadOutcome(existing, sources.seed_year(
                year, year_model=CalendarYear, override_model=CalendarOverride))
        before = None
        old_dates = []
        if existing is not None:
            old_entries = _entries_of(year)
            old_dates = [entry[0] for entry in old_entries]
            before = {"year": snapshot(existing), "entries": old_entries}
        result = sources.seed_year(year, year_model=CalendarYear, override_model=CalendarOverride, replace=replace)
        year_row = CalendarYear.objects.get(year=year)
        new_entries = _entries_of(year)
        action = "workdays.year.replace" if existing is not None else "workdays.year.seed"
        record(actor=actor, action=action, obj=year_row, before=before,
               after={"year": snapshot(year_row), "entries": new_entries}, request=request)
        _changed(action=action, actor=actor, dates=old_dates + [entry[0] for entry in new_entries], years=[year])
    return LoadOutcome(year_row, result)


def load_year_from_package(actor, year: int, *, replace: bool = False, request=None) -> CalendarYear:
    """Load ``year`` from chinesecalendar. An already loaded year is replaced only when ``replace`` is set
    (which discards that year's manual edits); otherwise it is a ValidationError."""
    _require_sysadmin(actor)
    _check_year_number(year)
    outcome = _load_from_package(year, replace=replace, actor=actor, request=request)
    if outcome.result.status == "skipped":
        raise ValidationError({"year": f"{year} 年的工作日历已经载入；如需用软件包数据覆盖，请选择重新载入。"})
    return outcome.year


def system_load_year_from_package(year: int, *, replace: bool = False) -> sources.SeedResult:
    """The ``seed_calendar`` command's entry point: the operator on the server acts as "system" in the audit
    trail. Returns status "skipped" for an already loaded year unless ``replace`` is set."""
    _check_year_number(year)
    return _load_from_package(year, replace=replace, actor=None, request=None).result


def create_year_manually(actor, *, year: int, entries: str, note: str = "", request=None) -> CalendarYear:
    """Create a year that chinesecalendar does not (yet) have, from the bulk text format
    (``2027-01-01 休 元旦`` a line). Any bad line rejects the whole list."""
    _require_sysadmin(actor)
    _check_year_number(year)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"备注不能超过 {NOTE_MAX} 个字。"})
    try:
        parsed = sources.parse_entries(entries, year)
    except ValidationError as e:
        raise ValidationError({"entries": e.messages}) from e
    with transaction.atomic():
        if CalendarYear.objects.select_for_update().filter(year=year).exists():
            raise ValidationError({"year": f"{year} 年的工作日历已经载入，不能重复录入；请在该年度页面逐日调整，"
                                           "或先删除该年度再重新录入。"})
        # Strays cannot exist through the services, but a year must start from exactly what was entered.
        CalendarOverride.objects.filter(sources.year_range_q(year)).delete()
        try:
            with transaction.atomic():
                year_row = CalendarYear.objects.create(year=year, source=CalendarSource.MANUAL, note=note)
                CalendarOverride.objects.bulk_create(
                    [CalendarOverride(date=e.date, kind=e.kind, name=e.name) for e in parsed])
        except IntegrityError as e:
            raise ValidationError({"year": f"{year} 年的工作日历刚被他人录入，请刷新页面查看。"}) from e
        action = "workdays.year.create"
        record(actor=actor, action=action, obj=year_row,
               after={"year": snapshot(year_row), "entries": _entries_of(year)}, request=request)
        _changed(action=action, actor=actor, dates=[e.date for e in parsed], years=[year])
    return year_row


def delete_year(actor, year: int, *, request=None) -> None:
    """Remove a whole year; deadlines reaching it can no longer be computed until it is loaded again."""
    _require_sysadmin(actor)
    with transaction.atomic():
        year_row = CalendarYear.objects.select_for_update().filter(year=year).first()
        if year_row is None:
            raise ValidationError(f"{year} 年的工作日历不存在或已被删除。")
        entries = _entries_of(year)
        action = "workdays.year.delete"
        record(actor=actor, action=action, obj=year_row,
               before={"year": snapshot(year_row), "entries": entries}, request=request)
        CalendarOverride.objects.filter(sources.year_range_q(year)).delete()
        year_row.delete()
        # Every date of the year changes (from computable to missing), so the year is always named.
        _changed(action=action, actor=actor, dates=[entry[0] for entry in entries], years=[year])
