"""The two index engines behind one interface, chosen by ``connection.vendor``.

- SQLite: an FTS5 virtual table ``search_fts`` (rowid = item id) with the columns title, doc_no, body and
  attachments; ``bm25()`` ranks with column weights 10 / 5 / 1 / 1 and ``snippet()`` cuts the excerpt.
- PostgreSQL: a table ``search_document`` (item_id primary key) with the same text columns and a generated
  ``tsvector`` column under a GIN index, built with the ``simple`` configuration (no stemming, no stop words:
  the text is already segmented) and weighted A (title) / B (文号, 索引号) / C (body and attachments);
  ``ts_rank`` ranks (A 1.0, B 0.4, C 0.2) and ``ts_headline`` cuts the excerpt.

By relevance, an item whose title or 文号 holds the query's words in order comes first (``EXACT_BONUS``).

Both tables hold segmented text (see ``text.py``) and are created by migration 0002 only on their own
vendor. Neither has a foreign key to the items: the tables are outside Django's models, so flushing the
test database must not trip over them, and a row whose item is gone is harmless — every search joins the
index to ``public_items()``, which is what decides visibility, never the index.

A query arrives as clauses of groups of words: the words of a group are alternatives (a query word and the
indexed words containing it), the groups of a clause are all required, and any clause will do. Words are
letters and digits only (``text.query_parts``); they are quoted all the same, so no FTS syntax survives.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .text import MARK_END, MARK_START

SNIPPET_TOKENS = 40
# Added to the score of an item whose title or 文号/索引号 holds the query's words as one phrase, which ranks
# it first: a query that is a 文号 or a title finds that item before others that merely mention the words.
EXACT_BONUS = 100


@dataclass(frozen=True)
class Document:
    """The index text of one item, each field already segmented."""

    title: str
    doc_no: str
    body: str
    attachments: str


class SqliteBackend:
    vendor = "sqlite"
    table = "search_fts"
    weights = (10.0, 5.0, 1.0, 1.0)  # title, doc_no, body, attachments
    columns = {"body": 2, "attachments": 3}

    def upsert(self, cursor, item_id: int, doc: Document) -> None:
        self.upsert_many(cursor, [(item_id, doc)])

    def upsert_many(self, cursor, docs: list[tuple[int, Document]]) -> None:
        self.delete(cursor, [item_id for item_id, _doc in docs])
        cursor.executemany(f"INSERT INTO {self.table} (rowid, title, doc_no, body, attachments) "
                           "VALUES (%s, %s, %s, %s, %s)",
                           [(item_id, d.title, d.doc_no, d.body, d.attachments) for item_id, d in docs])

    def delete(self, cursor, item_ids) -> None:
        ids = list(item_ids)
        if ids:
            cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)

    def clear(self, cursor) -> None:
        cursor.execute(f"DELETE FROM {self.table}")

    def indexed_ids(self, cursor) -> set[int]:
        cursor.execute(f"SELECT rowid FROM {self.table}")
        return {row[0] for row in cursor.fetchall()}

    @staticmethod
    def expression(clauses: list[list[list[str]]]) -> str:
        def quote(word):
            return '"' + word.replace('"', '""') + '"'

        return " OR ".join("(" + " AND ".join("(" + " OR ".join(quote(w) for w in group) + ")" for group in clause)
                           + ")" for clause in clauses)

    def _from(self, base_sql: str) -> str:
        return f"FROM {self.table} JOIN ({base_sql}) AS p ON p.id = {self.table}.rowid WHERE {self.table} MATCH %s"

    def count(self, cursor, base: tuple[str, tuple], expression: str) -> int:
        sql, params = base
        cursor.execute(f"SELECT COUNT(*) {self._from(sql)}", [*params, expression])
        return cursor.fetchone()[0]

    @staticmethod
    def phrase(words: list[str]) -> str:
        return "{title doc_no} : (" + " + ".join('"' + w.replace('"', '""') + '"' for w in words) + ")"

    def page(self, cursor, base, expression: str, order: str, limit: int, offset: int,
             phrase: list[str]) -> list[tuple[int, float]]:
        sql, params = base
        weights = ", ".join(str(w) for w in self.weights)
        ordering = ("exact DESC, rank, p.pub_date DESC, p.id DESC" if order == "relevance"
                    else "p.pub_date DESC, p.id DESC")
        cursor.execute(f"SELECT p.id, bm25({self.table}, {weights}) AS rank, "
                       f"p.id IN (SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s) AS exact "
                       f"{self._from(sql)} ORDER BY {ordering} LIMIT %s OFFSET %s",
                       [self.phrase(phrase), *params, expression, limit, offset])
        # bm25() is smaller for a better match; the interface reports larger-is-better.
        return [(row[0], -float(row[1]) + EXACT_BONUS * row[2]) for row in cursor.fetchall()]

    def excerpts(self, cursor, item_ids: list[int], expression: str, field: str) -> dict[int, tuple[str, bool, bool]]:
        """item id → (excerpt with marks, cut at the start, cut at the end) from one column."""
        if not item_ids:
            return {}
        column = self.columns[field]
        marker = "\ue002"  # FTS5 puts its ellipsis text where it cut the column; recognised and removed here
        placeholders = ", ".join(["%s"] * len(item_ids))
        cursor.execute(f"SELECT rowid, snippet({self.table}, {column}, %s, %s, %s, {SNIPPET_TOKENS}) "
                       f"FROM {self.table} WHERE {self.table} MATCH %s AND rowid IN ({placeholders})",
                       [MARK_START, MARK_END, marker, expression, *item_ids])
        out = {}
        for item_id, raw in cursor.fetchall():
            raw = raw or ""
            lead, trail = raw.startswith(marker), raw.endswith(marker)
            out[item_id] = (raw.replace(marker, ""), lead, trail)
        return out


class PostgresBackend:
    vendor = "postgresql"
    table = "search_document"
    headline_options = (f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_TOKENS}, '
                        "MinWords=16, ShortWord=0, HighlightAll=false, MaxFragments=0")

    def upsert(self, cursor, item_id: int, doc: Document) -> None:
        self.upsert_many(cursor, [(item_id, doc)])

    def upsert_many(self, cursor, docs: list[tuple[int, Document]]) -> None:
        # The vector column is generated from the text columns, so it cannot drift from them.
        cursor.executemany(f"INSERT INTO {self.table} (item_id, title, doc_no, body, attachments) "
                           "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (item_id) DO UPDATE SET title = EXCLUDED.title, "
                           "doc_no = EXCLUDED.doc_no, body = EXCLUDED.body, attachments = EXCLUDED.attachments",
                           [(item_id, d.title, d.doc_no, d.body, d.attachments) for item_id, d in docs])

    def delete(self, cursor, item_ids) -> None:
        ids = list(item_ids)
        if ids:
            cursor.execute(f"DELETE FROM {self.table} WHERE item_id = ANY(%s)", [ids])

    def clear(self, cursor) -> None:
        cursor.execute(f"DELETE FROM {self.table}")

    def indexed_ids(self, cursor) -> set[int]:
        cursor.execute(f"SELECT item_id FROM {self.table}")
        return {row[0] for row in cursor.fetchall()}

    @staticmethod
    def expression(clauses: list[list[list[str]]]) -> str:
        def quote(word):
            return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

        return " | ".join("(" + " & ".join("(" + " | ".join(quote(w) for w in group) + ")" for group in clause)
                          + ")" for clause in clauses)

    def _from(self, base_sql: str) -> str:
        return (f"FROM {self.table} d JOIN ({base_sql}) AS p ON p.id = d.item_id, "
                "to_tsquery('simple', %s) AS q WHERE d.vector @@ q")

    def count(self, cursor, base, expression: str) -> int:
        sql, params = base
        cursor.execute(f"SELECT COUNT(*) {self._from(sql)}", [*params, expression])
        return cursor.fetchone()[0]

    @staticmethod
    def phrase(words: list[str]) -> str:
        return " <-> ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)

    def page(self, cursor, base, expression: str, order: str, limit: int, offset: int,
             phrase: list[str]) -> list[tuple[int, float]]:
        sql, params = base
        ordering = ("exact DESC, score DESC, p.pub_date DESC, p.id DESC" if order == "relevance"
                    else "p.pub_date DESC, p.id DESC")
        # Normalisation 1 divides by 1 + log(length): a long attachment does not win by bulk alone.
        cursor.execute(f"SELECT p.id, ts_rank(d.vector, q, 1) AS score, "
                       "(to_tsvector('simple', d.title) @@ to_tsquery('simple', %s) "
                       " OR to_tsvector('simple', d.doc_no) @@ to_tsquery('simple', %s)) AS exact "
                       f"{self._from(sql)} ORDER BY {ordering} LIMIT %s OFFSET %s",
                       [self.phrase(phrase), self.phrase(phrase), *params, expression, limit, offset])
        return [(row[0], float(row[1]) + EXACT_BONUS * bool(row[2])) for row in cursor.fetchall()]

    def excerpts(self, cursor, item_ids: list[int], expression: str, field: str) -> dict[int, tuple[str, bool, bool]]:
        if not item_ids:
            return {}
        column = {"body": "body", "attachments": "attachments"}[field]
        cursor.execute(f"SELECT d.item_id, ts_headline('simple', d.{column}, q, %s), d.{column} "
                       f"FROM {self.table} d, to_tsquery('simple', %s) AS q WHERE d.item_id = ANY(%s)",
                       [self.headline_options, expression, list(item_ids)])
        out = {}
        for item_id, raw, whole in cursor.fetchall():
            raw = raw or ""
            bare = raw.replace(MARK_START, "").replace(MARK_END, "")
            # ts_headline marks no cut; compare the excerpt with the whole column to know where it was cut.
            out[item_id] = (raw, not whole.startswith(bare), not whole.endswith(bare))
        return out


BACKENDS = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def get_backend():
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise ImproperlyConfigured(f"全文检索只支持 SQLite 和 PostgreSQL，当前数据库为 {connection.vendor}。") from None
