"""信息处理费 calculator (国办函〔2020〕109号), progressive ("超额累进") in both methods.

按件计收: per applicant per calendar month — up to 10 件 free; 11–30 at 100元/件; from 31 on, bands of 10
件 each 100元/件 dearer than the one before (31–40 at 200元, 41–50 at 300元, …).
按量计收: per application — up to 30 pages free; 31–100 at 10元/页; 101–200 at 20元/页; above 200 at 40元/页.
"""

from dataclasses import dataclass

MAX_PAGES = 100_000


@dataclass(frozen=True)
class FeeLine:
    start: int
    end: int
    count: int
    unit_price: int

    @property
    def amount(self) -> int:
        return self.count * self.unit_price


@dataclass(frozen=True)
class FeeQuote:
    method: str
    lines: tuple[FeeLine, ...]

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines)

    def explain(self) -> str:
        unit = "件" if self.method == "per_item" else "页"
        if not self.lines:
            return "在免费范围内，不收费。"
        parts = [f"第{ln.start}—{ln.end}{unit}共{ln.count}{unit}×{ln.unit_price}元" for ln in self.lines]
        return "；".join(parts) + f"，合计{self.amount}元。"


def _item_price(n: int) -> int:
    """Price of the n-th 件 in the month."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 31) // 10 + 1)


def _page_price(n: int) -> int:
    if n <= 30:
        return 0
    if n <= 100:
        return 10
    if n <= 200:
        return 20
    return 40


def _item_band_end(n: int) -> int:
    if n <= 10:
        return 10
    if n <= 30:
        return 30
    return 30 + 10 * ((n - 31) // 10 + 1)


def _page_band_end(n: int) -> int:
    for end in (30, 100, 200):
        if n <= end:
            return end
    return MAX_PAGES * 10


def _quote(method: str, first: int, last: int, price, band_end) -> FeeQuote:
    """Walk the price bands from ``first`` to ``last`` (one step per band, not per unit)."""
    lines: list[FeeLine] = []
    n = first
    while n <= last:
        end = min(band_end(n), last)
        if price(n):
            lines.append(FeeLine(n, end, end - n + 1, price(n)))
        n = end + 1
    return FeeQuote(method, tuple(lines))


def per_item(previous_this_month: int, items: int) -> FeeQuote:
    """Fee for ``items`` 件 when the applicant already had ``previous_this_month`` 件 this month."""
    if previous_this_month < 0 or items < 1:
        raise ValueError("件数必须为正数。")
    return _quote("per_item", previous_this_month + 1, previous_this_month + items, _item_price, _item_band_end)


def per_page(pages: int) -> FeeQuote:
    if not 1 <= pages <= MAX_PAGES:
        raise ValueError(f"页数应为1至{MAX_PAGES}。")
    return _quote("per_page", 1, pages, _page_price, _page_band_end)
