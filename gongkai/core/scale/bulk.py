"""The fast paths the scale generator writes and deletes through, below the ORM.

- ``TableWriter``: rows as plain tuples in a fixed column order — PostgreSQL one ``COPY … FROM STDIN`` per
  table (psycopg's ``cursor.copy``), SQLite one prepared ``INSERT`` run with ``executemany`` per 5,000 rows
  (what ``bulk_create`` does, without building a model instance per row). Ids are assigned by the caller, so rows
  can refer to each other (an application's case, a policy's interpretation) without reading anything back;
  ``reset_sequences`` puts PostgreSQL's id sequences past them afterwards.
- ``delete_where``: removes rows and, first, every row that refers to them, directly or through other rows
  (found from the models' foreign keys, so a table added later is covered), with one ``DELETE … WHERE fk IN
  (subquery)`` per table. Loading a million applications into the ORM's collector just to delete them would
  take longer than generating them.

Nothing here checks permissions or writes audit events: it is for synthetic benchmark data only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import ExitStack

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models

BATCH_SIZE = 5_000


def _converter(field: models.Field):
    """How a Python value of ``field`` is handed to the driver: PostgreSQL's COPY adapts dates, aware
    datetimes, decimals and booleans itself; SQLite takes the strings Django's own adapters produce."""
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value, ensure_ascii=False)
    if connection.vendor != "sqlite":
        return None
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        cache: dict = {}

        def date(value):
            text = cache.get(value)
            if text is None and value is not None:
                text = cache[value] = ops.adapt_datefield_value(value)
            return text
        return date
    if isinstance(field, models.DecimalField):
        return lambda value: None if value is None else str(value)
    return None


class TableWriter:
    """Insert rows of ``model`` given as tuples of ``fields`` (model field names, ``id`` included when the
    caller assigns ids); every other concrete field takes its default, a constant computed once. Use it as a
    context manager: on PostgreSQL one ``COPY`` stays open for the whole table, so the server indexes rows
    while Python makes the next ones, and no other statement may run on the connection until it is closed.
    SQLite gets one ``executemany`` per ``batch_size`` rows."""

    def __init__(self, model: type[models.Model], fields: Iterable[str], *, constants: dict | None = None,
                 batch_size: int = BATCH_SIZE):
        self.model = model
        self.batch_size = batch_size
        meta = model._meta
        self.fields = [meta.get_field(name) for name in fields]
        given = {f.name for f in self.fields} | set(constants or {})
        rest = [f for f in meta.concrete_fields if f.name not in given and not f.primary_key]
        constant_values = dict(constants or {})
        for field in rest:
            value = field.get_default()  # "" for text fields without a default, None for nullable ones
            if value is None and not field.null:
                raise ValueError(f"{meta.label}.{field.name} has no default: give it a value")
            constant_values[field.name] = value
        self.constant_fields = [meta.get_field(name) for name in constant_values]
        columns = self.fields + self.constant_fields
        converters = [_converter(f) for f in columns]
        self.constant_row = tuple(
            (conv(value) if conv else value)
            for conv, value in zip(converters[len(self.fields):], constant_values.values(), strict=True))
        self.converters = [(i, conv) for i, conv in enumerate(converters[:len(self.fields)]) if conv]
        qn = connection.ops.quote_name
        self.table = qn(meta.db_table)
        self.columns = ", ".join(qn(f.column) for f in columns)
        self.pending: list[tuple] = []
        self.count = 0
        self.postgres = connection.vendor == "postgresql"
        placeholders = ", ".join(["%s"] * len(columns))
        self.insert_sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({placeholders})"
        self._stack: ExitStack | None = None
        self._copy = None

    def __enter__(self) -> TableWriter:
        self._stack = ExitStack()
        cursor = self._stack.enter_context(connection.cursor())
        if self.postgres:
            statement = f"COPY {self.table} ({self.columns}) FROM STDIN"
            self._copy = self._stack.enter_context(cursor.copy(statement))
        else:
            self._cursor = cursor
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.flush()
        finally:
            stack, self._stack, self._copy = self._stack, None, None
            stack.__exit__(exc_type, exc, tb)

    def add(self, row: tuple) -> None:
        self.pending.append(row)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        if self._stack is None:
            raise RuntimeError("TableWriter must be used as a context manager")
        rows, self.pending = self.pending, []
        constant = self.constant_row
        if self.converters:
            converted = []
            for row in rows:
                row = list(row)
                for i, conv in self.converters:
                    row[i] = conv(row[i])
                converted.append(tuple(row) + constant)
            rows = converted
        else:
            rows = [row + constant for row in rows]
        if self._copy is not None:
            write = self._copy.write_row
            for row in rows:
                write(row)
        else:
            self._cursor.executemany(self.insert_sql, rows)
        self.count += len(rows)


def next_id(model: type[models.Model]) -> int:
    """The first id above every existing row of ``model`` and every id its sequence has handed out, so the
    ids of deleted rows (which the audit trail may still name) are not used again."""
    latest = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            issued = row[0] if row else 0
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            issued = 0
            if sequence:
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
                value, called = cursor.fetchone()
                issued = value if called else value - 1
        else:
            issued = 0
    return max(latest, issued) + 1


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# ---------------------------------------------------------------------------------------------------------
# deleting a subtree's data


def _references() -> dict[type[models.Model], list[models.ForeignKey]]:
    """model → the foreign keys pointing at it, of every model (those with related_name="+" included)."""
    refs: dict[type[models.Model], list[models.ForeignKey]] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                refs.setdefault(field.remote_field.model._meta.concrete_model, []).append(field)
    return refs


def delete_where(model: type[models.Model], where: str, params: list, refs=None,
                 _seen: frozenset = frozenset()) -> dict[str, int]:
    """Delete the rows of ``model`` matching the SQL condition ``where`` and, first, every row that refers to
    them, recursively (rows whose reference may be emptied, ``SET_NULL``, are updated instead). Returns
    {table: rows deleted}. Self-references go with the rows themselves: the constraints are deferred."""
    refs = _references() if refs is None else refs
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    ids = f"SELECT {qn(model._meta.pk.column)} FROM {table} WHERE {where}"
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for field in refs.get(model, []):
            child = field.model
            if child is model or child in _seen:
                continue
            condition = f"{qn(field.column)} IN ({ids})"
            if field.remote_field.on_delete is models.SET_NULL:
                cursor.execute(f"UPDATE {qn(child._meta.db_table)} SET {qn(field.column)} = NULL "
                               f"WHERE {condition}", params)
                continue
            for name, n in delete_where(child, condition, params, refs, _seen | {model}).items():
                counts[name] = counts.get(name, 0) + n
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
        counts[model._meta.db_table] = counts.get(model._meta.db_table, 0) + max(cursor.rowcount, 0)
    return counts
