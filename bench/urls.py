"""The platform's URLs plus ``/bench/baseline/``: a fixed small HTML page that touches neither the database
nor a template, the reference every page figure of the benchmark is divided by."""

from django.http import HttpResponse
from django.urls import include, path

BASELINE_PATH = "/bench/baseline/"
BASELINE_HTML = ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>基准页面</title></head>"
                 "<body><p>基准页面：固定内容，用于性能基准对比。</p></body></html>")


def baseline(request):
    return HttpResponse(BASELINE_HTML)


urlpatterns = [
    path(BASELINE_PATH.strip("/") + "/", baseline, name="bench_baseline"),
    path("", include("gongkai.urls")),
]
