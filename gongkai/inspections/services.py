"""Every change to the inspections app (督查整改), one function per action.

Rounds: ``create_inspection``, ``update_inspection``, ``delete_inspection`` (草稿 only), ``add_target``,
``remove_target``, ``add_item``, ``remove_item`` (草稿/进行中), ``open_inspection`` (草稿 → 进行中: snapshots the
computed indicators of every body over the round's period and drafts 系统核查 findings where an indicator-based
checklist item fails), ``refresh_inspection`` (进行中: a new snapshot), ``close_inspection`` (进行中 → 已结束),
``assess_target`` (notes, score, grade of one body).

Findings: ``record_finding`` (the inspector, 进行中 only), ``issue_finding``/``discard_finding`` (confirm or drop a
系统核查 draft), ``add_evidence``, ``answer_finding`` (the body's staff: 待整改/重新整改 → 已反馈),
``recheck_finding`` (复查: 已反馈 → 已整改, or → 重新整改 with a reason and a new deadline). Rectification goes on
after a round has ended.

Each function checks permission (outside the scope: 404; a reader such as the 监督员: ``PermissionDenied``),
validates (``ValidationError``, a dict of field errors, before anything is written), locks the row, checks the
``version`` the caller read (``ConflictError``) and writes the change, a ``FindingEvent`` where a finding moves,
and the audit event in one transaction. Actions take ``on``, the day they happened (default today, never in
the future, never before the previous step), so findings noted during an on-site visit can be entered later.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from gongkai.applications import services as application_services
from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.core.inputs import parse_date, parse_org, parse_text, parse_version
from gongkai.core.uploads import check_upload
from gongkai.orgs.models import Organization
from gongkai.supervision import indicators as registry
from gongkai.workdays.calendar import WorkCalendarError

from . import permissions as perms
from .codes import (
    COMPARE,
    AttachmentKind,
    Comparison,
    EventKind,
    FindingStatus,
    RoundStatus,
    Severity,
    Source,
)
from .models import ChecklistItem, Finding, FindingAttachment, FindingEvent, Inspection, InspectionTarget

FIRST_YEAR = 2008
MAX_FILES = 5
FILE_KINDS = ("pdf", "jpeg", "png", "docx")
ROUND_FIELDS = ("title", "period_start", "period_end", "description", "many_problems", "issuer_name",
                "doc_number", "issued_on", "main_recipients", "cc", "signature")
FINDING_AUDITED = ("target", "item", "source", "description", "severity", "status", "found_on", "rectify_by",
                   "response", "answered_on", "closed_on", "recheck_note", "late_recorded", "version")
ANY_VERSION = object()


def today() -> dt.date:
    """The platform's today (the applications services' clock, which the tests pin)."""
    return application_services.today()


# ---------------------------------------------------------------------------------------------------------
# input


def _text(value, key: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
    return parse_text(value, key, label, required=required, max_length=max_length)


def _date(value, key: str, label: str, *, required: bool = True) -> dt.date | None:
    day = parse_date(value, key, required=required, label=label)
    if day is not None and not FIRST_YEAR <= day.year <= 2100:
        raise ValidationError({key: f"{label}超出可用范围（{FIRST_YEAR}—2100年）。"})
    return day


def _on(value, *, not_before: dt.date | None = None, what: str = "") -> dt.date:
    """The day an action happened: default today, not in the future, not before the previous step."""
    day = _date(value, "on", "日期", required=False) or today()
    if day > today():
        raise ValidationError({"on": f"日期不能晚于今天（{today():%Y-%m-%d}）。"})
    if not_before is not None and day < not_before:
        raise ValidationError({"on": f"日期不能早于{what}（{not_before:%Y-%m-%d}）。"})
    return day


def _deadline(value, on: dt.date, key: str = "rectify_by") -> dt.date:
    day = _date(value, key, "整改期限")
    if day < on:
        when = "今天" if on == today() else "发现问题之日"
        raise ValidationError({key: f"整改期限不能早于{when}（{on:%Y-%m-%d}）。"})
    return day


def _version(value) -> int:
    return parse_version(value)


def _int(value, key: str, label: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({key: f"{label}应为整数。"}) from None
    if not low <= number <= high:
        raise ValidationError({key: f"{label}应在 {low} 到 {high} 之间。"})
    return number


def _decimal(value, key: str, label: str, *, low: Decimal, high: Decimal, required: bool = False):
    if value in (None, ""):
        if required:
            raise ValidationError({key: f"请填写{label}。"})
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({key: f"{label}应为数字。"}) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError({key: f"{label}应在 {low} 到 {high} 之间。"})
    return number.quantize(Decimal("0.1"))


def _choice(value, choices, key: str, message: str) -> str:
    if value not in choices.values:
        raise ValidationError({key: message})
    return value


def _org(value, key: str = "org", message: str = "请选择单位。") -> Organization:
    return parse_org(value, key, message)


def _clean_round(data: dict) -> dict:
    clean = {
        "title": _text(data.get("title"), "title", "督查名称", required=True, max_length=200),
        "period_start": _date(data.get("period_start"), "period_start", "督查期间起"),
        "period_end": _date(data.get("period_end"), "period_end", "督查期间止"),
        "description": _text(data.get("description"), "description", "督查内容和方式", max_length=5000),
        "many_problems": _int(data.get("many_problems", 3), "many_problems", "问题较多的标准", 1, 99),
        "issuer_name": _text(data.get("issuer_name"), "issuer_name", "发文机关名称", max_length=100),
        "doc_number": _text(data.get("doc_number"), "doc_number", "文号", max_length=100),
        "issued_on": _date(data.get("issued_on"), "issued_on", "发文日期", required=False),
        "main_recipients": _text(data.get("main_recipients"), "main_recipients", "主送", max_length=300),
        "cc": _text(data.get("cc"), "cc", "抄送", max_length=300),
        "signature": _text(data.get("signature"), "signature", "落款", max_length=100),
    }
    if clean["period_start"] > clean["period_end"]:
        raise ValidationError({"period_end": "督查期间止不能早于督查期间起。"})
    return clean


def _check_files(files) -> list:
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise ValidationError({"files": f"一次最多上传 {MAX_FILES} 个文件。"})
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload, allowed=FILE_KINDS)))
        except ValidationError as e:
            raise ValidationError({"files": e.messages}) from e
    return checked


# ---------------------------------------------------------------------------------------------------------
# loading and recording


def _round_for_change(actor, pk, version=ANY_VERSION, *, statuses=None) -> Inspection:
    """Lock a round the actor runs: 404 outside the scope, 403 for readers, 409 on a stale version,
    ``ValidationError`` when the round's status does not allow the action."""
    inspection = (Inspection.objects.select_for_update().select_related("office").filter(pk=pk).first()
                  if str(pk).isdigit() else None)
    if inspection is None or not perms.visible_inspections(actor).filter(pk=inspection.pk).exists():
        raise Http404(perms.NOT_FOUND)
    perms.check_manage(actor, inspection)
    if version is not ANY_VERSION and inspection.version != _version(version):
        raise ConflictError("该督查已被他人修改，请刷新页面后重试。")
    if statuses is not None and inspection.status not in statuses:
        allowed = "、".join(RoundStatus(s).label for s in statuses)
        raise ValidationError(f"督查当前为“{inspection.get_status_display()}”，该操作只能在“{allowed}”时进行。")
    return inspection


