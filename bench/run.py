"""The harness: make sure the data is there, run every workload, print the table, write the JSON.

    python -m bench [--scale small|medium|province] [--root SCALE|SLS] [--only 1,3] [--smoke] ...

``run_suite`` is the same thing for a caller that has set Django up already (the smoke test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
import time
import traceback
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .machine import REPO

RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_SQLITE = REPO / "var" / "bench.sqlite3"
WORKLOADS = ("1", "2", "3", "4", "5", "6")


@dataclass(frozen=True)
class Params:
    repeats: int = 7  # annual report: timed calls of compute() and of the baseline
    csv_rows: int = 100_000
    import_repeats: int = 5
    load_seconds: float = 5.0
    load_warmup: float = 1.0
    load_rounds: int = 3
    connections: int = 8
    workbench_requests: int = 20
    deadline_pairs: int = 3
    reader_repeats: int = 10


PRESETS = {
    "small": Params(),
    "medium": Params(repeats=5, csv_rows=1_000_000, import_repeats=3, deadline_pairs=2),
    "province": Params(repeats=5, csv_rows=1_000_000, import_repeats=3, load_seconds=10.0, deadline_pairs=1),
    "smoke": Params(repeats=2, csv_rows=300, import_repeats=1, load_seconds=1.0, load_warmup=0.2, load_rounds=1,
                    connections=2, workbench_requests=5, deadline_pairs=1, reader_repeats=1),
}


@dataclass
class Context:
    root: object
    user: object
    scale: str
    db: dict
    params: Params
    year: int
    server: object  # () -> context manager yielding (host, port)
    server_label: str
    log: object = print


@dataclass
class Outcome:
    meta: dict
    figures: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    path: Path | None = None

    def as_dict(self) -> dict:
        return {**self.meta, "workloads": [f.as_dict() for f in self.figures], "skipped": self.skipped,
                "errors": self.errors}


# ---------------------------------------------------------------------------------------------------------
# the suite


def _workload_module(number: str):
    from importlib import import_module

    name = {"1": "annual_report", "2": "decision_import", "3": "public_pages", "4": "workbench",
            "5": "deadlines", "6": "report_reader"}[number]
    return import_module(f"bench.workloads.{name}")


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run_suite(scale: str, *, root_code: str = "SCALE", seed: int = 1, fraction: float = 1.0, smoke: bool = False,
              only=WORKLOADS, params: Params | None = None, server=None, server_label: str = "",
              generate_in_process: bool = False, regenerate: bool = False, out_dir: Path | None = RESULTS_DIR,
              log=print) -> Outcome:
    from gongkai.orgs.models import Organization

    from . import data, machine
    from .server import gunicorn, gunicorn_available
    from .workloads import Skipped

    started_at = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    params = params or PRESETS["smoke" if smoke else scale]
    dataset = data.ensure_dataset(scale, root_code=root_code, seed=seed, fraction=fraction, regenerate=regenerate,
                                  in_process=generate_in_process, log=log)
    _analyze()
    root = Organization.objects.get(code=root_code)
    user = data.office_admin(root)
    db = machine.database()
    if server is None:
        server, server_label = gunicorn, server_label or "gunicorn gthread 2 workers × 4 threads"
    ctx = Context(root=root, user=user, scale=dataset.scale, db=db, params=params, year=data.report_year(root),
                  server=server, server_label=server_label, log=log)
    meta = {"suite": "gongkai-bench", "schema": 1, "scale": dataset.scale, "smoke": smoke,
            "started_at": started_at.isoformat(timespec="seconds"), "dataset": dataset.as_dict(),
            "database": db, "machine": machine.machine(), "git": machine.git_commit(), "params": asdict(params),
            "root": {"code": root.code, "name": root.name, "bodies": data.subtree(root).count()},
            "user": user.username, "report_year": ctx.year}
    outcome = Outcome(meta=meta)
    log(f"Gongkai 基准测试：规模 {dataset.scale}，数据库 {db['label']}，根机关 {root.code}（{meta['root']['bodies']} 个机构），"
        f"年度 {ctx.year}")
    for number in WORKLOADS:
        if number not in only:
            continue
        module = _workload_module(number)
        title = (module.__doc__ or "").split(":")[0].strip()
        log(f"[{number}] {title} ……")
        if number == "3" and server is gunicorn and not gunicorn_available():
            outcome.skipped[number] = "gunicorn 未安装：pip install -e '.[bench]'（make bench 会安装）"
            log(f"  跳过：{outcome.skipped[number]}")
            continue
        step = time.perf_counter()
        try:
            figures = module.run(ctx)
        except Skipped as e:
            outcome.skipped[number] = str(e)
            log(f"  跳过：{e}")
            continue
        except Exception as e:  # one broken workload must not hide the others' figures
            outcome.errors[number] = "".join(traceback.format_exception(e))[-4000:]
            log(f"  出错：{type(e).__name__}: {e}")
            continue
        for figure in figures:
            figure.extra.setdefault("workload_seconds", round(time.perf_counter() - step, 2))
        outcome.figures.extend(figures)
    meta["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    meta["duration_seconds"] = round(time.perf_counter() - clock, 1)
    if out_dir is not None:
        outcome.path = write_results(outcome, out_dir, started_at)
    return outcome


def write_results(outcome: Outcome, out_dir: Path, started_at: dt.datetime) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = started_at.strftime("%Y%m%dT%H%M%SZ")
    path = out_dir / f"{stem}.json"
    n = 2
    while path.exists():
        path = out_dir / f"{stem}-{n}.json"
        n += 1
    path.write_text(json.dumps(outcome.as_dict(), ensure_ascii=False, indent=2, default=_json_default) + "\n",
                    encoding="utf-8")
    return path


def _json_default(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------------------------
# the table


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def format_value(value, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "s":
        return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"
    if unit.startswith("ms"):
        return f"{value:,.1f} {unit}"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.2f} {unit}"


def _short_db(label: str | None) -> str:
    if not label:
        return "—"
    return label.replace("PostgreSQL", "PG")


def table(outcome: Outcome) -> str:
    header = ["#", "workload", "db", "figure", "baseline", "ratio", "goal", "met?", "notes"]
    rows = [header]
    for f in outcome.figures:
        ratio = f.ratio
        met = {True: "yes", False: "NO", None: "—"}[f.met]
        rows.append([f.key, f.label, _short_db(f.database), format_value(f.figure, f.unit),
                     format_value(f.baseline, f.unit), "—" if ratio is None else f"{ratio:.2f}×", f.goal or "—",
                     met, f.notes])
    for number, reason in outcome.skipped.items():
        rows.append([number, f"跳过：{reason}", "", "", "", "", "", "", ""])
    for number, error in outcome.errors.items():
        rows.append([number, "出错：" + error.strip().splitlines()[-1][:100], "", "", "", "", "", "", ""])
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header))]
    numeric = {3, 4, 5}
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, widths[i], right=i in numeric) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    m = outcome.meta
    machine = m["machine"]
    head = (f"Gongkai benchmark · scale {m['scale']}{' (smoke)' if m['smoke'] else ''} · {m['database']['label']} · "
            f"{machine['cores']} cores, {machine['memory_gib']} GiB, {machine['cpu_model']} · "
            f"commit {(m['git'].get('commit') or '?')[:10]}{' (modified)' if m['git'].get('dirty') else ''}")
    foot = "ratio = figure ÷ baseline (same run, same database); every figure is a median of repeated runs."
    return "\n".join([head, *lines, foot])


# ---------------------------------------------------------------------------------------------------------
# the command line


def configure_environment(database_url: str | None = None) -> None:
    """Settings for the harness process (and, inherited, for the gunicorn it starts): DEBUG off, the bench
    settings module, SQLite in ``var/bench.sqlite3`` unless ``DATABASE_URL`` says otherwise."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif not os.environ.get("DATABASE_URL"):
        DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_SQLITE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("LOG_LEVEL", "ERROR")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description="Gongkai 基准测试（issue 7）")
    parser.add_argument("--scale", choices=("small", "medium", "province"), default="small")
    parser.add_argument("--root", default="SCALE", help="根机关代码：SCALE（gen_scale_data）或 SLS（load_demo，开发用）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fraction", type=float, default=1.0, help="传给 gen_scale_data 的 --fraction")
    parser.add_argument("--only", default=",".join(WORKLOADS), help="只运行这些工作负载，如 1,3")
    parser.add_argument("--smoke", action="store_true",
                        help="冒烟运行：数据 --fraction 0.01，极少行数，1 秒负载（只检查脚本能跑通）")
    parser.add_argument("--regenerate", action="store_true", help="即使已有同规模数据也重新生成")
    parser.add_argument("--database-url", help="默认读取 DATABASE_URL；都没有时为 var/bench.sqlite3")
    parser.add_argument("--csv-rows", type=int, help="决定导入的 CSV 行数")
    parser.add_argument("--load-seconds", type=float, help="每个页面每轮的负载时长（秒）")
    parser.add_argument("--connections", type=int, help="负载生成器的并发连接数")
    parser.add_argument("--no-results", action="store_true", help="不写 bench/results/*.json")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    configure_environment(args.database_url)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    params = PRESETS["smoke" if args.smoke else args.scale]
    overrides = {k: v for k, v in (("csv_rows", args.csv_rows), ("load_seconds", args.load_seconds),
                                   ("connections", args.connections)) if v is not None}
    params = replace(params, **overrides)
    fraction = 0.01 if args.smoke and args.fraction == 1.0 else args.fraction
    only = tuple(x.strip() for x in args.only.split(",") if x.strip())
    unknown = set(only) - set(WORKLOADS)
    if unknown:
        raise SystemExit(f"未知的工作负载：{', '.join(sorted(unknown))}（可选 1–6）")
    outcome = run_suite(args.scale, root_code=args.root, seed=args.seed, fraction=fraction, smoke=args.smoke,
                        only=only, params=params, regenerate=args.regenerate,
                        out_dir=None if args.no_results else RESULTS_DIR)
    print()
    print(table(outcome))
    if outcome.path:
        print(f"结果已写入 {outcome.path.relative_to(REPO)}")
    for number, error in outcome.errors.items():
        print(f"\n工作负载 {number} 出错：\n{error}", file=sys.stderr)
    return 1 if outcome.errors else 0
