"""URLs under /api/: the ninja API (operations under v1/, docs/, openapi.json), the docs page's assets, and a
JSON 404 for anything else so API clients never get an HTML page."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.generic import RedirectView

from .api import api
from .docs import docs_asset


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "接口不存在，请查看 /api/docs。"}, status=404,
                        json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:openapi-view"), name="api-home"),
    path("docs/assets/<str:name>", docs_asset, name="api-docs-asset"),
    path("", api.urls),
    re_path(r"", not_found),
]
