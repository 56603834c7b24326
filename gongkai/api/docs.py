"""The OpenAPI page (/api/docs) without any outside network.

ninja renders its Swagger page from a CDN unless ``ninja`` itself is an installed app. It is not one here:
instead the page is rendered from this app's template and the Swagger UI files that ninja ships in its
package are served by ``docs_asset`` (only those files), so the page works on a network with no internet
access and stays matched to the installed ninja version.
"""

import json
from pathlib import Path

import ninja
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.static import serve
from ninja.openapi.docs import Swagger

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg", "favicon.png"})


class OfflineSwagger(Swagger):
    template = "api/swagger.html"
    default_settings = {
        **Swagger.default_settings,
        # Swagger UI otherwise sends the schema to validator.swagger.io for its badge.
        "validatorUrl": None,
    }

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"swagger_settings": json.dumps(settings, indent=1), "api": api})


@require_safe
def docs_asset(request, name: str):
    if name not in ASSETS:
        raise Http404("没有该文件。")
    response = serve(request, name, document_root=ASSET_DIR)
    response["Cache-Control"] = "public, max-age=86400"
    return response
