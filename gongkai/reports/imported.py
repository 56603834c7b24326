"""Reports other bodies published, read and checked here: upload, accept as a subordinate body's figures,
delete. One function per action; each checks permission, writes its change and an audit record in one
transaction.

Who: a 公开办管理员 or 监督员 reads and uploads for an office (a body they hold that role over); accepting
figures into the collection flow is for the office's 公开办管理员 only.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from gongkai.audit.services import record, snapshot
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import has_role, visible_org_ids

from . import checks
from .formats import get_format
from .models import AnnualReport, Collection, ImportedReport, Scope, Source
from .reader import ReadError, read
from .services import _event, _refresh_findings, default_title, scope_org_ids

MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 50
READERS = (Role.OFFICE_ADMIN, Role.SUPERVISOR)


@dataclass
class Failure:
    name: str
    message: str


def offices_for(user) -> QuerySet[Organization]:
    """The bodies ``user`` may upload and read reports for."""
    return Organization.objects.filter(pk__in=visible_org_ids(user, roles=set(READERS))).order_by("path")


def visible_imports(user) -> QuerySet[ImportedReport]:
    return ImportedReport.objects.filter(office_id__in=visible_org_ids(user, roles=set(READERS)))


def _match_body(office: Organization, issuer: str | None) -> Organization | None:
    if not issuer:
        return None
    return Organization.objects.filter(pk__in=scope_org_ids(office, Scope.SUBTREE), name=issuer).first()


def upload(actor, *, office: Organization, files, request=None) -> tuple[list[ImportedReport], list[Failure]]:
    """Read each file and keep the readable ones; a file already uploaded for the office is not stored twice
    (its earlier record is returned). Unreadable files are listed with the reason and change nothing."""
    if not has_role(actor, office, *READERS):
        raise PermissionDenied(f"只有{office.name}的公开办管理员或监督员可以读取年度报告。")
    files = list(files)
    if not files:
        raise ValidationError({"files": "请选择要读取的年度报告文件。"})
    if len(files) > MAX_FILES:
        raise ValidationError({"files": f"一次最多读取 {MAX_FILES} 个文件。"})
    kept: list[ImportedReport] = []
    failures: list[Failure] = []
    for upload_file in files:
        name = os.path.basename(getattr(upload_file, "name", "") or "report")[:200]
        if upload_file.size > MAX_BYTES:
            failures.append(Failure(name, f"文件超过 {MAX_BYTES // 1024 // 1024} MB"))
            continue
        content = upload_file.read()
        digest = hashlib.sha256(content).hexdigest()
        existing = ImportedReport.objects.filter(office=office, sha256=digest).first()
        if existing is not None:
            kept.append(existing)
            continue
        try:
            report = read(content, filename=name)
        except ReadError as e:
            failures.append(Failure(name, str(e)))
            continue
        counts = checks.counts(report["findings"])
        with transaction.atomic():
            item = ImportedReport(
                office=office, org=_match_body(office, report.get("issuer")), original_name=name,
                extension=os.path.splitext(name)[1].lower()[:8], sha256=digest, size=len(content), report=report,
                issuer=(report.get("issuer") or "")[:100], year=report.get("year"), format=report["format"],
                complete=report["complete"], errors=counts["error"], warnings=counts["warning"], uploaded_by=actor)
            item.file.save(f"{digest}{item.extension}", ContentFile(content), save=False)
            item.save()
            record(actor=actor, action="reports.import", obj=item, org_id=office.pk,
                   after=snapshot(item, ("office", "org", "original_name", "sha256", "issuer", "year", "format",
                                         "complete", "errors", "warnings")), request=request)
        kept.append(item)
    return kept, failures


def _load(actor, imported_id) -> ImportedReport:
    item = (visible_imports(actor).select_for_update(of=("self",))  # org is nullable: lock this row only
            .select_related("office", "org").filter(pk=imported_id).first())
    if item is None:
        raise Http404("未找到该报告，或不在您的数据范围内。")
    return item


def acceptance_problem(item: ImportedReport) -> str | None:
    if not item.complete:
        return "读取结果不完整（缺少表格或行），不能作为该机关的年度报告数据；请取得完整的报告文件后重新读取。"
    if item.errors:
        return f"读取结果有 {item.errors} 个错误（勾稽关系不符等），不能采用；请该机关更正后重新读取。"
    return None


def accept(actor, imported_id, *, org: Organization, year, request=None) -> AnnualReport:
    """Take a read report as ``org``'s figures for ``year`` (the collection flow's 确认采用): the body's
    requested report is filled and accepted, or a report filled by hand is created and accepted. A body whose
    report is computed here keeps it."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "请填写报告年度。"}) from None
    with transaction.atomic():
        item = _load(actor, imported_id)
        if not has_role(actor, item.office, Role.OFFICE_ADMIN):
            raise PermissionDenied(f"只有{item.office.name}的公开办管理员可以采用下级机关的年度报告数据。")
        problem = acceptance_problem(item)
        if problem:
            raise ValidationError(problem)
        if org.pk == item.office_id or org.pk not in set(scope_org_ids(item.office, Scope.SUBTREE)):
            raise ValidationError({"org": f"只能采用{item.office.name}的下级机关的报告。"})
        if item.year is not None and item.year != year:
            raise ValidationError({"year": f"报告中的年度是 {item.year} 年，与所选年度不一致。"})
        report = AnnualReport.objects.select_for_update().filter(org=org, year=year).first()
        if report is not None and report.source == Source.COMPUTED:
            raise ValidationError({"org": f"{org.name}{year}年度报告由平台数据生成，不能用读取的报告替换。"})
        if report is not None and report.collection == Collection.ACCEPTED:
            raise ValidationError({"org": f"{org.name}{year}年度数据已确认采用；如需替换，请先在该报告中退回。"})
        before = snapshot(report) if report is not None else None
        if report is None:
            report = AnnualReport(org=org, year=year, scope=Scope.SELF, source=Source.MANUAL, created_by=actor,
                                  title=default_title(org, year), requested_by=item.office, chapters={})
        report.format = get_format(item.format).key
        report.tables = item.report["tables"]
        report.collection = Collection.ACCEPTED
        report.requested_by = report.requested_by or item.office
        report.return_reason = ""
        if report.pk:
            report.version += 1
        report.save()
        _refresh_findings(report)
        report.save()
        _event(report, "accept_imported", actor, f"采用读取的报告文件“{item.original_name}”")
        record(actor=actor, action="reports.accept_imported", obj=report, org_id=org.pk, before=before,
               after={"imported": item.pk, "tables": report.tables}, request=request)
        item.accepted = report
        item.org = org
        item.save(update_fields=["accepted", "org"])
    return report


def delete(actor, imported_id, *, request=None) -> None:
    with transaction.atomic():
        item = _load(actor, imported_id)
        if not has_role(actor, item.office, *READERS):
            raise PermissionDenied("没有删除该报告的权限。")
        before = snapshot(item, ("office", "original_name", "sha256", "issuer", "year"))
        stored = item.file.name
        record(actor=actor, action="reports.import_delete", obj=item, org_id=item.office_id, before=before,
               request=request)
        item.delete()
        transaction.on_commit(lambda: item.file.storage.delete(stored))
