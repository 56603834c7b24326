"""Workload 6, the report reader: ``gongkai.reports.reader.read`` on the seed text report (包头市 2020,
``reports/tests/fixtures/baotou-2020-annual-report.txt``) and on a PDF rendered once by
``reports.rendering.render_pdf`` from the sample report of ``reports/tests/fixtures/builders.py``; reports
per second. No database is involved.

Baselines: for the PDF, extracting the text of every page with pdfplumber (what any reader built on it must
do at least); for the text, decoding it and one regular-expression pass that finds every number in it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from bench.stats import repeat, summary

from . import Figure

SEED = Path(__file__).resolve().parents[2] / "gongkai/reports/tests/fixtures/baotou-2020-annual-report.txt"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def sample_pdf() -> bytes:
    from gongkai.reports.rendering import ReportDocument, render_pdf
    from gongkai.reports.tests.fixtures import builders

    report = builders.sample_report("2021")
    doc = ReportDocument(title=f"{builders.ISSUER}{report['year']}年政府信息公开工作年度报告", issuer=builders.ISSUER,
                         year=report["year"], report=report, chapters={1: builders.chapter_text(report, 1)},
                         published_on=dt.date(report["year"] + 1, 1, 20))
    return render_pdf(doc)


def _extract_pdf_text(content: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def _scan_text(content: bytes) -> int:
    return len(_NUMBER.findall(content.decode("utf-8-sig")))


def run(ctx) -> list[Figure]:
    from gongkai.reports.reader import read

    text = SEED.read_bytes()
    pdf = sample_pdf()
    checks = {"text": read(text, SEED.name), "pdf": read(pdf, "sample.pdf")}
    for kind, report in checks.items():
        if report["year"] is None or report["tables"]["applications"]["1"]["total"] in (None, 0):
            raise AssertionError(f"the reader did not read the {kind} report's figures")
    n = ctx.params.reader_repeats
    figures = []
    for key, kind, content, name, base_func, base_label in (
            ("6a", "text", text, SEED.name, _scan_text, "解码并用正则找出全部数字"),
            ("6b", "pdf", pdf, "sample.pdf", _extract_pdf_text, "pdfplumber 提取全部页面文字")):
        samples, _ = repeat(lambda c=content, f=name: read(c, f), n)
        base_samples, _ = repeat(lambda c=content, f=base_func: f(c), n)
        s = summary(1 / x for x in samples)
        b = summary(1 / x for x in base_samples)
        figures.append(Figure(key=key, label=f"年报读取 {kind.upper()}（{name}，{len(content) / 1024:.0f} KiB）",
                              figure=s["median"], unit="reports/s", baseline=b["median"], baseline_label=base_label,
                              database=None, samples=s, baseline_samples=b, goal="—",
                              extra={"bytes": len(content), "format": checks[kind]["format"],
                                     "findings": len(checks[kind]["findings"])}))
    return figures
