"""The seed_calendar management command."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.audit.models import AuditEvent
from gongkai.workdays.models import CalendarOverride, CalendarYear

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("seed_calendar", *args, stdout=out)
    return out.getvalue()


def test_loaded_year_is_reported_and_left_alone():
    CalendarOverride.objects.filter(date=dt.date(2026, 10, 7)).update(name="手工改名")
    audit_before = AuditEvent.objects.count()
    output = run("--year", "2026")
    assert "2026 年已经载入" in output and "--replace" in output
    assert CalendarOverride.objects.get(date=dt.date(2026, 10, 7)).name == "手工改名"
    assert AuditEvent.objects.count() == audit_before


def test_replace_restores_the_package_data():
    CalendarOverride.objects.filter(date=dt.date(2026, 10, 7)).update(name="手工改名")
    output = run("--year", "2026", "--replace")
    assert "2026 年已重新载入" in output
    assert CalendarOverride.objects.get(date=dt.date(2026, 10, 7)).name == "国庆节"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "workdays.year.replace" and event.actor_id is None and event.actor_name == "system"


def test_missing_year_is_loaded_and_others_skipped():
    CalendarOverride.objects.filter(date__year=2010).delete()
    CalendarYear.objects.filter(year=2010).delete()
    output = run()
    assert "2010 年已载入" in output
    assert output.count("已经载入") == 22
    assert CalendarOverride.objects.filter(date__year=2010).count() > 0


def test_year_outside_the_package_fails():
    with pytest.raises(CommandError, match="没有 2027 年"):
        run("--year", "2027")
    assert not CalendarYear.objects.filter(year=2027).exists()
