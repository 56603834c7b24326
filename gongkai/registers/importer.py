"""The decision import engine: checks each row, inserts good rows in batches, counts duplicates.

``services.import_decisions`` owns the transaction, the batch record and the audit event; this module does
the per-row work and must stay fast (hundreds of thousands of rows per file), hence the plain tuples and the
single INSERT statement run with ``executemany``:

    INSERT INTO registers_decision (...) VALUES (...) ON CONFLICT (org_id, decision_no) DO NOTHING

The database's unique constraint decides what is a duplicate — a row already imported earlier, or earlier in
the same file — and the statement's row count says how many rows were new, so duplicates are counted exactly
without a look-up per batch. (Django's ``bulk_create`` builds a model instance per row and, with
``ignore_conflicts``, cannot say how many rows were skipped; the ORM path measured three times slower.)
``ON CONFLICT … DO NOTHING`` with a conflict target is the same SQL on SQLite (≥ 3.24) and PostgreSQL; on
PostgreSQL each batch first goes into a temporary table with COPY (see ``_CopyWriter``).

A body is locked (``SELECT … FOR NO KEY UPDATE``) the first time a file names it, and its yearly totals are
read after that, so an import and a totals entry for the same body cannot interleave. The lock does not block
rows elsewhere that merely reference the body.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import connection

from gongkai.core.validators import mask_middle, validate_resident_id, validate_uscc
from gongkai.orgs.models import Organization

from .codes import DECISION_KIND_ALIASES, SUBJECT_KIND_ALIASES, DecisionKind, SubjectKind
from .models import Decision, DecisionTotal
from .parsing import LABELS, RowError
from .permissions import editable_org_ids, viewable_org_ids

BATCH_SIZE = 5_000
SQLITE_IMPORT_CACHE_KIB = 128 * 1024
VALID_ID_CACHE = 50_000
MAX_STORED_ERRORS = 100_000
# The Administrative Penalty Law (1996) is the oldest of the three laws; an earlier date is a typing error.
EARLIEST_DATE = dt.date(1990, 1, 1)
KIND_LABELS = dict(DecisionKind.choices)

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?$")
# Control characters other than tab and line breaks, and lone surrogates (bytes the decoder could not read).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_OTHER_DOCUMENT_RE = re.compile(r"^[A-Z0-9()（）-]{5,32}$")
INSERT_FIELDS = ("org", "kind", "decision_no", "decided_on", "subject_name", "subject_kind", "subject_id",
                 "summary", "basis", "result", "import_batch", "source_line")

_fromisoformat = dt.date.fromisoformat


def _iso_date(text: str) -> dt.date | None:
    try:
        return _fromisoformat(text)
    except ValueError:
        return None


def parse_date(value) -> dt.date | None:
    """A date from a cell: a date value, YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日; None if it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return _iso_date(text)
    match = _DATE_RE.match(text)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _columns() -> tuple[str, str, str]:
    qn = connection.ops.quote_name
    meta = Decision._meta
    columns = ", ".join(qn(meta.get_field(name).column) for name in INSERT_FIELDS)
    target = ", ".join(qn(meta.get_field(name).column) for name in ("org", "decision_no"))
    return qn(meta.db_table), columns, target


def insert_sql() -> str:
    table, columns, target = _columns()
    placeholders = ", ".join(["%s"] * len(INSERT_FIELDS))
    return f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT ({target}) DO NOTHING"


class _ExecuteManyWriter:
    """SQLite: one prepared INSERT run for every row of the batch (about 100,000 rows a second)."""

    def __init__(self):
        self.sql = insert_sql()

    def write(self, cursor, records: list[tuple]) -> int:
        cursor.executemany(self.sql, records)
        return cursor.rowcount


