"""Seed version 1 of every letter template from gongkai.letters.defaults."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.letters.defaults import seed as seed_defaults

    seed_defaults(apps.get_model("letters", "LetterTemplate"))


def unseed(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.filter(version=1, created_by__isnull=True, letters__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
