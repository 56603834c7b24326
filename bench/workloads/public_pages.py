"""Workload 3, public pages under load: the item page, a catalog list page and search results, served by
gunicorn (two workers, started by the harness on a free loopback port, DEBUG off) to a load generator running
in a separate process (``bench.loadgen``: N keep-alive connections for a fixed time).

Baseline: ``/bench/baseline/`` of the same server, a fixed small page through the same middleware, touching
neither the database nor a template. The targets are measured in rounds, each round running the baseline
and every page in turn, so that drift on a shared machine touches them alike; a figure is the median over
the rounds.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from urllib.parse import quote

from django.db.models import Count, Max, Min

from bench.machine import REPO
from bench.stats import summary
from bench.urls import BASELINE_PATH

from . import Figure, Skipped

ITEM_GOAL_RATIO = 0.40
SEARCH_GOAL_P95_MS = 100.0
ITEM_SAMPLE = 50
SEARCH_CANDIDATES = ("通知", "实施意见", "管理办法", "政府信息公开", "安全生产", "行政许可", "财政预算", "规划",
                     "教育", "生态环境", "养老", "招标")
MAX_SEARCH_TERMS = 5


def item_paths(root, n: int = ITEM_SAMPLE, seed: int = 3) -> list[str]:
    from gongkai.disclosure.selectors import public_items

    qs = public_items().filter(org__path__startswith=root.path)
    bounds = qs.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        return []
    rng = random.Random(seed)
    keys = []
    for _ in range(n * 2):
        key = (qs.filter(id__gte=rng.randint(bounds["lo"], bounds["hi"])).order_by("id")
               .values_list("index_no", flat=True).first())
        if key and key not in keys:
            keys.append(key)
        if len(keys) >= n:
            break
    return [f"/xxgk/item/{quote(key, safe='/')}/" for key in keys]


def list_path(root) -> str | None:
    """The 法定主动公开内容 page of the body with the most public items."""
    from gongkai.disclosure.selectors import public_items

    row = (public_items().filter(org__path__startswith=root.path).order_by().values("org__code")
           .annotate(n=Count("id")).order_by("-n", "org__code").first())
    return f"/xxgk/{quote(row['org__code'])}/fdzdgknr/" if row else None


def search_paths() -> list[str]:
    from gongkai import search

    paths = []
    for term in SEARCH_CANDIDATES:
        if search.query(term, per_page=1).total > 0:
            paths.append(f"/xxgk/search/?q={quote(term)}")
        if len(paths) >= MAX_SEARCH_TERMS:
            break
    return paths


def loadgen(host: str, port: int, paths: list[str], *, duration: float, warmup: float, connections: int) -> dict:
    command = [sys.executable, "-m", "bench.loadgen", "--host", host, "--port", str(port), "--duration",
               str(duration), "--warmup", str(warmup), "--connections", str(connections)]
    for path in paths:
        command += ["--path", path]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True,
                          timeout=duration + warmup + 120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def run(ctx) -> list[Figure]:
    root = ctx.root
    targets = [("3d", "基线页面 /bench/baseline/", [BASELINE_PATH])]
    items, listing, searches = item_paths(root), list_path(root), search_paths()
    if items:
        targets.append(("3a", f"信息详情页（{len(items)} 条轮换）", items))
    if listing:
        targets.append(("3b", f"目录列表页 {listing}", [listing]))
    if searches:
        targets.append(("3c", f"搜索结果页（{len(searches)} 个词）", searches))
    if len(targets) == 1:
        raise Skipped("no public item in the tree")
    p = ctx.params
    runs: dict[str, list[dict]] = {key: [] for key, _l, _p in targets}
    with ctx.server() as (host, port):
        for round_no in range(p.load_rounds):
            for key, label, paths in targets:
                result = loadgen(host, port, paths, duration=p.load_seconds, warmup=p.load_warmup,
                                 connections=p.connections)
                if result["ok"] == 0 or result["errors"] > max(1, result["requests"] // 200):
                    raise AssertionError(f"{label}: {result['errors']} errors of {result['requests']} requests: "
                                         f"{result['error_samples']}")
                runs[key].append(result)
                ctx.log(f"  第 {round_no + 1} 轮 {label}：{result['rps']:.0f} req/s，"
                        f"p50 {result['latency_ms']['p50']:.1f} ms，p95 {result['latency_ms']['p95']:.1f} ms")
    base_rps = summary(r["rps"] for r in runs["3d"])
    figures = []
    for key, label, paths in targets:
        rps = summary(r["rps"] for r in runs[key])
        p50 = summary(r["latency_ms"]["p50"] for r in runs[key])["median"]
        p95 = summary(r["latency_ms"]["p95"] for r in runs[key])["median"]
        fig = Figure(key=key, label=label, figure=rps["median"], unit="req/s", baseline=base_rps["median"],
                     baseline_label="同服务器固定小页面", database=ctx.db["label"], samples=rps,
                     baseline_samples=base_rps, notes=f"p50 {p50:.1f} ms / p95 {p95:.1f} ms",
                     extra={"p50_ms": p50, "p95_ms": p95, "paths": paths[:10], "runs": runs[key],
                            "connections": p.connections, "seconds": p.load_seconds, "rounds": p.load_rounds,
                            "server": ctx.server_label})
        if key == "3a":
            fig.goal = f"≥{ITEM_GOAL_RATIO:.2f}× 基线 req/s"
            fig.met = fig.ratio is not None and fig.ratio >= ITEM_GOAL_RATIO
        elif key == "3c":
            fig.goal = f"p95 <{SEARCH_GOAL_P95_MS:g} ms（province）"
            fig.met = p95 < SEARCH_GOAL_P95_MS if ctx.scale == "province" else None
        else:
            fig.goal = "—"
        figures.append(fig)
    order = {"3a": 0, "3b": 1, "3c": 2, "3d": 3}
    return sorted(figures, key=lambda f: order[f.key])
