"""Reading loosely typed input (forms, JSON, CSV) the same way everywhere, with Chinese field errors."""

import datetime as dt
import inspect

from django.core.exceptions import ValidationError


def parse_date(value, field: str, *, required: bool = True) -> dt.date | None:
    """A date from a date, a datetime or an ISO string; ``ValidationError({field: …})`` otherwise."""
    if value in (None, ""):
        if required:
            raise ValidationError({field: "请填写日期。"})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: f"日期“{value}”格式不正确，应为 YYYY-MM-DD。"}) from None


def call_with_data(func, *positional, data: dict, request=None):
    """Call a service action ``func(*positional, request=…, **data)`` with keyword arguments taken from
    ``data``: unknown keys and missing required keywords are field errors, before anything runs."""
    params = inspect.signature(func).parameters
    accepted = {name for name, p in params.items() if p.kind == p.KEYWORD_ONLY and name != "request"}
    unknown = set(data) - accepted
    if unknown:
        raise ValidationError({k: "不支持的字段。" for k in sorted(unknown)})
    missing = [name for name, p in params.items()
               if p.kind == p.KEYWORD_ONLY and p.default is p.empty and name not in data]
    if missing:
        raise ValidationError({k: "请填写该项。" for k in missing})
    return func(*positional, request=request, **data)
