"""Every change to the work records, one function per action: ``create_record``, ``update_record``,
``delete_record``, ``create_account``, ``update_account``, ``delete_account`` and ``save_month`` (the monthly
entry of 政务新媒体 post counts for many accounts at once).

Each checks permission (a body outside the actor's scope is a 404; a body the actor only reads — e.g. the
监督员 — is ``PermissionDenied``), validates (``ValidationError`` with Chinese field errors, before anything is
written), then writes the change and its audit event in one transaction. Edits carry the ``version`` the caller
read; a different version is a ``ConflictError`` and nothing is written.

Rules:
- a record's date is not in the future and not before 2008; a 培训 needs its attendees count (参加人次), the
  others may give one;
- a new-media month is a month that has begun; a count is a whole number from 0 to 100000; a blank count
  removes that month's entry; the whole entry is refused if any count is wrong;
- an account that already has monthly counts cannot be deleted (mark it 停止运营 instead).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.core.inputs import parse_date, parse_org, parse_text, parse_version
from gongkai.orgs.models import Organization

from .codes import Platform, RecordKind
from .models import NewMediaAccount, NewMediaMonth, WorkRecord
from .permissions import NOT_FOUND, check_can_edit, editable_org_ids, viewable_org_ids

FIRST_YEAR = 2008
MAX_ATTENDEES = 1_000_000
MAX_POSTS = 100_000
RECORD_FIELDS = ("kind", "held_on", "title", "place", "attendees", "participants", "link", "notes")
RECORD_AUDITED = ("org", *RECORD_FIELDS, "version")
ACCOUNT_AUDITED = ("org", "platform", "name", "is_active", "version")


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------------------
# input


def _text(value, key: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
    return parse_text(value, key, label, required=required, max_length=max_length)


def _date(value, key: str, label: str) -> dt.date:
    day = parse_date(value, key, label=label)
    if day.year < FIRST_YEAR:
        raise ValidationError({key: f"{label}不能早于 {FIRST_YEAR} 年。"})
    if day > today():
        raise ValidationError({key: f"{label}不能晚于今天（{today():%Y-%m-%d}）。"})
    return day


def _count(value, key: str, label: str, *, maximum: int, required: bool = False) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({key: f"请填写{label}。"})
        return None
    if isinstance(value, bool):
        raise ValidationError({key: f"{label}应为整数。"})
    try:
        number = int(str(value).strip().replace(",", ""))
    except ValueError:
        raise ValidationError({key: f"{label}应为整数。"}) from None
    if number < 0 or number > maximum:
        raise ValidationError({key: f"{label}应在 0 到 {maximum} 之间。"})
    return number


def _version(value) -> int:
    return parse_version(value)


def _org(value) -> Organization:
    return parse_org(value, message="请选择机关。")


def parse_month(value) -> dt.date:
    """``YYYY-MM`` (or a date) → the first day of that month; a month not yet begun is refused."""
    if isinstance(value, dt.date):
        month = value.replace(day=1)
    else:
        text = str(value or "").strip()
        try:
            year, mon = text.split("-")[:2]
            month = dt.date(int(year), int(mon), 1)
        except (ValueError, TypeError):
            raise ValidationError({"month": "月份格式不正确，应为 YYYY-MM。"}) from None
    if month.year < FIRST_YEAR:
        raise ValidationError({"month": f"月份不能早于 {FIRST_YEAR} 年。"})
    if month > today():
        raise ValidationError({"month": "不能填报尚未开始的月份。"})
    return month


def _clean_record(data: dict) -> dict:
    kind = data.get("kind")
    if kind not in RecordKind.values:
        raise ValidationError({"kind": "请选择类别（新闻发布会、在线访谈、向上级报送政策解读或培训）。"})
    link = _text(data.get("link"), "link", "链接", max_length=500)
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationError({"link": "链接应为以 http:// 或 https:// 开头的网址。"}) from None
    attendees = _count(data.get("attendees"), "attendees", "参加人次", maximum=MAX_ATTENDEES,
                       required=kind == RecordKind.TRAINING)
    if kind == RecordKind.TRAINING and attendees == 0:
        raise ValidationError({"attendees": "培训的参加人次应大于 0。"})
    return {
        "kind": kind,
        "held_on": _date(data.get("held_on"), "held_on", "日期"),
        "title": _text(data.get("title"), "title", "主题", required=True, max_length=300),
        "place": _text(data.get("place"), "place", "地点或平台", max_length=200),
        "attendees": attendees,
        "participants": _text(data.get("participants"), "participants", "发布人/嘉宾/授课人", max_length=2000),
        "link": link,
        "notes": _text(data.get("notes"), "notes", "备注", max_length=2000),
    }


# ---------------------------------------------------------------------------------------------------------
# records


def _load_record(actor, record_id, version) -> WorkRecord:
    row = (WorkRecord.objects.select_for_update(of=("self",)).select_related("org")
           .filter(pk=record_id, org_id__in=viewable_org_ids(actor)).first()) if str(record_id).isdigit() else None
    if row is None:
        raise Http404(NOT_FOUND)
    check_can_edit(actor, row.org)
    if version is not None and row.version != _version(version):
        raise ConflictError("该记录已被他人修改，请刷新页面后重试。")
    return row


def create_record(actor, *, org, kind, held_on, title, place="", attendees=None, participants="", link="",
                  notes="", request=None) -> WorkRecord:
    """Register a 新闻发布会, 在线访谈, 报送政策解读 or 培训 of a body the actor keeps records for."""
    org = _org(org)
    check_can_edit(actor, org)
    if not org.is_active:
        raise ValidationError({"org": f"{org.name}已停用，不能登记新记录。"})
    clean = _clean_record({"kind": kind, "held_on": held_on, "title": title, "place": place,
                           "attendees": attendees, "participants": participants, "link": link, "notes": notes})
    with transaction.atomic():
        row = WorkRecord.objects.create(org=org, created_by=actor if getattr(actor, "pk", None) else None, **clean)
        record(actor=actor, action="workrecords.record.create", obj=row, org_id=org.pk,
               after=snapshot(row, RECORD_AUDITED), request=request)
    return row


def update_record(actor, record_id, *, version, kind, held_on, title, place="", attendees=None, participants="",
                  link="", notes="", org=None, request=None) -> WorkRecord:
    """Correct a record; ``org`` moves it to another body the actor keeps records for (None keeps it)."""
    clean = _clean_record({"kind": kind, "held_on": held_on, "title": title, "place": place,
                           "attendees": attendees, "participants": participants, "link": link, "notes": notes})
    target = _org(org) if org not in (None, "") else None
    with transaction.atomic():
        row = _load_record(actor, record_id, version)
        if target is not None and target.pk != row.org_id:
            check_can_edit(actor, target)
            if not target.is_active:
                raise ValidationError({"org": f"{target.name}已停用，不能将记录移至该机关。"})
            row.org = target
        before = snapshot(row, RECORD_AUDITED)
        for key, value in clean.items():
            setattr(row, key, value)
        row.version += 1
        row.save()
        record(actor=actor, action="workrecords.record.update", obj=row, org_id=row.org_id, before=before,
               after=snapshot(row, RECORD_AUDITED), request=request)
    return row


def delete_record(actor, record_id, *, version=None, request=None) -> None:
    with transaction.atomic():
        row = _load_record(actor, record_id, version if version not in ("",) else None)
        record(actor=actor, action="workrecords.record.delete", obj=row, org_id=row.org_id,
               before=snapshot(row, RECORD_AUDITED), after={}, request=request)
        row.delete()


# ---------------------------------------------------------------------------------------------------------
# new-media accounts


def _clean_account(platform, name) -> dict:
    if platform not in Platform.values:
        raise ValidationError({"platform": "请选择平台（微博、微信公众号、抖音、政务客户端或其他）。"})
    return {"platform": platform, "name": _text(name, "name", "账号名称", required=True, max_length=100)}


def _check_unique(org, clean, exclude_pk=None) -> None:
    if (NewMediaAccount.objects.filter(org=org, platform=clean["platform"], name=clean["name"])
            .exclude(pk=exclude_pk).exists()):
        raise ValidationError({"name": f"{org.name}已有同一平台的账号“{clean['name']}”。"})


def _load_account(actor, account_id, version) -> NewMediaAccount:
    account = (NewMediaAccount.objects.select_for_update(of=("self",)).select_related("org")
               .filter(pk=account_id, org_id__in=viewable_org_ids(actor)).first()
               if str(account_id).isdigit() else None)
    if account is None:
        raise Http404("未找到该账号，或不在您的数据范围内。")
    check_can_edit(actor, account.org)
    if version is not None and account.version != _version(version):
        raise ConflictError("该账号已被他人修改，请刷新页面后重试。")
    return account


def create_account(actor, *, org, platform, name, request=None) -> NewMediaAccount:
    org = _org(org)
    check_can_edit(actor, org)
    if not org.is_active:
        raise ValidationError({"org": f"{org.name}已停用，不能登记新账号。"})
    clean = _clean_account(platform, name)
    with transaction.atomic():
        Organization.objects.select_for_update(no_key=True).get(pk=org.pk)  # serialise the uniqueness check
        _check_unique(org, clean)
        account = NewMediaAccount.objects.create(org=org, **clean)
        record(actor=actor, action="workrecords.account.create", obj=account, org_id=org.pk,
               after=snapshot(account, ACCOUNT_AUDITED), request=request)
    return account


def update_account(actor, account_id, *, version, platform, name, is_active=True, request=None) -> NewMediaAccount:
    clean = _clean_account(platform, name)
    with transaction.atomic():
        account = _load_account(actor, account_id, version)
        _check_unique(account.org, clean, exclude_pk=account.pk)
        before = snapshot(account, ACCOUNT_AUDITED)
        account.platform, account.name, account.is_active = clean["platform"], clean["name"], bool(is_active)
        account.version += 1
        account.save()
        record(actor=actor, action="workrecords.account.update", obj=account, org_id=account.org_id,
               before=before, after=snapshot(account, ACCOUNT_AUDITED), request=request)
    return account


def delete_account(actor, account_id, *, version=None, request=None) -> None:
    """Remove an account entered by mistake; one with monthly counts is refused (mark it 停止运营)."""
    with transaction.atomic():
        account = _load_account(actor, account_id, version if version not in ("",) else None)
        if account.months.exists():
            raise ValidationError("该账号已有月度发布数，不能删除；已停止运营的账号请在修改页面标记为停止运营。")
        record(actor=actor, action="workrecords.account.delete", obj=account, org_id=account.org_id,
               before=snapshot(account, ACCOUNT_AUDITED), after={}, request=request)
        account.delete()


def save_month(actor, month, counts: dict, request=None) -> int:
    """The monthly entry: ``counts`` maps account ids to that month's post count (blank removes the entry).
    Every account must be one the actor keeps; every count is checked before anything is written. Returns
    the number of entries created, changed or removed."""
    month = parse_month(month)
    if not counts:
        raise ValidationError({"month": "没有需要保存的账号。"})
    wanted: dict[int, int | None] = {}
    errors = {}
    for key, value in counts.items():
        if not str(key).isdigit():
            raise Http404("未找到该账号，或不在您的数据范围内。")
        try:
            wanted[int(key)] = _count(value, f"posts_{key}", "发布信息条数", maximum=MAX_POSTS)
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        accounts = {a.pk: a for a in NewMediaAccount.objects.select_for_update(of=("self",)).select_related("org")
                    .filter(pk__in=wanted, org_id__in=viewable_org_ids(actor))}
        if len(accounts) != len(wanted):
            raise Http404("未找到该账号，或不在您的数据范围内。")
        editable = editable_org_ids(actor)
        for account in accounts.values():
            if account.org_id not in editable:
                check_can_edit(actor, account.org)
        existing = {m.account_id: m for m in NewMediaMonth.objects.select_for_update()
                    .filter(account_id__in=wanted, month=month)}
        before, after = {}, {}
        for pk, posts in wanted.items():
            row = existing.get(pk)
            old = row.posts if row else None
            if old == posts:
                continue
            before[str(pk)], after[str(pk)] = old, posts
            if posts is None:
                row.delete()
            elif row is None:
                NewMediaMonth.objects.create(account_id=pk, month=month, posts=posts,
                                             updated_by=actor if getattr(actor, "pk", None) else None)
            else:
                row.posts, row.updated_by = posts, actor if getattr(actor, "pk", None) else None
                row.save()
            changed += 1
        if changed:
            orgs = {accounts[int(pk)].org_id for pk in after}
            record(actor=actor, action="workrecords.month.save", object_type="workrecords.newmediamonth",
                   object_id=f"{month:%Y-%m}", object_repr=f"{month:%Y年%m月}政务新媒体发布数",
                   org_id=orgs.pop() if len(orgs) == 1 else None,
                   before={"month": f"{month:%Y-%m}", "posts": before},
                   after={"month": f"{month:%Y-%m}", "posts": after}, request=request)
    return changed
