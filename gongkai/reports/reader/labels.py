"""The labels the reader looks for, taken from the format definitions, plus what reports print instead.

Row labels are matched on their ``core`` (normalize.core): exactly, then as the end of a longer label (a row label
that carries a fragment of a merged or vertical group label before it: ``三、本年（一）予以公开``), then by a
distinctive keyword (the variants table below).
"""

from __future__ import annotations

import re
from functools import cache

from ..formats import (
    APPEAL_COLUMNS,
    APPEAL_GROUP_LABELS,
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    CHAPTERS,
    FORMATS,
    LITIGATION_HEADER,
    ORGANISATION_HEADER,
    Format,
)
from .normalize import clean, core

ACTIVE, APPLICATIONS, APPEALS = "active", "applications", "appeals"
TABLE_NUMERALS = {ACTIVE: "二", APPLICATIONS: "三", APPEALS: "四"}

# Keywords that identify a row when its printed label differs from the format's (abridged, reworded, typo'd).
# Each keyword belongs to one row of its table.
ROW_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    ACTIVE: {
        "normative_documents": ("规范性文件",),
        "other_services": ("其他对外管理服务",),
        "fees": ("事业性收费",),
        "procurement": ("集中采购",),
    },
    APPLICATIONS: {
        "1": ("本年新收",), "2": ("上年结转",), "4": ("结转下年",),
        "3.2": ("部分公开",),
        "3.3.1": ("国家秘密",), "3.3.2": ("禁止公开",), "3.3.3": ("三安全一稳定",), "3.3.4": ("第三方合法权益",),
        "3.3.5": ("内部事务",), "3.3.6": ("过程性信息",), "3.3.7": ("执法案卷",), "3.3.8": ("行政查询",),
        "3.4.1": ("不掌握",), "3.4.2": ("另行制作",), "3.4.3": ("仍不明确",),
        "3.5.1": ("信访举报",), "3.5.2": ("重复申请",), "3.5.3": ("公开出版物",), "3.5.4": ("大量反复",),
        "3.5.5": ("重新出具",),
        "3.6.1": ("逾期不补正",), "3.6.2": ("缴纳费用", "收费通知"),
    },
    APPEALS: {},
}


@cache
def row_candidates(table_key: str) -> tuple[tuple[str, str], ...]:
    """(core, row key) of every row of ``table_key`` in any format, longest core first."""
    seen: dict[tuple[str, str], None] = {}
    for fmt in FORMATS.values():
        for row in fmt.table(table_key).rows():
            label = APPEAL_GROUP_LABELS[row.key] if table_key == APPEALS else row.label
            seen[(core(label), row.key)] = None
    return tuple(sorted(seen, key=lambda item: -len(item[0])))


def match_row(table_key: str, label_core: str) -> str | None:
    """The row key a printed label (already reduced to its core) stands for, or None."""
    if not label_core:
        return None
    candidates = row_candidates(table_key)
    for def_core, key in candidates:
        if label_core == def_core:
            return key
    for def_core, key in candidates:  # longest first
        if label_core.endswith(def_core) and (len(def_core) >= 3 or len(label_core) - len(def_core) <= 2):
            return key
    best: tuple[int, str] | None = None
    for key, words in ROW_KEYWORDS.get(table_key, {}).items():
        for word in words:
            pos = label_core.rfind(word)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, key)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------------------
# headers

@cache
def header_words(table_key: str) -> frozenset[str]:
    if table_key == ACTIVE:
        words = {"信息内容", "第二十条"}
        for fmt in FORMATS.values():
            for block in fmt.table(ACTIVE).blocks:
                words.update(core(c.label) for c in block.columns if not c.hidden)
        return frozenset(words)
    if table_key == APPLICATIONS:
        return frozenset({core(APPLICANT_HEADER), core(ORGANISATION_HEADER), "勾稽关系", "本列数据",
                          *(core(c.label) for c in APPLICANT_COLUMNS if c.key not in ("other", "total"))})
    return frozenset({core(LITIGATION_HEADER), *(core(v) for v in APPEAL_GROUP_LABELS.values()),
                      *(core(c.label) for c in APPEAL_COLUMNS if c.key != "total")})


# Header words that belong to table 四 alone (行政复议 also opens chapter 四 and occurs in narrative).
APPEAL_ONLY_WORDS = frozenset(core(c.label) for c in APPEAL_COLUMNS if c.key != "total") | {
    core(APPEAL_GROUP_LABELS["litigation_direct"]), core(APPEAL_GROUP_LABELS["litigation_after_review"])}


