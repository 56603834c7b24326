"""The engine-specific index table, created only on its own database vendor (see gongkai/search/backends.py):
an FTS5 virtual table on SQLite, a table with a generated tsvector column and a GIN index on PostgreSQL.

Items that already exist are not indexed here: run ``python manage.py rebuild_search_index`` once after
migrating a database that has published items."""

from django.db import migrations

CREATE = {
    "sqlite": [
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, doc_no, body, attachments, tokenize = 'unicode61')",
    ],
    "postgresql": [
        """CREATE TABLE search_document (
            item_id bigint PRIMARY KEY,
            title text NOT NULL DEFAULT '',
            doc_no text NOT NULL DEFAULT '',
            body text NOT NULL DEFAULT '',
            attachments text NOT NULL DEFAULT '',
            vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple'::regconfig, title), 'A')
                || setweight(to_tsvector('simple'::regconfig, doc_no), 'B')
                || setweight(to_tsvector('simple'::regconfig, body), 'C')
                || setweight(to_tsvector('simple'::regconfig, attachments), 'C')
            ) STORED
        )""",
        "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    ],
}
DROP = {
    "sqlite": ["DROP TABLE IF EXISTS search_fts"],
    "postgresql": ["DROP TABLE IF EXISTS search_document"],
}


def create_tables(apps, schema_editor):
    for sql in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def drop_tables(apps, schema_editor):
    for sql in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_tables, drop_tables),
    ]
