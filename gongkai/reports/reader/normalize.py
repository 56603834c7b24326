"""Normalising what published reports do to labels and values.

``clean`` makes text comparable (NFKC full-width → half-width, traditional → simplified characters that occur in
report labels, one kind of bracket, no whitespace). ``core`` reduces a label to the words that identify it (no
numbering such as ``三、`` / ``（一）`` / ``1.``, no parenthetical glosses, no punctuation, known local variants and
typos replaced). ``classify`` tells what a cell holds: a value, a null marker, a unit, a label or nothing.
``parse_value`` turns a value cell into a number (and a unit for amounts).

Every label is matched against the definitions in ``gongkai.reports.formats``; the tables here only hold what
real reports print differently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Traditional characters that occur in the labels, headings and titles of annual reports, with their simplified
# forms. Not a general converter: enough to read a report published in traditional script (some mirror sites
# convert pages) back into the national labels.
_TRADITIONAL = (
    "開开 請请 數数 結结 轉转 處处 區区 計计 這这 屬属 國国 規规 穩稳 護护 權权 類类 內内 務务 過过 執执 詢询 項项 "
    "無无 機机 關关 沒没 現现 製制 補补 後后 確确 訪访 舉举 報报 訴诉 復复 複复 當当 認认 獲获 繳缴 納纳 費费 "
    "總总 繼继 續续 辦办 業业 構构 會会 組组 織织 維维 糾纠 審审 議议 訟讼 條条 範范 許许 對对 罰罚 強强 "
    "採采 購购 額额 單单 萬万 廢废 發发 決决 動动 況况 體体 問问 題题 進进 減减 說说 應应 該该 門门 網网 "
    "時时 間间 們们 為为 爲为 與与 於于 縣县 鎮镇 鄉乡 廳厅 員员 產产 衛卫 藥药 資资 環环 經经 濟济 財财 "
    "統统 農农 歷历 庫库 檢检 驗验 監监 實实 際际 編编 寫写 領领 導导 車车 園园 華华 東东 長长 書书 態态 "
    "種种 詳详 見见 論论 稱称 簡简 從从 郵邮 電电 話话 聯联 係系 載载 戶户 稅税 議议 設设 區区 臺台 "
    "據据 標标 準准 裡里 級级 門门 節节 劃划 軍军 億亿 筆笔 個个 陸陆 徵征 稅税 險险 價价 醫医 療疗 "
    "養养 護护 勞劳 務务 職职 責责 辭辞 頁页 圖图 專专 歸归 檔档 註注 證证 訊讯 齊齐 參参 雜杂 鐵铁 陽阳 "
    "廣广 遼辽 貴贵 雲云 蘇苏 閩闽 贛赣 魯鲁 瓊琼 陝陕 寧宁"
)
_TRAD_MAP = {ord(pair[0]): pair[1] for pair in _TRADITIONAL.split() if pair[0] != pair[1]}
# Brackets and dashes that NFKC leaves alone.
_CHAR_MAP = {**_TRAD_MAP, **{ord(c): "(" for c in "【〔［〈《"}, **{ord(c): ")" for c in "】〕］〉》"},
             ord("―"): "—", ord("─"): "—", ord("–"): "—", ord("‐"): "-", ord("‑"): "-", ord("−"): "-"}

# Word-level replacements inside labels: local variants and typos seen in published reports (domain spec §2.8),
# and words a traditional-script mirror renders differently. Applied to label cores only, never to narrative.
LABEL_VARIANTS: tuple[tuple[str, str], ...] = (
    # A traditional-script mirror converts words too (文件 → 檔案, 信息 → 資訊, 项目 → 專案; spec §2.3); compared
    # after the character table, so in their simplified spelling.
    ("档案", "文件"),
    ("资讯", "信息"),
    ("专案", "项目"),
    ("社会组织", "社会公益组织"),  # Baotou 2020
    ("内容事务", "内部事务"),  # Changchun 二道区 2022: 属于三类内容事务信息
    ("这一情况", "这一情形"),  # Changchun 二道区 2022: 只计这一情况
)

_WHITESPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    r"^[一二三四五六七八九十]+[、.]"  # 三、
    r"|\(?[一二三四五六七八九十]{1,3}\)"  # (一) or 一)
    r"|(?<![\d.])\d{1,2}[.、)](?!\d)"  # 1. 1、 1)
    r"|\(\d{1,2}\)"  # (1)
)
_PUNCT = re.compile(r"[“”‘’\"'「」『』,，、.。:：;；!！?？·•…\-—_~*]")
_PAREN = re.compile(r"\([^()]*\)")


def clean(text: str | None) -> str:
    """Comparable text: NFKC, traditional → simplified (label characters), one bracket kind, no whitespace."""
    if not text:
        return ""
    if len(text) > 200:
        return _clean(text)
    return _clean_cached(text)


def _clean(text: str) -> str:
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text).translate(_CHAR_MAP))


_clean_cached = lru_cache(maxsize=8192)(_clean)  # the same cell is classified, parsed and matched


def clean_keep_space(text: str | None) -> str:
    """As ``clean`` but keeping whitespace (collapsed), for splitting text into cells."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", text).translate(_CHAR_MAP)


