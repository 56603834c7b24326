"""Every state change of a disclosure application, one function per action (登记 → 审核 → 办理 → 答复 → 归档).

Each action function locks the application row, checks that the actor may see it (404 otherwise) and that
the transitions table allows the action to this actor now (``TransitionNotAllowed`` otherwise), validates its
input (``ValidationError`` with field errors), writes the change, an ``ApplicationEvent`` and an audit event,
recomputes the deadline, and sends ``event_recorded`` — all in one transaction. ``perform(actor, id, action,
data)`` dispatches by action name for the API and the generic action form.
"""

import datetime as dt
import secrets
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.core.inputs import call_with_data, parse_date
from gongkai.core.sequences import next_number
from gongkai.core.uploads import check_upload
from gongkai.core.validators import validate_resident_id, validate_uscc
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import filter_visible, has_role, visible_org_ids
from gongkai.workdays.calendar import WorkCalendarError
from gongkai.workdays.selectors import get_calendar

from . import deadlines, fees
from .codes import (
    OUTCOME_BASIS,
    OUTCOMES,
    REPLY_OUTCOMES,
    ApplicantKind,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    FeeMethod,
    IdType,
    InfoForm,
    LetterMail,
    Status,
)
from .errors import TransitionNotAllowed
from .models import Application, ApplicationEvent, Attachment, EventKind
from .signals import event_recorded
from .transitions import SYSTEM_TRANSITIONS, TRANSITIONS, allowed_actions, blocked_reason

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
AUDITED_FIELDS = ("status", "handler", "org", "received_on", "outcome", "outcome_basis", "due_on",
                  "supplement_due", "payment_due", "extended_workdays", "deferred_to", "reply_approved_on",
                  "delivered_on", "concluded_on")
APPLICANT_FIELDS = ("applicant_kind", "applicant_name", "id_type", "id_number", "contact_person", "phone",
                    "email", "address", "postcode")
REQUEST_FIELDS = ("content", "purpose", "info_form", "delivery_method", "fee_waiver_requested", "item_count")
MAX_ATTACHMENTS = 5


# ---------------------------------------------------------------------------------------------------------
# helpers


def today() -> dt.date:
    return timezone.localdate()



def _printable_problem(value: str) -> str | None:
    if "\x00" in value:
        return "不能包含空字符。"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "含有无法识别的字符。"
    return None


def _text(data: dict, field: str, *, required: bool = False, label: str = "", max_length: int = 2000) -> str:
    value = str(data.get(field) or "").strip()
    problem = _printable_problem(value)
    if problem:
        raise ValidationError({field: f"{label or '该项'}{problem}"})
    if required and not value:
        raise ValidationError({field: f"请填写{label or field}。"})
    if len(value) > max_length:
        raise ValidationError({field: f"{label or field}不能超过 {max_length} 字。"})
    return value


def _calendar():
    return get_calendar()


def _calendar_error(e: WorkCalendarError) -> ValidationError:
    return ValidationError(e.message)


def _new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def _tracking_no(org: Organization, year: int) -> str:
    return f"{org.code}-{year}-{next_number(f'application:{org.pk}:{year}'):05d}"


def _hash_query_code(code: str) -> str:
    # Keyed with SECRET_KEY: fast to check, useless to an attacker holding only a database copy (who would
    # see the application itself anyway). Guessing through the site is rate-limited by the portal.
    return salted_hmac("gongkai.applications.query_code", code.strip().upper()).hexdigest()


def check_query_code(application: Application, code: str) -> bool:
    return bool(code) and constant_time_compare(_hash_query_code(code), application.query_code_hash)


def _facts(application: Application) -> list[deadlines.EventFact]:
    return [deadlines.EventFact(e.kind, e.on, e.data or {})
            for e in application.events.order_by("on", "id").only("kind", "on", "data")]


def refresh_deadline(application: Application, calendar=None) -> None:
    """Recompute the stored deadline fields from the event history (caller saves). When the period reaches
    a year whose holidays are not loaded, the due date is left empty with the reason, never guessed; loading
    that year recomputes it (``recompute_open_deadlines``)."""
    if application.status in (Status.CONCLUDED, Status.ARCHIVED, Status.DISCARDED):
        return
    try:
        result = deadlines.compute(application.received_on, _facts(application), calendar or _calendar())
    except WorkCalendarError as e:
        application.due_on = None
        application.due_explanation = f"答复期限暂无法计算：{e.message}"
        application.clock_paused = False
        return
    application.due_on = result.due_on
    application.due_explanation = result.explanation
    application.clock_paused = result.paused


def _event(application, kind, on, actor, data=None, note=""):
    return ApplicationEvent.objects.create(application=application, kind=kind, on=on, actor=actor,
                                           data=data or {}, note=note)


