"""Every change to the appeals register, one function per action: ``create_case``, ``update_case``,
``conclude_case``, ``reopen_case``, ``delete_case``, ``add_document``, ``delete_document``.

Each checks permission (a case or body outside the actor's scope is a 404; a body the actor only reads — the
监督员 — is ``PermissionDenied``), validates (``ValidationError`` with Chinese field errors, before anything is
written), then writes the change, a ``CaseEvent`` and its audit event in one transaction. Edits carry the
``version`` the caller read; a different version is a ``ConflictError`` and nothing is written.

Rules:
- 受理/立案日期 is required, not in the future and not before the linked application was received.
- A result (结果维持/结果纠正/其他结果) always comes with its 审结日期, which is not before the filing date and
  not in the future; a case without a result is 尚未审结.
- 案号 is optional; when given it is unique within the body.
- The linked application is named by its 受理编号 and must have been received by the same body.
- ``reopen_case`` (e.g. a 复议/一审 result set aside and remanded) clears the result and needs a reason.
- ``delete_case`` refuses a case that still has documents: delete them first (each with its own
  confirmation), so no evidence disappears as a side effect.
"""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.core.inputs import parse_date, parse_org, parse_text, parse_version
from gongkai.core.uploads import check_upload
from gongkai.orgs.models import Organization

from .codes import CaseKind, CaseResult, EventKind
from .models import Case, CaseDocument, CaseEvent
from .permissions import NOT_FOUND, check_can_edit, viewable_org_ids

FIRST_YEAR = 2008  # the regulation first took effect on 1 May 2008
DOCUMENT_KINDS = ("pdf", "docx", "jpeg", "png")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # scanned judgments run to many pages
CASE_FIELDS = ("kind", "case_no", "application_no", "applicant_name", "filed_on", "handled_by", "subject")
AUDITED = ("org", "kind", "case_no", "application", "applicant_name", "filed_on", "handled_by", "subject",
           "result", "concluded_on", "result_note", "version")


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------------------
# input


def _text(value, key: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
    return parse_text(value, key, label, required=required, max_length=max_length)


def _date(value, key: str, label: str, *, required: bool = True) -> dt.date | None:
    day = parse_date(value, key, required=required, label=label)
    if day is None:
        return None
    if day.year < FIRST_YEAR:
        raise ValidationError({key: f"{label}不能早于 {FIRST_YEAR} 年。"})
    if day > today():
        raise ValidationError({key: f"{label}不能晚于今天（{today():%Y-%m-%d}）。"})
    return day


def _version(value) -> int:
    return parse_version(value)


def _org(value) -> Organization:
    return parse_org(value, message="请选择被申请人/被告机关。")


def _clean_case(data: dict) -> dict:
    kind = data.get("kind")
    if kind not in CaseKind.values:
        raise ValidationError({"kind": "请选择案件类型（行政复议、未经复议直接起诉或复议后起诉）。"})
    return {
        "kind": kind,
        "case_no": _text(data.get("case_no"), "case_no", "案号", max_length=100),
        "application_no": _text(data.get("application_no"), "application_no", "受理编号", max_length=48),
        "applicant_name": _text(data.get("applicant_name"), "applicant_name", "申请人/原告", max_length=200),
        "filed_on": _date(data.get("filed_on"), "filed_on", "受理/立案日期"),
        "handled_by": _text(data.get("handled_by"), "handled_by", "复议机关/审理法院", max_length=200),
        "subject": _text(data.get("subject"), "subject", "案由/争议事项", max_length=2000),
    }


def _clean_conclusion(result, concluded_on, result_note, filed_on: dt.date) -> dict:
    """The three fields of an ended case, checked together."""
    if result not in CaseResult.values:
        raise ValidationError({"result": "请选择审理结果（结果维持、结果纠正或其他结果）。"})
    day = _date(concluded_on, "concluded_on", "审结日期")
    if day < filed_on:
        raise ValidationError({"concluded_on": f"审结日期不能早于受理/立案日期（{filed_on:%Y-%m-%d}）。"})
    return {"result": result, "concluded_on": day,
            "result_note": _text(result_note, "result_note", "结果说明", max_length=2000)}


def _resolve(org: Organization, clean: dict, exclude_pk=None) -> dict:
    """Turn the 受理编号 into the application (of the same body) and check 案号 uniqueness; fill the
    applicant from the application when it is left empty."""
    number = clean.pop("application_no")
    application = None
    if number:
        application = Application.objects.filter(org=org, tracking_no=number).first()
        if application is None:
            # The same answer whether the number is unknown or belongs to another body: it must be this body's.
            raise ValidationError({"application_no": f"{org.name}没有受理编号为“{number}”的公开申请，"
                                                     "所涉申请须由同一机关受理。"})
        if application.received_on and clean["filed_on"] < application.received_on:
            raise ValidationError({"filed_on": f"受理/立案日期不能早于所涉申请的收到日期"
                                               f"（{application.received_on:%Y-%m-%d}）。"})
        if not clean["applicant_name"]:
            clean["applicant_name"] = application.applicant_name
    if not clean["applicant_name"]:
        raise ValidationError({"applicant_name": "请填写申请人/原告。"})
    clean["application"] = application
    if clean["case_no"] and Case.objects.filter(org=org, case_no=clean["case_no"]).exclude(pk=exclude_pk).exists():
        raise ValidationError({"case_no": f"{org.name}已登记案号为“{clean['case_no']}”的案件。"})
    return clean


def _event(case: Case, kind: str, actor, note: str = "") -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=actor if getattr(actor, "pk", None) else None, note=note)


