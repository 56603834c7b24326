"""The annual report's API operations (router ``router``, mounted under ``/api/v1/reports``).

``GET /reports/annual?org=&year=&scope=`` returns the canonical report JSON (docs/report-json.md) of a body in
the token user's scope, computed from the records as ``manage.py annual_report`` does: with the body's stored
report's overrides when its scope is the same, or the figures a body filled in by hand.

``POST /reports/check`` (multipart, field ``file``) reads a published report (text, HTML, DOCX or PDF) into the
same canonical JSON with its findings, plus ``"source"`` (the file name). Nothing is stored.
"""

from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja import Status as WithStatus

from gongkai.orgs.models import Organization
from gongkai.orgs.scoping import visible_org_ids
from gongkai.reports.reader import ReadError, read
from gongkai.reports.services import figures_for

from .auth import TokenAuth
from .schemas import ErrorOut, ValidationErrorOut

router = Router(auth=TokenAuth(), tags=["年度报告"])


class AnnualQuery(Schema):
    org: str = Field(description="机关 ID 或机构代码")
    year: int = Field(ge=2008, le=2100, description="报告年度")
    scope: Literal["self", "government", "subtree"] | None = Field(
        None, description="统计范围：self 本机关；government 本级政府及其工作部门；subtree 本机关及全部下级机构。"
                          "默认人民政府为 government，其他机关为 self")
    format: Literal["2019", "2021"] | None = Field(None, description="报告格式，默认按年度（2020 年度及以前 2019）")


@router.get("/annual", response={200: dict, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
            summary="机关年度报告数据（规范 JSON）",
            description="按统计范围由平台数据计算的年度报告三张表和核对结果，格式见 docs/report-json.md。")
def annual(request, query: Query[AnnualQuery]):
    org = (Organization.objects.filter(pk=int(query.org)).first() if query.org.isdigit()
           else Organization.objects.filter(code=query.org).first())
    if org is None or org.pk not in visible_org_ids(request.auth):
        raise Http404("未找到该机关，或不在您的数据范围内。")
    return figures_for(org, query.year, query.scope, query.format)


MAX_CHECK_BYTES = 20 * 1024 * 1024


@router.post("/check", response={200: dict, 400: ErrorOut, 401: ErrorOut, 413: ErrorOut, 422: ErrorOut},
             summary="读取并核对一份已发布的年度报告",
             description="上传其他机关发布的年度报告（PDF 文字版、DOCX、HTML 或文本），返回按国家格式读取的三张表和核对"
                         "结果（规范 JSON，另含 source 文件名）；读不出的数据为 null 并附说明，不会补零。不保存文件。",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "required": ["file"], "properties": {
                     "file": {"type": "string", "format": "binary", "description": "年度报告文件"}}}}}}})
def check(request):
    upload = request.FILES.get("file")
    if upload is None:
        return WithStatus(400, {"detail": "请在表单字段 file 中上传年度报告文件。"})
    if upload.size > MAX_CHECK_BYTES:
        return WithStatus(413, {"detail": "文件超过 20 MB。"})
    try:
        report = read(upload.read(), filename=upload.name)
    except ReadError as e:
        return WithStatus(422, {"detail": str(e)})
    return {**report, "source": upload.name}