def _finding_for_change(actor, pk, version=ANY_VERSION) -> Finding:
    finding = (Finding.objects.select_for_update(of=("self",))
               .select_related("target__org", "target__inspection__office", "item")
               .filter(pk=pk).first() if str(pk).isdigit() else None)
    if finding is None or not perms.visible_findings(actor).filter(pk=finding.pk).exists():
        raise Http404("未找到该问题，或不在您的数据范围内。")
    if version is not ANY_VERSION and finding.version != _version(version):
        raise ConflictError("该问题已被他人处理，请刷新页面后重试。")
    return finding


def _target_for_change(actor, pk, version=ANY_VERSION) -> InspectionTarget:
    target = (InspectionTarget.objects.select_for_update(of=("self",)).select_related("org", "inspection__office")
              .filter(pk=pk).first() if str(pk).isdigit() else None)
    if target is None or not perms.visible_targets(actor).filter(pk=target.pk).exists():
        raise Http404(perms.NOT_FOUND)
    perms.check_manage(actor, target.inspection)
    if version is not ANY_VERSION and target.version != _version(version):
        raise ConflictError("该单位的督查记录已被他人修改，请刷新页面后重试。")
    return target


def _audit(actor, action: str, obj, org_id, before, after, request) -> None:
    record(actor=actor, action=f"inspections.{action}", obj=obj, org_id=org_id, before=before, after=after,
           request=request)