def _audit(actor, action: str, case: Case, before, request, after=None) -> None:
    record(actor=actor, action=f"appeals.case.{action}", obj=case, org_id=case.org_id, before=before,
           after=after if after is not None else snapshot(case, AUDITED), request=request)


ANY_VERSION = object()  # for actions that do not edit the case row itself (documents)


def _load(actor, case_id, version) -> Case:
    """Lock a case the actor may change (404 outside the scope, 403 for readers, 409 on a stale or missing
    version unless ``ANY_VERSION``)."""
    case = (Case.objects.select_for_update(of=("self",)).select_related("org")
            .filter(pk=case_id, org_id__in=viewable_org_ids(actor)).first()) if str(case_id).isdigit() else None
    if case is None:
        raise Http404(NOT_FOUND)
    check_can_edit(actor, case.org)
    if version is not ANY_VERSION and case.version != _version(version):
        raise ConflictError("该案件已被他人修改，请刷新页面后重试。")
    return case


# ---------------------------------------------------------------------------------------------------------
# cases


def create_case(actor, *, org, kind, filed_on, applicant_name="", case_no="", application_no="",
                handled_by="", subject="", result="", concluded_on=None, result_note="", request=None) -> Case:
    """Register a case. A case that has already ended (entered afterwards) may be given its result, 审结日期
    and 结果说明 at once; otherwise it is 尚未审结."""
    org = _org(org)
    check_can_edit(actor, org)
    if not org.is_active:
        raise ValidationError({"org": f"{org.name}已停用，不能登记新案件。"})
    clean = _clean_case({"kind": kind, "case_no": case_no, "application_no": application_no,
                         "applicant_name": applicant_name, "filed_on": filed_on, "handled_by": handled_by,
                         "subject": subject})
    if result or concluded_on:
        clean |= _clean_conclusion(result, concluded_on, result_note, clean["filed_on"])
    elif str(result_note or "").strip():
        raise ValidationError({"result": "填写结果说明时请同时选择审理结果和审结日期。"})
    with transaction.atomic():
        Organization.objects.select_for_update(no_key=True).get(pk=org.pk)  # serialise 案号 checks per body
        clean = _resolve(org, clean)
        case = Case.objects.create(org=org, **clean)
        _event(case, EventKind.CREATED, actor)
        if case.result:
            _event(case, EventKind.CONCLUDED, actor, f"{case.get_result_display()}，{case.concluded_on:%Y-%m-%d}审结")
        _audit(actor, "create", case, None, request)
    return case


def update_case(actor, case_id, *, version, kind, filed_on, applicant_name="", case_no="", application_no="",
                handled_by="", subject="", org=None, request=None) -> Case:
    """Correct what was registered (the result is changed by ``conclude_case``/``reopen_case``). ``org`` moves
    the case to another body the actor keeps cases for; None keeps it where it is."""
    clean = _clean_case({"kind": kind, "case_no": case_no, "application_no": application_no,
                         "applicant_name": applicant_name, "filed_on": filed_on, "handled_by": handled_by,
                         "subject": subject})
    target = _org(org) if org not in (None, "") else None
    with transaction.atomic():
        case = _load(actor, case_id, version)
        if target is not None and target.pk != case.org_id:
            check_can_edit(actor, target)
            if not target.is_active:
                raise ValidationError({"org": f"{target.name}已停用，不能将案件移至该机关。"})
        else:
            target = case.org
        Organization.objects.select_for_update(no_key=True).get(pk=target.pk)
        clean = _resolve(target, clean, exclude_pk=case.pk)
        if case.concluded_on and clean["filed_on"] > case.concluded_on:
            raise ValidationError({"filed_on": f"受理/立案日期不能晚于审结日期（{case.concluded_on:%Y-%m-%d}）。"})
        before = snapshot(case, AUDITED)
        for key, value in clean.items():
            setattr(case, key, value)
        case.org = target
        case.version += 1
        case.save()
        _event(case, EventKind.UPDATED, actor)
        _audit(actor, "update", case, before, request)
    return case


