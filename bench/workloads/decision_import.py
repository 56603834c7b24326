"""Workload 2, the decision import: a CSV of valid decisions for the bodies of the tree (1,000,000 rows;
100,000 at ``small``) through the real path, ``registers.services.import_decisions(..., mode=
"all_or_nothing")``, which validates every row, into a year no other decision uses and with numbers
(``BENCH-…``) no other decision has, so every row is new. The rows are deleted again after each run.

Baseline: on PostgreSQL ``COPY … FROM STDIN (FORMAT csv)`` of the same file into an unindexed scratch table
(psycopg's copy); on SQLite ``executemany`` INSERT of the same file's rows, parsed by the ``csv`` module, into
an unindexed scratch table, 5,000 rows per call as the importer does.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import tempfile
import time

from django.db import connection, transaction

from bench.data import first_data_year
from bench.stats import summary

from . import Figure, Skipped, rate

PREFIX = "BENCH-"
GOAL_RATIO = 1 / 3
GOAL_ROWS_PER_SECOND = 50_000
SUBJECTS = 20_000
SCRATCH = "bench_decision_scratch"
HEADER = ["机构代码", "类别", "决定文书号", "决定日期", "相对人名称", "相对人类别", "相对人证件号码", "事由", "依据", "结果"]

_KINDS = (("行政许可", 60), ("行政处罚", 35), ("行政强制", 5))
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海燕红梅文博宇轩浩然子涵欣怡"
_PLACES = ("城关", "新城", "东河", "昆都仑", "青山", "九原", "石拐", "白云", "土右", "固阳", "达茂", "滨河")
_TRADES = ("建筑工程", "商贸", "餐饮管理", "物流", "医药连锁", "环保科技", "食品", "汽车服务", "农业开发", "房地产开发",
           "机械制造", "文化传媒", "电子科技", "物业服务", "燃气", "水务")
_SUMMARY = {
    "行政许可": ("食品经营许可", "建筑工程施工许可", "排污许可", "药品零售许可", "道路运输经营许可", "取水许可",
                 "公共场所卫生许可", "城市建筑垃圾处置核准"),
    "行政处罚": ("未按规定公示信息", "超标排放大气污染物", "销售不符合食品安全标准的食品", "未取得许可擅自经营",
                 "违反安全生产管理规定", "占道经营", "未按规定办理变更登记"),
    "行政强制": ("查封违法生产场所", "扣押不合格产品", "冻结存款", "强制拆除违法建筑"),
}
_BASIS = {"行政许可": "《中华人民共和国行政许可法》第三十八条", "行政处罚": "《中华人民共和国行政处罚法》第二十八条",
          "行政强制": "《中华人民共和国行政强制法》第二十二条"}
_RESULT = {"行政许可": ("准予许可", "准予变更", "准予延续"),
           "行政处罚": ("警告", "罚款人民币五千元", "罚款人民币二万元，没收违法所得", "责令改正并罚款人民币一万元"),
           "行政强制": ("查封", "扣押", "冻结")}


def _uscc(rng: random.Random) -> str:
    from gongkai.core.validators import USCC_ALPHABET, uscc_check_char

    body = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    first17 = f"91{150200 + rng.randrange(20):06d}{body}"
    return first17 + uscc_check_char(first17)


def _resident_id(rng: random.Random) -> str:
    from gongkai.core.validators import resident_id_check_char

    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
    first17 = f"{150202 + rng.randrange(8):06d}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + resident_id_check_char(first17)


def subjects(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """(名称, 类别, 证件号码): seven in ten legal persons with a 统一社会信用代码, the rest natural persons with
    a 居民身份证号码, all with valid check characters."""
    out = []
    for i in range(n):
        if i % 10 < 7:
            name = f"包头市{rng.choice(_PLACES)}{rng.choice(_TRADES)}有限公司{i}"
            out.append((name, "法人", _uscc(rng)))
        else:
            name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(("", *_GIVEN))
            out.append((name, "自然人", _resident_id(rng)))
    return out


def write_csv(path: str, rows: int, org_codes: list[str], year: int, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = subjects(rng, min(SUBJECTS, max(rows // 5, 10)))
    kinds = [k for k, weight in _KINDS for _ in range(weight)]
    days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    first = dt.date(year, 1, 1)
    dates = [(first + dt.timedelta(days=d)).isoformat() for d in range(days)]
    n_orgs = len(org_codes)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            kind = kinds[i % len(kinds)]
            name, subject_kind, subject_id = pool[rng.randrange(len(pool))]
            writer.writerow((org_codes[i % n_orgs], kind, f"{PREFIX}{year}-{i:07d}", dates[rng.randrange(days)],
                             name, subject_kind, subject_id, rng.choice(_SUMMARY[kind]), _BASIS[kind],
                             rng.choice(_RESULT[kind])))


def bench_year(root) -> int:
    """A year before all the data: the import adds rows to no body's existing year (and no yearly total)."""
    return max(1991, first_data_year(root) - 1)


def target_bodies(root, year: int, actor) -> list:
    """The active bodies of the tree the actor may import for, less any keeping a yearly total in ``year``."""
    from bench.data import subtree
    from gongkai.registers.models import DecisionTotal
    from gongkai.registers.permissions import editable_org_ids

    editable = editable_org_ids(actor)
    with_totals = set(DecisionTotal.objects.filter(year=year).values_list("org_id", flat=True))
    return [org for org in subtree(root).filter(is_active=True).order_by("path")
            if org.pk in editable and org.pk not in with_totals]


