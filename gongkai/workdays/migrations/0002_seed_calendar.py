"""Seed every year the installed chinesecalendar covers, so a fresh database (and the test database) can
compute deadlines at once. Later years are added through the calendar pages or ``seed_calendar``."""

import uuid

from django.db import migrations
from django.utils import timezone

from gongkai.workdays.sources import seed_all


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarOverride = apps.get_model("workdays", "CalendarOverride")
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")
    seed_all(year_model=CalendarYear, override_model=CalendarOverride)
    CalendarRevision.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()})


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarOverride").objects.all().delete()
    apps.get_model("workdays", "CalendarYear").objects.all().delete()
    apps.get_model("workdays", "CalendarRevision").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
