"""Every change to an annual report, one function per action.

A report is written by the body's 公开办管理员, checked by a 审核人 and published by the 公开办管理员:
草稿 → 待审核 → 已审核待发布 → 已发布 (退回 sends it back to 草稿; 撤回发布 takes it off the public page).
Publication is refused while any error-level finding remains or any warning is not acknowledged.

Figures: a computed report's tables are the computed values with the recorded overrides applied; a report
filled in by hand (figures collected from a body that does not keep its records here) has every cell entered.
A disclosure office asks subordinate bodies for their figures (``request_figures``); the body fills and
submits them; the office accepts or returns them.

Each function checks permission (outside scope → 404) and state, validates, and writes the change, a
``ReportEvent`` and an audit record in one transaction; ``version`` guards against lost updates.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import filter_visible, has_role, roles_for

from . import checks, narrative
from .compute import compute, scope_org_ids
from .formats import INT, SIGNED, TEXT, empty_tables, format_for_year, get_cell, get_format, set_cell
from .models import AnnualReport, Collection, Override, ReportEvent, ReportStatus, Scope, Source

S = ReportStatus
AUDITED = ("org", "year", "format", "scope", "source", "title", "status", "collection", "tables", "chapters",
           "acknowledged", "published_at")
CHAPTER_KEYS = ("0", "1", "2", "3", "4", "5", "6")
MAX_CHAPTER = 50_000
RULE_CHECKS = set(checks.RULE_LABELS)  # findings the format's rules give (recomputed on every change)


@dataclass(frozen=True)
class Transition:
    label: str
    sources: tuple[str, ...]
    roles: frozenset[str]


WRITERS = frozenset({Role.OFFICE_ADMIN})
TRANSITIONS: dict[str, Transition] = {
    "edit": Transition("编辑", (S.DRAFT,), WRITERS),
    "submit": Transition("提交审核", (S.DRAFT,), WRITERS),
    "approve": Transition("审核通过", (S.REVIEW,), frozenset({Role.APPROVER})),
    "return": Transition("退回修改", (S.REVIEW, S.APPROVED), frozenset({Role.APPROVER, Role.OFFICE_ADMIN})),
    "acknowledge": Transition("确认警告", (S.DRAFT, S.REVIEW, S.APPROVED), frozenset({Role.OFFICE_ADMIN,
                                                                                   Role.APPROVER})),
    "publish": Transition("发布", (S.APPROVED,), WRITERS),
    "unpublish": Transition("撤回发布", (S.PUBLISHED,), WRITERS),
}
EVENT_LABELS = {"create": "新建", "refresh": "刷新数据", "override": "修正数据", "clear_override": "取消修正",
                "chapters": "编辑正文", "figures": "填报数据", "request": "要求报送", "submit_figures": "报送数据",
                "accept_figures": "确认采用", "return_figures": "退回报送",
                "accept_imported": "采用读取的报告"}


class TransitionNotAllowed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def today():
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------------------
# permissions


def blocked_reason(user, report: AnnualReport, action: str, roles=None) -> str | None:
    transition = TRANSITIONS[action]
    if report.status not in transition.sources:
        return f"该报告当前状态为“{report.get_status_display()}”，不能{transition.label}。"
    roles = roles_for(user, report.org) if roles is None else roles
    if not roles & transition.roles:
        names = "、".join(Role(r).label for r in sorted(transition.roles))
        return f"只有{report.org.name}的{names}可以{transition.label}。"
    if action == "edit" and report.collection in (Collection.SUBMITTED, Collection.ACCEPTED):
        return "数据已报送上级，需上级退回后才能修改。"
    return None


def allowed_actions(user, report: AnnualReport) -> list[str]:
    roles = roles_for(user, report.org)
    return [a for a in TRANSITIONS if blocked_reason(user, report, a, roles) is None]


def can_review_collection(user, report: AnnualReport) -> bool:
    return report.requested_by is not None and has_role(user, report.requested_by, Role.OFFICE_ADMIN)


def visible_reports(user):
    return filter_visible(user, AnnualReport.objects.select_related("org"))


# ---------------------------------------------------------------------------------------------------------
# helpers


def _event(report, action, actor, comment=""):
    label = TRANSITIONS[action].label if action in TRANSITIONS else EVENT_LABELS.get(action, action)
    ReportEvent.objects.create(report=report, action=action, label=label, actor=actor, comment=comment)


def _audit(actor, action, report, before, request=None):
    record(actor=actor, action=f"reports.{action}", obj=report, org_id=report.org_id, before=before,
           after=snapshot(report, AUDITED), request=request)


def _load(actor, report_id, action: str | None, version=None) -> AnnualReport:
    # requested_by is nullable (an outer join): PostgreSQL locks only the report's own row
    locked = AnnualReport.objects.select_for_update(of=("self",)).select_related("org", "requested_by")
    report = filter_visible(actor, locked).filter(pk=report_id).first()
    if report is None:
        # the office that asked for the figures sees the body's report too
        report = locked.filter(pk=report_id, requested_by__isnull=False).first()
        if report is None or not can_review_collection(actor, report):
            raise Http404("未找到该年度报告，或不在您的数据范围内。")
    if version is not None and report.version != int(version):
        raise ConflictError("该年度报告已被他人修改，请刷新页面后重试。")
    if action is not None:
        reason = blocked_reason(actor, report, action)
        if reason:
            raise TransitionNotAllowed(reason)
    return report


def _save(report):
    report.version += 1
    report.save()


def finding_key(f: dict) -> str:
    return f"{f['rule']}|{'|'.join(f['cells'])}|{f.get('actual')}"


def previous_report(report: AnnualReport) -> AnnualReport | None:
    return AnnualReport.objects.filter(org_id=report.org_id, year=report.year - 1).first()


def evaluate(report: AnnualReport) -> list[dict]:
    """The findings of the report's effective figures: the format's rules, what computing noticed, missing
    cells of a hand-filled report, overrides, the carry-over from last year's report and unknown narrative
    figures."""
    fmt = get_format(report.format)
    canonical = {"format": report.format, "year": report.year, "tables": report.tables}
    findings = checks.check(canonical)
    if report.source == Source.COMPUTED and report.computed:
        findings += [f for f in report.computed.get("findings", []) if f["rule"] not in RULE_CHECKS]
    if report.source == Source.MANUAL:
        missing = [p for p in fmt.cell_paths() if fmt.column(p).kind != TEXT and get_cell(canonical, p) is None]
        if missing:
            findings.append(checks.finding("missing", checks.ERROR, missing,
                                           f"还有 {len(missing)} 个数据未填写（无此项数据请填 0）",
                                           actual=len(missing)))
    for override in (report.overrides.all() if report.pk else ()):
        findings.append(checks.finding(
            "override", checks.INFO, [override.cell],
            f"{fmt.label(override.cell)}：平台计算值 {override.computed_value}，人工修正为 {override.value}"
            f"（{override.reason}）", expected=override.computed_value, actual=override.value))
    previous = previous_report(report)
    if previous is not None and previous.format and previous.tables:
        findings += checks.check_carry_over({"year": previous.year, "tables": previous.tables}, canonical)
    extra = (report.computed or {}).get("extra")
    for key, text in (report.chapters or {}).items():
        for name in narrative.unknown_tokens(text, canonical, extra):
            findings.append(checks.finding("narrative_token", checks.WARNING, [],
                                           f"正文中的“{{{{{name}}}}}”不是可插入的数据名称（第{key}部分）"))
    return findings


def _refresh_findings(report: AnnualReport) -> None:
    report.findings = evaluate(report)
    keys = {finding_key(f) for f in report.findings if f["severity"] == checks.WARNING}
    report.acknowledged = [k for k in report.acknowledged if k in keys]


def _apply_overrides(report: AnnualReport) -> None:
    tables = copy.deepcopy(report.computed["tables"])
    holder = {"tables": tables}
    for override in (report.overrides.all() if report.pk else ()):
        set_cell(holder, override.cell, override.value)
    report.tables = tables


def _recompute(report: AnnualReport) -> None:
    computed = compute(report.org, report.year, report.scope, report.format)
    ids = scope_org_ids(report.org, report.scope)
    computed["extra"] = narrative.compute_extra(ids, report.year)
    report.computed = computed
    report.computed_at = timezone.now()
    _apply_overrides(report)


def parse_value(column, raw, label: str):
    """A figure typed into a form: "" → None; counts as ints (signed only for 本年增/减); amounts as Decimal."""
    if raw is None:
        return None
    text = str(raw).strip().replace(",", "").replace("，", "")
    if text == "":
        return None
    if column.kind == TEXT:
        if text not in ("万元", "元"):
            raise ValidationError(f"{label}：金额单位只能是“万元”或“元”。")
        return text
    if column.kind in (INT, SIGNED):
        try:
            value = int(text)
        except ValueError:
            raise ValidationError(f"{label}：“{raw}”不是整数。") from None
        if column.kind == INT and value < 0:
            raise ValidationError(f"{label}：不能为负数。")
        if abs(value) > 10**12:
            raise ValidationError(f"{label}：数值过大。")
        return value
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"{label}：“{raw}”不是数值。") from None
    if not value.is_finite() or value < 0 or value > Decimal(10**12):
        raise ValidationError(f"{label}：数值应在 0 到 1000000000000 之间。")
    if -value.as_tuple().exponent > 4:
        raise ValidationError(f"{label}：最多保留四位小数。")
    return float(value)


def default_title(org: Organization, year: int) -> str:
    return f"{org.name}{year}年政府信息公开工作年度报告"


def default_scope(org: Organization) -> str:
    return Scope.GOVERNMENT if org.is_government else Scope.SELF


# ---------------------------------------------------------------------------------------------------------
# actions: writing


def create_report(actor, *, org: Organization, year, scope: str | None = None, format_key: str | None = None,
                  request=None) -> AnnualReport:
    """A new report of ``org`` for ``year`` computed from the records (one per body and year)."""
    if not has_role(actor, org, *WRITERS):
        raise PermissionDenied(f"只有{org.name}的公开办管理员可以编写年度报告。")
    year = _year(year)
    scope = scope or default_scope(org)
    if scope not in Scope.values:
        raise ValidationError({"scope": "统计范围不正确。"})
    fmt = get_format(format_key) if format_key else format_for_year(year)
    with transaction.atomic():
        if AnnualReport.objects.filter(org=org, year=year).exists():
            raise ValidationError({"year": f"{org.name}{year}年度报告已存在。"})
        report = AnnualReport(org=org, year=year, scope=scope, format=fmt.key, title=default_title(org, year),
                              created_by=actor, chapters=_default_chapters(org, year))
        _recompute(report)
        report.findings = []
        report.save()
        _refresh_findings(report)
        report.save()
        _event(report, "create", actor)
        _audit(actor, "create", report, None, request)
    return report


def _default_chapters(org: Organization, year: int) -> dict:
    return {
        "0": (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度"
              f"报告格式》要求编制。所列数据统计期限为{year}年1月1日至{year}年12月31日。"),
        "1": (f"{year}年，{org.name}主动公开政府信息{{{{主动公开信息}}}}条；收到政府信息公开申请{{{{收到申请总数}}}}件"
              f"（含上年结转{{{{上年结转申请}}}}件），办结{{{{办结申请}}}}件，结转下年度办理{{{{结转下年度申请}}}}件。"),
        "5": "", "6": "无。",
    }


def _year(value) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({"year": "请填写正确的报告年度。"}) from None
    if not 2008 <= year <= today().year:
        raise ValidationError({"year": f"报告年度应在 2008 年至 {today().year} 年之间。"})
    return year


def refresh(actor, report_id, *, version=None, request=None) -> AnnualReport:
    """Recompute the figures from the records (overrides stay)."""
    with transaction.atomic():
        report = _load(actor, report_id, "edit", version)
        if report.source != Source.COMPUTED:
            raise TransitionNotAllowed("该报告的数据由机关填报，不从平台数据生成。")
        before = snapshot(report, AUDITED)
        _recompute(report)
        _refresh_findings(report)
        _save(report)
        _event(report, "refresh", actor)
        _audit(actor, "refresh", report, before, request)
    return report


def set_override(actor, report_id, *, cell: str, value, reason: str, version=None, request=None) -> AnnualReport:
    """Replace one computed figure by hand, keeping the computed value, who and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请说明修正理由。"})
    if len(reason) > 500:
        raise ValidationError({"reason": "修正理由不能超过 500 字。"})
    with transaction.atomic():
        report = _load(actor, report_id, "edit", version)
        if report.source != Source.COMPUTED:
            raise TransitionNotAllowed("该报告的数据由机关填报，直接修改填报数据即可。")
        fmt = get_format(report.format)
        if cell not in fmt.cell_paths():
            raise ValidationError({"cell": "请选择报告中的单元格。"})
        column = fmt.column(cell)
        try:
            parsed = parse_value(column, value, fmt.label(cell))
        except ValidationError as e:
            raise ValidationError({"value": e.messages}) from None
        if parsed is None:
            raise ValidationError({"value": "请填写修正后的数值。"})
        before = snapshot(report, AUDITED)
        computed_value = get_cell(report.computed, cell)
        Override.objects.update_or_create(report=report, cell=cell, defaults={
            "computed_value": computed_value, "value": parsed, "reason": reason, "actor": actor})
        _apply_overrides(report)
        _refresh_findings(report)
        _save(report)
        _event(report, "override", actor, f"{fmt.label(cell)}：{computed_value} → {parsed}（{reason}）")
        _audit(actor, "override", report, before, request)
    return report


