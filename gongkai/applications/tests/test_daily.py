"""The daily job: statutory closures and reminders."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.core.notify import MemorySMSBackend
from gongkai.workdays.selectors import add_workdays

from .conftest import FIXED_TODAY, payload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms(settings):
    settings.SMS_BACKEND = "gongkai.core.notify.MemorySMSBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MemorySMSBackend.outbox = []
    return MemorySMSBackend.outbox


def run(on):
    out = StringIO()
    call_command("run_daily", on=on.isoformat(), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_reminds_handler_and_office_admin_once_a_day(staff, tree, sms):
    staff["handler"].email = "handler@example.gov.cn"
    staff["handler"].phone = "13900000001"
    staff["handler"].save()
    staff["office"].email = "office@example.gov.cn"
    staff["office"].save()
    received = FIXED_TODAY - dt.timedelta(days=40)
    app, _ = services.register(staff["handler"], org=tree["city_edu"], data=payload(
        channel="in_person", received_on=received.isoformat(), handler=staff["handler"]))
    output = run(FIXED_TODAY)
    assert f"提醒 {app.tracking_no}（已超期）" in output
    assert sorted(m.to[0] for m in mail.outbox) == ["handler@example.gov.cn", "office@example.gov.cn"]
    assert sms and sms[0][0] == "13900000001" and app.tracking_no in sms[0][1]
    run(FIXED_TODAY)
    assert len(mail.outbox) == 2  # not again the same day
    assert app.events.filter(kind="remind").count() == 1


def test_due_soon_is_reminded_but_not_later_ones(staff, tree):
    soon_received = FIXED_TODAY - dt.timedelta(days=26)  # due within the next 3 working days
    soon, _ = services.register(staff["handler"], org=tree["city_edu"], data=payload(
        channel="in_person", received_on=soon_received.isoformat(), handler=staff["handler"]))
    later, _ = services.register(staff["handler"], org=tree["city_edu"], data=payload(
        channel="in_person", received_on=FIXED_TODAY.isoformat(), handler=staff["handler"]))
    assert FIXED_TODAY <= soon.due_on <= add_workdays(FIXED_TODAY, 3)
    output = run(FIXED_TODAY)
    assert f"提醒 {soon.tracking_no}（即将到期）" in output and later.tracking_no not in output


def test_closes_expired_supplement_and_payment(staff, tree):
    received = FIXED_TODAY - dt.timedelta(days=60)
    a, _ = services.register(staff["handler"], org=tree["city_edu"],
                             data=payload(channel="in_person", received_on=received.isoformat()))
    services.request_supplement(staff["handler"], a.pk, items="请写明年份", supplement_workdays=10,
                                on=received + dt.timedelta(days=1))
    output = run(FIXED_TODAY)
    assert f"办结 {a.tracking_no}：3.6.1" in output
    assert Application.objects.get(pk=a.pk).outcome == "3.6.1"
    assert "自动办结 0 件" in run(FIXED_TODAY)


def test_bad_date_argument():
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("run_daily", on="2026-02-30", stdout=StringIO())
