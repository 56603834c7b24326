"""Cells printed without separators (``15100131156`` for ``151 0 0 1 3 1 156``).

``candidate_splits`` lists every way of reading a row's tokens as exactly ``n`` numbers, cutting only bare digit
strings and never giving a number a leading zero. The reader keeps a split only when the table's rules (row
total, column totals, carried-over balance) leave exactly one candidate; otherwise the cells stay null.
"""

from __future__ import annotations

from collections.abc import Iterator

# A row whose candidates exceed this is left ambiguous without trying the rules.
MAX_CANDIDATES = 100_000


class TooMany(Exception):
    pass


def _cuts(digits: str, parts: int) -> Iterator[tuple[int, ...]]:
    """``digits`` cut into ``parts`` numbers, none with a leading zero (``0`` itself is a number)."""
    if parts == 1:
        if len(digits) == 1 or digits[0] != "0":
            yield (int(digits),)
        return
    # The first number takes 1.. characters, leaving at least one per remaining part.
    limit = 1 if digits[0] == "0" else len(digits) - parts + 1
    for size in range(1, limit + 1):
        head = int(digits[:size])
        for rest in _cuts(digits[size:], parts - 1):
            yield (head, *rest)


def candidate_splits(tokens: list, n: int) -> list[tuple] | None:
    """Every reading of ``tokens`` as ``n`` values. A token is a digit string (may be cut) or anything else
    (kept as one value). None when there are more than MAX_CANDIDATES readings."""
    out: list[tuple] = []

    def walk(i: int, remaining: int, acc: tuple) -> None:
        if i == len(tokens):
            if remaining == 0:
                if len(out) >= MAX_CANDIDATES:
                    raise TooMany
                out.append(acc)
            return
        token = tokens[i]
        later = len(tokens) - i - 1
        if isinstance(token, str) and token.isdigit():
            for parts in range(1, min(len(token), remaining - later) + 1):
                for cut in _cuts(token, parts):
                    walk(i + 1, remaining - parts, acc + cut)
        elif remaining - later >= 1:
            walk(i + 1, remaining - 1, acc + (token,))

    try:
        walk(0, n, ())
    except TooMany:
        return None
    return out
