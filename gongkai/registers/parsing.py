"""Streaming readers for decision files: CSV (UTF-8 with or without BOM, GB18030, UTF-16), XLSX (openpyxl in
read-only mode) and JSON lines. A reader holds one row of the file in memory at a time (openpyxl also keeps an
XLSX workbook's shared-string table, so CSV is the format for the largest files); it yields
``(line, values)`` where ``line`` is the row's own line (CSV, JSON lines) or row number (XLSX) and ``values``
is a tuple in the order of ``DECISION_COLUMNS`` ("" for a column the file does not have).

The columns (Chinese headers; the English keys are the JSON-lines field names and are accepted as CSV/XLSX
headers too; order does not matter, other columns are ignored):

    机构代码        org_code       required  the code of the body that made the decision (机构管理中的机构代码)
    类别            kind           required  行政许可 / 行政处罚 / 行政强制
    决定文书号      decision_no    required  unique per body; a number already present is skipped as a duplicate
    决定日期        decided_on     required  YYYY-MM-DD, YYYY/M/D or YYYY年M月D日 (an Excel date cell also works)
    相对人名称      subject_name   required
    相对人类别      subject_kind   required  自然人 / 法人 / 其他组织 (also 法人及非法人组织, 个体工商户 …)
    相对人证件号码  subject_id     optional  居民身份证号码 or 统一社会信用代码, check digit verified
    事由            summary        optional
    依据            basis          optional
    结果            result         optional

The header may sit below a title row: the first of the first ten rows that names at least three columns is
taken as the header.
"""

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import operator
import re
import zipfile
from dataclasses import dataclass, field

# (key, header, other headers seen in real registers)
DECISION_COLUMNS = (
    ("org_code", "机构代码", ("机关代码", "单位代码", "实施机关代码", "决定机关代码")),
    ("kind", "类别", ("决定类别", "类型", "决定类型", "事项类别")),
    ("decision_no", "决定文书号", ("决定书文号", "文书号", "决定文号", "行政许可决定书文号", "行政处罚决定书文号",
                                   "行政强制决定书文号")),
    ("decided_on", "决定日期", ("作出决定日期", "许可决定日期", "处罚决定日期", "强制决定日期")),
    ("subject_name", "相对人名称", ("行政相对人名称", "相对人")),
    ("subject_kind", "相对人类别", ("行政相对人类别", "相对人类型")),
    ("subject_id", "相对人证件号码", ("证件号码", "相对人代码", "身份证号码或统一社会信用代码", "统一社会信用代码")),
    ("summary", "事由", ("内容", "事由内容", "事由/内容", "许可内容", "违法事实", "主要违法事实")),
    ("basis", "依据", ("处罚依据", "许可依据", "强制依据", "决定依据")),
    ("result", "结果", ("处罚结果", "许可结果", "处理结果", "决定结果", "处罚内容")),
)
KEYS = tuple(key for key, _label, _aliases in DECISION_COLUMNS)
LABELS = {key: label for key, label, _aliases in DECISION_COLUMNS}
REQUIRED_KEYS = ("org_code", "kind", "decision_no", "decided_on", "subject_name", "subject_kind")
HEADER_SEARCH_ROWS = 10
MIN_HEADER_MATCHES = 3
SNIFF_BYTES = 1 << 20

_HEADER_NOISE = re.compile(r"[\s*＊:：]|[（(][^）)]*[）)]")


def normalise_header(text) -> str:
    return _HEADER_NOISE.sub("", str(text or "")).lower()


_HEADER_KEYS = {}
for _key, _label, _aliases in DECISION_COLUMNS:
    for _name in (_key, _label, *_aliases):
        _HEADER_KEYS[normalise_header(_name)] = _key


@dataclass
class RowError:
    line: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "value": self.value, "message": self.message}


