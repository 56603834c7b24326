"""Indexing and querying public items.

What is indexed: every item that is public now or will become public without anyone touching it again —
``public_items()`` evaluated at the end of time, i.e. 主动公开 items that are published or scheduled. A
scheduled item is therefore in the index before its time; what a search returns is always joined to
``public_items()`` of the moment, so it appears exactly when the public pages show it, whether or not the
daily job has flipped its status yet. Everything else (drafts, items in review, 依申请公开 and 不予公开
items, withdrawn items) is removed from the index when it is saved.

Ranking: the query's words are all required; if that finds nothing, a relaxed query is tried (see
``plans``; ``Results.relaxed`` says so). Each query word of Chinese characters is widened to the indexed
words that contain it (see ``models.SearchTerm``).
"""

import datetime as dt
import html
import itertools
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from asgiref.local import Local
from django.db import connection, transaction
from django.db.models.functions import Length
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from gongkai.disclosure.models import Item
from gongkai.disclosure.selectors import public_items

from . import text
from .backends import Document, get_backend
from .filters import ItemFilters
from .models import SearchTerm

END_OF_TIME = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)
ORDERS = ("relevance", "date")
MAX_PER_PAGE = 100
MAX_EXPANSIONS = 40
MAX_RELAXED_WORDS = 6  # at most 15 pairs
# Characters of each field read into the index (ItemAttachment.text is itself capped at 200,000 per file).
LIMITS = {"title": 1_000, "doc_no": 300, "body": 300_000, "attachments": 600_000}
REBUILD_CHUNK = 1000


class Hit(NamedTuple):
    item: Item
    score: float
    snippet_html: SafeString


@dataclass
class Results:
    total: int
    hits: list[Hit]
    page: int = 1
    per_page: int = 20
    tokens: list[str] = field(default_factory=list)
    relaxed: bool = False  # no item had every word; these have some of them

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


# ---------------------------------------------------------------------------------------------------------
# indexing

_state = Local()


@contextmanager
def deferred():
    """Collect the items saved inside the block and index each of them once when it ends — for bulk work
    (the demo loader) where one item is saved four or five times on its way to publication."""
    outer = getattr(_state, "pending", None)
    if outer is not None:
        yield
        return
    _state.pending = set()
    try:
        yield
    finally:
        pending, _state.pending = _state.pending, None
    for item_id in sorted(pending):
        sync_item(item_id)


def candidates():
    return public_items(now=END_OF_TIME)


def html_text(value: str) -> str:
    """The text of sanitised body HTML with its entities decoded (``Item.body_text`` keeps them: "&amp;")."""
    return " ".join(html.unescape(strip_tags((value or "").replace("<", " <"))).split())


def build_document(item: Item) -> Document:
    attachments = " ".join(f"{a.original_name}：{a.text}" for a in item.attachments.all())
    body = " ".join(part for part in (item.summary, html_text(item.body_html)) if part)
    return Document(
        title=text.index_text(item.title, LIMITS["title"]),
        doc_no=text.index_text(f"{item.doc_no} {item.index_no}", LIMITS["doc_no"]),
        body=text.index_text(body, LIMITS["body"]),
        attachments=text.index_text(attachments, LIMITS["attachments"]),
    )


def _remember_terms(docs: list[Document]) -> None:
    terms = set()
    for doc in docs:
        for part in (doc.title, doc.doc_no, doc.body, doc.attachments):
            terms |= text.vocabulary(part)
    if terms:
        SearchTerm.objects.bulk_create([SearchTerm(term=t) for t in sorted(terms)], ignore_conflicts=True,
                                       batch_size=1000)


def index_item(item: Item) -> None:
    """Put the item in the index as it is now (the caller has decided it belongs there)."""
    index_items([item])


def index_items(items) -> None:
    """Put several items in the index at once: one statement for the documents and one set of new words
    for the batch (rebuilding an index of hundreds of thousands of items)."""
    docs = [(item.pk, build_document(item)) for item in items]
    if not docs:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        get_backend().upsert_many(cursor, docs)
        _remember_terms([doc for _pk, doc in docs])


def remove_item(item_id: int) -> None:
    with connection.cursor() as cursor:
        get_backend().delete(cursor, [item_id])


def sync_item(item_id: int) -> bool:
    """(Re)index the item if it belongs in the index, remove it otherwise; True if it is indexed."""
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.add(item_id)
        return False
    item = candidates().filter(pk=item_id).prefetch_related("attachments").first()
    if item is None:
        remove_item(item_id)
        return False
    index_item(item)
    return True