def _event(finding: Finding, action: str, actor, on: dt.date, comment: str = "") -> None:
    FindingEvent.objects.create(finding=finding, action=action, actor=actor if getattr(actor, "pk", None) else None,
                                on=on, comment=comment)


def _last_step(finding: Finding) -> dt.date | None:
    last = finding.events.order_by("-on").values_list("on", flat=True).first()
    return last or finding.found_on


class _Stored:
    """Files written during a transaction, removed again if it fails."""

    def __init__(self):
        self.names: list = []

    def save(self, finding: Finding, checked, kind: str, actor) -> list[FindingAttachment]:
        saved = []
        for upload, sniffed in checked:
            stored = f"{secrets.token_hex(12)}{sniffed.extension}"
            attachment = FindingAttachment(
                finding=finding, kind=kind, stored_name=stored, content_type=sniffed.content_type,
                original_name=str(getattr(upload, "name", "") or stored)[:200], size=upload.size,
                uploaded_by=actor)
            upload.seek(0)
            attachment.file.save(stored, upload, save=False)
            self.names.append((attachment.file.storage, attachment.file.name))
            attachment.save()
            saved.append(attachment)
        return saved

    def discard(self) -> None:
        for storage, name in self.names:
            storage.delete(name)


# ---------------------------------------------------------------------------------------------------------
# rounds


def create_inspection(actor, *, office, request=None, **fields) -> Inspection:
    if not perms.can_create(actor):
        raise PermissionDenied("只有公开办管理员可以组织督查；监督员只能查看。")
    office = _org(office, "office", "请选择督查机关。")
    if office.pk not in perms.office_ids(actor):
        raise ValidationError({"office": f"您不是{office.name}的公开办管理员，不能以该机关名义组织督查。"})
    clean = _clean_round({k: fields.get(k) for k in ROUND_FIELDS} | {"many_problems": fields.get("many_problems", 3)})
    with transaction.atomic():
        inspection = Inspection.objects.create(office=office, created_by=actor, **clean)
        _audit(actor, "round.create", inspection, office.pk, None, snapshot(inspection), request)
    return inspection


def update_inspection(actor, pk, *, version, request=None, **fields) -> Inspection:
    """Edit the round and its 通报 letterhead. After the round has ended only the letterhead and text change."""
    clean = _clean_round({k: fields.get(k) for k in ROUND_FIELDS} | {"many_problems": fields.get("many_problems", 3)})
    with transaction.atomic():
        inspection = _round_for_change(actor, pk, version)
        if inspection.is_closed and (clean["period_start"], clean["period_end"]) != (
                inspection.period_start, inspection.period_end):
            raise ValidationError({"period_start": "督查已结束，不能再修改督查期间。"})
        before = snapshot(inspection)
        for key, value in clean.items():
            setattr(inspection, key, value)
        inspection.version += 1
        inspection.save()
        _audit(actor, "round.update", inspection, inspection.office_id, before, snapshot(inspection), request)
    return inspection