class FileProblem(Exception):
    """The file as a whole cannot be read (format, encoding, header); nothing in it is imported."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or [RowError(0, "", "", message)]


@dataclass
class Source:
    """An opened file: its format and encoding, the label each column has in error reports, and its rows."""

    file_format: str
    encoding: str
    labels: dict[str, str]
    rows: object  # iterator of (line, values)
    header_line: int = 0
    ignored_headers: list[str] = field(default_factory=list)


def map_header(cells, line: int) -> tuple[list[int | None], list[str]]:
    """Column indexes in ``KEYS`` order (None for absent columns) and the headers that were not recognised.
    Raises ``FileProblem`` listing every required column that is missing or given twice."""
    positions: dict[str, int] = {}
    ignored, errors = [], []
    for index, cell in enumerate(cells):
        key = _HEADER_KEYS.get(normalise_header(cell))
        if key is None:
            if str(cell or "").strip():
                ignored.append(str(cell).strip())
            continue
        if key in positions:
            errors.append(RowError(line, LABELS[key], str(cell).strip(), f"列“{LABELS[key]}”出现了两次。"))
            continue
        positions[key] = index
    for key in REQUIRED_KEYS:
        if key not in positions:
            errors.append(RowError(line, LABELS[key], "", f"缺少必需的列“{LABELS[key]}”。"))
    if errors:
        raise FileProblem("表头不符合要求：" + "；".join(e.message for e in errors), errors)
    return [positions.get(key) for key in KEYS], ignored


def _is_header(cells) -> bool:
    return sum(1 for c in cells if _HEADER_KEYS.get(normalise_header(c))) >= MIN_HEADER_MATCHES


def _missing_header() -> FileProblem:
    names = "、".join(LABELS[k] for k in REQUIRED_KEYS)
    return FileProblem(f"未找到表头：前 {HEADER_SEARCH_ROWS} 行中没有一行包含列名（应有 {names} 等列）。")


# ---------------------------------------------------------------------------------------------------------
# detection


class _Prefixed(io.RawIOBase):
    """The bytes already read to sniff the file, then the rest of it: lets a non-seekable stream (a request
    body) be sniffed without reading it twice."""

    def __init__(self, head: bytes, rest):
        self._head = memoryview(head)
        self._rest = rest

    def readable(self):
        return True

    def readinto(self, buffer):
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        if not data:
            return 0
        buffer[:len(data)] = data
        return len(data)


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) unless the first megabyte does not look like UTF-8, then GB18030 (what
    Excel on a Chinese Windows writes as "CSV"); UTF-16 only with its BOM (Excel's "Unicode text"). A stray
    bad byte in a UTF-8 file does not make it GB18030: it is reported on its row."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # Not final: the sample may end in the middle of a character.
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head, final=False)
    bad = text.count("\ufffd")
    if bad == 0:
        return "utf-8"
    # GBK text read as UTF-8 is mostly invalid; UTF-8 text with a damaged byte or two is mostly valid.
    if bad * 50 <= sum(1 for ch in text if ord(ch) > 127) - bad:
        return "utf-8"
    text = codecs.getincrementaldecoder("gb18030")(errors="replace").decode(head, final=False)
    if text.count("\ufffd") * 50 > max(len(text), 50):
        raise FileProblem("无法识别文件的字符编码：请另存为 UTF-8 编码的 CSV 文件（或 XLSX）。")
    return "gb18030"


def sniff_format(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入。")
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if head.startswith(b"%PDF") or (head[:512].count(b"\x00") > 8 and not utf16):
        raise FileProblem("文件不是 CSV 或 XLSX 表格。")
    return "csv"


def open_source(fileobj, *, file_format: str | None = None) -> Source:
    """Open a binary file object for reading rows. ``file_format`` is "csv", "xlsx" or "ndjson"; when None
    it is told from the content (never from the file name)."""
    head = fileobj.read(SNIFF_BYTES)
    if not head:
        raise FileProblem("文件是空的。")
    if file_format is None:
        file_format = sniff_format(head)
    if file_format == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise FileProblem("文件不是有效的 XLSX 文件。")
        return _xlsx_source(fileobj, head)
    stream = io.BufferedReader(_Prefixed(head, fileobj), buffer_size=1 << 16)
    if file_format == "ndjson":
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline=None)
        return Source("ndjson", "utf-8", dict(zip(KEYS, KEYS, strict=True)), _ndjson_rows(text))
    if file_format != "csv":
        raise ValueError(f"unknown file format {file_format!r}")
    encoding = detect_encoding(head)
    # Undecodable bytes further down become lone surrogates, reported on their row, instead of aborting.
    text = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
    return _csv_source(text, encoding)


# ---------------------------------------------------------------------------------------------------------
# CSV


def _csv_source(text, encoding: str) -> Source:
    first = text.readline()
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(itertools.chain((first,), text), delimiter=delimiter)
    header_line = 0
    try:
        for _ in range(HEADER_SEARCH_ROWS):
            cells = next(reader)
            if _is_header(cells):
                header_line = reader.line_num
                break
        else:
            raise _missing_header()
    except StopIteration:
        raise _missing_header() from None
    except csv.Error as e:
        raise FileProblem(f"CSV 格式错误（第 {reader.line_num} 行）：{e}") from None
    indexes, ignored = map_header(cells, header_line)
    return Source("csv", encoding, dict(LABELS), _csv_rows(reader, indexes), header_line, ignored)


def _csv_rows(reader, indexes):
    # An absent column reads the blank appended to every row (index -1), so one C-level itemgetter call
    # builds the row's tuple: this loop runs once per row of files with hundreds of thousands of rows.
    getter = operator.itemgetter(*[-1 if i is None else i for i in indexes])
    width = max(i for i in indexes if i is not None) + 1
    previous_end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise FileProblem(f"CSV 格式错误（第 {reader.line_num} 行）：{e}") from None
        line = previous_end + 1
        previous_end = reader.line_num
        if len(row) < width:
            if not row:
                continue
            row.extend([""] * (width - len(row)))
        row.append("")
        values = getter(row)
        if not any(values) or ((not values[0] or values[0].isspace()) and not "".join(values).strip()):
            continue
        yield line, values


# ---------------------------------------------------------------------------------------------------------
# XLSX


def _xlsx_cell(value):
    """Strings stay strings, dates stay dates; a whole number typed as a number becomes its digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return value