def clear_override(actor, report_id, *, cell: str, version=None, request=None) -> AnnualReport:
    with transaction.atomic():
        report = _load(actor, report_id, "edit", version)
        deleted, _ = Override.objects.filter(report=report, cell=cell).delete()
        if not deleted:
            raise ValidationError({"cell": "该单元格没有人工修正。"})
        before = snapshot(report, AUDITED)
        _apply_overrides(report)
        _refresh_findings(report)
        _save(report)
        _event(report, "clear_override", actor, get_format(report.format).label(cell))
        _audit(actor, "clear_override", report, before, request)
    return report


def save_chapters(actor, report_id, *, title: str, chapters: dict, version=None, request=None) -> AnnualReport:
    """The title and narrative (text before chapter 一, chapters 一–六; text before the tables of 二–四)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写报告标题。"})
    if len(title) > 200:
        raise ValidationError({"title": "标题不能超过 200 字。"})
    clean = {}
    for key in CHAPTER_KEYS:
        text = str(chapters.get(key) or "").replace("\r\n", "\n").strip()
        if "\x00" in text:
            raise ValidationError({f"chapter_{key}": "正文不能包含空字符。"})
        if len(text) > MAX_CHAPTER:
            raise ValidationError({f"chapter_{key}": f"每部分正文不能超过 {MAX_CHAPTER} 字。"})
        clean[key] = text
    with transaction.atomic():
        report = _load(actor, report_id, "edit", version)
        before = snapshot(report, AUDITED)
        report.title, report.chapters = title, clean
        _refresh_findings(report)
        _save(report)
        _event(report, "chapters", actor)
        _audit(actor, "chapters", report, before, request)
    return report


def clean_figures(fmt, data: dict) -> tuple[dict, dict[str, list[str]]]:
    """Figures typed in the fill-in form (``data[cell path] = text``) → (tables, errors by cell)."""
    tables = empty_tables(fmt)
    holder = {"tables": tables}
    errors: dict[str, list[str]] = {}
    for path in fmt.cell_paths():
        try:
            set_cell(holder, path, parse_value(fmt.column(path), data.get(path), fmt.label(path)))
        except ValidationError as e:
            errors[path] = e.messages
    return tables, errors


def preview_findings(fmt, tables: dict, year: int | None = None) -> list[dict]:
    """The rules' findings on figures being typed (nothing stored)."""
    return checks.check({"format": fmt.key, "year": year, "tables": tables})