def cleanup(org_ids: list[int], year: int) -> int:
    """Delete the rows this workload imported (by year, body and number prefix): returns how many."""
    from gongkai.registers.models import Decision

    table = connection.ops.quote_name(Decision._meta.db_table)
    placeholders = ", ".join(["%s"] * len(org_ids))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE org_id IN ({placeholders}) AND decided_on >= %s "
                       f"AND decided_on <= %s AND decision_no LIKE %s",
                       [*org_ids, connection.ops.adapt_datefield_value(dt.date(year, 1, 1)),
                        connection.ops.adapt_datefield_value(dt.date(year, 12, 31)), PREFIX + "%"])
        deleted = cursor.rowcount
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return deleted


def _import_once(actor, path: str, rows: int) -> float:
    from gongkai.registers.services import import_decisions

    start = time.perf_counter()
    with open(path, "rb") as f:
        result = import_decisions(actor, f, filename=os.path.basename(path), mode="all_or_nothing")
    seconds = time.perf_counter() - start
    if result.status != "completed" or result.imported != rows:
        first = "; ".join(f"{e.line} {e.column} {e.message}" for e in result.errors[:5])
        raise AssertionError(f"import did not take every row: status {result.status}, imported {result.imported} "
                             f"of {rows}, rejected {result.rejected}, duplicates {result.duplicates}: {first}")
    return seconds


def _baseline_once(path: str) -> float:
    q = connection.ops.quote_name(SCRATCH)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {q}")
        date_type = "date" if connection.vendor == "postgresql" else "text"
        cursor.execute(f"CREATE TABLE {q} (org_code text, kind text, decision_no text, decided_on {date_type}, "
                       "subject_name text, subject_kind text, subject_id text, summary text, basis text, "
                       "result text)")
    try:
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            with transaction.atomic(), connection.cursor() as cursor, open(path, "rb") as f, \
                    cursor.copy(f"COPY {q} FROM STDIN (FORMAT csv, HEADER true)") as copy:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
        else:
            sql = f"INSERT INTO {q} VALUES ({', '.join(['%s'] * len(HEADER))})"
            with transaction.atomic(), connection.cursor() as cursor, open(path, encoding="utf-8", newline="") as f:
                reader = csv.reader(f)
                next(reader)
                batch = []
                for row in reader:
                    batch.append(row)
                    if len(batch) >= 5_000:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
        return time.perf_counter() - start
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {q}")


def run(ctx) -> list[Figure]:
    rows = ctx.params.csv_rows
    year = bench_year(ctx.root)
    bodies = target_bodies(ctx.root, year, ctx.user)
    if not bodies:
        raise Skipped("no active body without a yearly total to import decisions for")
    org_ids = [o.pk for o in bodies]
    stale = cleanup(org_ids, year)
    if stale:
        ctx.log(f"  删除上次中断留下的 {stale} 条基准决定")
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        path = os.path.join(tmp, f"bench-decisions-{rows}.csv")
        started = time.perf_counter()
        write_csv(path, rows, [o.code for o in bodies], year)
        ctx.log(f"  CSV：{rows:,} 行，{os.path.getsize(path) / 1e6:.1f} MB，{len(bodies)} 个机构，{year} 年，"
                f"生成用时 {time.perf_counter() - started:.1f} 秒")
        samples, base_samples, cleanup_seconds = [], [], []
        for i in range(ctx.params.import_repeats):
            # Interleaved, so that drift on a shared machine touches both alike.
            base_samples.append(_baseline_once(path))
            samples.append(_import_once(ctx.user, path, rows))
            started = time.perf_counter()
            deleted = cleanup(org_ids, year)
            cleanup_seconds.append(time.perf_counter() - started)
            if deleted != rows:
                raise AssertionError(f"cleanup deleted {deleted} rows, expected {rows}")
            ctx.log(f"  第 {i + 1} 次：导入 {rows / samples[-1]:,.0f} 行/s，基线 {rows / base_samples[-1]:,.0f} 行/s")
        size = os.path.getsize(path)
    s, b = summary(rate(rows, samples)), summary(rate(rows, base_samples))
    baseline_label = "COPY 到无索引临时表" if connection.vendor == "postgresql" else "executemany 到无索引临时表"
    fig = Figure(key="2", label=f"决定导入 {rows:,} 行 CSV（全部正确才导入）", figure=s["median"], unit="rows/s",
                 baseline=b["median"], baseline_label=baseline_label, database=ctx.db["label"], samples=s,
                 baseline_samples=b,
                 goal=f"≥{GOAL_RATIO:.2f}× 基线（3 倍以内）且 ≥{GOAL_ROWS_PER_SECOND:,} 行/s",
                 extra={"rows": rows, "bytes": size, "bodies": len(bodies), "year": year,
                        "import_seconds": summary(samples), "baseline_seconds": summary(base_samples),
                        "cleanup_seconds": summary(cleanup_seconds)})
    fig.met = fig.ratio is not None and fig.ratio >= GOAL_RATIO and fig.figure >= GOAL_ROWS_PER_SECOND
    if connection.vendor != "postgresql":
        fig.notes = "目标按 PostgreSQL COPY 定义；SQLite 上基线为 executemany"
    return [fig]