def delete_inspection(actor, pk, *, version, request=None) -> None:
    with transaction.atomic():
        inspection = _round_for_change(actor, pk, version, statuses=(RoundStatus.DRAFT,))
        before = snapshot(inspection) | {"targets": list(inspection.targets.values_list("org_id", flat=True))}
        _audit(actor, "round.delete", inspection, inspection.office_id, before, {}, request)
        inspection.delete()


def target_candidates(actor, inspection: Inspection):
    """Bodies the round may cover: the office's subtree, as far as the actor runs it."""
    return Organization.objects.filter(path__startswith=inspection.office.path, pk__in=perms.office_ids(actor),
                                       is_active=True)


def add_target(actor, pk, *, org, request=None) -> InspectionTarget:
    with transaction.atomic():
        inspection = _round_for_change(actor, pk, statuses=(RoundStatus.DRAFT, RoundStatus.OPEN))
        org = _org(org, "org", "请选择被督查单位。")
        if not target_candidates(actor, inspection).filter(pk=org.pk).exists():
            raise ValidationError({"org": f"{org.name}不在{inspection.office.name}的督查范围内。"})
        if inspection.targets.filter(org=org).exists():
            raise ValidationError({"org": f"{org.name}已在本次督查的单位中。"})
        target = InspectionTarget.objects.create(inspection=inspection, org=org)
        if inspection.is_open:  # a body added later is measured like the others
            _evaluate(inspection, [target], _snapshot_codes(inspection), inspection.snapshot_on or today(), actor)
        _audit(actor, "target.add", target, org.pk, None, {"inspection": inspection.pk, "org": org.pk}, request)
    return target


def remove_target(actor, target_pk, *, request=None) -> None:
    with transaction.atomic():
        target = _target_for_change(actor, target_pk)
        _round_for_change(actor, target.inspection_id, statuses=(RoundStatus.DRAFT, RoundStatus.OPEN))
        issued = target.findings.exclude(status=FindingStatus.DRAFT).count()
        if issued:
            raise ValidationError(f"{target.org.name}已有 {issued} 个下发的问题，不能移出本次督查。")
        _audit(actor, "target.remove", target, target.org_id, {"inspection": target.inspection_id,
                                                                "org": target.org_id}, {}, request)
        target.findings.all().delete()  # only 系统核查 drafts remain here
        target.delete()


def assess_target(actor, target_pk, *, version, notes="", score=None, grade="", request=None) -> InspectionTarget:
    notes = _text(notes, "notes", "督查记录", max_length=5000)
    score = _decimal(score, "score", "得分", low=Decimal(0), high=Decimal(100))
    grade = _text(grade, "grade", "等次", max_length=20)
    with transaction.atomic():
        target = _target_for_change(actor, target_pk, version)
        before = snapshot(target, ("notes", "score", "grade", "version"))
        target.notes, target.score, target.grade = notes, score, grade
        target.version += 1
        target.save()
        _audit(actor, "target.assess", target, target.org_id, before,
               snapshot(target, ("notes", "score", "grade", "version")), request)
    return target


def add_item(actor, pk, *, text, indicator_code="", comparison="", threshold=None, severity=Severity.MINOR,
             deduction=None, order=None, request=None) -> ChecklistItem:
    text = _text(text, "text", "检查内容", required=True, max_length=300)
    severity = _choice(severity, Severity, "severity", "请选择问题程度。")
    deduction = _decimal(deduction, "deduction", "每个问题扣分", low=Decimal(0), high=Decimal(100))
    indicator_code = str(indicator_code or "").strip()
    if indicator_code:
        if indicator_code not in registry.INDICATORS:
            raise ValidationError({"indicator_code": "请选择平台指标。"})
        comparison = _choice(comparison, Comparison, "comparison", "请选择不合格条件（<、≤、>、≥）。")
        threshold = _decimal(threshold, "threshold", "阈值", low=Decimal(-1_000_000), high=Decimal(1_000_000),
                             required=True)
    elif comparison or threshold not in (None, ""):
        raise ValidationError({"indicator_code": "设置不合格条件时请选择平台指标。"})
    else:
        comparison, threshold = "", None
    with transaction.atomic():
        inspection = _round_for_change(actor, pk, statuses=(RoundStatus.DRAFT, RoundStatus.OPEN))
        if order in (None, ""):
            order = (max(inspection.items.values_list("order", flat=True), default=0) or 0) + 1
        order = _int(order, "order", "序号", 0, 999)
        item = ChecklistItem.objects.create(inspection=inspection, text=text, indicator_code=indicator_code,
                                            comparison=comparison, threshold=threshold, severity=severity,
                                            deduction=deduction, order=order)
        if inspection.is_open and item.is_automatic:  # measure the bodies on the new item now
            _evaluate(inspection, list(inspection.targets.select_related("org")), [indicator_code],
                      inspection.snapshot_on or today(), actor, items=[item])
        _audit(actor, "item.add", item, inspection.office_id, None, snapshot(item), request)
    return item