def save_figures(actor, report_id, *, data: dict, version=None, request=None) -> AnnualReport:
    """Enter every figure of a report filled in by hand; any unreadable figure rejects the whole form."""
    with transaction.atomic():
        report = _load(actor, report_id, "edit", version)
        if report.source != Source.MANUAL:
            raise TransitionNotAllowed("该报告的数据由平台生成；如需修改某个数据，请使用“修正数据”并说明理由。")
        fmt = get_format(report.format)
        tables, errors = clean_figures(fmt, data)
        if errors:
            raise ValidationError(errors)
        before = snapshot(report, AUDITED)
        report.tables = tables  # a returned report stays returned until it is submitted again
        _refresh_findings(report)
        _save(report)
        _event(report, "figures", actor)
        _audit(actor, "figures", report, before, request)
    return report


# ---------------------------------------------------------------------------------------------------------
# actions: workflow


def submit(actor, report_id, *, comment="", version=None, request=None) -> AnnualReport:
    return _move(actor, report_id, "submit", S.REVIEW, comment, version, request)


def approve(actor, report_id, *, comment="", version=None, request=None) -> AnnualReport:
    return _move(actor, report_id, "approve", S.APPROVED, comment, version, request)


def return_report(actor, report_id, *, comment, version=None, request=None) -> AnnualReport:
    if not (comment or "").strip():
        raise ValidationError({"comment": "请填写退回意见。"})
    return _move(actor, report_id, "return", S.DRAFT, comment, version, request)


