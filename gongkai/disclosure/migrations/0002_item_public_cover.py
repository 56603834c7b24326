"""A covering index for search's join to the public items, on PostgreSQL only (see Item.Meta)."""

from django.db import migrations

CREATE = ("CREATE INDEX IF NOT EXISTS disclosure_item_public_cover ON disclosure_item (id) "
          "INCLUDE (disclosure, status, published_at, scheduled_at)")
DROP = "DROP INDEX IF EXISTS disclosure_item_public_cover"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
