"""Where calendar data comes from: the ``chinesecalendar`` package and the bulk text format admins type in.

Nothing here imports the app's models: ``seed_year`` takes the model classes as arguments so that the
seeding data migration (historical models from ``apps.get_model``) and the ``seed_calendar`` command (the
real models) run the same code.
"""

import datetime as dt
import functools
import re
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as dist_version
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from .calendar import HOLIDAY, WORKDAY, override_problem

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

KIND_TOKENS = {"休": HOLIDAY, "班": WORKDAY}
TOKEN_FOR_KIND = {kind: token for token, kind in KIND_TOKENS.items()}

MIN_YEAR = 1990
MAX_YEAR = 2100
NAME_MAX = 60
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Entry(NamedTuple):
    date: dt.date
    kind: str
    name: str


class SeedResult(NamedTuple):
    year: int
    status: str  # "created", "replaced" or "skipped" (already loaded and not asked to replace)
    holidays: int
    workdays: int


def chinese_name(value) -> str:
    """The Chinese name of a chinesecalendar holiday (an enum or its English value); unknown ones stay English."""
    english = getattr(value, "value", value)
    return HOLIDAY_NAMES.get(english, str(english))


def package_version() -> str:
    try:
        return dist_version("chinesecalendar")
    except PackageNotFoundError:
        return ""


@functools.cache
def package_years() -> range:
    """The years the installed chinesecalendar covers (it has data for every year between its first and last)."""
    from chinese_calendar import constants

    days = list(constants.holidays) + list(constants.workdays)
    return range(min(days).year, max(days).year + 1)


def package_has_year(year: int) -> bool:
    return year in package_years()


def package_entries(year: int) -> list[Entry]:
    """The real overrides of ``year`` in chinesecalendar: weekday holidays and weekend 调休 working days."""
    from chinese_calendar import constants

    if not package_has_year(year):
        raise ValueError(f"chinesecalendar {package_version()} 未包含 {year} 年的法定节假日安排。")
    entries = [Entry(day, HOLIDAY, chinese_name(name)) for day, name in constants.holidays.items()
               if day.year == year and override_problem(day, HOLIDAY) is None]
    entries += [Entry(day, WORKDAY, chinese_name(name)) for day, name in constants.workdays.items()
                if day.year == year and override_problem(day, WORKDAY) is None]
    return sorted(entries)


def year_range_q(year: int) -> Q:
    """Filter for one year's dates; a range rather than ``date__year`` so the unique index on date is used."""
    return Q(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))


def seed_year(year: int, *, year_model, override_model, replace: bool = False, now=None) -> SeedResult:
    """Load one year from chinesecalendar into the given models (call inside a transaction).

    An already loaded year is left alone unless ``replace`` is set, in which case all of that year's
    overrides (including manual edits) are replaced by the package's and the year is marked as seeded.
    """
    entries = package_entries(year)
    holidays = sum(1 for e in entries if e.kind == HOLIDAY)
    existing = year_model.objects.filter(year=year).first()
    if existing is not None and not replace:
        return SeedResult(year, "skipped", holidays, len(entries) - holidays)
    override_model.objects.filter(year_range_q(year)).delete()
    override_model.objects.bulk_create(
        [override_model(date=e.date, kind=e.kind, name=e.name) for e in entries])
    year_model.objects.update_or_create(year=year, defaults={
        "source": "chinesecalendar",
        "loaded_at": now or timezone.now(),
        "note": f"由 chinesecalendar {package_version()} 载入",
    })
    return SeedResult(year, "replaced" if existing else "created", holidays, len(entries) - holidays)


def seed_all(*, year_model, override_model, replace: bool = False) -> list[SeedResult]:
    now = timezone.now()
    return [seed_year(year, year_model=year_model, override_model=override_model, replace=replace, now=now)
            for year in package_years()]


def parse_entries(text: str, year: int) -> list[Entry]:
    """Parse the bulk format, one entry a line: ``2027-01-01 休 元旦`` or ``2027-02-07 班 春节调休``.

    Blank lines and lines starting with ``#`` are ignored. Every line is checked; if any is wrong a
    ValidationError lists each bad line by its number, so the admin can fix them all at once.
    """
    errors: list[str] = []
    entries: list[Entry] = []
    seen: dict[dt.date, int] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            errors.append(f"第 {number} 行“{line}”格式不对：应为“日期 休/班 节日名称”，如“{year}-01-01 休 元旦”。")
            continue
        date_text, token, name = parts
        if not DATE_RE.match(date_text):
            errors.append(f"第 {number} 行：日期“{date_text}”应写成 YYYY-MM-DD，如 {year}-01-01。")
            continue
        try:
            day = dt.date.fromisoformat(date_text)
        except ValueError:
            errors.append(f"第 {number} 行：日期“{date_text}”不存在。")
            continue
        if day.year != year:
            errors.append(f"第 {number} 行：日期 {date_text} 不在 {year} 年。")
            continue
        kind = KIND_TOKENS.get(token)
        if kind is None:
            errors.append(f"第 {number} 行：类型“{token}”应为“休”（法定节假日）或“班”（调休上班）。")
            continue
        name = name.strip()
        if len(name) > NAME_MAX:
            errors.append(f"第 {number} 行：节日名称不能超过 {NAME_MAX} 个字。")
            continue
        problem = override_problem(day, kind)
        if problem:
            errors.append(f"第 {number} 行：{problem}")
            continue
        if day in seen:
            errors.append(f"第 {number} 行：日期 {date_text} 与第 {seen[day]} 行重复。")
            continue
        seen[day] = number
        entries.append(Entry(day, kind, name))
    if errors:
        raise ValidationError(errors)
    if not entries:
        raise ValidationError(f"请逐行录入 {year} 年的法定节假日和调休上班日；每个年度都有法定节假日安排。")
    return sorted(entries)


def format_entries(entries) -> str:
    """The bulk format for existing entries (anything with ``date``, ``kind`` and ``name``)."""
    return "\n".join(f"{e.date.isoformat()} {TOKEN_FOR_KIND[e.kind]} {e.name}" for e in entries)