def _audit(actor, action, application, before, request):
    record(actor=actor, action=f"applications.{action}", obj=application, org_id=application.org_id,
           before=before, after=snapshot(application, AUDITED_FIELDS), request=request)


def _load_for_action(actor, application_id: int, action: str, version: int | None) -> Application:
    qs = Application.objects.select_for_update().select_related("org")
    application = filter_visible(actor, qs).filter(pk=application_id).first()
    if application is None:
        raise Http404("未找到该申请，或不在您的数据范围内。")
    if version is not None and application.version != version:
        raise ConflictError("该申请已被他人处理，请刷新页面后重试。")
    reason = blocked_reason(actor, application, action)
    if reason is not None:
        raise TransitionNotAllowed(reason, allowed_actions(actor, application))
    return application


@contextmanager
def _acting(actor, application_id, action: str, version, on: dt.date):
    """The start of most actions: in one transaction, lock and check the application, check the action's
    date, and take the state before the change for the audit trail."""
    with transaction.atomic():
        app = _load_for_action(actor, application_id, action, version)
        _check_on(app, on)
        yield app, snapshot(app, AUDITED_FIELDS)


def _check_on(application: Application, on: dt.date, field: str = "on") -> None:
    if on > today():
        raise ValidationError({field: "日期不能晚于今天。"})
    last = (application.events.exclude(kind__in=[EventKind.NOTE, EventKind.REMINDED])
            .order_by("-on").values_list("on", flat=True).first())
    if last is not None and on < last:
        raise ValidationError({field: f"日期不能早于上一办理环节的日期（{last:%Y-%m-%d}）。"})


def _finish(actor, application, action, before, event, request):
    refresh_deadline(application)
    application.version += 1
    application.save()
    _audit(actor, action, application, before, request)
    event_recorded.send(sender=Application, application=application, event=event, actor=actor)
    return application


# ---------------------------------------------------------------------------------------------------------
# intake


def _clean_applicant_and_request(data: dict) -> dict:
    errors: dict[str, str] = {}
    out: dict = {}
    for key, value in data.items():
        if isinstance(value, str) and (problem := _printable_problem(value)):
            errors[key] = f"该项{problem}"
    if errors:
        raise ValidationError(errors)
    kind = data.get("applicant_kind")
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = "请选择申请人类型。"
    id_type = data.get("id_type") or (IdType.RESIDENT_ID if kind == ApplicantKind.NATURAL_PERSON else IdType.USCC)
    if id_type not in IdType.values:
        errors["id_type"] = "请选择证件类型。"
    elif kind == ApplicantKind.NATURAL_PERSON and id_type == IdType.USCC:
        errors["id_type"] = "自然人应提供身份证明，不能使用统一社会信用代码。"
    elif kind and kind != ApplicantKind.NATURAL_PERSON and id_type in (IdType.RESIDENT_ID, IdType.PASSPORT):
        errors["id_type"] = "法人或其他组织应提供统一社会信用代码或其他证明文件。"
    number = str(data.get("id_number") or "").strip().upper().replace(" ", "")
    if not number:
        errors["id_number"] = "请填写证件号码。"
    elif id_type == IdType.RESIDENT_ID:
        try:
            validate_resident_id(number)
        except ValidationError as e:
            errors["id_number"] = e.messages[0]
    elif id_type == IdType.USCC:
        try:
            validate_uscc(number)
        except ValidationError as e:
            errors["id_number"] = e.messages[0]
    elif len(number) > 40:
        errors["id_number"] = "证件号码过长。"
    out.update(applicant_kind=kind, id_type=id_type, id_number=number)
    for field, label, required, max_length in (
        ("applicant_name", "申请人姓名或名称", True, 100), ("contact_person", "联系人", False, 50),
        ("phone", "联系电话", True, 30), ("email", "电子邮箱", False, 254), ("address", "通信地址", False, 200),
        ("postcode", "邮政编码", False, 6), ("content", "所需政府信息的名称、文号或特征描述", True, 5000),
        ("purpose", "用途", False, 200),
    ):
        try:
            out[field] = _text(data, field, required=required, label=label, max_length=max_length)
        except ValidationError as e:
            errors.update({k: v[0] for k, v in e.message_dict.items()})
    phone = out.get("phone", "")
    if phone and not all(c.isdigit() or c in "-+ ()" for c in phone):
        errors["phone"] = "联系电话只能包含数字、空格和 - + ( )。"
    if out.get("postcode") and not (out["postcode"].isdigit() and len(out["postcode"]) == 6):
        errors["postcode"] = "邮政编码应为6位数字。"
    if out.get("email"):
        from django.core.validators import validate_email
        try:
            validate_email(out["email"])
        except ValidationError:
            errors["email"] = "电子邮箱格式不正确。"
    if kind and kind != ApplicantKind.NATURAL_PERSON and not out.get("contact_person"):
        errors["contact_person"] = "法人或其他组织请填写联系人。"
    if out.get("content") and len(out["content"]) < 4:
        errors["content"] = "请具体描述所需政府信息（名称、文号或便于查询的特征）。"
    if data.get("info_form") not in InfoForm.values:
        errors["info_form"] = "请选择信息的指定提供形式。"
    if data.get("delivery_method") not in DeliveryMethod.values:
        errors["delivery_method"] = "请选择获取信息的方式。"
    if data.get("delivery_method") == DeliveryMethod.POST and not out.get("address"):
        errors["address"] = "选择邮寄的，请填写通信地址。"
    if data.get("delivery_method") == DeliveryMethod.EMAIL and not out.get("email"):
        errors["email"] = "选择电子邮件的，请填写电子邮箱。"
    try:
        raw_count = data.get("item_count")
        item_count = 1 if raw_count in (None, "") else int(raw_count)
        if not 1 <= item_count <= 100:
            raise ValueError
    except (TypeError, ValueError):
        errors["item_count"] = "件数应为1至100之间的整数。"
        item_count = 1
    if errors:
        raise ValidationError(errors)
    out.update(info_form=data["info_form"], delivery_method=data["delivery_method"],
               fee_waiver_requested=bool(data.get("fee_waiver_requested")), item_count=item_count)
    return out