def remove_item(actor, item_pk, *, request=None) -> None:
    with transaction.atomic():
        item = ChecklistItem.objects.filter(pk=item_pk).first() if str(item_pk).isdigit() else None
        if item is None:
            raise Http404("未找到该检查项目。")
        inspection = _round_for_change(actor, item.inspection_id, statuses=(RoundStatus.DRAFT, RoundStatus.OPEN))
        issued = item.findings.exclude(status=FindingStatus.DRAFT).count()
        if issued:
            raise ValidationError(f"该检查项目下已有 {issued} 个下发的问题，不能删除。")
        _audit(actor, "item.remove", item, inspection.office_id, snapshot(item), {}, request)
        item.findings.all().delete()
        item.delete()


# --- indicators --------------------------------------------------------------------------------------------


def _snapshot_codes(inspection: Inspection) -> list[str]:
    codes = [c for c in registry.DASHBOARD_CODES if c in registry.INDICATORS]
    for code in inspection.items.exclude(indicator_code="").values_list("indicator_code", flat=True):
        if code in registry.INDICATORS and code not in codes:
            codes.append(code)
    return codes


def _measure(codes, org_ids, period) -> dict[str, dict[int, dict]]:
    out = {}
    for code in codes:
        indicator = registry.get(code)
        try:
            table = registry.compute([code], org_ids, period)
        except (WorkCalendarError, ValueError, KeyError):  # e.g. a calendar year not loaded: shown as "—"
            out[code] = {pk: {"value": None, "display": "—", "numerator": 0, "denominator": 0, "error": True}
                         for pk in org_ids}
            continue
        out[code] = {pk: {"value": v.value, "display": v.display + ("" if indicator.kind == registry.RATE
                                                                    or v.value is None else indicator.unit),
                          "numerator": v.numerator, "denominator": v.denominator}
                     for pk, v in ((pk, table.rows[pk][code]) for pk in org_ids)}
    return out


def fails(item: ChecklistItem, value) -> bool:
    """Whether a body's indicator value meets the item's failing condition (no value: not judged)."""
    if not item.is_automatic or value is None or item.threshold is None:
        return False
    return COMPARE[item.comparison](Decimal(str(value)), item.threshold)


def threshold_label(item: ChecklistItem) -> str:
    if not item.is_automatic:
        return ""
    indicator = registry.INDICATORS.get(item.indicator_code)
    label = indicator.label if indicator else item.indicator_code
    unit = indicator.unit if indicator else ""
    threshold = item.threshold.normalize() if item.threshold is not None else ""
    return f"{label} {item.get_comparison_display()} {threshold:f}{unit}" if threshold != "" else label