def strip_glosses(text: str) -> str:
    """Remove parenthetical glosses, including an unbalanced one cut off at either end of a wrapped label."""
    previous = None
    while previous != text:
        previous = text
        text = _PAREN.sub("", text)
    if "(" in text:
        text = text[: text.index("(")]
    if ")" in text:
        text = text[text.rindex(")") + 1:]
    return text


def apply_variants(text: str) -> tuple[str, list[tuple[str, str]]]:
    used = []
    for variant, official in LABEL_VARIANTS:
        if variant in text:
            text = text.replace(variant, official)
            used.append((variant, official))
    return text, used


def core(label: str | None, *, variants: bool = True) -> str:
    """The identifying words of a label: ``（二）部分公开（区分处理的，…）`` → ``部分公开``."""
    text = clean(label)
    if variants:
        text, _ = apply_variants(text)
    text = _NUMBERING.sub("", text)
    text = strip_glosses(text)
    return _PUNCT.sub("", text)


def core_with_variants(label: str | None) -> tuple[str, list[tuple[str, str]]]:
    """``core`` and the variants that were replaced on the way (for an info finding)."""
    text = clean(label)
    text, used = apply_variants(text)
    # A variant inside a gloss that is stripped anyway (这一情况 in the （二） gloss) is not worth a finding.
    text = _NUMBERING.sub("", text)
    stripped = strip_glosses(text)
    used = [(v, o) for v, o in used if o in stripped]
    return _PUNCT.sub("", stripped), used


# ---------------------------------------------------------------------------------------------------------
# cells

EMPTY = "empty"
VALUE = "value"
NULL = "null"  # "-", "/", "—", "无": the source says there is no figure
UNIT = "unit"
LABEL = "label"

NULL_MARKERS = frozenset({"-", "--", "---", "/", "//", "—", "——", "———", "—-", "-—", "无", "\\", "×", "x", "X"})
UNITS = {"万元": "万元", "元": "元", "(万元)": "万元", "(元)": "元", "单位:万元": "万元", "(单位:万元)": "万元"}
COUNT_WORDS = frozenset({"件", "项", "个", "条", "(件)", "(项)", "(个)"})

_VALUE = re.compile(
    r"^(?P<sign>[+-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<unit>\(?(?:万元|元|件|项|个|条)\)?)?$"
)


def classify(cell: str) -> str:
    text = clean(cell)
    if not text:
        return EMPTY
    if text in NULL_MARKERS:
        return NULL
    if text in UNITS or text in COUNT_WORDS:
        return UNIT
    if _VALUE.match(text):
        return VALUE
    return LABEL


@dataclass(frozen=True)
class Value:
    number: int | Decimal
    unit: str | None  # 万元 / 元 when the cell printed one
    text: str  # the cell as printed (cleaned)

    @property
    def digits(self) -> str | None:
        """The cell's digits when it is a bare digit string that could hold several run-together numbers."""
        return self.text if self.text.isdigit() else None


def parse_value(cell: str) -> Value | None:
    text = clean(cell)
    match = _VALUE.match(text)
    if not match:
        return None
    digits = match.group("int").replace(",", "")
    frac = match.group("frac")
    try:
        number: int | Decimal = Decimal(f"{digits}.{frac}") if frac is not None else int(digits)
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
    if match.group("sign") == "-":
        number = -number
    unit_text = (match.group("unit") or "").strip("()")
    unit = unit_text if unit_text in ("万元", "元") else None
    return Value(number, unit, text)


def plain_number(value):
    """A Decimal as a JSON number: an int when integral, else a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


_TRAILING_DIGITS = re.compile(r"^(?P<label>.*?\D)(?P<digits>\d+)$")


def split_trailing_digits(label: str) -> tuple[str, str] | None:
    """``行政规范性文件693665`` → (``行政规范性文件``, ``693665``): a label with its values run onto it."""
    match = _TRAILING_DIGITS.match(clean(label))
    if not match or not re.search(r"[\u4e00-\u9fff]", match.group("label")):
        return None
    return match.group("label"), match.group("digits")


_VERTICAL_CHAR = re.compile(r"^[\u4e00-\u9fff]$")


def is_single_han(cell: str) -> bool:
    return bool(_VERTICAL_CHAR.match(clean(cell)))