def _store_attachments(application, uploads, *, source: str, actor=None, description: str = "") -> None:
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"附件最多 {MAX_ATTACHMENTS} 个。"})
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as e:
            raise ValidationError({"attachments": e.messages}) from e
    for upload, sniffed in checked:
        stored = f"{secrets.token_hex(12)}{sniffed.extension}"
        attachment = Attachment(application=application, stored_name=stored,
                                original_name=str(getattr(upload, "name", stored))[:200],
                                content_type=sniffed.content_type, size=upload.size, source=source,
                                uploaded_by=actor if getattr(actor, "pk", None) else None, description=description)
        attachment.file.save(stored, upload, save=False)
        attachment.save()


def submit_online(*, org: Organization, data: dict, attachments=(), request=None,
                  submitted_on: dt.date | None = None) -> tuple[Application, str]:
    """An application from the public form. It waits, without a receipt date, until staff confirm it
    (Art. 31(三): for internet applications the receipt date is the day both sides confirm).
    ``submitted_on`` is only for importing the history of an earlier system (default today)."""
    if not org.is_active:
        raise ValidationError({"org": "该机关不接受申请。"})
    submitted_on = submitted_on or today()
    if submitted_on > today():
        raise ValidationError({"submitted_on": "提交日期不能晚于今天。"})
    clean = _clean_applicant_and_request(data)
    code = _new_query_code()
    with transaction.atomic():
        application = Application.objects.create(
            org=org, tracking_no=_tracking_no(org, submitted_on.year), query_code_hash=_hash_query_code(code),
            channel=Channel.ONLINE, status=Status.SUBMITTED,
            submitted_at=timezone.now() if submitted_on == today() else timezone.make_aware(
                dt.datetime.combine(submitted_on, dt.time(9, 0))),
            due_explanation="尚未确认收到申请，答复期限尚未起算。", **clean)
        _store_attachments(application, attachments, source="applicant")
        event = _event(application, EventKind.SUBMITTED, submitted_on, None,
                       {"ip": (request.META.get("REMOTE_ADDR") if request else "") or ""})
        record(actor=None, action="applications.submit", obj=application, org_id=org.pk,
               after=snapshot(application, AUDITED_FIELDS), request=request)
        event_recorded.send(sender=Application, application=application, event=event, actor=None)
    return application, code