def _evaluate(inspection: Inspection, targets, codes, on: dt.date, actor, *, items=None, replace=False) -> int:
    """Snapshot ``codes`` for ``targets`` and draft a 系统核查 finding for each failing indicator item a body
    has no finding for yet. Returns the number of drafts created."""
    if not targets or not codes:
        return 0
    period = registry.Period(inspection.period_start, inspection.period_end, on)
    measured = _measure(codes, [t.org_id for t in targets], period)
    items = items if items is not None else [i for i in inspection.items.all() if i.is_automatic]
    created = 0
    for target in targets:
        values = {} if replace else dict(target.snapshot.get("values", {}))
        for code in codes:
            indicator = registry.get(code)
            values[code] = measured[code][target.org_id] | {"label": indicator.label, "unit": indicator.unit}
        target.snapshot = {"taken_on": on.isoformat(), "period": [period.start.isoformat(), period.end.isoformat()],
                           "values": values}
        target.save(update_fields=["snapshot"])
        existing = set(target.findings.filter(item__in=items).values_list("item_id", flat=True))
        for item in items:
            entry = values.get(item.indicator_code)
            if entry is None or item.pk in existing or not fails(item, entry["value"]):
                continue
            finding = Finding.objects.create(
                target=target, item=item, source=Source.SYSTEM, severity=item.severity, status=FindingStatus.DRAFT,
                created_by=actor,
                description=(f"系统核查（{item.text}）：{period.label}，{entry['label']}为{entry['display']}，"
                             f"属于“{threshold_label(item)}”的问题情形。"))
            _event(finding, EventKind.DRAFTED, actor, on, threshold_label(item))
            created += 1
    return created


def open_inspection(actor, pk, *, version, on=None, request=None) -> Inspection:
    """草稿 → 进行中: snapshot the indicators of every body and draft the 系统核查 findings."""
    with transaction.atomic():
        inspection = _round_for_change(actor, pk, version, statuses=(RoundStatus.DRAFT,))
        on = _on(on)
        targets = list(inspection.targets.select_related("org"))
        if not targets:
            raise ValidationError("请先添加被督查单位。")
        before = snapshot(inspection)
        drafted = _evaluate(inspection, targets, _snapshot_codes(inspection), on, actor, replace=True)
        inspection.status, inspection.opened_on, inspection.snapshot_on = RoundStatus.OPEN, on, on
        inspection.version += 1
        inspection.save()
        _audit(actor, "round.open", inspection, inspection.office_id, before,
               snapshot(inspection) | {"drafted_findings": drafted}, request)
    return inspection


def refresh_inspection(actor, pk, *, version, on=None, request=None) -> int:
    """进行中: take the snapshot again; new failures get drafts, drafts no longer failing are dropped."""
    with transaction.atomic():
        inspection = _round_for_change(actor, pk, version, statuses=(RoundStatus.OPEN,))
        on = _on(on, not_before=inspection.opened_on, what="督查开始日期")
        targets = list(inspection.targets.select_related("org"))
        before = snapshot(inspection)
        drafted = _evaluate(inspection, targets, _snapshot_codes(inspection), on, actor, replace=True)
        dropped = 0
        for finding in Finding.objects.filter(target__inspection=inspection, source=Source.SYSTEM,
                                              status=FindingStatus.DRAFT).select_related("item", "target"):
            entry = finding.target.snapshot.get("values", {}).get(finding.item.indicator_code) if finding.item else None
            if finding.item is None or entry is None or not fails(finding.item, entry["value"]):
                finding.delete()
                dropped += 1
        inspection.snapshot_on = on
        inspection.version += 1
        inspection.save()
        _audit(actor, "round.refresh", inspection, inspection.office_id, before,
               snapshot(inspection) | {"drafted_findings": drafted, "dropped_drafts": dropped}, request)
    return drafted


def close_inspection(actor, pk, *, version, on=None, request=None) -> Inspection:
    """进行中 → 已结束. 系统核查 drafts must be confirmed or discarded first; rectification goes on."""
    with transaction.atomic():
        inspection = _round_for_change(actor, pk, version, statuses=(RoundStatus.OPEN,))
        on = _on(on, not_before=inspection.opened_on, what="督查开始日期")
        drafts = Finding.objects.filter(target__inspection=inspection, status=FindingStatus.DRAFT).count()
        if drafts:
            raise ValidationError(f"还有 {drafts} 个系统核查发现的问题待确认，请确认或删除后再结束督查。")
        before = snapshot(inspection)
        inspection.status, inspection.closed_on = RoundStatus.CLOSED, on
        inspection.version += 1
        inspection.save()
        _audit(actor, "round.close", inspection, inspection.office_id, before, snapshot(inspection), request)
    return inspection


