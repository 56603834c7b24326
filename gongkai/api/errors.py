"""One error shape for the whole API, always JSON with a Chinese ``detail``:

- 400 ``{"detail"}``                       the body is not JSON
- 401 ``{"detail"}``                       no, unknown or revoked token, or an inactive account
- 403 ``{"detail"}``                       ``PermissionDenied`` from a service
- 404 ``{"detail"}``                       not found or outside the user's scope (indistinguishable)
- 409 ``{"detail", "allowed_actions"}``    ``TransitionNotAllowed``: the action is not possible now
- 409 ``{"detail"}``                       ``ConflictError``: the record changed (stale ``version``)
- 413 ``{"detail"}``                       the body is too large
- 422 ``{"detail": "输入有误", "errors": {field: [messages]}}``  a service's ``ValidationError`` or a schema
  error from ninja (wrong type, missing or unknown field); errors not tied to a field are under ``__all__``.
"""

import json

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.parser import Parser

from gongkai.applications.errors import TransitionNotAllowed
from gongkai.core.errors import ConflictError

VALIDATION_DETAIL = "输入有误"


class BodyNotJson(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class JsonParser(Parser):
    """ninja's parser with the reason a body cannot be read kept, in Chinese (ninja wraps any parser
    exception into a 400 whose cause is this one)."""

    def parse_body(self, request):
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise BodyNotJson("请求体应为 UTF-8 编码的 JSON。") from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise BodyNotJson(f"请求体不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列）。") from None
        except RecursionError:
            raise BodyNotJson("请求体的 JSON 嵌套层数过多。") from None


def django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: list(error.messages)}


def validation_body(errors: dict[str, list[str]]) -> dict:
    return {"detail": VALIDATION_DETAIL, "errors": errors}


_TYPE_MESSAGES = {
    "missing": "请填写该项。",
    "extra_forbidden": "不支持的字段。",
    "string_type": "应为字符串。",
    "string_unicode": "应为字符串。",
    "int_type": "应为整数。",
    "int_parsing": "应为整数。",
    "int_from_float": "应为整数。",
    "int_parsing_size": "数值过大。",
    "bool_type": "应为 true 或 false。",
    "bool_parsing": "应为 true 或 false。",
    "model_type": "应为 JSON 对象。",
    "model_attributes_type": "应为 JSON 对象。",
    "dict_type": "应为 JSON 对象。",
    "list_type": "应为数组。",
}


def schema_message(error: dict) -> str:
    """A Chinese message for one pydantic error (ninja passes them on with their type and context)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    if kind.startswith("date"):
        return "日期格式不正确，应为 YYYY-MM-DD。"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}。"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}。"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}。"
    if kind == "less_than":
        return f"应小于 {ctx.get('lt')}。"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 字。"
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # raised by our own validators, already in Chinese
    return "取值无效。"


def schema_field(loc) -> str:
    """``("body", "payload", "applicant", "id_number")`` → ``"applicant.id_number"``: drop the parameter
    source and, for the body, the parameter name, so fields are named as the client sent them."""
    parts = list(loc)
    source = parts.pop(0) if parts else ""
    if source == "body" and parts:
        parts.pop(0)
    return ".".join(str(p) for p in parts) or NON_FIELD_ERRORS


def schema_errors(errors: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if len(loc) <= 2 and loc[:1] == ("body",) and error.get("type") == "missing":
            message = "请求体不能为空，应为 JSON 对象。"
        else:
            message = schema_message(error)
        out.setdefault(schema_field(loc), []).append(message)
    return out


def install(api) -> None:
    """Register the handlers on a NinjaAPI."""

    def respond(request, body, status, **headers):
        response = api.create_response(request, body, status=status)
        for name, value in headers.items():
            response[name.replace("_", "-")] = value
        return response

    def on_authentication(request, exc: AuthenticationError):
        message = exc.message if exc.message != "Unauthorized" else "需要有效的 API 令牌。"
        return respond(request, {"detail": message}, 401, WWW_Authenticate='Bearer realm="gongkai"')

    def on_http_error(request, exc: HttpError):
        cause = exc.__cause__
        if isinstance(cause, RequestDataTooBig):
            return respond(request, {"detail": "请求体过大。"}, 413)
        if isinstance(cause, BodyNotJson):
            return respond(request, {"detail": cause.message}, 400)
        if exc.status_code == 400:
            return respond(request, {"detail": "请求体无法解析，应为 JSON。"}, 400)
        return respond(request, {"detail": str(exc)}, exc.status_code)

    def on_not_found(request, exc: Http404):
        return respond(request, {"detail": str(exc) or "未找到。"}, 404)

    def on_permission_denied(request, exc: PermissionDenied):
        return respond(request, {"detail": str(exc) or "没有权限执行该操作。"}, 403)

    def on_transition(request, exc: TransitionNotAllowed):
        return respond(request, {"detail": exc.message, "allowed_actions": exc.allowed}, 409)

    def on_conflict(request, exc: ConflictError):
        return respond(request, {"detail": exc.message}, 409)

    def on_service_validation(request, exc: DjangoValidationError):
        return respond(request, validation_body(django_errors(exc)), 422)

    def on_schema_validation(request, exc: SchemaValidationError):
        return respond(request, validation_body(schema_errors(exc.errors)), 422)

    def on_too_big(request, exc: RequestDataTooBig):
        return respond(request, {"detail": "请求体过大。"}, 413)

    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(TransitionNotAllowed, on_transition)
    api.add_exception_handler(ConflictError, on_conflict)
    api.add_exception_handler(DjangoValidationError, on_service_validation)
    api.add_exception_handler(SchemaValidationError, on_schema_validation)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
