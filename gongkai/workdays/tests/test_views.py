"""Calendar pages: who may see them, what they show, and that bad input changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.workdays import services
from gongkai.workdays.models import CalendarOverride, CalendarYear

pytestmark = pytest.mark.django_db

D = dt.date

ADMIN_PAGES = [
    ("workdays:years", []),
    ("workdays:year", [2026]),
    ("workdays:override_add", [2026]),
    ("workdays:year_create", []),
    ("workdays:year_seed", [2026]),
    ("workdays:year_delete", [2026]),
]


def override_pk(day):
    return CalendarOverride.objects.get(date=day).pk


def test_years_page_shows_loaded_and_missing_years(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(reverse("workdays:years"))
    assert response.status_code == 200
    assert response.context["nav_key"] == "calendar"
    rows = {r["year"]: r for r in response.context["rows"]}
    assert rows[2026]["row"] is not None and rows[2026]["row"].source == "chinesecalendar"
    assert rows[2026]["holidays"] == 19 and rows[2026]["workdays"] == 6
    assert rows[2027]["row"] is None
    assert 2027 in response.context["missing_soon"]
    html = response.content.decode()
    assert "缺少 2027 年的法定节假日安排" in html
    assert 'href="/calendar/2026/"' in html
    assert f'{reverse("workdays:year_create")}?year=2027' in html
    assert "已载入" in html and "缺失" in html


def test_years_page_offers_seeding_for_a_deleted_package_year(client, sysadmin):
    services.delete_year(sysadmin, 2012)
    client.force_login(sysadmin)
    html = client.get(reverse("workdays:years")).content.decode()
    assert reverse("workdays:year_seed", args=[2012]) in html


@pytest.mark.parametrize(("name", "args"), ADMIN_PAGES)
@pytest.mark.parametrize("who", ["clerk", "secadmin"])
def test_other_users_get_403(client, request, who, name, args):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse(name, args=args), {"confirm": "yes"}).status_code == 403
    assert CalendarYear.objects.filter(year=2026).exists()


def test_other_users_cannot_edit_or_delete_a_day(client, clerk):
    client.force_login(clerk)
    pk = override_pk(D(2026, 10, 7))
    assert client.post(reverse("workdays:override_delete", args=[pk]), {"confirm": "yes"}).status_code == 403
    assert client.post(reverse("workdays:override_edit", args=[pk]),
                       {"date": "2026-10-07", "kind": "holiday", "name": "x"}).status_code == 403
    assert CalendarOverride.objects.get(pk=pk).name == "国庆节"


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("workdays:years"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    response = client.get(reverse("workdays:calculator"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_year_page_lists_overrides(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(reverse("workdays:year", args=[2026]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2026-10-10" in html and "星期六" in html and "调休上班" in html
    assert "2026-10-07 休 国庆节" in html  # the bulk-format view
    assert reverse("workdays:override_edit", args=[override_pk(D(2026, 10, 7))]) in html


def test_missing_year_page_offers_entry(client, sysadmin):
    client.force_login(sysadmin)
    html = client.get(reverse("workdays:year", args=[2027])).content.decode()
    assert "2027 年的工作日历尚未载入" in html
    assert "?year=2027" in html


def test_add_override_through_the_form(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("workdays:override_add", args=[2026])
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-11-30", "kind": "holiday", "name": "测试假日", "note": ""})
    assert response.status_code == 302
    assert CalendarOverride.objects.get(date=D(2026, 11, 30)).name == "测试假日"


def test_duplicate_through_the_form_shows_error_and_changes_nothing(client, sysadmin):
    client.force_login(sysadmin)
    count, events = CalendarOverride.objects.count(), AuditEvent.objects.count()
    response = client.post(reverse("workdays:override_add", args=[2026]),
                           {"date": "2026-10-01", "kind": "holiday", "name": "国庆节"})
    assert response.status_code == 200
    assert "2026-10-01 已有一条记录" in response.content.decode()
    assert (CalendarOverride.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_weekend_holiday_through_the_form_rejected(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(reverse("workdays:override_add", args=[2026]),
                           {"date": "2026-11-28", "kind": "holiday", "name": "测试"})
    assert response.status_code == 200
    assert "本来就是休息日" in response.content.decode()
    assert not CalendarOverride.objects.filter(date=D(2026, 11, 28)).exists()


def test_edit_override_through_the_form(client, sysadmin):
    client.force_login(sysadmin)
    pk = override_pk(D(2026, 10, 7))
    url = reverse("workdays:override_edit", args=[pk])
    assert 'value="2026-10-07"' in client.get(url).content.decode()
    response = client.post(url, {"date": "2026-10-07", "kind": "holiday", "name": "国庆节", "note": "已核对"})
    assert response.status_code == 302
    assert CalendarOverride.objects.get(pk=pk).note == "已核对"


def test_delete_override_behind_confirmation(client, sysadmin):
    client.force_login(sysadmin)
    pk = override_pk(D(2026, 10, 7))
    url = reverse("workdays:override_delete", args=[pk])
    response = client.get(url)
    assert response.status_code == 200 and "确定删除" in response.content.decode()
    assert CalendarOverride.objects.filter(pk=pk).exists()
    client.post(url, {})  # no confirmation: nothing happens
    assert CalendarOverride.objects.filter(pk=pk).exists()
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(pk=pk).exists()


def test_bulk_form_bad_line_saves_nothing(client, sysadmin):
    client.force_login(sysadmin)
    url = reverse("workdays:year_create")
    assert 'value="2027"' in client.get(url + "?year=2027").content.decode()
    events = AuditEvent.objects.count()
    response = client.post(url, {"year": "2027", "entries": "2027-01-01 休 元旦\n2027-01-03 休 元旦", "note": ""})
    assert response.status_code == 200
    assert "第 2 行" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarOverride.objects.filter(date__year=2027).exists()
    assert AuditEvent.objects.count() == events


def test_bulk_form_creates_year(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(reverse("workdays:year_create"),
                           {"year": "2027", "entries": "2027-01-01 休 元旦\n2027-02-07 班 春节调休", "note": ""})
    assert response.status_code == 302 and response["Location"] == reverse("workdays:year", args=[2027])
    assert CalendarYear.objects.get(year=2027).source == "manual"
    assert CalendarOverride.objects.filter(date__year=2027).count() == 2


def test_seed_and_delete_year_behind_confirmation(client, sysadmin):
    client.force_login(sysadmin)
    delete_url = reverse("workdays:year_delete", args=[2026])
    assert "确定删除 2026 年" in client.get(delete_url).content.decode()
    assert client.post(delete_url, {"confirm": "yes"}).status_code == 302
    assert not CalendarYear.objects.filter(year=2026).exists()
    seed_url = reverse("workdays:year_seed", args=[2026])
    assert "载入 2026 年" in client.get(seed_url).content.decode()
    assert client.post(seed_url, {"confirm": "yes"}).status_code == 302
    assert CalendarYear.objects.get(year=2026).source == "chinesecalendar"
    assert CalendarOverride.objects.filter(date__year=2026).count() == 25


def test_seed_page_for_year_outside_package_is_404(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get(reverse("workdays:year_seed", args=[2027])).status_code == 404


def test_calculator_shows_due_date_and_explanation(client, clerk):
    client.force_login(clerk)
    url = reverse("workdays:calculator")
    assert client.get(url).status_code == 200
    response = client.get(url, {"start": "2020-09-28", "days": "20"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "到期日：2020-11-02（星期一）" in html
    assert "跳过国庆节假期 2020-10-01 至 2020-10-08" in html
    assert "计入调休上班日 2020-10-10（星期六）" in html
    assert response.context["nav_key"] == "calendar"


def test_calculator_counts_between_dates(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(reverse("workdays:calculator"), {"date_from": "2023-09-27", "date_to": "2023-10-10"})
    html = response.content.decode()
    assert "共 5 个工作日" in html
    assert "中秋节、国庆节假期 2023-09-29 至 2023-10-06" in html


def test_calculator_reports_missing_year_and_bad_input(client, clerk):
    client.force_login(clerk)
    url = reverse("workdays:calculator")
    html = client.get(url, {"start": "2026-12-28", "days": "5"}).content.decode()
    assert "缺少 2027 年的法定节假日安排" in html
    assert "到期日：" not in html
    html = client.get(url, {"start": "2026-02-30", "days": "-1"}).content.decode()
    assert "日期格式应为 YYYY-MM-DD" in html
    assert "到期日：" not in html


def test_reload_of_a_loaded_year_replaces_manual_edits(client, sysadmin):
    CalendarOverride.objects.filter(date=D(2026, 10, 7)).update(name="手工改名")
    client.force_login(sysadmin)
    url = reverse("workdays:year_seed", args=[2026])
    html = client.get(url).content.decode()
    assert "手工所作的调整将被覆盖" in html and 'name="replace" value="1"' in html
    # Without the replace flag from the confirmation page an already loaded year is not overwritten.
    client.post(url, {"confirm": "yes"})
    assert CalendarOverride.objects.get(date=D(2026, 10, 7)).name == "手工改名"
    assert client.post(url, {"confirm": "yes", "replace": "1"}).status_code == 302
    assert CalendarOverride.objects.get(date=D(2026, 10, 7)).name == "国庆节"