# ---------------------------------------------------------------------------------------------------------
# findings


def _finding_audit(actor, action: str, finding: Finding, before, request) -> None:
    _audit(actor, f"finding.{action}", finding, finding.target.org_id, before,
           snapshot(finding, FINDING_AUDITED) if action != "discard" else {}, request)


def record_finding(actor, target_pk, *, description, severity=Severity.MINOR, rectify_by, item=None, files=(),
                   on=None, request=None) -> Finding:
    """The inspector records a problem at one body, with its 整改期限 and evidence (待整改)."""
    description = _text(description, "description", "问题描述", required=True, max_length=5000)
    severity = _choice(severity, Severity, "severity", "请选择问题程度。")
    checked = _check_files(files)
    stored = _Stored()
    try:
        with transaction.atomic():
            target = _target_for_change(actor, target_pk)
            inspection = target.inspection
            if not inspection.is_open:
                raise ValidationError("只有进行中的督查可以记录问题。")
            on = _on(on, not_before=inspection.opened_on, what="督查开始日期")
            rectify_by = _deadline(rectify_by, on)
            if item not in (None, ""):
                item_id = item.pk if isinstance(item, ChecklistItem) else item
                item = (inspection.items.filter(pk=item_id).first() if str(item_id).isdigit() else None)
                if item is None:
                    raise ValidationError({"item": "请选择本次督查的检查项目。"})
            else:
                item = None
            finding = Finding.objects.create(target=target, item=item, description=description, severity=severity,
                                             status=FindingStatus.PENDING, found_on=on, rectify_by=rectify_by,
                                             created_by=actor)
            stored.save(finding, checked, AttachmentKind.EVIDENCE, actor)
            _event(finding, EventKind.RECORDED, actor, on, f"整改期限：{rectify_by:%Y-%m-%d}")
            _finding_audit(actor, "record", finding, None, request)
    except BaseException:
        stored.discard()
        raise
    return finding


def issue_finding(actor, finding_pk, *, version, rectify_by, description=None, severity=None, on=None,
                  request=None) -> Finding:
    """Confirm a 系统核查 draft: it goes to the body as 待整改 with a deadline."""
    with transaction.atomic():
        finding = _finding_for_change(actor, finding_pk, version)
        perms.check_manage(actor, finding.target.inspection)
        if finding.status != FindingStatus.DRAFT:
            raise ValidationError("该问题已确认下发。")
        if not finding.target.inspection.is_open:
            raise ValidationError("只有进行中的督查可以确认问题。")
        on = _on(on, not_before=_last_step(finding), what="系统核查日期")
        clean = {
            "rectify_by": _deadline(rectify_by, on),
            "description": _text(finding.description if description is None else description, "description",
                                 "问题描述", required=True, max_length=5000),
            "severity": _choice(severity or finding.severity, Severity, "severity", "请选择问题程度。"),
        }
        before = snapshot(finding, FINDING_AUDITED)
        for key, value in clean.items():
            setattr(finding, key, value)
        finding.status, finding.found_on = FindingStatus.PENDING, on
        finding.version += 1
        finding.save()
        _event(finding, EventKind.ISSUED, actor, on, f"整改期限：{finding.rectify_by:%Y-%m-%d}")
        _finding_audit(actor, "issue", finding, before, request)
    return finding


def discard_finding(actor, finding_pk, *, version, request=None) -> None:
    """Drop a 系统核查 draft the inspector does not confirm (e.g. the figure has an explanation)."""
    with transaction.atomic():
        finding = _finding_for_change(actor, finding_pk, version)
        perms.check_manage(actor, finding.target.inspection)
        if finding.status != FindingStatus.DRAFT:
            raise ValidationError("只能删除待确认的系统核查问题。")
        _audit(actor, "finding.discard", finding, finding.target.org_id, snapshot(finding, FINDING_AUDITED), {},
               request)
        finding.delete()


