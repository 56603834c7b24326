"""Every change to the registers, one function per action. Each checks permission (a body outside the actor's
scope is a 404, a body they only read is ``PermissionDenied``), validates (``ValidationError`` with field
errors), then writes the change and its audit event in one transaction.

Keepers of a body's registers are its 公开办管理员 and 信息发布员 (``permissions.EDIT_ROLES``).

Decisions arrive in bulk through ``import_decisions`` (a file or a JSON-lines stream); one ``ImportBatch`` and
one audit event record each import, not each row. For one body, year and kind the registers hold either
decision rows or a yearly ``DecisionTotal``, never both; whichever comes second is refused.
"""

import datetime as dt
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from gongkai.audit.services import record, snapshot
from gongkai.core.errors import ConflictError
from gongkai.orgs.models import Organization

from . import selectors
from .codes import AmountUnit, BatchStatus, DecisionKind, ImportMode, PowerKind
from .importer import DecisionImporter
from .models import (
    DecisionTotal,
    FeeIncome,
    ImportBatch,
    ImportRowError,
    PowerItem,
    Procurement,
)
from .parsing import FileProblem, RowError, normalise_header, open_source
from .permissions import NOT_FOUND, check_can_edit, editable_org_ids, viewable_org_ids

MAX_LISTED_ERRORS = 1_000
FIRST_YEAR = 2008  # the regulation's first version took effect on 1 May 2008
ITEM_FIELDS = ("kind", "code", "name", "basis", "effective_from", "effective_to")


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------------------
# helpers


def _lock_org(org: Organization) -> Organization:
    """Serialise writers of one body's registers (imports lock the same row, see ``importer``)."""
    return Organization.objects.select_for_update(no_key=True).get(pk=org.pk)


def _text(data: dict, key: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
    value = str(data.get(key) or "").strip()
    if "\x00" in value:
        raise ValidationError({key: f"{label}不能包含空字符。"})
    if required and not value:
        raise ValidationError({key: f"请填写{label}。"})
    if len(value) > max_length:
        raise ValidationError({key: f"{label}不能超过 {max_length} 字。"})
    return value


def _date(value, key: str, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({key: f"请填写{label}。"})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({key: f"{label}格式不正确，应为 YYYY-MM-DD。"}) from None


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"year": "请填写年度（四位数字）。"}) from None
    if not FIRST_YEAR <= year <= today().year:
        raise ValidationError({"year": f"年度应在 {FIRST_YEAR} 年至 {today().year} 年之间。"})
    return year