def _move(actor, report_id, action, target, comment, version, request) -> AnnualReport:
    with transaction.atomic():
        report = _load(actor, report_id, action, version)
        before = snapshot(report, AUDITED)
        report.status = target
        _refresh_findings(report)
        _save(report)
        _event(report, action, actor, (comment or "").strip()[:2000])
        _audit(actor, action, report, before, request)
    return report


def acknowledge(actor, report_id, *, keys: list[str], version=None, request=None) -> AnnualReport:
    """Mark warnings as read and accepted (each warning must be acknowledged before publishing)."""
    with transaction.atomic():
        report = _load(actor, report_id, "acknowledge", version)
        warnings = {finding_key(f) for f in report.findings if f["severity"] == checks.WARNING}
        unknown = [k for k in keys if k not in warnings]
        if unknown or not keys:
            raise ValidationError("请选择要确认的警告（警告可能已变化，请刷新页面）。")
        before = snapshot(report, AUDITED)
        report.acknowledged = sorted(set(report.acknowledged) | set(keys))
        _save(report)
        _event(report, "acknowledge", actor, f"确认 {len(keys)} 条警告")
        _audit(actor, "acknowledge", report, before, request)
    return report


def publish_blockers(report: AnnualReport) -> list[str]:
    errors = [f for f in report.findings if f["severity"] == checks.ERROR]
    pending = [f for f in report.findings
               if f["severity"] == checks.WARNING and finding_key(f) not in set(report.acknowledged)]
    out = []
    if errors:
        out.append(f"还有 {len(errors)} 个错误未解决（勾稽关系或数据不符），不能发布。")
    if pending:
        out.append(f"还有 {len(pending)} 条警告未确认，请逐条确认后再发布。")
    return out


