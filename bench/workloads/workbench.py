"""Workload 4, the staff workbench: the 本机关 queue (``/applications/?queue=all``) and the 已超期 queue
(``?queue=overdue``) of ``gongkai.applications`` for the root body's 公开办管理员, requested in-process with
Django's test client (``force_login``), at least 20 times each; the figure is the p95 latency.

Baseline: ``/bench/baseline/`` requested the same way by the same signed-in client (middleware, session and
authentication included), so the ratio shows what the queue itself costs.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.test import Client, override_settings

from bench.stats import summary
from bench.urls import BASELINE_PATH

from . import Figure

GOAL_P95_MS = 300.0
QUEUES = (("4a", "all", "本机关"), ("4b", "overdue", "已超期"))


def _timings(client: Client, path: str, n: int, warmup: int = 2) -> list[float]:
    samples = []
    for i in range(warmup + n):
        start = time.perf_counter()
        response = client.get(path, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise AssertionError(f"GET {path} answered {response.status_code}")
        if i >= warmup:
            samples.append(elapsed)
    return samples


def run(ctx) -> list[Figure]:
    n = ctx.params.workbench_requests
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=hosts):
        client = Client()
        client.force_login(ctx.user)
        results = {}
        # Interleaved in rounds of five so that drift touches all three alike.
        for _ in range(0, n, 5):
            for key, path in [("base", BASELINE_PATH)] + [(k, f"/applications/?queue={q}") for k, q, _l in QUEUES]:
                results.setdefault(key, []).extend(_timings(client, path, 5, warmup=1))
    base = summary(results["base"])
    figures = []
    for key, queue, label in QUEUES:
        s = summary(results[key])
        fig = Figure(key=key, label=f"工作台 {label}队列（{ctx.user.username}）", figure=s["p95"], unit="ms p95",
                     baseline=base["p95"], baseline_label="同一登录客户端请求固定小页面", database=ctx.db["label"],
                     samples=s, baseline_samples=base, goal=f"p95 <{GOAL_P95_MS:g} ms（province）",
                     notes=f"中位数 {s['median']:.1f} ms，n={s['n']}", extra={"path": f"/applications/?queue={queue}"})
        fig.met = s["p95"] < GOAL_P95_MS if ctx.scale == "province" else None
        figures.append(fig)
    return figures