def _xlsx_source(fileobj, head: bytes) -> Source:
    from openpyxl import load_workbook

    if not hasattr(fileobj, "seek"):
        raise FileProblem("XLSX 文件需要以文件方式上传。")
    fileobj.seek(0)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise FileProblem(f"无法读取 XLSX 文件：{e.__class__.__name__}。请确认文件未损坏并且是 Excel 2007 及以后的格式。") from None
    if not workbook.worksheets:
        raise FileProblem("XLSX 文件中没有工作表。")
    sheet = workbook.worksheets[0]
    # Some generators write a wrong <dimension>; read what the sheet really holds.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    header_line = 0
    for number, cells in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        if cells and _is_header(cells):
            header_line = number
            break
    if not header_line:
        workbook.close()
        raise _missing_header()
    indexes, ignored = map_header(cells, header_line)
    return Source("xlsx", "", dict(LABELS), _xlsx_rows(workbook, rows, indexes, header_line), header_line, ignored)


def _xlsx_rows(workbook, rows, indexes, header_line):
    try:
        for number, cells in enumerate(rows, start=header_line + 1):
            if not cells:
                continue
            n = len(cells)
            values = tuple(_xlsx_cell(cells[i]) if i is not None and i < n else "" for i in indexes)
            if all(v == "" or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            yield number, values
    finally:
        workbook.close()


# ---------------------------------------------------------------------------------------------------------
# JSON lines


class NdjsonLineError(Exception):
    """Raised for one line of a JSON-lines body that is not a JSON object; the line is rejected."""


def _ndjson_rows(text):
    for number, raw in enumerate(text, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            yield number, NdjsonLineError("该行不是有效的 JSON。")
            continue
        if not isinstance(obj, dict):
            yield number, NdjsonLineError("每行应为一个 JSON 对象。")
            continue
        yield number, tuple(_json_value(obj.get(key)) for key in KEYS)


def _json_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
