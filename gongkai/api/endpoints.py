"""The operations under ``/api/v1``. Each one reads through ``gongkai.orgs.scoping`` and changes state only
through ``gongkai.applications.services``; errors become responses in ``gongkai.api.errors``.

Every action has its own route (``POST /applications/{id}/actions/<action>``) with a body schema derived from
its service function, so the OpenAPI documents each action's fields; all of them call ``services.perform``.
"""

import math
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from ninja import Path, Query, Router
from ninja import Status as WithStatus

from gongkai.applications import services
from gongkai.applications.codes import Status
from gongkai.applications.models import Application
from gongkai.applications.transitions import TRANSITIONS
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.scoping import filter_visible, visible_org_ids, visible_orgs

from . import serializers
from .errors import django_errors
from .schemas import (
    ACTION_SCHEMAS,
    MAX_ID,
    ApplicationFilters,
    ApplicationIn,
    ApplicationOut,
    ApplicationPage,
    CreatedOut,
    ErrorOut,
    OrgOut,
    TransitionErrorOut,
    UnknownActionOut,
    ValidationErrorOut,
    action_body_fields,
)

router = Router()

ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID, description="申请 ID")]
NOT_FOUND = "未找到该申请，或不在您的数据范围内。"
# The body's nested applicant fields → the flat names ``services.register`` takes (and back, for errors).
APPLICANT_FIELD_NAMES = {"kind": "applicant_kind", "name": "applicant_name"}
APPLICANT_ERROR_PATHS = {field: f"applicant.{field.removeprefix('applicant_')}"
                         for field in services.APPLICANT_FIELDS}
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: TransitionErrorOut,
                422: ValidationErrorOut}


def _load(user, application_id: int) -> Application:
    app = (filter_visible(user, Application.objects.select_related("org", "handler"))
           .filter(pk=application_id).first())
    if app is None:
        raise Http404(NOT_FOUND)
    return app


# ---------------------------------------------------------------------------------------------------------
# organisations (机关)


@router.get("/orgs", response={200: list[OrgOut], 401: ErrorOut}, tags=["机关"], summary="我的数据范围内的机关",
            description="令牌所属用户通过其角色授权可以看到的全部机关，按机构树顺序排列。")
def list_orgs(request):
    return [{"id": o.pk, "name": o.name, "short_name": o.short_name, "code": o.code, "kind": o.kind,
             "kind_label": o.get_kind_display(), "parent_id": o.parent_id, "is_active": o.is_active}
            for o in visible_orgs(request.auth).order_by("path")]


# ---------------------------------------------------------------------------------------------------------
# applications


@router.post("/applications", response={201: CreatedOut, **{k: v for k, v in WRITE_ERRORS.items() if k != 409}}, tags=["申请"], summary="登记申请",
             description="登记当面、信函、传真、电子邮件等方式收到的申请（条例第二十九条）。需为该机关的承办人或"
                         "公开办管理员。返回的查询码只出现这一次，请交给申请人。")
def create_application(request, payload: ApplicationIn):
    user = request.auth
    if payload.org not in visible_org_ids(user):
        raise Http404("未找到该机关，或不在您的数据范围内。")
    org = Organization.objects.get(pk=payload.org)
    if not org.is_active:
        # As a form offers only active bodies; services.register itself does not check this.
        raise ValidationError({"org": "该机关已停用，不能登记申请。"})
    body = payload.model_dump(exclude_none=True)
    data = {key: value for key, value in body.items() if key not in ("org", "applicant")}
    for key, value in body["applicant"].items():
        data[APPLICANT_FIELD_NAMES.get(key, key)] = value
    try:
        app, query_code = services.register(user, org=org, data=data, request=request)
    except ValidationError as e:
        raise ValidationError({APPLICANT_ERROR_PATHS.get(field, field): messages
                               for field, messages in django_errors(e).items()}) from e
    return WithStatus(201, {"id": app.pk, "tracking_no": app.tracking_no, "status": app.status, "due_on": app.due_on,
                 "query_code": query_code})