def header_section(label_core: str) -> str | None:
    """The table a label-only line is a header of, when it is one."""
    if not label_core:
        return None
    if any(w in label_core for w in APPEAL_ONLY_WORDS) or (
            core(LITIGATION_HEADER) in label_core and core(APPEAL_GROUP_LABELS["review"]) in label_core):
        return APPEALS
    if any(w in label_core for w in header_words(APPLICATIONS)):
        return APPLICATIONS
    if any(w in label_core for w in header_words(ACTIVE)):
        return ACTIVE
    return None


_VERTICAL_CHARS = {
    APPEALS: set("".join(c.label for c in APPEAL_COLUMNS) + "".join(APPEAL_GROUP_LABELS.values())
                 + LITIGATION_HEADER),
    APPLICATIONS: set("".join(c.label for c in APPLICANT_COLUMNS) + APPLICANT_HEADER + ORGANISATION_HEADER),
}


def vertical_fragment_section(cells: list[str]) -> str | None:
    """A line of single characters is what is left of a header printed vertically (``持 正 果 结`` from
    结果维持 / 结果纠正 / 其他结果 / 尚未审结): the table whose header characters they are."""
    chars = [clean(c) for c in cells if clean(c)]
    if len(chars) < 3 or any(len(c) != 1 for c in chars):
        return None
    scores = {key: sum(c in pool for c in chars) / len(chars) for key, pool in _VERTICAL_CHARS.items()}
    best = max(scores, key=scores.get)
    others = [v for k, v in scores.items() if k != best]
    if scores[best] >= 0.8 and all(v < scores[best] for v in others):
        return best
    return None


# ---------------------------------------------------------------------------------------------------------
# chapters

_CHAPTER_KEYWORDS = {
    1: ("总体情况",),
    2: ("主动公开政府信息", "主动公开情况"),
    3: ("收到和处理", "公开申请情况", "依申请公开情况"),
    4: ("行政复议",),
    5: ("主要问题",),
    6: ("其他需要报告",),
}
_CHAPTER_SECTION = {1: None, 2: ACTIVE, 3: APPLICATIONS, 4: APPEALS, 5: None, 6: None}
_CHAPTER_NUMERAL = re.compile(r"^([一二三四五六])[、.]")
_CHAPTER_CORES = {core(title): n for n, title in enumerate(CHAPTERS, start=1)}


def chapter_of(line_text: str) -> int | None:
    """The chapter a heading line opens (1–6), or None when the line is not a chapter heading."""
    text = clean(line_text)
    label = core(text)
    if label in _CHAPTER_CORES:
        return _CHAPTER_CORES[label]
    match = _CHAPTER_NUMERAL.match(text)
    if not match or len(label) > 30:
        return None
    number = "一二三四五六".index(match.group(1)) + 1
    if any(word in label for word in _CHAPTER_KEYWORDS[number]):
        return number
    return None


def chapter_section(number: int) -> str | None:
    return _CHAPTER_SECTION[number]


# ---------------------------------------------------------------------------------------------------------
# format markers


@cache
def format_markers() -> dict[str, tuple[str, ...]]:
    """Header and row labels printed by one format only (table 二 columns and rows, table 三 （六） rows), as
    cleaned text, longest first so that a longer marker is taken before one it contains."""
    labels: dict[str, set[str]] = {}
    for key, fmt in FORMATS.items():
        words: set[str] = set()
        for block in fmt.table(ACTIVE).blocks:
            words.update(core(c.label) for c in block.columns if not c.hidden)
            # 规范性文件 / 行政规范性文件 are left out: both occur in the narrative of reports of either format.
            words.update(core(r.label) for r in block.rows if r.key != "normative_documents")
        words.update(core(r.label) for r in fmt.table(APPLICATIONS).rows() if r.key.startswith("3.6."))
        labels[key] = {w for w in words if len(w) >= 4}
    out = {}
    for key, words in labels.items():
        others = set().union(*(w for k, w in labels.items() if k != key))
        out[key] = tuple(sorted(words - others, key=len, reverse=True))
    return out


def marker_counts(text: str) -> dict[str, int]:
    """How many format-specific labels of each format a report's text holds."""
    flat = re.sub(r"[()（）“”\"',，、.。:：]", "", clean(text))
    all_markers = sorted(((m, key) for key, ms in format_markers().items() for m in ms), key=lambda x: -len(x[0]))
    counts = dict.fromkeys(FORMATS, 0)
    for marker, key in all_markers:
        n = flat.count(marker)
        if n:
            counts[key] += n
            flat = flat.replace(marker, "|")
    return counts


def fmt_name(fmt: Format) -> str:
    return "2019年（试行）格式" if fmt.key == "2019" else "2021年格式"