def register(actor, *, org: Organization, data: dict, attachments=(), request=None) -> tuple[Application, str]:
    """Staff register an application received offline (当面, 信函, 传真, 电子邮件, 其他) or an oral one
    written down by staff (Art. 29). ``received_on`` is the legal receipt date under Art. 31."""
    if org.pk not in visible_org_ids(actor) or not has_role(actor, org, Role.HANDLER, Role.OFFICE_ADMIN):
        raise PermissionDenied("只有本机关的承办人或公开办管理员可以登记申请。")
    if not org.is_active:
        raise ValidationError({"org": "该机关已停用，不能登记申请。"})
    errors = {}
    channel = data.get("channel")
    if channel not in Channel.values or channel == Channel.ONLINE:
        errors["channel"] = "请选择申请方式（网上申请由申请人在公开专栏提交）。"
    letter_mail = data.get("letter_mail") or ""
    if channel == Channel.LETTER and letter_mail not in LetterMail.values:
        errors["letter_mail"] = "信函申请请选择是需签收的邮件还是平常信函。"
    try:
        received_on = parse_date(data.get("received_on"), "received_on")
        if received_on > today():
            errors["received_on"] = "收到申请之日不能晚于今天。"
    except ValidationError as e:
        errors.update({k: v[0] for k, v in e.message_dict.items()})
        received_on = None
    try:
        clean = _clean_applicant_and_request(data)
    except ValidationError as e:
        errors.update({k: v[0] for k, v in e.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    handler = data.get("handler")
    if handler is not None and not has_role(handler, org, Role.HANDLER):
        raise ValidationError({"handler": "承办人须为本机关的承办人。"})
    code = _new_query_code()
    with transaction.atomic():
        application = Application.objects.create(
            org=org, tracking_no=_tracking_no(org, received_on.year), query_code_hash=_hash_query_code(code),
            channel=channel, letter_mail=letter_mail if channel == Channel.LETTER else "",
            oral=bool(data.get("oral")), received_on=received_on, status=Status.PROCESSING,
            handler=handler, **clean)
        _store_attachments(application, attachments, source="applicant", actor=actor)
        event = _event(application, EventKind.REGISTERED, received_on, actor,
                       {"channel": channel, "letter_mail": letter_mail, "oral": bool(data.get("oral"))})
        refresh_deadline(application)
        application.save()
        record(actor=actor, action="applications.register", obj=application, org_id=org.pk,
               after=snapshot(application, AUDITED_FIELDS), request=request)
        event_recorded.send(sender=Application, application=application, event=event, actor=actor)
    return application, code


def reset_query_code(actor, application_id: int, *, request=None) -> str:
    with transaction.atomic():
        application = filter_visible(actor, Application.objects.select_for_update()).filter(
            pk=application_id).first()
        if application is None:
            raise Http404("未找到该申请，或不在您的数据范围内。")
        if not has_role(actor, application.org, Role.HANDLER, Role.OFFICE_ADMIN):
            raise PermissionDenied("只有本机关的承办人或公开办管理员可以重置查询码。")
        code = _new_query_code()
        application.query_code_hash = _hash_query_code(code)
        application.save(update_fields=["query_code_hash"])
        record(actor=actor, action="applications.reset_query_code", obj=application, org_id=application.org_id,
               request=request)
    return code


# ---------------------------------------------------------------------------------------------------------
# actions


def confirm(actor, application_id, *, on=None, version=None, note="", request=None):
    """Confirm an online submission; the confirmation day is the legal receipt date (Art. 31(三))."""
    on = parse_date(on or today(), "on")
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "confirm", version)
        before = snapshot(app, AUDITED_FIELDS)
        if on > today():
            raise ValidationError({"on": "日期不能晚于今天。"})
        submitted_on = app.events.filter(kind=EventKind.SUBMITTED).values_list("on", flat=True).first()
        if submitted_on and on < submitted_on:
            raise ValidationError({"on": f"确认日期不能早于申请提交日期（{submitted_on:%Y-%m-%d}）。"})
        app.received_on = on
        app.status = Status.PROCESSING
        if app.handler_id is None and has_role(actor, app.org, Role.HANDLER):
            app.handler = actor
        event = _event(app, EventKind.CONFIRMED, on, actor, note=note)
        return _finish(actor, app, "confirm", before, event, request)


def discard(actor, application_id, *, reason, on=None, version=None, request=None):
    on = parse_date(on or today(), "on")
    reason = _text({"reason": reason}, "reason", required=True, label="作废理由", max_length=500)
    with _acting(actor, application_id, "discard", version, on) as (app, before):
        app.status = Status.DISCARDED
        app.due_on = None
        app.due_explanation = "提交未被确认为有效申请，已作废。"
        event = _event(app, EventKind.DISCARDED, on, actor, {"reason": reason})
        return _finish(actor, app, "discard", before, event, request)


def assign(actor, application_id, *, handler, on=None, version=None, request=None):
    on = parse_date(on or today(), "on")
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "assign", version)
        _check_on(app, on)
        if not hasattr(handler, "pk"):
            from gongkai.accounts.models import User
            handler = User.objects.filter(pk=handler).first() if str(handler).isdigit() else None
        if handler is None or not handler.is_active or not has_role(handler, app.org, Role.HANDLER):
            raise ValidationError({"handler": "承办人须为本机关在岗的承办人。"})
        before = snapshot(app, AUDITED_FIELDS)
        app.handler = handler
        event = _event(app, EventKind.ASSIGNED, on, actor, {"handler": handler.pk, "name": handler.display_name})
        return _finish(actor, app, "assign", before, event, request)