def document_snapshot(report: AnnualReport) -> dict:
    """The frozen document published: title, narrative with live figures filled in, and the canonical report."""
    canonical = report.canonical()
    extra = (report.computed or {}).get("extra")
    chapters = {k: narrative.fill(v, canonical, extra) for k, v in (report.chapters or {}).items()}
    return {"title": report.title, "issuer": report.org.name, "year": report.year, "chapters": chapters,
            "report": canonical}


def publish(actor, report_id, *, version=None, request=None) -> AnnualReport:
    with transaction.atomic():
        report = _load(actor, report_id, "publish", version)
        _refresh_findings(report)
        blockers = publish_blockers(report)
        if blockers:
            raise TransitionNotAllowed(" ".join(blockers))
        before = snapshot(report, AUDITED)
        report.status = S.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = actor
        report.published = document_snapshot(report) | {"published_on": timezone.localdate().isoformat()}
        _save(report)
        _event(report, "publish", actor)
        _audit(actor, "publish", report, before, request)
    return report


def unpublish(actor, report_id, *, comment, version=None, request=None) -> AnnualReport:
    if not (comment or "").strip():
        raise ValidationError({"comment": "请填写撤回理由。"})
    with transaction.atomic():
        report = _load(actor, report_id, "unpublish", version)
        before = snapshot(report, AUDITED)
        report.status = S.DRAFT
        report.published = None
        report.published_at = None
        _save(report)
        _event(report, "unpublish", actor, comment.strip()[:2000])
        _audit(actor, "unpublish", report, before, request)
    return report