def add_evidence(actor, finding_pk, *, files, request=None) -> list[FindingAttachment]:
    checked = _check_files(files)
    if not checked:
        raise ValidationError({"files": "请选择要上传的文件。"})
    stored = _Stored()
    try:
        with transaction.atomic():
            finding = _finding_for_change(actor, finding_pk)
            perms.check_manage(actor, finding.target.inspection)
            if finding.status == FindingStatus.CLOSED:
                raise ValidationError("该问题已整改完毕，不能再补充证据。")
            saved = stored.save(finding, checked, AttachmentKind.EVIDENCE, actor)
            names = "、".join(a.original_name for a in saved)
            _event(finding, EventKind.EVIDENCE, actor, today(), names)
            _audit(actor, "finding.evidence", finding, finding.target.org_id, None, {"files": names}, request)
    except BaseException:
        stored.discard()
        raise
    return saved


def answer_finding(actor, finding_pk, *, version, response, files=(), on=None, request=None) -> Finding:
    """The body's staff report what they changed (待整改/重新整改 → 已反馈)."""
    response = _text(response, "response", "整改情况", required=True, max_length=5000)
    checked = _check_files(files)
    stored = _Stored()
    try:
        with transaction.atomic():
            finding = _finding_for_change(actor, finding_pk, version)
            if not perms.can_answer(actor, finding.target.inspection, finding.target.org):
                raise PermissionDenied(perms.ANSWER_DENIED)
            if finding.status not in (FindingStatus.PENDING, FindingStatus.REOPENED):
                raise ValidationError(f"该问题当前为“{finding.get_status_display()}”，不需要反馈整改情况。")
            on = _on(on, not_before=_last_step(finding), what="上一步办理日期")
            before = snapshot(finding, FINDING_AUDITED)
            finding.status, finding.response = FindingStatus.ANSWERED, response
            finding.answered_on, finding.answered_by = on, actor
            if on > finding.rectify_by:
                finding.late_recorded = True
            finding.version += 1
            finding.save()
            stored.save(finding, checked, AttachmentKind.RESPONSE, actor)
            late = f"（逾期 {(on - finding.rectify_by).days} 天）" if on > finding.rectify_by else ""
            _event(finding, EventKind.ANSWERED, actor, on, response + late)
            _finding_audit(actor, "answer", finding, before, request)
    except BaseException:
        stored.discard()
        raise
    return finding


def recheck_finding(actor, finding_pk, *, version, passed, comment="", rectify_by=None, on=None,
                    request=None) -> Finding:
    """复查: passed → 已整改 (closed on ``on``); not passed → 重新整改 with the reason and a new deadline."""
    comment = _text(comment, "comment", "复查意见", required=not passed, max_length=2000)
    with transaction.atomic():
        finding = _finding_for_change(actor, finding_pk, version)
        perms.check_manage(actor, finding.target.inspection)
        if finding.status != FindingStatus.ANSWERED:
            raise ValidationError(f"该问题当前为“{finding.get_status_display()}”，被督查单位反馈整改情况后才能复查。")
        on = _on(on, not_before=_last_step(finding), what="整改情况反馈日期")
        before = snapshot(finding, FINDING_AUDITED)
        finding.recheck_note = comment
        if passed:
            finding.status, finding.closed_on = FindingStatus.CLOSED, on
            _event(finding, EventKind.PASSED, actor, on, comment)
        else:
            finding.rectify_by = _deadline(rectify_by, on)
            finding.status, finding.closed_on = FindingStatus.REOPENED, None
            _event(finding, EventKind.FAILED, actor, on, f"{comment}\n新的整改期限：{finding.rectify_by:%Y-%m-%d}")
        finding.version += 1
        finding.save()
        _finding_audit(actor, "recheck", finding, before, request)
    return finding