@router.get("/applications", response={200: ApplicationPage, **READ_ERRORS}, tags=["申请"], summary="申请列表",
            description="数据范围内的申请，按收到日期倒序（待确认的网上申请在前）；申请人信息已脱敏。")
def list_applications(request, filters: Query[ApplicationFilters]):
    qs = filter_visible(request.auth, Application.objects.select_related("org", "handler"))
    if filters.status:
        if filters.status not in Status.values:
            raise ValidationError({"status": f"状态取值无效，可选：{'、'.join(Status.values)}。"})
        qs = qs.filter(status=filters.status)
    if filters.org:
        qs = qs.filter(org_id=filters.org)
    if filters.received_from and filters.received_to and filters.received_from > filters.received_to:
        raise ValidationError({"received_to": "结束日期不能早于开始日期。"})
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    # Explicit NULL placement: SQLite and PostgreSQL order NULLs differently by default.
    qs = qs.order_by(F("received_on").desc(nulls_first=True), "-id")
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    items = qs[start:start + filters.page_size] if start < count else []
    return {"count": count, "page": filters.page, "page_size": filters.page_size,
            "pages": max(1, math.ceil(count / filters.page_size)),
            "items": [serializers.summary(app) for app in items]}


@router.get("/applications/{application_id}", response={200: ApplicationOut, **READ_ERRORS}, tags=["申请"],
            summary="申请详情",
            description="状态、期限、办理记录和该用户现在可以执行的操作。申请人信息仅对本机关的承办人、审核人、"
                        "公开办管理员完整显示，其他人看到脱敏信息。")
def get_application(request, application_id: ApplicationId):
    return serializers.detail(request.auth, _load(request.auth, application_id))


# ---------------------------------------------------------------------------------------------------------
# actions


def _action_description(action: str) -> str:
    t = TRANSITIONS[action]
    sources = "、".join(Status(s).label for s in t.sources)
    roles = "、".join(Role(r).label for r in sorted(t.roles))
    return (f"适用状态：{sources}。执行人：本机关的{roles}。所有操作都接受 `on`（发生日期，默认今天）和 `version`"
            "（乐观并发控制）。成功时返回与申请详情相同的结构。")


def _perform(request, application_id: int, action: str, payload) -> dict:
    user = request.auth
    # Scope first, so an application outside it is a 404 whatever the body holds.
    _load(user, application_id)
    data = payload.model_dump(exclude_unset=True) if payload is not None else {}
    # An explicit null means "not given": the services' defaults apply.
    data = {key: value for key, value in data.items() if value is not None}
    app = services.perform(user, application_id, action, data, request=request)
    return serializers.detail(user, _load(user, app.pk))


def _add_action_route(action: str) -> None:
    schema = ACTION_SCHEMAS[action]
    # ninja reads the body's schema and whether it is required from the view's signature.
    if any(action_body_fields(action).values()):
        def perform_action(request, application_id: ApplicationId, payload: schema):
            return _perform(request, application_id, action, payload)
    else:
        def perform_action(request, application_id: ApplicationId, payload: schema = None):
            return _perform(request, application_id, action, payload)

    perform_action.__name__ = f"action_{action}"
    router.add_api_operation(
        f"/applications/{{application_id}}/actions/{action}", ["POST"], perform_action,
        response={200: ApplicationOut, **WRITE_ERRORS}, tags=["申请操作"], summary=TRANSITIONS[action].label,
        description=_action_description(action), operation_id=f"action_{action}",
        url_name=f"application-action-{action}")


for _action in TRANSITIONS:
    _add_action_route(_action)


@router.post("/applications/{application_id}/actions/{action}", response={404: UnknownActionOut},
             include_in_schema=False)
def unknown_action(request, application_id: int, action: str):
    # Registered after the named actions, so it only sees names that are not actions.
    return WithStatus(404, {"detail": f"未知的操作：{action}", "actions": list(TRANSITIONS)})
