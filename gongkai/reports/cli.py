"""``gongkai-report``: read and check published annual reports from the command line, without a database.

    gongkai-report check PATH… [--json] [--csv OUT]

Each PATH is a report file (text, HTML, DOCX, PDF) or a folder of them. Prints a summary per report in Chinese,
or with ``--json`` a JSON list of the canonical reports, each with its ``"source"``; ``--csv OUT`` writes one row
per report with its key figures and finding counts. Several reports of the same body for consecutive years are
also checked across years (二、上年结转 against the previous year's 四、结转下年度).

Exit status: 0 when no report has an error finding, 1 when any has, 2 when an input could not be read (the
others are still read and reported).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

from . import checks
from .formats import FORMATS, get_cell
from .reader import SUPPORTED_EXTENSIONS, ReadError, read

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

# The figures of the CSV and of the summary: the same in both formats.
KEY_FIGURES = (
    ("applications.1.total", "本年新收"),
    ("applications.2.total", "上年结转"),
    ("applications.3.7.total", "办理结果总计"),
    ("applications.4.total", "结转下年度"),
    ("appeals.review.total", "行政复议"),
    ("appeals.litigation_direct.total", "未经复议直接起诉"),
    ("appeals.litigation_after_review.total", "复议后起诉"),
    ("active.licensing.decisions", "行政许可处理决定"),
    ("active.penalty.decisions", "行政处罚处理决定"),
    ("active.coercion.decisions", "行政强制处理决定"),
)
CSV_FIELDS = ("source", "issuer", "year", "format", "complete", *(p for p, _ in KEY_FIGURES),
              "errors", "warnings", "infos")


def collect(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The report files named or found (recursively, by extension) in folders, and the paths that do not exist."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
                           and not p.name.startswith("."))
            if not found:
                problems.append((name, "文件夹中没有可读取的年度报告文件（.txt、.html、.docx、.pdf）"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append((name, "文件或文件夹不存在"))
    return files, problems


def add_series_findings(reports: list[dict]) -> None:
    """Carry-over findings between reports of the same issuer and consecutive years."""
    by_issuer: dict[str, list[dict]] = defaultdict(list)
    for report in reports:
        if report.get("issuer") and isinstance(report.get("year"), int):
            by_issuer[report["issuer"]].append(report)
    for group in by_issuer.values():
        if len(group) < 2:
            continue
        for report, extra in zip(group, checks.check_series(group), strict=True):
            report["findings"].extend(extra)


def _show(value) -> str:
    return "—" if value is None else str(value)


def summary(report: dict) -> str:
    fmt = FORMATS[report["format"]]
    counts = checks.counts(report["findings"])
    lines = [
        f"== {report['source']}",
        f"  报告：{report.get('issuer') or '（未能识别发布机关）'}"
        f" {str(report['year']) + '年度' if report.get('year') else '（未能识别年度）'}",
        f"  格式：{fmt.name}（{fmt.document}）",
        f"  完整：{'是' if report['complete'] else '否（部分表格或行缺失，见下）'}",
        "  主要数据：" + "；".join(f"{label} {_show(get_cell(report, path))}" for path, label in KEY_FIGURES[:7]),
        f"  发现：错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项",
    ]
    order = {checks.ERROR: 0, checks.WARNING: 1, checks.INFO: 2}
    for item in sorted(report["findings"], key=lambda f: order[f["severity"]]):
        label = checks.SEVERITY_LABELS[item["severity"]]
        lines.append(f"  [{label}] {item['message']}")
    return "\n".join(lines)


def csv_row(report: dict) -> dict:
    counts = checks.counts(report["findings"])
    row = {"source": report["source"], "issuer": report.get("issuer") or "", "year": report.get("year") or "",
           "format": report["format"], "complete": "true" if report["complete"] else "false",
           "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"]}
    for path, _ in KEY_FIGURES:
        value = get_cell(report, path)
        row[path] = "" if value is None else value
    return row


def write_csv(reports: list[dict], out: str) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for report in reports:
        writer.writerow(csv_row(report))
    if out == "-":
        sys.stdout.write(buffer.getvalue())
    else:
        # UTF-8 with a byte-order mark, so that spreadsheet programs open the Chinese text correctly.
        Path(out).write_text(buffer.getvalue(), encoding="utf-8-sig")


def check_command(args) -> int:
    files, problems = collect(args.paths)
    reports: list[dict] = []
    for path in files:
        try:
            report = read(path)
        except ReadError as exc:
            problems.append((str(path), str(exc)))
            continue
        reports.append({"source": str(path), **report})
    add_series_findings(reports)

    for name, message in problems:
        print(f"无法读取 {name}：{message}", file=sys.stderr)
    if args.json:
        json.dump(reports, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n\n".join(summary(r) for r in reports))
        if reports:
            with_errors = sum(1 for r in reports if checks.has_errors(r["findings"]))
            print(f"\n共读取 {len(reports)} 份报告，其中 {with_errors} 份有错误"
                  + (f"；{len(problems)} 个输入无法读取" if problems else ""))
    if args.csv:
        try:
            write_csv(reports, args.csv)
        except OSError as exc:
            print(f"无法写入 CSV 文件 {args.csv}：{exc.strerror or exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    if problems:
        return EXIT_UNREADABLE
    if any(checks.has_errors(r["findings"]) for r in reports):
        return EXIT_ERRORS
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai-report", description="读取并检查政府信息公开工作年度报告（文本、HTML、DOCX、PDF）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = commands.add_parser("check", help="读取报告，按年度报告格式的勾稽关系检查",
                                description="读取报告，按年度报告格式的勾稽关系检查")
    check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或包含报告的文件夹")
    check.add_argument("--json", action="store_true", help="输出规范的 JSON（每份报告带 source 字段）")
    check.add_argument("--csv", metavar="OUT", help="把每份报告的主要数据和发现数量写入 CSV 文件（- 为标准输出）")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return check_command(args)
    parser.error("未知命令")  # pragma: no cover - argparse refuses unknown commands first
    return EXIT_UNREADABLE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