def rebuild() -> int:
    """Empty the index and the vocabulary and index every candidate again; returns how many."""
    backend = get_backend()
    count = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            backend.clear(cursor)
        SearchTerm.objects.all().delete()
        ids = list(candidates().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), REBUILD_CHUNK):
            chunk = list(Item.objects.filter(pk__in=ids[start:start + REBUILD_CHUNK])
                         .prefetch_related("attachments"))
            index_items(chunk)
            count += len(chunk)
    return count


# ---------------------------------------------------------------------------------------------------------
# querying


def expand(tokens: list[str]) -> list[list[str]]:
    """One group per query word: the word itself and, for a word of Chinese characters, the indexed words
    containing it (shortest first — the closest relatives — up to MAX_EXPANSIONS)."""
    groups = []
    for token in tokens:
        group = [token]
        if len(token) >= 2 and text.has_han(token):
            related = (SearchTerm.objects.filter(term__contains=token).exclude(term=token)
                       .order_by(Length("term"), "term").values_list("term", flat=True)[:MAX_EXPANSIONS])
            group.extend(related)
        groups.append(group)
    return groups


def plans(parts: list[list[str]]) -> tuple[list[list[list[str]]], list[list[list[str]]] | None]:
    """The strict query (every word) and the relaxed one tried when the strict one finds nothing.

    Relaxed: any of the parts the user separated with spaces, each with all its words; for a query typed
    as one part, any two of its words of two or more characters (any one, if only two) — a single
    character or one common word alone would match nearly everything."""
    expanded = [expand(part) for part in parts]
    strict = [[group for part in expanded for group in part]]
    if len(strict[0]) < 2:
        return strict, None
    if len(expanded) > 1:
        return strict, expanded
    words = [group for group in expanded[0] if len(group[0]) >= 2][:MAX_RELAXED_WORDS]
    if len(words) < 2:
        return strict, None
    if len(words) == 2:
        return strict, [[words[0]], [words[1]]]
    return strict, [list(pair) for pair in itertools.combinations(words, 2)]


def _base(filters: ItemFilters | None, now) -> tuple[str, tuple]:
    """The SQL of the public items the search may return, with their date: the index is joined to it."""
    qs = public_items(now)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.order_by().values("id", "pub_date").query.sql_with_params()


def query(q: str, *, filters: ItemFilters | None = None, order: str = "relevance", page: int = 1,
          per_page: int = 20, now: dt.datetime | None = None) -> Results:
    """Search public items. Never raises on what a user can type: a query with no words gives no results."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}")
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    page = max(1, int(page))
    parts = text.query_parts(q)
    results = Results(total=0, hits=[], page=1, per_page=per_page, tokens=[w for p in parts for w in p])
    if not parts:
        return results
    backend = get_backend()
    strict, relaxed = plans(parts)
    base = _base(filters, now)
    with connection.cursor() as cursor:
        expression = backend.expression(strict)
        total = backend.count(cursor, base, expression)
        if total == 0 and relaxed:
            expression = backend.expression(relaxed)
            total = backend.count(cursor, base, expression)
            results.relaxed = total > 0
        results.total = total
        if total == 0:
            return results
        results.page = page = min(page, results.pages)
        ranked = backend.page(cursor, base, expression, order, per_page, (page - 1) * per_page,
                              phrase=text.phrase_words(q) or results.tokens)
        ids = [item_id for item_id, _ in ranked]
        excerpts = backend.excerpts(cursor, ids, expression, "body")
        # Where the body has none of the words but an attachment does, show the attachment's excerpt.
        unmatched = [i for i in ids if text.MARK_START not in excerpts.get(i, ("",))[0]]
        if unmatched:
            for item_id, excerpt in backend.excerpts(cursor, unmatched, expression, "attachments").items():
                if text.MARK_START in excerpt[0]:
                    excerpts[item_id] = excerpt
    items = public_items(now).select_related("org").in_bulk(ids)
    for item_id, score in ranked:
        item = items.get(item_id)
        if item is None:  # stopped being public between the two queries
            continue
        raw, lead, trail = excerpts.get(item_id, ("", False, False))
        results.hits.append(Hit(item, score, text.render_snippet(raw, lead=lead, trail=trail)))
    return results
