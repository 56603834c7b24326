"""The registers' API operations (router ``router``, mounted under ``/api/v1/registers``):

``POST /registers/decisions?mode=all_or_nothing|valid_only`` imports administrative decisions, exactly as the
import page does (``gongkai.registers.services.import_decisions``), from

- ``multipart/form-data`` with a CSV or XLSX file in the field ``file`` (Chinese column headers, see
  ``gongkai.registers.parsing``);
- ``application/x-ndjson``: one JSON object per line with the keys ``org_code, kind, decision_no, decided_on,
  subject_name, subject_kind, subject_id, summary, basis, result`` (values as in the CSV columns);
- ``text/csv``: the CSV file as the body.

The body is read as a stream. The answer is ``{"total", "imported", "duplicates", "rejected", "errors": [{"line",
"column", "value", "message"}], …}``: 200 when the import ran (in ``valid_only`` bad rows are listed and the
rest imported), 422 with the same shape plus ``detail`` when nothing was imported (``all_or_nothing`` found
bad rows, or the file could not be read). Authentication and the other errors are those of the whole API.
"""

from typing import Literal

from ninja import Field, Router, Schema
from ninja import Status as WithStatus

from gongkai.registers import services
from gongkai.registers.codes import BatchStatus

from .auth import TokenAuth
from .schemas import ErrorOut

router = Router(auth=TokenAuth(), tags=["权责与执法公示"])

NDJSON_TYPES = {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}
CSV_TYPES = {"text/csv", "application/csv"}
UNSUPPORTED = ("请求体应为 multipart/form-data（字段 file 为 CSV 或 XLSX 文件）、application/x-ndjson（每行一个 JSON "
               "对象）或 text/csv。")


class ImportErrorOut(Schema):
    line: int = Field(description="文件中的行号（CSV 含表头行，XLSX 为表格行号，JSON 行从 1 起）；0 表示整个文件")
    column: str = Field(description="列名（CSV/XLSX 为中文列名，JSON 行为英文键名）")
    value: str = Field(description="该单元格的内容（证件号码已脱敏）")
    message: str


class ImportOut(Schema):
    batch: int = Field(description="导入批次编号，工作人员页面“导入记录”中可查看并下载错误报告")
    status: str = Field(description="completed 已完成 / rejected 有错误未导入 / failed 文件无法导入")
    total: int = Field(description="数据行数（不含表头和空行）")
    imported: int = Field(description="新导入的条数")
    duplicates: int = Field(description="同一机构已有相同决定文书号（或文件中前面已出现）而跳过的条数")
    rejected: int = Field(description="有错误的行数")
    error_count: int = Field(description="错误总数（一行可有多处错误）")
    errors: list[ImportErrorOut] = Field(description="按行号排列的错误，最多列出 1,000 处")
    message: str
    elapsed: float = Field(description="用时（秒）")
    rows_per_second: int


class ImportRejectedOut(ImportOut):
    detail: str


@router.post(
    "/decisions",
    response={200: ImportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 415: ErrorOut, 422: ImportRejectedOut},
    summary="导入行政决定",
    description="导入行政许可、行政处罚、行政强制决定（年度报告“二、主动公开政府信息情况”的处理决定数量）。需为每一行"
                "所属机构的公开办管理员或信息发布员。已有的决定文书号（同一机构）计为重复并跳过，重复提交同一文件不会"
                "产生重复数据。",
    openapi_extra={"requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary", "description": "CSV（UTF-8/GB18030）或 XLSX 文件"}}}},
        "application/x-ndjson": {"schema": {"type": "string"}, "example": (
            '{"org_code": "SLS-SCJGJ", "kind": "行政处罚", "decision_no": "示市监罚〔2025〕1号", '
            '"decided_on": "2025-03-01", "subject_name": "示例市某某商贸有限公司", "subject_kind": "法人", '
            '"subject_id": "", "summary": "未按规定公示年度报告", "basis": "《企业信息公示暂行条例》第十条", '
            '"result": "罚款2000元"}\n')},
        "text/csv": {"schema": {"type": "string"}},
    }}},
)
def import_decisions(request, mode: Literal["all_or_nothing", "valid_only"] = "all_or_nothing"):
    content_type = (request.content_type or "").lower()
    if content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            return WithStatus(400, {"detail": "请在表单字段 file 中上传 CSV 或 XLSX 文件。"})
        result = services.import_decisions(request.auth, upload, filename=upload.name or "upload", mode=mode,
                                           request=request)
    elif content_type in NDJSON_TYPES:
        result = services.import_decisions(request.auth, request, filename="api.ndjson", mode=mode,
                                           file_format="ndjson", request=request)
    elif content_type in CSV_TYPES:
        result = services.import_decisions(request.auth, request, filename="api.csv", mode=mode,
                                           file_format="csv", request=request)
    else:
        return WithStatus(415, {"detail": UNSUPPORTED})
    body = result.as_dict()
    if result.status != BatchStatus.COMPLETED:
        return WithStatus(422, {"detail": result.message or "未导入任何数据。", **body})
    return body