def conclude_case(actor, case_id, *, version, result, concluded_on, result_note="", request=None) -> Case:
    """办结: record the result and the 审结日期. On a case that has already ended it corrects them."""
    with transaction.atomic():
        case = _load(actor, case_id, version)
        clean = _clean_conclusion(result, concluded_on, result_note, case.filed_on)
        correcting = not case.is_pending
        before = snapshot(case, AUDITED)
        for key, value in clean.items():
            setattr(case, key, value)
        case.version += 1
        case.save()
        _event(case, EventKind.CORRECTED if correcting else EventKind.CONCLUDED, actor,
               f"{case.get_result_display()}，{case.concluded_on:%Y-%m-%d}审结")
        _audit(actor, "conclude", case, before, request)
    return case


def reopen_case(actor, case_id, *, version, reason, request=None) -> Case:
    """重新审理: the result is set aside (e.g. 发回重审 on appeal); the case is 尚未审结 again."""
    reason = _text(reason, "reason", "重新审理的原因", required=True, max_length=1000)
    with transaction.atomic():
        case = _load(actor, case_id, version)
        if case.is_pending:
            raise ValidationError({"reason": "该案件尚未审结，无需重新审理。"})
        before = snapshot(case, AUDITED)
        previous = f"原结果：{case.get_result_display()}（{case.concluded_on:%Y-%m-%d}审结）"
        if case.result_note:
            previous += f"；原结果说明：{case.result_note}"
        case.result, case.concluded_on, case.result_note = "", None, ""
        case.version += 1
        case.save()
        _event(case, EventKind.REOPENED, actor, f"{reason}\n{previous}")
        _audit(actor, "reopen", case, before, request, after=snapshot(case, AUDITED) | {"reason": reason})
    return case


def delete_case(actor, case_id, *, version=None, request=None) -> None:
    """Remove a case registered by mistake. A case with documents is refused until they are deleted."""
    with transaction.atomic():
        case = _load(actor, case_id, ANY_VERSION if version is None else version)
        count = case.documents.count()
        if count:
            raise ValidationError(f"该案件还有 {count} 份文书，请先删除文书后再删除案件。")
        _audit(actor, "delete", case, snapshot(case, AUDITED), request, after={})
        case.delete()


# ---------------------------------------------------------------------------------------------------------
# documents


def add_document(actor, case_id, upload, *, description="", request=None) -> CaseDocument:
    """Attach a 复议决定书/判决书/裁定书 … (PDF, DOCX, JPEG or PNG, judged by content, at most 20 MB)."""
    description = _text(description, "description", "文书说明", max_length=200)
    if upload is None:
        raise ValidationError({"file": "请选择要上传的文件。"})
    with transaction.atomic():
        case = _load(actor, case_id, ANY_VERSION)
        try:
            sniffed = check_upload(upload, max_bytes=MAX_DOCUMENT_BYTES, allowed=DOCUMENT_KINDS)
        except ValidationError as e:
            raise ValidationError({"file": e.messages}) from e
        stored = f"{secrets.token_hex(12)}{sniffed.extension}"
        document = CaseDocument(case=case, stored_name=stored,
                                original_name=str(getattr(upload, "name", "") or stored)[:200],
                                content_type=sniffed.content_type, size=upload.size, description=description,
                                uploaded_by=actor)
        upload.seek(0)
        document.file.save(stored, upload, save=False)
        try:
            document.save()
            _event(case, EventKind.DOCUMENT_ADDED, actor, document.description or document.original_name)
            record(actor=actor, action="appeals.document.add", obj=document, org_id=case.org_id,
                   after={"case": case.pk, "name": document.original_name, "description": description,
                          "size": document.size}, request=request)
        except BaseException:
            document.file.storage.delete(document.file.name)  # nothing was recorded, so keep no file
            raise
    return document


def delete_document(actor, document_id, *, request=None) -> None:
    with transaction.atomic():
        document = (CaseDocument.objects.select_related("case").filter(pk=document_id).first()
                    if str(document_id).isdigit() else None)
        if document is None:
            raise Http404(NOT_FOUND)
        case = _load(actor, document.case_id, ANY_VERSION)
        storage, name = document.file.storage, document.file.name
        _event(case, EventKind.DOCUMENT_DELETED, actor, document.description or document.original_name)
        record(actor=actor, action="appeals.document.delete", obj=document, org_id=case.org_id,
               before={"case": case.pk, "name": document.original_name, "description": document.description,
                       "size": document.size}, request=request)
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