def _decimal(value, key: str, label: str, *, max_digits: int, places: int = 4) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({key: f"{label}应为数字。"}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({key: f"{label}应为不小于 0 的数字。"})
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError({key: f"{label}最多保留 {places} 位小数。"})
    if amount >= Decimal(10) ** (max_digits - places):
        raise ValidationError({key: f"{label}过大，请核对单位。"})
    return amount


def _count(value, key: str, label: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({key: f"{label}应为整数。"}) from None
    if not 0 <= number <= 2_000_000_000:
        raise ValidationError({key: f"{label}应为 0 至 20 亿之间的整数。"})
    return number


def _choice(value, choices, key: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationError({key: f"请选择{label}。"})
    return value


def _check_version(obj, version) -> None:
    if obj is None and version is not None:
        raise ConflictError("该记录已被他人删除，请刷新页面后重试。")
    if obj is not None and version is None:
        raise ConflictError("该机构该年度的数据已由他人录入，请刷新页面后在原记录上修改。")
    if obj is not None and obj.version != int(version):
        raise ConflictError()


# ---------------------------------------------------------------------------------------------------------
# 权责清单


def _clean_item(data: dict) -> dict:
    out = {
        "kind": _choice(data.get("kind"), PowerKind, "kind", "事项类别"),
        "code": _text(data, "code", "事项编码", required=True, max_length=64),
        "name": _text(data, "name", "事项名称", required=True, max_length=200),
        "basis": _text(data, "basis", "设定依据", max_length=5000),
        "effective_from": _date(data.get("effective_from"), "effective_from", "生效日期"),
        "effective_to": _date(data.get("effective_to"), "effective_to", "终止日期", required=False),
    }
    if out["effective_to"] is not None and out["effective_to"] < out["effective_from"]:
        raise ValidationError({"effective_to": "终止日期不能早于生效日期。"})
    return out


def _check_overlap(org_id: int, data: dict, exclude_pk=None) -> None:
    """One item per code and body at any time: a new period must not overlap another of the same code."""
    others = (PowerItem.objects.filter(org_id=org_id, code=data["code"]).exclude(pk=exclude_pk)
              .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=data["effective_from"])))
    if data["effective_to"] is not None:
        others = others.filter(effective_from__lte=data["effective_to"])
    clash = others.order_by("effective_from").first()
    if clash is not None:
        until = f"{clash.effective_to:%Y-%m-%d}" if clash.effective_to else "今"
        raise ValidationError({"code": f"事项编码“{data['code']}”在 {clash.effective_from:%Y-%m-%d} 至 {until} "
                                       f"已有一条（{clash.name}），同一事项的有效期不能重叠。"})


def create_item(actor, *, org: Organization, request=None, **data) -> PowerItem:
    check_can_edit(actor, org)
    clean = _clean_item(data)
    with transaction.atomic():
        _lock_org(org)
        _check_overlap(org.pk, clean)
        item = PowerItem.objects.create(org=org, **clean)
        record(actor=actor, action="registers.item.create", obj=item, org_id=org.pk, after=snapshot(item),
               request=request)
    return item


def _overlaps(a: dict, b) -> bool:
    a_to, b_to = a["effective_to"], b["effective_to"]
    return (b_to is None or b_to >= a["effective_from"]) and (a_to is None or b["effective_from"] <= a_to)


def import_items(actor, *, org: Organization, rows, request=None) -> int:
    """Enter a body's whole 权责清单 at once (thousands of items, as published lists are): every row is
    validated as ``create_item`` would, codes must not overlap each other or the items already entered, and
    either all rows are saved (one audit event for the import) or none, with the errors by row number."""
    check_can_edit(actor, org)
    clean_rows, errors = [], []
    for number, data in enumerate(rows, start=1):
        try:
            clean_rows.append(_clean_item(data))
        except ValidationError as e:
            errors.append(f"第 {number} 行：{'；'.join(e.messages)}")
    if not clean_rows and not errors:
        raise ValidationError({"rows": "没有要导入的事项。"})
    with transaction.atomic():
        _lock_org(org)
        by_code: dict[str, list] = {}
        for item in PowerItem.objects.filter(org=org, code__in={r["code"] for r in clean_rows}).values(
                "code", "effective_from", "effective_to"):
            by_code.setdefault(item["code"], []).append(item)
        for number, row in enumerate(clean_rows, start=1):
            clash = next((o for o in by_code.get(row["code"], []) if _overlaps(row, o)), None)
            if clash is not None:
                errors.append(f"第 {number} 行：事项编码“{row['code']}”的有效期与已有事项重叠。")
            by_code.setdefault(row["code"], []).append(row)
        if errors:
            raise ValidationError({"rows": errors[:MAX_LISTED_ERRORS]})
        PowerItem.objects.bulk_create([PowerItem(org=org, **row) for row in clean_rows], batch_size=1000)
        record(actor=actor, action="registers.item.import", obj=org, org_id=org.pk,
               after={"imported": len(clean_rows)}, request=request)
    return len(clean_rows)


def _load_item(actor, item_id: int, version) -> PowerItem:
    item = (PowerItem.objects.select_for_update().select_related("org")
            .filter(pk=item_id, org_id__in=viewable_org_ids(actor)).first())
    if item is None:
        raise Http404(NOT_FOUND)
    check_can_edit(actor, item.org)
    if version is not None and item.version != int(version):
        raise ConflictError("该事项已被他人修改，请刷新页面后重试。")
    return item


def update_item(actor, item_id: int, *, version: int, request=None, **data) -> PowerItem:
    clean = _clean_item(data)
    with transaction.atomic():
        item = _load_item(actor, item_id, version)
        _lock_org(item.org)
        _check_overlap(item.org_id, clean, exclude_pk=item.pk)
        before = snapshot(item)
        for key, value in clean.items():
            setattr(item, key, value)
        item.version += 1
        item.save()
        record(actor=actor, action="registers.item.update", obj=item, org_id=item.org_id, before=before,
               after=snapshot(item), request=request)
    return item


def end_item(actor, item_id: int, *, version: int, effective_to, request=None) -> PowerItem:
    """取消/终止 an item: its last day in force becomes ``effective_to``."""
    end = _date(effective_to, "effective_to", "终止日期")
    with transaction.atomic():
        item = _load_item(actor, item_id, version)
        if end < item.effective_from:
            raise ValidationError({"effective_to": f"终止日期不能早于生效日期（{item.effective_from:%Y-%m-%d}）。"})
        if item.effective_to is not None and item.effective_to <= end:
            raise ValidationError({"effective_to": f"该事项已于 {item.effective_to:%Y-%m-%d} 终止。"})
        before = snapshot(item, ["effective_to"])
        item.effective_to = end
        item.version += 1
        item.save(update_fields=["effective_to", "version", "updated_at"])
        record(actor=actor, action="registers.item.end", obj=item, org_id=item.org_id, before=before,
               after=snapshot(item, ["effective_to"]), request=request)
    return item


# ---------------------------------------------------------------------------------------------------------
# yearly decision totals, fees, procurement


def set_decision_total(actor, *, org: Organization, year, kind, count, source, note="", version=None,
                       request=None) -> DecisionTotal:
    """Enter or correct a body's yearly number of decisions of one kind kept in another system."""
    check_can_edit(actor, org)
    year = _year(year)
    kind = _choice(kind, DecisionKind, "kind", "决定类别")
    data = {"count": _count(count, "count", "处理决定数量"),
            "source": _text({"s": source}, "s", "数据来源", required=True, max_length=100),
            "note": _text({"n": note}, "n", "备注", max_length=500)}
    with transaction.atomic():
        _lock_org(org)
        if selectors.has_decision_rows(org.pk, year, kind):
            raise ValidationError({"kind": f"{org.name}{year}年已导入逐条{DecisionKind(kind).label}决定，"
                                           "不能再登记年度总数：同一机构同一年度同一类别只能采用一种方式。"})
        total = DecisionTotal.objects.filter(org=org, year=year, kind=kind).first()
        _check_version(total, version)
        before = snapshot(total) if total else None
        if total is None:
            total = DecisionTotal(org=org, year=year, kind=kind)
        else:
            total.version += 1
        for key, value in data.items():
            setattr(total, key, value)
        total.updated_by = actor
        total.save()
        record(actor=actor, action="registers.total.set", obj=total, org_id=org.pk, before=before,
               after=snapshot(total), request=request)
    return total


def set_fee_income(actor, *, org: Organization, year, amount_wan, note="", version=None,
                   request=None) -> FeeIncome:
    check_can_edit(actor, org)
    year = _year(year)
    amount = _decimal(amount_wan, "amount_wan", "收费金额", max_digits=16)
    note = _text({"n": note}, "n", "备注", max_length=500)
    with transaction.atomic():
        _lock_org(org)
        fee = FeeIncome.objects.filter(org=org, year=year).first()
        _check_version(fee, version)
        before = snapshot(fee) if fee else None
        if fee is None:
            fee = FeeIncome(org=org, year=year)
        else:
            fee.version += 1
        fee.amount_wan, fee.note, fee.updated_by = amount, note, actor
        fee.save()
        record(actor=actor, action="registers.fee.set", obj=fee, org_id=org.pk, before=before,
               after=snapshot(fee), request=request)
    return fee


def set_procurement(actor, *, org: Organization, year, projects, amount, amount_unit=AmountUnit.WAN, note="",
                    version=None, request=None) -> Procurement:
    check_can_edit(actor, org)
    year = _year(year)
    projects = _count(projects, "projects", "采购项目数量")
    amount = _decimal(amount, "amount", "采购总金额", max_digits=20)
    unit = _choice(amount_unit, AmountUnit, "amount_unit", "金额单位")
    note = _text({"n": note}, "n", "备注", max_length=500)
    with transaction.atomic():
        _lock_org(org)
        row = Procurement.objects.filter(org=org, year=year).first()
        _check_version(row, version)
        before = snapshot(row) if row else None
        if row is None:
            row = Procurement(org=org, year=year)
        else:
            row.version += 1
        row.projects, row.amount, row.amount_unit, row.note, row.updated_by = projects, amount, unit, note, actor
        row.save()
        record(actor=actor, action="registers.procurement.set", obj=row, org_id=org.pk, before=before,
               after=snapshot(row), request=request)
    return row


DELETABLE = {"total": DecisionTotal, "fee": FeeIncome, "procurement": Procurement}


def delete_yearly(actor, what: str, pk: int, *, request=None) -> None:
    """Remove a yearly total, fee or procurement entry (a body that moves its decisions into this system
    deletes its totals first)."""
    model = DELETABLE.get(what)
    if model is None:
        raise Http404(NOT_FOUND)
    with transaction.atomic():
        obj = model.objects.select_for_update().select_related("org").filter(
            pk=pk, org_id__in=viewable_org_ids(actor)).first()
        if obj is None:
            raise Http404(NOT_FOUND)
        check_can_edit(actor, obj.org)
        record(actor=actor, action=f"registers.{what}.delete", obj=obj, org_id=obj.org_id, before=snapshot(obj),
               request=request)
        obj.delete()


# ---------------------------------------------------------------------------------------------------------
# decision import


@dataclass
class ImportResult:
    batch: ImportBatch
    status: str
    total: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first MAX_LISTED_ERRORS
    message: str = ""
    elapsed: float = 0.0

    @property
    def rows_per_second(self) -> int:
        return int(self.total / self.elapsed) if self.elapsed > 0 else 0

    def as_dict(self) -> dict:
        return {"batch": self.batch.pk, "status": self.status, "total": self.total, "imported": self.imported,
                "duplicates": self.duplicates, "rejected": self.rejected, "error_count": self.error_count,
                "errors": [e.as_dict() for e in self.errors], "message": self.message,
                "elapsed": round(self.elapsed, 3), "rows_per_second": self.rows_per_second}


def _common_ancestor_id(paths: list[str]) -> int | None:
    if not paths:
        return None
    parts = [p.split(".") for p in paths]
    common = []
    for segments in zip(*parts, strict=False):
        if len(set(segments)) != 1:
            break
        common.append(segments[0])
    return int(common[-1]) if common else None


def _batch_summary(batch: ImportBatch) -> dict:
    return snapshot(batch, ["filename", "file_format", "encoding", "mode", "status", "total", "imported",
                            "duplicates", "rejected", "error_count", "message"])


def import_decisions(actor, fileobj, *, filename: str, mode: str = ImportMode.ALL_OR_NOTHING,
                     file_format: str | None = None, request=None) -> ImportResult:
    """Import decisions from a binary file object (CSV or XLSX, told apart by content; ``file_format=
    "ndjson"`` for a JSON-lines stream). The file is read once, as a stream.

    ``all_or_nothing``: any bad row and nothing is imported (status ``rejected``). ``valid_only``: good rows
    are imported, bad ones listed. Either way a decision number already present for the body, or earlier in
    the file, is skipped and counted as a duplicate, so importing the same file twice is harmless. A file that
    cannot be read at all (encoding, format, header) imports nothing (status ``failed``).

    The importer must be 公开办管理员 or 信息发布员 of each row's body; other rows are errors.
    """
    if mode not in ImportMode.values:
        raise ValidationError({"mode": "导入方式应为 all_or_nothing（全部正确才导入）或 valid_only（只导入正确的行）。"})
    if not editable_org_ids(actor):
        raise PermissionDenied("只有公开办管理员或信息发布员可以导入行政决定。")
    filename = (filename or "未命名文件")[:255]
    started_at, clock = timezone.now(), time.perf_counter()
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(actor=actor, filename=filename, file_format=file_format or "",
                                               mode=mode, started_at=started_at)
            return _run_import(actor, batch, fileobj, file_format, mode, clock, request)
    except Exception:
        # Record the attempt unless a caller's transaction is still open (it is rolling back anyway).
        if not transaction.get_connection().in_atomic_block:
            with transaction.atomic():
                batch = ImportBatch.objects.create(
                    actor=actor, filename=filename, file_format=file_format or "", mode=mode,
                    started_at=started_at, status=BatchStatus.FAILED, finished_at=timezone.now(),
                    elapsed=time.perf_counter() - clock, message="导入时发生系统错误，未导入任何数据，请稍后重试。")
                record(actor=actor, action="registers.decisions.import", obj=batch, after=_batch_summary(batch),
                       request=request)
        raise


def _run_import(actor, batch, fileobj, file_format, mode, clock, request) -> ImportResult:
    try:
        source = open_source(fileobj, file_format=file_format)
    except FileProblem as problem:
        batch.error_count = len(problem.errors)
        return _finish(actor, batch, BatchStatus.FAILED, problem.errors, clock, request, message=problem.message)
    batch.file_format, batch.encoding = source.file_format, source.encoding
    importer = DecisionImporter(actor, batch.pk, source.labels, today=today())
    savepoint = transaction.savepoint()
    try:
        importer.run(source.rows)
    except FileProblem as problem:
        # A row the CSV reader cannot parse: nothing after it can be trusted, so nothing is imported.
        transaction.savepoint_rollback(savepoint)
        _copy_counts(batch, importer, imported=0)
        batch.error_count += len(problem.errors)
        return _finish(actor, batch, BatchStatus.FAILED, importer.errors + problem.errors, clock, request,
                       message=problem.message)
    if mode == ImportMode.ALL_OR_NOTHING and importer.rejected:
        transaction.savepoint_rollback(savepoint)
        status, imported = BatchStatus.REJECTED, 0
        message = f"有 {importer.rejected} 行数据有误，按“全部正确才导入”方式，本次未导入任何数据。请修改后重新导入。"
    else:
        transaction.savepoint_commit(savepoint)
        status, imported, message = BatchStatus.COMPLETED, importer.imported, ""
    if source.ignored_headers:
        message = "".join([message, f"以下列未识别，已忽略：{'、'.join(source.ignored_headers)}。"])
    _copy_counts(batch, importer, imported=imported)
    batch.org_id = _common_ancestor_id(importer.touched_paths())
    return _finish(actor, batch, status, importer.errors, clock, request, message=message)


def _copy_counts(batch, importer, *, imported: int) -> None:
    batch.total, batch.imported, batch.duplicates = importer.total, imported, importer.duplicates
    batch.rejected, batch.error_count = importer.rejected, importer.error_count


def _finish(actor, batch, status, errors, clock, request, *, message="") -> ImportResult:
    ImportRowError.objects.bulk_create(
        (ImportRowError(batch=batch, line=e.line, column=e.column[:50], value=e.value[:200], message=e.message[:300])
         for e in errors), batch_size=2_000)
    batch.status = status
    batch.message = message[:500]
    batch.errors_stored = len(errors)
    batch.finished_at = timezone.now()
    batch.elapsed = time.perf_counter() - clock
    batch.save()
    record(actor=actor, action="registers.decisions.import", obj=batch, org_id=batch.org_id,
           after=_batch_summary(batch), request=request)
    return ImportResult(batch=batch, status=status, total=batch.total, imported=batch.imported,
                        duplicates=batch.duplicates, rejected=batch.rejected, error_count=batch.error_count,
                        errors=errors[:MAX_LISTED_ERRORS], message=batch.message, elapsed=batch.elapsed)


# ---------------------------------------------------------------------------------------------------------
# fee income and procurement from a small spreadsheet

YEARLY_COLUMNS = (
    ("org_code", "机构代码", ("机关代码", "单位代码")),
    ("year", "年度", ("年份",)),
    ("fee", "行政事业性收费金额（万元）", ("收费金额", "行政事业性收费金额", "本年收费金额")),
    ("projects", "政府集中采购项目数量", ("采购项目数量",)),
    ("amount", "政府集中采购总金额", ("采购总金额",)),
    ("unit", "金额单位", ("采购金额单位", "单位")),
    ("note", "备注", ()),
)
YEARLY_MAX_ROWS = 5_000
MAX_REPORTED = 50


def _yearly_header(cells) -> dict[str, int]:
    names = {}
    for key, label, aliases in YEARLY_COLUMNS:
        for name in (key, label, *aliases):
            names[normalise_header(name)] = key
    positions = {}
    for index, cell in enumerate(cells):
        key = names.get(normalise_header(cell))
        if key is not None and key not in positions:
            positions[key] = index
    return positions


def _yearly_rows(fileobj):
    """(row number, {key: cell}) of the first sheet, after the header row (found within the first rows)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise ValidationError({"file": "无法读取该文件：请上传 Excel 2007 及以后格式（.xlsx）的表格。"}) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        positions = None
        for number, cells in enumerate(rows, start=1):
            if positions is None:
                found = _yearly_header(cells or ())
                if {"org_code", "year"} <= found.keys() and ({"fee", "projects", "amount"} & found.keys()):
                    positions = found
                elif number >= 10:
                    break
                continue
            if number > YEARLY_MAX_ROWS + 10:
                raise ValidationError({"file": f"表格超过 {YEARLY_MAX_ROWS} 行，请分批导入。"})
            values = {key: (cells[i] if cells and i < len(cells) else None) for key, i in positions.items()}
            if all(v is None or str(v).strip() == "" for v in values.values()):
                continue
            yield number, values
        if positions is None:
            raise ValidationError({"file": "未找到表头：应有“机构代码”“年度”以及收费金额或政府集中采购的列。"})
    finally:
        workbook.close()


def _year_cell(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value or "").strip().removesuffix("年")


def _upsert(model, org, year, **values) -> None:
    obj = model.objects.filter(org=org, year=year).first()
    if obj is None:
        obj = model(org=org, year=year)
    else:
        obj.version += 1
    for key, value in values.items():
        setattr(obj, key, value)
    obj.save()


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


def import_yearly_figures(actor, fileobj, *, filename: str, request=None) -> dict:
    """Enter 行政事业性收费 amounts and 政府集中采购 figures for several bodies and years from one XLSX sheet
    (columns: 机构代码, 年度, 行政事业性收费金额（万元）, 政府集中采购项目数量, 政府集中采购总金额, 金额单位, 备注).
    All rows or none: any problem raises ``ValidationError`` listing the rows. A row overwrites what the body
    had for that year; an empty fee or procurement cell leaves that figure as it was."""
    if not editable_org_ids(actor):
        raise PermissionDenied("只有公开办管理员或信息发布员可以导入登记数据。")
    editable = editable_org_ids(actor)
    orgs: dict[str, Organization | None] = {}
    plan, problems = [], []
    for number, row in _yearly_rows(fileobj):
        code = "" if _blank(row.get("org_code")) else str(row["org_code"]).strip()
        if code not in orgs:
            orgs[code] = Organization.objects.filter(code__iexact=code, pk__in=editable, is_active=True).first() \
                if code else None
        org = orgs[code]
        try:
            if org is None:
                raise ValidationError({"org_code": f"机构代码“{code}”不存在，或您不是该机构的公开办管理员、信息发布员。"})
            year = _year(_year_cell(row.get("year")))
            note = _text({"n": row.get("note")}, "n", "备注", max_length=500)
            fee = None
            if not _blank(row.get("fee")):
                fee = _decimal(row["fee"], "fee", "收费金额", max_digits=16)
            procurement = None
            if not (_blank(row.get("projects")) and _blank(row.get("amount"))):
                unit = AmountUnit.WAN if _blank(row.get("unit")) else str(row["unit"]).strip()
                procurement = (_count(row.get("projects"), "projects", "采购项目数量"),
                               _decimal(row.get("amount"), "amount", "采购总金额", max_digits=20),
                               _choice(unit, AmountUnit, "unit", "金额单位（元或万元）"))
            if fee is None and procurement is None:
                raise ValidationError({"fee": "该行既没有收费金额，也没有政府集中采购数据。"})
        except ValidationError as e:
            for messages in e.message_dict.values():
                problems.extend(f"第 {number} 行：{m}" for m in messages)
            continue
        plan.append((org, year, fee, procurement, note))
    if problems:
        shown = problems[:MAX_REPORTED]
        if len(problems) > MAX_REPORTED:
            shown.append(f"……另有 {len(problems) - MAX_REPORTED} 处问题未列出。")
        raise ValidationError({"file": [f"表格有 {len(problems)} 处问题，未导入任何数据：", *shown]})
    if not plan:
        raise ValidationError({"file": "表格中没有数据行。"})
    fees = procurements = 0
    with transaction.atomic():
        for org in {item[0].pk: item[0] for item in plan}.values():
            _lock_org(org)
        for org, year, fee, procurement, note in plan:
            if fee is not None:
                _upsert(FeeIncome, org, year, amount_wan=fee, note=note, updated_by=actor)
                fees += 1
            if procurement is not None:
                projects, amount, unit = procurement
                _upsert(Procurement, org, year, projects=projects, amount=amount, amount_unit=unit, note=note,
                        updated_by=actor)
                procurements += 1
        summary = {"filename": (filename or "")[:255], "rows": len(plan), "fees": fees, "procurements": procurements}
        record(actor=actor, action="registers.yearly.import", object_type="registers.yearly",
               object_repr=f"导入收费与采购数据 {filename}", org_id=plan[0][0].pk if len(
                   {item[0].pk for item in plan}) == 1 else None, after=summary, request=request)
    return summary
