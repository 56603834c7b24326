"""URLconf for the API tests: the project's URLs plus the registers router mounted at /test-api/v1/registers on
an API configured like ``gongkai.api.api.api`` (token auth, JSON parser, renderer, error handlers). The tests
exercise the router through this mount so that they do not depend on where ``api.py`` mounts it."""

from django.urls import path
from ninja import NinjaAPI

from gongkai.api import errors
from gongkai.api.api import Utf8JSONRenderer
from gongkai.api.auth import TokenAuth
from gongkai.api.registers import router
from gongkai.urls import urlpatterns as project_urlpatterns

api = NinjaAPI(title="registers test", version="registers-test", urls_namespace="registers_test_api",
               auth=TokenAuth(), parser=errors.JsonParser(), renderer=Utf8JSONRenderer(), docs_url=None)
errors.install(api)
api.add_router("/v1/registers", router)

urlpatterns = [path("test-api/", api.urls), *project_urlpatterns]
