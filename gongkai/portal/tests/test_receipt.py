"""The receipt after submitting: shown from the session, the query code exactly once, and the expected reply
date only when the calendar can give it."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.portal.views import RECEIPT_SESSION_KEY

from .conftest import person_post

pytestmark = pytest.mark.django_db


def _code(html: str) -> str | None:
    match = re.search(r'<span class="pt-code">([A-Z0-9]+)</span>', html)
    return match.group(1) if match else None


def test_receipt_shows_number_and_code_once(client, tree, submit):
    response = submit(person_post())
    assert reverse("portal:receipt") == response.url  # nothing about the application in the URL
    app = Application.objects.get()
    first = client.get(response.url)
    html = first.content.decode()
    assert first.status_code == 200 and "no-store" in first["Cache-Control"]
    code = _code(html)
    assert code and services.check_query_code(app, code)
    assert app.tracking_no in html and "甲市教育局" in html and "待确认" in html
    assert app.tracking_no.startswith("C-JYJ-2026-")
    assert "仅在此显示一次" in html
    assert "张*" in html and "张三" not in html

    again = client.get(reverse("portal:receipt")).content.decode()
    assert app.tracking_no in again
    assert _code(again) is None and code not in again
    assert "不再显示" in again
    assert "query_code" not in client.session[RECEIPT_SESSION_KEY]


def test_receipt_gives_latest_reply_date_if_confirmed_today(client, tree, submit):
    submit(person_post())
    html = client.get(reverse("portal:receipt")).content.decode()
    # 2026-06-15 + 20 working days, with the 端午节 holiday on Friday 19 June not counted.
    assert "如受理机关于今日（2026年6月15日）确认收到申请，答复期限最迟为 <strong>2026年7月14日</strong>" in html
    assert "第三十一条第（三）项" in html and 'data-print' in html


def test_receipt_never_guesses_a_date_beyond_the_loaded_calendar(client, tree, submit, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: dt.date(2026, 12, 21))  # +20 working days reaches 2027
    submit(person_post())
    html = client.get(reverse("portal:receipt")).content.decode()
    assert "答复期限将在受理机关确认收到申请后显示" in html
    assert "最迟为" not in html and "2027" not in html


def test_receipt_without_submission_sends_to_tracking(client, db):
    response = client.get(reverse("portal:receipt"))
    assert response.status_code == 302 and response.url == reverse("portal:track")
