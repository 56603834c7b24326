"""Reading loosely typed input (forms, JSON, CSV) the same way everywhere, with Chinese field errors."""

import datetime as dt
import inspect

from django.core.exceptions import ValidationError

from gongkai.core.errors import ConflictError


def parse_date(value, field: str, *, required: bool = True, label: str = "") -> dt.date | None:
    """A date from a date, a datetime or an ISO string; ``ValidationError({field: …})`` otherwise. With a
    ``label`` the messages name the field (“请填写受理日期。”); without, they quote the value."""
    if value in (None, ""):
        if required:
            raise ValidationError({field: f"请填写{label or '日期'}。"})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        shown = label or f"日期“{value}”"
        raise ValidationError({field: f"{shown}格式不正确，应为 YYYY-MM-DD。"}) from None


def parse_text(value, field: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
    """Stripped text: no NUL characters, present when required, at most ``max_length`` characters."""
    text = str(value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: f"{label}不能包含空字符。"})
    if required and not text:
        raise ValidationError({field: f"请填写{label}。"})
    if len(text) > max_length:
        raise ValidationError({field: f"{label}不能超过 {max_length} 字（当前 {len(text)} 字）。"})
    return text


def parse_version(value) -> int:
    """The optimistic-concurrency version a form or API call sent back; missing or unreadable is a conflict."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ConflictError("缺少记录版本，请刷新页面后重试。") from None


def parse_org(value, field: str = "org", message: str = "请选择机关。"):
    """An ``Organization`` given as itself or by primary key (scope is the caller's check)."""
    from gongkai.orgs.models import Organization

    if isinstance(value, Organization):
        return value
    org = Organization.objects.filter(pk=value).first() if str(value or "").isdigit() else None
    if org is None:
        raise ValidationError({field: message})
    return org


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