class _CopyWriter:
    """PostgreSQL: a statement per row costs a server round of work each, so the batch is COPYed into a
    temporary table and moved with one INSERT … SELECT (five times the rows per second). The first row of
    a number within a batch wins, as with one INSERT per row."""

    STAGE = "registers_decision_stage"

    def __init__(self):
        self.table, self.columns, self.target = _columns()
        self.line = connection.ops.quote_name(Decision._meta.get_field("source_line").column)

    def write(self, cursor, records: list[tuple]) -> int:
        # ON COMMIT DROP: the table lives as long as the import's transaction (or the caller's).
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {self.STAGE} ON COMMIT DROP AS "
                       f"SELECT {self.columns} FROM {self.table} WITH NO DATA")
        with cursor.copy(f"COPY {self.STAGE} ({self.columns}) FROM STDIN") as copy:
            for record in records:
                copy.write_row(record)
        # DISTINCT ON keeps the first line of each number; ordering by the unique key makes the index inserts
        # walk the btree in order (measured: about a sixth more rows per second than in file order).
        cursor.execute(f"INSERT INTO {self.table} ({self.columns}) SELECT DISTINCT ON ({self.target}) "
                       f"{self.columns} FROM {self.STAGE} ORDER BY {self.target}, {self.line} "
                       f"ON CONFLICT ({self.target}) DO NOTHING")
        inserted = cursor.rowcount
        cursor.execute(f"TRUNCATE {self.STAGE}")
        return inserted


def _enlarge_sqlite_cache():
    """SQLite's page cache is 2 MB by default: once a table holds a million rows its indexes no longer fit and
    an import spends most of its time re-reading index pages (half the rows per second). Give this connection
    a larger cache while the import runs; returns the function that puts the old size back."""
    if connection.vendor != "sqlite":
        return lambda: None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")

    def restore():
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")
    return restore


class _Org:
    __slots__ = ("id", "path", "totals")

    def __init__(self, pk: int, path: str, totals: dict):
        self.id = pk
        self.path = path
        self.totals = totals