def transfer(actor, application_id, *, org, reason, on=None, version=None, request=None):
    """Hand the application to another body in the actor's scope (it keeps its tracking number)."""
    on = parse_date(on or today(), "on")
    reason = _text({"reason": reason}, "reason", required=True, label="转办理由", max_length=500)
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "transfer", version)
        _check_on(app, on)
        if not hasattr(org, "pk"):
            org = Organization.objects.filter(pk=org).first() if str(org).isdigit() else None
        if org is None or org.pk == app.org_id or not org.is_active or org.pk not in visible_org_ids(actor):
            raise ValidationError({"org": "请选择您数据范围内的另一个机关。"})
        before = snapshot(app, AUDITED_FIELDS)
        event = _event(app, EventKind.TRANSFERRED, on, actor,
                       {"from_org": app.org_id, "from_name": app.org.name, "to_org": org.pk, "to_name": org.name,
                        "reason": reason})
        app.org = org
        app.handler = None
        return _finish(actor, app, "transfer", before, event, request)


def request_supplement(actor, application_id, *, items, supplement_due=None, supplement_workdays=None,
                       on=None, version=None, request=None):
    """补正告知 (Art. 30): at most 7 working days after receipt, once, naming what to supplement and a
    reasonable period."""
    on = parse_date(on or today(), "on")
    items = _text({"items": items}, "items", required=True, label="需要补正的事项", max_length=2000)
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "request_supplement", version)
        _check_on(app, on)
        cal = _calendar()
        try:
            latest = deadlines.supplement_notice_deadline(app.received_on, cal)
            if supplement_due in (None, "") and supplement_workdays not in (None, ""):
                days = int(supplement_workdays)
                if not 1 <= days <= 60:
                    raise ValidationError({"supplement_workdays": "补正期限应为1至60个工作日。"})
                due = cal.add_workdays(on, days)
            else:
                due = parse_date(supplement_due, "supplement_due")
        except WorkCalendarError as e:
            raise _calendar_error(e) from e
        except (TypeError, ValueError):
            raise ValidationError({"supplement_workdays": "补正期限应为整数个工作日。"}) from None
        if on > latest:
            raise ValidationError({"on": f"补正告知应自收到申请之日起7个工作日内发出，最迟为{latest:%Y-%m-%d}。"})
        if due <= on:
            raise ValidationError({"supplement_due": "补正期限应晚于告知日期。"})
        before = snapshot(app, AUDITED_FIELDS)
        app.status = Status.AWAITING_SUPPLEMENT
        app.supplement_due = due
        event = _event(app, EventKind.SUPPLEMENT_REQUESTED, on, actor,
                       {"items": items, "supplement_due": due.isoformat()})
        return _finish(actor, app, "request_supplement", before, event, request)


def receive_supplement(actor, application_id, *, on=None, note="", attachments=(), version=None, request=None):
    on = parse_date(on or today(), "on")
    with _acting(actor, application_id, "receive_supplement", version, on) as (app, before):
        _store_attachments(app, attachments, source="applicant", actor=actor, description="补正材料")
        app.status = Status.PROCESSING
        event = _event(app, EventKind.SUPPLEMENT_RECEIVED, on, actor, note=_text({"n": note}, "n", max_length=2000))
        return _finish(actor, app, "receive_supplement", before, event, request)


def start_consultation(actor, application_id, *, consultation_kind, party, on=None, note="", version=None,
                       request=None):
    on = parse_date(on or today(), "on")
    if consultation_kind not in ConsultationKind.values:
        raise ValidationError({"consultation_kind": "请选择征求意见的类型。"})
    party = _text({"party": party}, "party", required=True, label="被征求意见方", max_length=200)
    with _acting(actor, application_id, "start_consultation", version, on) as (app, before):
        app.status = Status.CONSULTING
        app.consultation_kind = consultation_kind
        try:
            reply_by = _calendar().add_workdays(on, 15)
        except WorkCalendarError as e:
            raise _calendar_error(e) from e
        event = _event(app, EventKind.CONSULTATION_STARTED, on, actor,
                       {"consultation_kind": consultation_kind, "party": party, "reply_by": reply_by.isoformat()},
                       note=_text({"n": note}, "n", max_length=2000))
        return _finish(actor, app, "start_consultation", before, event, request)


CONSULTATION_OPINIONS = {"agree": "同意公开", "disagree": "不同意公开", "none": "逾期未提出意见"}


def end_consultation(actor, application_id, *, opinion, on=None, note="", version=None, request=None):
    on = parse_date(on or today(), "on")
    if opinion not in CONSULTATION_OPINIONS:
        raise ValidationError({"opinion": "请选择被征求意见方的意见。"})
    with _acting(actor, application_id, "end_consultation", version, on) as (app, before):
        app.status = Status.PROCESSING
        event = _event(app, EventKind.CONSULTATION_ENDED, on, actor,
                       {"opinion": opinion, "consultation_kind": app.consultation_kind},
                       note=_text({"n": note}, "n", max_length=2000))
        return _finish(actor, app, "end_consultation", before, event, request)


