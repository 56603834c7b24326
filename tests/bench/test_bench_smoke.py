"""Keep the benchmark harness working: a smoke run of the whole suite at ``small`` scale with a tiny row count
(``bench.run.PRESETS["smoke"]``), in-process, on the test database. It checks that every workload runs, that
its figure sits beside a baseline, that the report baseline agrees with ``compute()`` and that the result file
has what issue 7 asks for; it does not judge the figures.

The page workload needs a server that sees the test database, so here the load generator (still a separate
process) hits pytest-django's ``live_server`` instead of a gunicorn started by the harness.
"""

import contextlib
import json
from urllib.parse import urlsplit

import pytest
from django.db import connection

from bench.run import PRESETS, run_suite, table

pytestmark = pytest.mark.django_db(transaction=True)

EXPECTED = {"1a", "1b", "2", "3a", "3b", "3c", "3d", "4a", "4b", "5", "6a", "6b"}


@pytest.fixture
def bench_server(live_server, settings):
    settings.ROOT_URLCONF = "bench.urls"
    url = urlsplit(live_server.url)

    @contextlib.contextmanager
    def server():
        yield url.hostname, url.port
    return server


def test_smoke_run_measures_every_workload_against_its_baseline(bench_server, tmp_path):
    lines = []
    outcome = run_suite("small", fraction=0.01, smoke=True, server=bench_server, server_label="live_server",
                        generate_in_process=True, out_dir=tmp_path, log=lines.append)

    assert outcome.errors == {}, outcome.errors
    assert outcome.skipped == {}
    figures = {f.key: f for f in outcome.figures}
    assert set(figures) == EXPECTED
    for key, figure in figures.items():
        assert figure.figure > 0 and figure.baseline > 0, key
        assert figure.ratio == pytest.approx(figure.figure / figure.baseline)
        assert figure.samples["n"] >= 1
    # The import took exactly the rows of the CSV and left none behind (W2 deletes them again).
    assert figures["2"].extra["rows"] == PRESETS["smoke"].csv_rows
    from gongkai.registers.models import Decision

    assert not Decision.objects.filter(decision_no__startswith="BENCH-").exists()
    # The page figures came from the load generator's requests, all answered 200.
    for key in ("3a", "3b", "3c", "3d"):
        run = figures[key].extra["runs"][0]
        assert run["ok"] > 0 and run["errors"] == 0
    assert figures["3d"].ratio == pytest.approx(1.0)

    data = json.loads(outcome.path.read_text(encoding="utf-8"))
    assert outcome.path.parent == tmp_path
    assert data["scale"] == "small" and data["smoke"] is True
    assert data["dataset"]["root"] == "SCALE" and data["dataset"]["generated_in_this_run"] is True
    assert data["database"]["vendor"] == connection.vendor and data["database"]["version"]
    assert data["machine"]["cores"] >= 1 and data["machine"]["memory_gib"]
    assert "commit" in data["git"]
    for row in data["workloads"]:
        assert {"figure", "unit", "baseline", "ratio", "goal", "samples", "database"} <= set(row)
        assert {"median", "p95", "n"} <= set(row["samples"])
        assert row["database"] == (None if row["key"].startswith("6") else data["database"]["label"])

    printed = table(outcome)
    for key in EXPECTED:
        assert f"\n{key} " in printed
    assert data["database"]["label"] in printed

    # The scale is marked on the root body, so the next run measures the same data instead of generating it.
    from gongkai.orgs.models import Organization

    root = Organization.objects.get(code="SCALE")
    assert "[bench:small f=0.01 s=1]" in root.short_name
    again = run_suite("small", fraction=0.01, smoke=True, only=(), server=bench_server,
                      generate_in_process=True, out_dir=None, log=lines.append)
    assert again.meta["dataset"]["generated_in_this_run"] is False
    assert Organization.objects.get(code="SCALE").pk == root.pk


# ---------------------------------------------------------------------------------------------------------
# the pieces that need no database


def test_scale_mark_round_trips_and_other_marks_do_not_match():
    from bench.data import mark_text, read_mark

    assert read_mark("某省政府 " + mark_text("province", 1.0, 1)) == ("province", 1.0, 1)
    assert read_mark(mark_text("small", 0.01, 7)) == ("small", 0.01, 7)
    assert read_mark("某省政府") is None
    assert read_mark(mark_text("small", 1.0, 1)) != ("medium", 1.0, 1)


def test_percentiles_interpolate_between_ranks():
    from bench.stats import percentile, summary

    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile(range(1, 101), 95) == pytest.approx(95.05)
    s = summary([5.0, 1.0, 3.0])
    assert (s["median"], s["min"], s["max"], s["n"]) == (3.0, 1.0, 5.0, 3)


def test_load_generator_refuses_addresses_off_loopback():
    from bench.loadgen import run

    with pytest.raises(SystemExit, match="not a loopback address"):
        run("192.168.1.10", 80, ["/"], duration=1, connections=1)