# ---------------------------------------------------------------------------------------------------------
# collecting figures from bodies that do not keep their records here


def request_figures(actor, *, office: Organization, bodies: list[Organization], year, note="",
                    request=None) -> list[AnnualReport]:
    """Ask each body for its figures of ``year``: a report filled in by hand is opened for each body that has
    no report of that year yet. Bodies that already have one are refused (nothing is created)."""
    if not has_role(actor, office, Role.OFFICE_ADMIN):
        raise PermissionDenied(f"只有{office.name}的公开办管理员可以要求下级机关报送年度报告数据。")
    year = _year(year)
    if not bodies:
        raise ValidationError({"bodies": "请选择要求报送的机关。"})
    in_scope = set(scope_org_ids(office, Scope.SUBTREE))
    outside = [b.name for b in bodies if b.pk not in in_scope or b.pk == office.pk]
    if outside:
        raise ValidationError({"bodies": f"只能要求本机关的下级机关报送：{'、'.join(outside)}"})
    fmt = format_for_year(year)
    with transaction.atomic():
        existing = list(AnnualReport.objects.filter(org__in=bodies, year=year).select_related("org"))
        if existing:
            raise ValidationError({"bodies": "以下机关已有该年度报告，无需报送：" +
                                             "、".join(r.org.name for r in existing)})
        created = []
        for body in bodies:
            report = AnnualReport.objects.create(
                org=body, year=year, format=fmt.key, scope=Scope.SELF, source=Source.MANUAL,
                title=default_title(body, year), tables=empty_tables(fmt), collection=Collection.REQUESTED,
                requested_by=office, request_note=(note or "").strip()[:2000], created_by=actor,
                chapters=_default_chapters(body, year))
            _refresh_findings(report)
            report.save()
            _event(report, "request", actor, report.request_note)
            _audit(actor, "request", report, None, request)
            created.append(report)
    return created


def create_manual_report(actor, *, org: Organization, year, request=None) -> AnnualReport:
    """A report whose figures the body enters by hand (it keeps its records elsewhere)."""
    if not has_role(actor, org, *WRITERS):
        raise PermissionDenied(f"只有{org.name}的公开办管理员可以编写年度报告。")
    year = _year(year)
    fmt = format_for_year(year)
    with transaction.atomic():
        if AnnualReport.objects.filter(org=org, year=year).exists():
            raise ValidationError({"year": f"{org.name}{year}年度报告已存在。"})
        report = AnnualReport.objects.create(
            org=org, year=year, format=fmt.key, scope=Scope.SELF, source=Source.MANUAL,
            title=default_title(org, year), tables=empty_tables(fmt), created_by=actor,
            chapters=_default_chapters(org, year))
        _refresh_findings(report)
        report.save()
        _event(report, "create", actor)
        _audit(actor, "create", report, None, request)
    return report