def month_item_count(application: Application, *, exclude_self: bool = True) -> int:
    """件 already applied for by the same applicant at the same body in the calendar month of receipt
    (the 按件 counter of 109号 Art. 4)."""
    from django.db.models import Sum

    day = application.received_on or today()
    qs = Application.objects.filter(org=application.org, id_number=application.id_number,
                                    received_on__year=day.year, received_on__month=day.month)
    if exclude_self and application.pk:
        qs = qs.exclude(pk=application.pk)
    qs = qs.filter(received_on__lte=day).exclude(status=Status.DISCARDED)
    return qs.aggregate(n=Sum("item_count"))["n"] or 0


def quote_fee(application: Application, method: str, pages: int | None = None) -> fees.FeeQuote:
    if method == FeeMethod.PER_ITEM:
        return fees.per_item(month_item_count(application), application.item_count)
    if method == FeeMethod.PER_PAGE:
        if pages in (None, ""):
            raise ValidationError({"pages": "按量计收请填写页数。"})
        try:
            pages = int(pages)
        except (TypeError, ValueError):
            raise ValidationError({"pages": "页数应为整数。"}) from None
        if not 1 <= pages <= fees.MAX_PAGES:
            raise ValidationError({"pages": f"页数应为1至{fees.MAX_PAGES}之间的整数。"})
        return fees.per_page(pages)
    raise ValidationError({"method": "请选择收费方式。"})


def notify_fee(actor, application_id, *, method, pages=None, on=None, note="", version=None, request=None):
    """收费通知: the amount comes from the 109号 calculator; the applicant has 20 working days to pay and the
    reply clock pauses until payment."""
    on = parse_date(on or today(), "on")
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "notify_fee", version)
        _check_on(app, on)
        try:
            quote = quote_fee(app, method, pages)
        except ValueError as e:
            raise ValidationError({"pages": str(e)}) from e
        if quote.amount <= 0:
            raise ValidationError({"method": f"按该方式计算不应收费（{quote.explain()}），无需发出收费通知。"})
        try:
            payment_due = deadlines.payment_deadline(on, _calendar())
        except WorkCalendarError as e:
            raise _calendar_error(e) from e
        before = snapshot(app, AUDITED_FIELDS)
        app.status = Status.AWAITING_PAYMENT
        app.payment_due = payment_due
        event = _event(app, EventKind.FEE_NOTIFIED, on, actor,
                       {"method": method, "pages": pages, "amount": quote.amount, "explanation": quote.explain(),
                        "payment_due": payment_due.isoformat()}, note=_text({"n": note}, "n", max_length=2000))
        return _finish(actor, app, "notify_fee", before, event, request)


def receive_payment(actor, application_id, *, receipt_no="", on=None, version=None, request=None):
    on = parse_date(on or today(), "on")
    with _acting(actor, application_id, "receive_payment", version, on) as (app, before):
        app.status = Status.PROCESSING
        event = _event(app, EventKind.PAYMENT_RECEIVED, on, actor,
                       {"receipt_no": _text({"r": receipt_no}, "r", max_length=64)})
        return _finish(actor, app, "receive_payment", before, event, request)


def extend(actor, application_id, *, workdays, reason, on=None, version=None, request=None):
    """Art. 33: once, at most 20 working days, agreed by the 审核人 before the period ends."""
    on = parse_date(on or today(), "on")
    reason = _text({"reason": reason}, "reason", required=True, label="延期理由", max_length=1000)
    try:
        workdays = int(workdays)
    except (TypeError, ValueError):
        raise ValidationError({"workdays": "延长的工作日数应为整数。"}) from None
    if not 1 <= workdays <= deadlines.EXTENSION_MAX_WORKDAYS:
        raise ValidationError({"workdays": "延长的期限最长不得超过20个工作日。"})
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "extend", version)
        _check_on(app, on)
        if app.due_on is not None and on > app.due_on:
            raise ValidationError({"on": f"延期应在答复期限（{app.due_on:%Y-%m-%d}）届满前决定。"})
        before = snapshot(app, AUDITED_FIELDS)
        app.extended_workdays = workdays
        event = _event(app, EventKind.EXTENDED, on, actor, {"workdays": workdays, "reason": reason})
        return _finish(actor, app, "extend", before, event, request)


def ask_reasons(actor, application_id, *, note, on=None, version=None, request=None):
    """Art. 35: ask the applicant to explain a request that exceeds a reasonable number or frequency."""
    on = parse_date(on or today(), "on")
    note = _text({"note": note}, "note", required=True, label="要求说明的事项", max_length=2000)
    with _acting(actor, application_id, "ask_reasons", version, on) as (app, before):
        event = _event(app, EventKind.REASONS_REQUESTED, on, actor, note=note)
        return _finish(actor, app, "ask_reasons", before, event, request)


