"""Workload 5, deadline recomputation: a 系统管理员 marks a weekday as a 法定节假日
(``workdays.services.add_override``), whose ``calendar_changed`` signal makes
``applications.receivers`` recompute the due date of every open application received since the year before
the change; the override is then deleted (``delete_override``), which recomputes them again and restores the
calendar. Both calls are timed, whole (service, audit, signal, recomputation); the figure is open
applications recomputed per second.

Baseline: one ``UPDATE … SET due_on = due_on`` over the same rows — what rewriting them costs the database
with no deadline arithmetic at all.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction

from bench.data import bench_sysadmin
from bench.stats import summary

from . import Figure, Skipped, rate

CLOSED = ("concluded", "archived", "discarded")


def change_day(today: dt.date) -> dt.date | None:
    """The first weekday after ``today`` (within the loaded calendar years) that has no override."""
    from gongkai.workdays.models import CalendarOverride, CalendarYear

    years = set(CalendarYear.objects.values_list("year", flat=True))
    taken = set(CalendarOverride.objects.filter(date__gt=today).values_list("date", flat=True))
    day = today
    for _ in range(400):
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day.year in years and day not in taken:
            return day
    for year in sorted(years, reverse=True):
        taken = set(CalendarOverride.objects.filter(date__year=year).values_list("date", flat=True))
        for offset in range(365):
            day = dt.date(year, 1, 1) + dt.timedelta(days=offset)
            if day.year == year and day.weekday() < 5 and day not in taken:
                return day
    return None


def open_rows(since: dt.date):
    from gongkai.applications.models import Application

    return Application.objects.exclude(status__in=CLOSED).filter(received_on__gte=since)


def deadlines_of(qs) -> dict[int, tuple]:
    return {pk: (due_on, paused, explanation) for pk, due_on, paused, explanation in
            qs.values_list("id", "due_on", "clock_paused", "due_explanation").iterator(2000)}


def _baseline_once(since: dt.date) -> float:
    from gongkai.applications.models import Application

    table = connection.ops.quote_name(Application._meta.db_table)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET due_on = due_on WHERE status NOT IN (%s, %s, %s) AND received_on >= %s",
                       [*CLOSED, connection.ops.adapt_datefield_value(since)])
    return time.perf_counter() - start


def run(ctx) -> list[Figure]:
    from gongkai.applications import services as application_services
    from gongkai.workdays.services import add_override, delete_override

    actor = bench_sysadmin()
    day = change_day(application_services.today())
    if day is None:
        raise Skipped("no loaded calendar year has a free weekday")
    since = dt.date(day.year - 1, 1, 1)
    qs = open_rows(since)
    rows = qs.count()
    if rows == 0:
        raise Skipped("no open application to recompute")
    stored = deadlines_of(qs)
    samples, base_samples = [], []
    override = None

    def change_and_restore(timed: bool) -> None:
        nonlocal override
        start = time.perf_counter()
        override = add_override(actor, date=day, kind="holiday", name="基准测试", note="bench：临时调整，随即删除")
        added = time.perf_counter()
        delete_override(actor, override.pk)
        override = None
        if timed:
            samples.extend([added - start, time.perf_counter() - added])

    try:
        # An untimed first pair brings every stored due date to what the deadline rules give (data loaded
        # in bulk may differ); after that, restoring the calendar must restore exactly these dates.
        change_and_restore(timed=False)
        recomputed = deadlines_of(qs)
        for _ in range(ctx.params.deadline_pairs):
            base_samples.append(_baseline_once(since))
            change_and_restore(timed=True)
            base_samples.append(_baseline_once(since))
    finally:
        if override is not None:
            delete_override(actor, override.pk)
    if deadlines_of(qs) != recomputed:
        raise AssertionError("the due dates differ after the calendar was restored")
    corrected = sum(1 for pk, value in recomputed.items() if stored.get(pk, (None,) * 3)[:2] != value[:2])
    reworded = sum(1 for pk, value in recomputed.items() if stored.get(pk, (None,) * 3)[2] != value[2])
    if corrected or reworded:
        ctx.log(f"  注意：首次重算改变了 {corrected} 件申请存储的答复期限、{reworded} 件的期限说明"
                "（存储的值与期限规则推算的不一致）")
    s, b = summary(rate(rows, samples)), summary(rate(rows, base_samples))
    return [Figure(key="5", label=f"日历变更后重算答复期限（{rows:,} 件未办结，{day.isoformat()}）", figure=s["median"],
                   unit="rows/s", baseline=b["median"], baseline_label="单条 UPDATE 改写同样的行",
                   database=ctx.db["label"], samples=s, baseline_samples=b, goal="—",
                   notes="添加与删除各计一次", extra={"rows": rows, "day": day.isoformat(), "since": since.isoformat(),
                                              "seconds": summary(samples), "first_recompute_changed": {"due_on": corrected, "explanation": reworded}})]
