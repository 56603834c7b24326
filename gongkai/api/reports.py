"""The annual report's API operations (router ``router``, mounted under ``/api/v1/reports``).

``GET /reports/annual?org=&year=&scope=`` returns the canonical report JSON (docs/report-json.md) of a body in
the token user's scope, computed from the records as ``manage.py annual_report`` does: with the body's stored
report's overrides when its scope is the same, or the figures a body filled in by hand.
"""

from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from gongkai.orgs.models import Organization
from gongkai.orgs.scoping import visible_org_ids
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