class DecisionImporter:
    """Runs over a source's rows once. After ``run`` the counts, the errors (the first
    ``MAX_STORED_ERRORS``) and the bodies touched are on the instance; nothing is committed here."""

    def __init__(self, actor, batch_id: int, labels: dict[str, str], *, today: dt.date):
        self.batch_id = batch_id
        self.labels = labels
        self.today = today
        self.editable = editable_org_ids(actor)
        self.viewable = viewable_org_ids(actor)
        self.orgs: dict[str, _Org | str] = {}  # code as written → body, or the reason it cannot be used
        self.writer = _CopyWriter() if connection.vendor == "postgresql" else _ExecuteManyWriter()
        self.total = self.imported = self.duplicates = self.rejected = self.error_count = 0
        self.errors: list[RowError] = []
        self.pending: list[tuple] = []
        self.dates_as_text = connection.vendor == "sqlite"
        self.valid_ids: set[tuple[str, str]] = set()
        self.kinds = DECISION_KIND_ALIASES
        self.subject_kinds = SUBJECT_KIND_ALIASES

    # -----------------------------------------------------------------------------------------------------

    def run(self, rows) -> None:
        check = self.check
        pending = self.pending
        total = 0
        restore_cache = _enlarge_sqlite_cache()
        try:
            for line, values in rows:
                total += 1
                record = check(line, values)
                if record is not None:
                    pending.append(record)
                    if len(pending) >= BATCH_SIZE:
                        self.flush()
            self.flush()
        finally:
            self.total += total
            restore_cache()

    def flush(self) -> None:
        if not self.pending:
            return
        with connection.cursor() as cursor:
            inserted = self.writer.write(cursor, self.pending)
        self.imported += inserted
        self.duplicates += len(self.pending) - inserted
        self.pending.clear()

    def touched_paths(self) -> list[str]:
        return [org.path for org in self.orgs.values() if isinstance(org, _Org)]

    # -----------------------------------------------------------------------------------------------------

    def _reject(self, line: int, errors: list[tuple[str, object, str]]) -> None:
        self.rejected += 1
        for key, value, message in errors:
            self.error_count += 1
            if len(self.errors) < MAX_STORED_ERRORS:
                text = "" if value is None else str(value)
                if key == "subject_id" and len(text) > 8:
                    # Error reports are read by more people than the file's author: no full identity numbers.
                    text = mask_middle(text, 4, 4)
                self.errors.append(RowError(line, self.labels.get(key, ""), text[:200], message))

    def _org(self, code: str):
        org = self.orgs.get(code)
        if org is not None:
            return org
        found = Organization.objects.filter(code__iexact=code).values_list("pk", "is_active").first()
        if found is None or (found[0] not in self.viewable and found[0] not in self.editable):
            org = f"机构代码“{code}”不存在，或不在您的数据范围内。"
        elif found[0] not in self.editable:
            org = "您不是该机构的公开办管理员或信息发布员，不能导入其行政决定。"
        elif not found[1]:
            org = "该机构已停用，不能导入其行政决定。"
        else:
            # Lock first, then read the totals: a totals entry for this body waits for this import.
            path = (Organization.objects.select_for_update(no_key=True).filter(pk=found[0])
                    .values_list("path", flat=True).get())
            totals = {(year, kind): source for year, kind, source in
                      DecisionTotal.objects.filter(org_id=found[0]).values_list("year", "kind", "source")}
            org = _Org(found[0], path, totals)
        self.orgs[code] = org
        return org

    def check(self, line: int, values):
        """The row as a tuple ready for the INSERT, or None after recording its errors. Written for speed:
        the common case (every cell a clean string) takes no detours."""
        if type(values) is not tuple:
            self._reject(line, [("", "", str(values))])  # an NdjsonLineError
            return None
        org_code, kind, decision_no, decided_on, subject_name, subject_kind, subject_id, summary, basis, result \
            = values
        try:
            joined = "".join(values)
        except TypeError:  # XLSX cells: dates and numbers
            joined = "".join(v for v in values if type(v) is str)
        # isprintable() is the fast test; only rows it doubts (tabs, line breaks, full-width spaces…) are
        # searched for what would break storage or the Excel export: control characters and undecodable bytes.
        if not joined.isprintable() and _BAD_CHARS.search(joined):
            self._reject(line, [(key, _printable(value), "含有无法识别的字符（文件编码错误或控制字符）。")
                                for key, value in zip(LABELS, values, strict=True)
                                if type(value) is str and _BAD_CHARS.search(value)])
            return None
        errors = []

        org_code = org_code.strip() if type(org_code) is str else _text(org_code)
        org = self.orgs.get(org_code)
        if org is None:
            org = self._org(org_code) if org_code else "请填写机构代码。"
        if type(org) is str:
            errors.append(("org_code", org_code, org))
            org = None

        kind_key = self.kinds.get(kind.strip() if type(kind) is str else _text(kind))
        if kind_key is None:
            errors.append(("kind", kind, "类别应为行政许可、行政处罚或行政强制。"))

        decision_no = decision_no.strip() if type(decision_no) is str else _text(decision_no)
        if not decision_no:
            errors.append(("decision_no", decision_no, "请填写决定文书号。"))
        elif len(decision_no) > 100:
            errors.append(("decision_no", decision_no, "决定文书号不能超过 100 字。"))

        day = iso_text = None
        if type(decided_on) is str and len(decided_on) == 10 and decided_on[4] == "-" and decided_on[7] == "-":
            try:
                day = _fromisoformat(decided_on)
                iso_text = decided_on
            except ValueError:
                day = None
        if day is None:
            if not _text(decided_on):
                errors.append(("decided_on", decided_on, "请填写决定日期。"))
            else:
                day = parse_date(decided_on)
                if day is None:
                    errors.append(("decided_on", decided_on,
                                   "日期格式不正确，应为 YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日。"))
        if day is not None:
            if day > self.today:
                errors.append(("decided_on", decided_on, "决定日期晚于今天。"))
            elif day < EARLIEST_DATE:
                errors.append(("decided_on", decided_on, "决定日期早于1990年，请核对。"))
            elif org is not None and kind_key is not None and org.totals:
                source = org.totals.get((day.year, kind_key))
                if source is not None:
                    errors.append(("kind", kind, f"该机构{day.year}年的{KIND_LABELS[kind_key]}处理决定已按年度总数"
                                                 f"登记（来源：{source}），不能再导入逐条决定；如需逐条登记，请先删除"
                                                 "该年度总数。"))

        subject_name = subject_name.strip() if type(subject_name) is str else _text(subject_name)
        if not subject_name:
            errors.append(("subject_name", subject_name, "请填写相对人名称。"))
        elif len(subject_name) > 200:
            errors.append(("subject_name", subject_name, "相对人名称不能超过 200 字。"))

        subject_key = self.subject_kinds.get(subject_kind.strip() if type(subject_kind) is str
                                             else _text(subject_kind))
        if subject_key is None:
            errors.append(("subject_kind", subject_kind, "相对人类别应为自然人、法人或其他组织。"))

        if type(subject_id) is str:
            subject_id = subject_id.replace(" ", "").strip().upper()
        elif isinstance(subject_id, float):
            errors.append(("subject_id", subject_id, "证件号码在表格中被存成了数字，后几位可能已经丢失；"
                                                     "请把该列设为文本格式后重新填写。"))
            subject_id = ""
        else:
            subject_id = _text(subject_id)
        if subject_id and subject_key is not None and (subject_key, subject_id) not in self.valid_ids:
            problem = _subject_id_problem(subject_key, subject_id)
            if problem:
                errors.append(("subject_id", subject_id, problem))
            else:
                self._remember_id(subject_key, subject_id)

        summary = summary.strip() if type(summary) is str else _text(summary)
        basis = basis.strip() if type(basis) is str else _text(basis)
        result = result.strip() if type(result) is str else _text(result)
        if len(summary) > 2000 or len(basis) > 2000 or len(result) > 2000:
            for key, value in (("summary", summary), ("basis", basis), ("result", result)):
                if len(value) > 2000:
                    errors.append((key, value, f"{LABELS[key]}不能超过 2000 字。"))

        if errors:
            self._reject(line, errors)
            return None
        if self.dates_as_text:
            # SQLite stores dates as ISO text: pass the text itself rather than convert the date back per row.
            day = iso_text or day.isoformat()
        return (org.id, kind_key, decision_no, day, subject_name, subject_key, subject_id, summary, basis, result,
                self.batch_id, line)

    def _remember_id(self, subject_key: str, subject_id: str) -> None:
        # The same company or person often has many decisions in one file; checking a number once is enough.
        # Bounded so that memory stays flat on files with millions of distinct numbers.
        if len(self.valid_ids) >= VALID_ID_CACHE:
            self.valid_ids.clear()
        self.valid_ids.add((subject_key, subject_id))


def _text(value) -> str:
    if type(value) is str:
        return value.strip()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def _printable(text: str) -> str:
    return _BAD_CHARS.sub("\ufffd", text)


def _subject_id_problem(subject_kind: str, number: str) -> str | None:
    """居民身份证号码 for natural persons (other documents, such as passports, are taken as written);
    统一社会信用代码 for legal persons and other organisations. Check characters are verified."""
    if subject_kind == SubjectKind.NATURAL_PERSON:
        if number[:-1].isdigit() or len(number) == 18:
            validator = validate_resident_id
        elif _OTHER_DOCUMENT_RE.match(number):
            return None
        else:
            return "证件号码格式不正确。"
    else:
        validator = validate_uscc
    try:
        validator(number)
    except ValidationError as e:
        return e.messages[0]
    return None