def defer(actor, application_id, *, deferred_to, reason, on=None, version=None, request=None):
    """Art. 35: the reasons are reasonable but the reply cannot be made in time: set a later reply date."""
    on = parse_date(on or today(), "on")
    deferred_to = parse_date(deferred_to, "deferred_to")
    reason = _text({"reason": reason}, "reason", required=True, label="理由", max_length=1000)
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "defer", version)
        _check_on(app, on)
        if app.due_on is not None and deferred_to <= app.due_on:
            raise ValidationError({"deferred_to": f"延迟答复日期应晚于现答复期限（{app.due_on:%Y-%m-%d}）。"})
        before = snapshot(app, AUDITED_FIELDS)
        app.deferred_to = deferred_to
        event = _event(app, EventKind.DEFERRED, on, actor, {"deferred_to": deferred_to.isoformat(), "reason": reason})
        return _finish(actor, app, "defer", before, event, request)


def draft_reply(actor, application_id, *, outcome, basis="", reason="", provided="", on=None, version=None,
                request=None):
    """The 承办人 chooses the outcome (a table 三 row) with its legal basis and reasons."""
    on = parse_date(on or today(), "on")
    if outcome not in REPLY_OUTCOMES:
        raise ValidationError({"outcome": "请选择答复类型（办理结果）。"})
    basis = _text({"basis": basis}, "basis", max_length=300) or OUTCOME_BASIS[outcome]
    reason = _text({"reason": reason}, "reason", max_length=5000)
    provided = _text({"provided": provided}, "provided", max_length=5000)
    if outcome != "3.1" and not reason:
        raise ValidationError({"reason": "除予以公开外，答复应说明理由。"})
    if outcome in ("3.1", "3.2") and not provided:
        raise ValidationError({"provided": "请说明提供的政府信息或获取方式。"})
    with _acting(actor, application_id, "draft_reply", version, on) as (app, before):
        app.status = Status.REPLY_PENDING
        app.outcome, app.outcome_basis, app.outcome_reason = outcome, basis, reason
        app.reply_drafted_by = actor
        event = _event(app, EventKind.REPLY_DRAFTED, on, actor,
                       {"outcome": outcome, "basis": basis, "reason": reason, "provided": provided})
        return _finish(actor, app, "draft_reply", before, event, request)


def return_reply(actor, application_id, *, reason, on=None, version=None, request=None):
    on = parse_date(on or today(), "on")
    reason = _text({"reason": reason}, "reason", required=True, label="退回理由", max_length=1000)
    with _acting(actor, application_id, "return_reply", version, on) as (app, before):
        app.status = Status.PROCESSING
        app.outcome = ""
        app.reply_drafted_by = None
        event = _event(app, EventKind.REPLY_RETURNED, on, actor, {"reason": reason})
        return _finish(actor, app, "return_reply", before, event, request)


def approve_reply(actor, application_id, *, on=None, version=None, request=None):
    """A 审核人 of the body signs the reply (谁主管、谁审批); the drafter cannot approve their own."""
    on = parse_date(on or today(), "on")
    with _acting(actor, application_id, "approve_reply", version, on) as (app, before):
        app.status = Status.REPLY_APPROVED
        app.reply_approved_by = actor
        app.reply_approved_on = on
        event = _event(app, EventKind.REPLY_APPROVED, on, actor, {"outcome": app.outcome})
        return _finish(actor, app, "approve_reply", before, event, request)


def deliver(actor, application_id, *, method=None, on=None, version=None, request=None):
    """送达: the reply reaches the applicant; this is the reply date and the application is concluded."""
    on = parse_date(on or today(), "on")
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "deliver", version)
        method = method or app.delivery_method
        if method not in DeliveryMethod.values:
            raise ValidationError({"method": "请选择送达方式。"})
        _check_on(app, on)
        before = snapshot(app, AUDITED_FIELDS)
        app.status = Status.CONCLUDED
        app.delivered_on = on
        app.delivered_method = method
        app.concluded_on = on
        event = _event(app, EventKind.DELIVERED, on, actor, {"method": method, "method_label": DeliveryMethod(method).label})
        return _finish(actor, app, "deliver", before, event, request)


def withdraw(actor, application_id, *, reason="", on=None, version=None, request=None):
    """The applicant withdraws: concluded as 3.6.3 其他."""
    on = parse_date(on or today(), "on")
    with _acting(actor, application_id, "withdraw", version, on) as (app, before):
        app.status = Status.CONCLUDED
        app.outcome = "3.6.3"
        app.outcome_basis = ""
        app.outcome_reason = _text({"r": reason}, "r", max_length=1000) or "申请人撤回申请"
        app.concluded_on = on
        event = _event(app, EventKind.WITHDRAWN, on, actor, {"reason": app.outcome_reason})
        return _finish(actor, app, "withdraw", before, event, request)


def archive(actor, application_id, *, on=None, version=None, request=None):
    on = parse_date(on or today(), "on")
    with _acting(actor, application_id, "archive", version, on) as (app, before):
        app.status = Status.ARCHIVED
        app.archived_at = timezone.now()
        event = _event(app, EventKind.ARCHIVED, on, actor)
        return _finish(actor, app, "archive", before, event, request)


