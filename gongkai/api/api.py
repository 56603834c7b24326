"""The NinjaAPI instance: bearer-token auth on every operation, Chinese JSON errors, the offline docs page
at /api/docs and the schema at /api/openapi.json."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import errors
from .auth import TokenAuth
from .docs import OfflineSwagger
from .endpoints import router

DESCRIPTION = """政府信息公开平台的工作人员接口。

用 `Authorization: Bearer <令牌>` 认证（令牌由运维人员以 `python manage.py create_api_token 用户名` 创建）。
令牌的权限与其用户完全相同：只能看到该用户数据范围内的机关和申请，只能执行该用户的角色允许的操作。
主动公开信息的查询（`GET /api/v1/items`、`GET /api/v1/items/{id}`）公开，无需令牌，只返回已发布的主动公开信息。
错误一律返回 JSON，`detail` 为中文说明；输入错误（422）另在 `errors` 中按字段列出。详见 docs/api.md。"""

class Utf8JSONRenderer(JSONRenderer):
    # Chinese text as itself rather than \uXXXX escapes, readable in curl and logs.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="政府信息公开平台接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs=OfflineSwagger(),
    parser=errors.JsonParser(),
    renderer=Utf8JSONRenderer(),
)
errors.install(api)
api.add_router("/v1", router)

from .items import router as items_router  # noqa: E402  (mounted after the core router, same prefix)

api.add_router("/v1", items_router)

from .registers import router as registers_router  # noqa: E402

api.add_router("/v1/registers", registers_router)

from .reports import router as reports_router  # noqa: E402

api.add_router("/v1/reports", reports_router)