def submit_figures(actor, report_id, *, version=None, request=None) -> AnnualReport:
    with transaction.atomic():
        report = _load(actor, report_id, None, version)
        if not has_role(actor, report.org, *WRITERS):
            raise PermissionDenied(f"只有{report.org.name}的公开办管理员可以报送数据。")
        if report.collection not in (Collection.REQUESTED, Collection.RETURNED):
            raise TransitionNotAllowed("该报告不在待报送状态。")
        _refresh_findings(report)
        errors = [f for f in report.findings if f["severity"] == checks.ERROR]
        if errors:
            raise TransitionNotAllowed(f"还有 {len(errors)} 个错误（未填写或勾稽关系不符），请改正后再报送。")
        before = snapshot(report, AUDITED)
        report.collection = Collection.SUBMITTED
        _save(report)
        _event(report, "submit_figures", actor)
        _audit(actor, "submit_figures", report, before, request)
    return report


def review_figures(actor, report_id, *, accept: bool, reason="", version=None, request=None) -> AnnualReport:
    """The requesting office accepts the figures (they then count in its reports) or returns them."""
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": "请填写退回理由。"})
    with transaction.atomic():
        report = _load(actor, report_id, None, version)
        if not can_review_collection(actor, report):
            raise PermissionDenied("只有要求报送的机关的公开办管理员可以确认或退回。")
        if report.collection != Collection.SUBMITTED:
            raise TransitionNotAllowed("该报告不在“已报送待确认”状态。")
        before = snapshot(report, AUDITED)
        report.collection = Collection.ACCEPTED if accept else Collection.RETURNED
        report.return_reason = "" if accept else reason[:2000]
        _save(report)
        action = "accept_figures" if accept else "return_figures"
        _event(report, action, actor, reason)
        _audit(actor, action, report, before, request)
    return report


# ---------------------------------------------------------------------------------------------------------
# documents outside the workflow (command line, API)


def _live(org: Organization, year: int, scope: str | None, format_key: str | None) -> AnnualReport:
    """The body's stored report of ``year`` with its figures recomputed now (not saved), or a new unsaved one
    when the stored report's scope or format differs or there is none. A report filled in by hand is returned
    as it is."""
    scope = scope or default_scope(org)
    fmt = get_format(format_key) if format_key else format_for_year(year)
    stored = AnnualReport.objects.filter(org=org, year=year).select_related("org").first()
    if stored is not None and stored.source == Source.MANUAL:
        return stored
    if stored is None or stored.scope != scope or stored.format != fmt.key:
        stored = AnnualReport(org=org, year=year, scope=scope, format=fmt.key, title=default_title(org, year))
    _recompute(stored)
    stored.findings = evaluate(stored)
    return stored


def figures_for(org: Organization, year: int, scope: str | None = None, format_key: str | None = None) -> dict:
    """The canonical report of ``org`` for ``year``: computed from the records over ``scope``; when the body's
    stored report of that year has the same scope and format, its overrides (and so its findings) apply."""
    return _live(org, year, scope, format_key).canonical()


def document_for(report: AnnualReport):
    """The renderable document of a report as it stands (live figures filled into the narrative)."""
    from .rendering import ReportDocument

    return ReportDocument.from_snapshot(document_snapshot(report),
                                        report.published_at.date() if report.published_at else None)


def document_for_figures(org: Organization, year: int, scope: str | None = None, format_key: str | None = None):
    """``document_for`` of the report ``figures_for`` gives (command line)."""
    return document_for(_live(org, year, scope, format_key))
