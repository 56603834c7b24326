"""Chinese text for the index and for queries: folding, segmentation with rjieba, and snippet markup.

Neither SQLite's ``unicode61`` tokenizer nor PostgreSQL's default parser can split Chinese into words: both
see a run of Han characters as one token. So text is segmented here, with rjieba, and stored as its units
separated by single spaces — a word, a number or one punctuation mark per unit — where both engines split it
back into exactly those units. Queries go through the same folding and segmentation, so a query word and
the indexed word it should meet are the same string.

Snippets come back from the engines as that spaced text with two private-use characters around each match;
``render_snippet`` takes the inserted spaces out again (keeping those between Latin words and numbers),
escapes everything and only then turns the two characters into ``<mark>`` tags, so nothing from the indexed
text can become markup.
"""

import html
import re
import unicodedata

import rjieba
from django.utils.safestring import SafeString, mark_safe

# Around each match in the engines' snippet output. Private-use characters never occur in a government
# document, and they are removed from every text before it is indexed, so they cannot be forged.
MARK_START = "\ue000"
MARK_END = "\ue001"
MARKS = MARK_START + MARK_END

# Control characters (PostgreSQL refuses NUL in text; the others are noise) and the two marks go; full-width
# Latin letters and digits become ASCII so that "２０２６" finds "2026". Full-width punctuation stays: it is
# what Chinese text looks like in a snippet.
_FOLD = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xE000, 0xE001)}
_FOLD.update({c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))})

# A unit: a run of letters/digits (the underscore counts as a separator, as it does for both engines), or
# a single other visible character.
_UNIT = re.compile(r"[^\W_]+|[^\w\s]")
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r" +")

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
MAX_TERM_CHARS = 64
# Function words that would only narrow an AND query without saying anything about the subject.
STOPWORDS = frozenset(["的", "了", "和", "与", "及", "或", "是", "在", "对", "等", "之", "其", "于", "为", "由", "将", "把", "被"])


def fold(text: str) -> str:
    return (text or "").translate(_FOLD)


def is_han(ch: str) -> bool:
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF)


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)


def units(text: str) -> list[str]:
    """The text as index units, in order."""
    out: list[str] = []
    for token in rjieba.cut(fold(text)):
        out.extend(_UNIT.findall(token))
    return out


def index_text(text: str, limit: int) -> str:
    """What the index stores for one field: its units joined by single spaces (at most ``limit`` characters
    of the source are read)."""
    return " ".join(units((text or "")[:limit]))


def vocabulary(spaced: str) -> set[str]:
    """The Chinese words of an index text, for expanding a query word to the indexed words containing it
    (see ``engine.expand``): single characters and numbers are never expanded, so they are not kept."""
    return {w.lower() for w in spaced.split(" ")
            if 2 <= len(w) <= MAX_TERM_CHARS and _WORD.fullmatch(w) and has_han(w)}


def query_parts(text: str) -> list[list[str]]:
    """The words of a query, segmented like the index, one list per space-separated part (what the user
    separated, rjieba should not join or cut differently because of its neighbour). Punctuation, FTS
    operators written as symbols and anything else that is not a letter or digit are dropped, so what
    reaches an engine is plain words."""
    parts, seen = [], set()
    for chunk in (text or "")[:MAX_QUERY_CHARS].split():
        words = []
        for unit in units(chunk):
            word = unit.lower()[:MAX_TERM_CHARS]
            if _WORD.fullmatch(unit) and word not in seen:
                seen.add(word)
                words.append(word)
        if words:
            parts.append(words)
    meaningful = [[w for w in part if w not in STOPWORDS] for part in parts]
    if any(meaningful):
        parts = [part for part in meaningful if part]
    kept, budget = [], MAX_QUERY_TOKENS
    for part in parts:
        if budget <= 0:
            break
        kept.append(part[:budget])
        budget -= len(kept[-1])
    return kept


def phrase_words(text: str) -> list[str]:
    """Every word of the query in order, function words included: the phrase a title or 文号 would hold."""
    words = [unit.lower()[:MAX_TERM_CHARS] for unit in units((text or "")[:MAX_QUERY_CHARS]) if _WORD.fullmatch(unit)]
    return words[:MAX_QUERY_TOKENS * 2]


def query_tokens(text: str) -> list[str]:
    return [word for part in query_parts(text) for word in part]


def _loose(ch: str) -> bool:
    """A character a space may stand next to in display text: a letter or digit of a script that separates
    words with spaces. Han, kana and full-width forms are wide; punctuation is not alphanumeric."""
    return ch.isalnum() and unicodedata.east_asian_width(ch) not in ("W", "F")


def join_units(spaced: str) -> str:
    """Undo the spaces ``index_text`` put between units, except between two Latin words or numbers."""
    def replace(match):
        i = match.start() - 1
        while i >= 0 and spaced[i] in MARKS:
            i -= 1
        j = match.end()
        while j < len(spaced) and spaced[j] in MARKS:
            j += 1
        left = spaced[i] if i >= 0 else ""
        right = spaced[j] if j < len(spaced) else ""
        return " " if left and right and _loose(left) and _loose(right) else ""

    return _SPACES.sub(replace, spaced)


def render_snippet(raw: str, *, lead: bool = False, trail: bool = False) -> SafeString:
    """Engine snippet text → safe HTML: everything escaped, then the marks turned into ``<mark>``.
    ``lead``/``trail`` add an ellipsis where the excerpt does not reach the start/end of the text."""
    text = join_units(raw or "").strip()
    # Adjacent matched units read as one highlighted phrase.
    text = text.replace(MARK_END + MARK_START, "")
    # Drop a mark the engine left unbalanced at a fragment edge, so no <mark> is left open.
    balanced, depth = [], 0
    for ch in text:
        if ch == MARK_START:
            if depth:
                continue
            depth = 1
        elif ch == MARK_END:
            if not depth:
                continue
            depth = 0
        balanced.append(ch)
    if depth:
        balanced.append(MARK_END)
    escaped = html.escape("".join(balanced), quote=True)
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    if text and lead:
        escaped = "…" + escaped
    if text and trail:
        escaped += "…"
    return mark_safe(escaped)  # every character of the text was escaped above


def plain(raw: str) -> str:
    """Snippet text without marks or inserted spaces (to compare an excerpt with its whole text)."""
    return join_units((raw or "").replace(MARK_START, "").replace(MARK_END, "")).strip()
