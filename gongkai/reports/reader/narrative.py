"""What the text says besides the tables: the issuing body and the year (from the title), and the figures the
narrative states that the tables also hold.
"""

from __future__ import annotations

import re

from .. import checks
from ..formats import get_cell
from .normalize import clean

_TITLE_WORDS = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
_TITLE_WITH_ISSUER = re.compile(rf"^(?P<issuer>.+?)(?:关于)?(?P<year>(?:19|20)\d{{2}})年(?:度)?{_TITLE_WORDS}$")
_TITLE_ALONE = re.compile(rf"^(?:关于)?(?P<year>(?:19|20)\d{{2}})年(?:度)?{_TITLE_WORDS}$")
_PERIOD = re.compile(r"((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|-|—|~)((?:19|20)\d{2})年12月31日")
_ISSUER_ENDS = ("政府", "办公室", "办公厅", "委员会", "局", "厅", "委", "院", "部", "署", "中心", "管委会", "办事处",
                "镇", "乡", "街道", "公司", "会", "所", "馆", "站", "队", "处", "室", "区", "县", "市", "省", "办")


def _looks_like_issuer(text: str) -> bool:
    return (2 <= len(text) <= 40 and not re.search(r"[,。:;!?、()\d]", text)
            and text.endswith(_ISSUER_ENDS))


def issuer_and_year(lines: list[str], title: str = "") -> tuple[str | None, int | None]:
    """The body and year of a report from its title (one line, or the body's name on the line above the
    ``2020年政府信息公开工作年度报告`` line), else the year from the statistics period."""
    candidates = [clean(title)] if title else []
    candidates += [clean(line) for line in lines[:40]]
    issuer = year = None
    previous = ""
    for text in candidates:
        if not text:
            continue
        text = text.strip("《》()")
        match = _TITLE_WITH_ISSUER.match(text)
        if match and _looks_like_issuer(match.group("issuer").rstrip("的")):
            return match.group("issuer").rstrip("的"), int(match.group("year"))
        match = _TITLE_ALONE.match(text)
        if match:
            year = year or int(match.group("year"))
            if issuer is None and _looks_like_issuer(previous):
                issuer = previous
            if issuer:
                return issuer, year
        previous = text
    if year is None:
        for line in lines:
            match = _PERIOD.search(clean(line))
            if match and match.group(1) == match.group(2):
                year = int(match.group(1))
                break
    return issuer, year


# ---------------------------------------------------------------------------------------------------------
# narrative figures

_GAP = r"[^\d,。;]{0,16}?"
# (what, patterns, cell paths whose values the figure may equal (any one of the alternatives))
_APPLICATION_FIGURES = (
    ("新收政府信息公开申请", (re.compile(rf"新收{_GAP}(\d+)件"),), (("applications.1.total",),)),
    ("收到政府信息公开申请", (re.compile(rf"(?:收到|受理|接收){_GAP}(\d+)件"),),
     (("applications.1.total",), ("applications.1.total", "applications.2.total"))),
    ("办结", (re.compile(rf"(?:办结|已办结|答复办结)(?:数|量|数量)?{_GAP}(\d+)件"),),
     (("applications.3.7.total",),)),
    ("结转下年度继续办理", (re.compile(rf"结转(?:至|到)?下(?:一)?年(?:度)?(?:继续办理)?{_GAP}(\d+)件"),),
     (("applications.4.total",),)),
    ("上年结转", (re.compile(rf"上(?:一)?年(?:度)?结转{_GAP}(\d+)件"),), (("applications.2.total",),)),
)
_IN_FORCE_FIGURES = (
    ("现行有效的行政规范性文件", (re.compile(r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件"),),
     (("active.normative_documents.in_force",),)),
    ("现行有效的规章", (re.compile(r"现行有效(?:的)?规章(?:共)?(\d+)件"),), (("active.regulations.in_force",),)),
)


def _sentences(lines: list[str]) -> list[str]:
    text = clean("".join(lines))
    return [s for s in re.split(r"[。;!?]", text) if s]


def narrative_findings(report: dict, lines: list[str]) -> list[dict]:
    """A warning for each figure the narrative states that disagrees with the table cell(s) holding it."""
    findings: list[dict] = []
    done: set[str] = set()
    for sentence in _sentences(lines):
        groups = []
        if "申请" in sentence:
            groups.append(_APPLICATION_FIGURES)
        if "现行有效" in sentence:
            groups.append(_IN_FORCE_FIGURES)
        for group in groups:
            for what, patterns, alternatives in group:
                if what in done:
                    continue
                match = next((m for p in patterns if (m := p.search(sentence))), None)
                if match is None:
                    continue
                done.add(what)
                stated = int(match.group(1))
                sums = []
                for paths in alternatives:
                    values = [get_cell(report, p) for p in paths]
                    if all(isinstance(v, int) for v in values):
                        sums.append((paths, sum(values)))
                # Compared only when every reading of the figure can be computed from the tables.
                if len(sums) < len(alternatives) or any(total == stated for _, total in sums):
                    continue
                shown = "或".join(f"{'＋'.join(_cell_name(p) for p in paths)}（{total}）" for paths, total in sums)
                paths, total = sums[0]
                findings.append(checks.finding(
                    "narrative", checks.WARNING, list(paths),
                    f"正文称{what} {stated} 件，与表格中的{shown}不一致", expected=total, actual=stated))
    return findings


def _cell_name(path: str) -> str:
    return {
        "applications.1.total": "表三“一、本年新收”总计",
        "applications.2.total": "表三“二、上年结转”总计",
        "applications.3.7.total": "表三“三（七）总计”",
        "applications.4.total": "表三“四、结转下年度”总计",
        "active.normative_documents.in_force": "表二“行政规范性文件”现行有效件数",
        "active.regulations.in_force": "表二“规章”现行有效件数",
    }[path]