def add_note(actor, application_id, *, note, on=None, version=None, request=None):
    on = parse_date(on or today(), "on")
    note = _text({"note": note}, "note", required=True, label="备注", max_length=2000)
    with transaction.atomic():
        app = _load_for_action(actor, application_id, "note", version)
        if on > today():
            raise ValidationError({"on": "日期不能晚于今天。"})
        before = snapshot(app, AUDITED_FIELDS)
        event = _event(app, EventKind.NOTE, on, actor, note=note)
        return _finish(actor, app, "note", before, event, request)


# ---------------------------------------------------------------------------------------------------------
# the daily job's closures (no user)


def _system_close(application_id: int, action: str, outcome: str, kind: str, on: dt.date, reason: str):
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("org").get(pk=application_id)
        if app.status not in SYSTEM_TRANSITIONS[action].sources:
            return None
        before = snapshot(app, AUDITED_FIELDS)
        app.status = Status.CONCLUDED
        app.outcome = outcome
        app.outcome_basis = OUTCOME_BASIS[outcome]
        app.outcome_reason = reason
        app.concluded_on = on
        event = _event(app, kind, on, None, {"outcome": outcome})
        app.version += 1
        app.save()
        _audit(None, action, app, before, None)
        event_recorded.send(sender=Application, application=app, event=event, actor=None)
        return app


def close_overdue(on: dt.date) -> list[Application]:
    """Close applications whose supplement or payment period ended before ``on`` (3.6.1 / 3.6.2)."""
    closed = []
    for pk, due in Application.objects.filter(status=Status.AWAITING_SUPPLEMENT, supplement_due__lt=on) \
            .values_list("pk", "supplement_due"):
        app = _system_close(pk, "close_no_supplement", "3.6.1", EventKind.CLOSED_NO_SUPPLEMENT, on,
                            f"申请人未在补正期限（{due:%Y-%m-%d}）内补正，视为放弃申请。")
        if app:
            closed.append(app)
    for pk, due in Application.objects.filter(status=Status.AWAITING_PAYMENT, payment_due__lt=on) \
            .values_list("pk", "payment_due"):
        app = _system_close(pk, "close_no_payment", "3.6.2", EventKind.CLOSED_NO_PAYMENT, on,
                            f"申请人未在缴费期限（{due:%Y-%m-%d}）内缴纳信息处理费，视为放弃申请。")
        if app:
            closed.append(app)
    return closed


def recompute_open_deadlines(years=None) -> int:
    """After a calendar change: recompute the due dates of all open applications (or those received in or
    after the earliest changed year). Returns how many rows changed."""
    cal = _calendar()
    qs = Application.objects.filter(status__in=[s for s in Status.values if s not in
                                                (Status.CONCLUDED, Status.ARCHIVED, Status.DISCARDED)])
    if years:
        qs = qs.filter(received_on__gte=dt.date(min(years) - 1, 1, 1))
    changed = 0
    for app in qs.iterator(chunk_size=500):
        old = (app.due_on, app.due_explanation, app.clock_paused)
        refresh_deadline(app, cal)
        if (app.due_on, app.due_explanation, app.clock_paused) != old:
            Application.objects.filter(pk=app.pk).update(due_on=app.due_on, due_explanation=app.due_explanation,
                                                         clock_paused=app.clock_paused)
            changed += 1
    return changed


# ---------------------------------------------------------------------------------------------------------
# dispatch by name (API, generic action form)

ACTION_FUNCTIONS = {
    "confirm": confirm, "discard": discard, "assign": assign, "transfer": transfer,
    "request_supplement": request_supplement, "receive_supplement": receive_supplement,
    "start_consultation": start_consultation, "end_consultation": end_consultation,
    "notify_fee": notify_fee, "receive_payment": receive_payment, "extend": extend,
    "ask_reasons": ask_reasons, "defer": defer, "draft_reply": draft_reply, "return_reply": return_reply,
    "approve_reply": approve_reply, "deliver": deliver, "withdraw": withdraw, "archive": archive,
    "note": add_note,
}
assert set(ACTION_FUNCTIONS) == set(TRANSITIONS)


def perform(actor, application_id: int, action: str, data: dict, *, request=None) -> Application:
    """Run ``action`` with keyword arguments from ``data`` (unknown keys are refused)."""
    func = ACTION_FUNCTIONS.get(action)
    if func is None:
        raise ValidationError({"action": f"未知的操作：{action}"})
    if not filter_visible(actor, Application.objects.filter(pk=application_id)).exists():
        raise Http404("未找到该申请，或不在您的数据范围内。")
    return call_with_data(func, actor, application_id, data=data, request=request)


def outcome_choices():
    return [(code, f"{code} {OUTCOMES[code]}") for code in REPLY_OUTCOMES]
