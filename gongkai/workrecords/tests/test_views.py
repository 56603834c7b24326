"""Staff pages: the list with filters and scope, the Excel exports, create/edit/delete through the forms, the
summary page, the new-media entry; the 监督员 reads only, other offices get 404."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.workrecords import services
from gongkai.workrecords.models import NewMediaMonth, WorkRecord

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def data(users, tree):
    office = users["office"]
    city = services.create_record(office, org=tree["city"], kind="press_conference", held_on=D(2026, 3, 2),
                                  title="城市更新新闻发布会", place="新闻发布厅")
    edu = services.create_record(users["publisher"], org=tree["city_edu"], kind="training", held_on=D(2025, 10, 9),
                                 title="教育系统政务公开培训", attendees=35)
    other = services.create_record(users["b_publisher"], org=tree["dist_b"], kind="online_interview",
                                   held_on=D(2026, 2, 1), title="B区在线访谈")
    account = services.create_account(users["publisher"], org=tree["city_edu"], platform="wechat", name="甲市教育")
    return {"city": city, "edu": edu, "other": other, "account": account}


def titles(response):
    return {r.title for r in response.context["page"]}


def test_list_is_scoped_and_filtered(client, users, tree, data):
    client.force_login(users["publisher"])
    response = client.get(reverse("workrecords:index"))
    assert response.status_code == 200 and titles(response) == {"教育系统政务公开培训"}
    assert "登记记录" in response.content.decode()

    client.force_login(users["office"])
    url = reverse("workrecords:index")
    assert titles(client.get(url)) == {"城市更新新闻发布会", "教育系统政务公开培训", "B区在线访谈"}
    assert titles(client.get(url, {"kind": "training"})) == {"教育系统政务公开培训"}
    assert titles(client.get(url, {"start": "2026-01-01", "end": "2026-12-31"})) == {"城市更新新闻发布会", "B区在线访谈"}
    assert titles(client.get(url, {"q": "城市更新"})) == {"城市更新新闻发布会"}
    assert titles(client.get(url, {"org": tree["city_edu"].pk})) == {"教育系统政务公开培训"}
    assert titles(client.get(url, {"org": tree["dist_b"].pk})) == {"B区在线访谈"}  # a body with those below it
    # bad filters: ignored with a message, or 404 for a body outside the scope
    assert titles(client.get(url, {"start": "2026-12-31", "end": "2026-01-01", "kind": "x"})) == {
        "城市更新新闻发布会", "教育系统政务公开培训", "B区在线访谈"}
    assert client.get(url, {"org": "abc"}).status_code == 404
    client.force_login(users["b_publisher"])
    assert client.get(url, {"org": tree["city"].pk}).status_code == 404


def test_supervisor_reads_but_cannot_write(client, users, data):
    client.force_login(users["supervisor"])
    response = client.get(reverse("workrecords:index"))
    assert response.status_code == 200 and "登记记录" not in response.content.decode()
    assert "/edit/" not in response.content.decode()
    assert client.get(reverse("workrecords:create")).status_code == 403
    assert client.get(reverse("workrecords:edit", args=[data["city"].pk])).status_code == 403
    assert client.post(reverse("workrecords:delete", args=[data["city"].pk]), {"confirm": "yes"}).status_code == 403
    assert client.post(reverse("workrecords:newmedia"), {"month": "2026-05",
                                                         f"posts_{data['account'].pk}": "5"}).status_code == 200
    assert not NewMediaMonth.objects.exists()  # the supervisor has no entry rows: nothing was posted
    assert WorkRecord.objects.count() == 3


def test_other_office_gets_404(client, users, data):
    client.force_login(users["b_publisher"])
    assert client.get(reverse("workrecords:edit", args=[data["city"].pk])).status_code == 404
    assert client.post(reverse("workrecords:delete", args=[data["edu"].pk]), {"confirm": "yes"}).status_code == 404
    assert client.get(reverse("workrecords:account_edit", args=[data["account"].pk])).status_code == 404
    assert WorkRecord.objects.count() == 3


def test_create_edit_delete_through_the_forms(client, users, tree, data):
    client.force_login(users["publisher"])
    response = client.post(reverse("workrecords:create"), {
        "org": tree["city_edu"].pk, "kind": "training", "held_on": "2026-05-10", "title": "新任职人员培训",
        "attendees": ""})
    assert response.status_code == 200 and "请填写参加人次" in response.content.decode()
    response = client.post(reverse("workrecords:create"), {
        "org": tree["city_edu"].pk, "kind": "training", "held_on": "2026-05-10", "title": "新任职人员培训",
        "attendees": "20"})
    assert response.status_code == 302
    row = WorkRecord.objects.get(title="新任职人员培训")
    edit = reverse("workrecords:edit", args=[row.pk])
    response = client.post(edit, {"org": tree["city_edu"].pk, "kind": "training", "held_on": "2026-05-10",
                                  "title": "新任职人员培训（第一期）", "attendees": "22", "version": 1})
    assert response.status_code == 302
    response = client.post(edit, {"org": tree["city_edu"].pk, "kind": "training", "held_on": "2026-05-10",
                                  "title": "过期的修改", "attendees": "22", "version": 1}, follow=True)
    assert "已被他人修改" in response.content.decode()
    row.refresh_from_db()
    assert (row.title, row.attendees, row.version) == ("新任职人员培训（第一期）", 22, 2)
    confirm = client.get(reverse("workrecords:delete", args=[row.pk]))
    assert "确定删除" in confirm.content.decode()
    assert WorkRecord.objects.filter(pk=row.pk).exists()
    client.post(reverse("workrecords:delete", args=[row.pk]), {"confirm": "yes", "version": 2})
    assert not WorkRecord.objects.filter(pk=row.pk).exists()


def test_exports(client, users, data):
    client.force_login(users["office"])
    response = client.get(reverse("workrecords:export"), {"kind": "training"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("机关", "类别", "日期", "主题")
    assert [(r[0], r[1], r[3], r[5]) for r in rows[1:]] == [("甲市教育局", "培训", "教育系统政务公开培训", 35)]

    response = client.get(reverse("workrecords:summary_export"), {"year": "2026"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] == "机关" and rows[-1][0] == "合计"
    assert rows[-1][1:5] == (1, 1, 0, 0)  # 2026: one press conference (city), one interview (district B)


def test_summary_page(client, users, tree, data):
    client.force_login(users["office"])
    response = client.get(reverse("workrecords:summary"), {"year": "2025"})
    assert response.status_code == 200
    assert response.context["data"]["total"]["attendees"] == 35
    response = client.get(reverse("workrecords:summary"), {"start": "2026-01-01", "end": "2026-02-28"})
    assert response.context["data"]["total"]["online_interview"] == 1
    assert response.context["data"]["total"]["press_conference"] == 0
    response = client.get(reverse("workrecords:summary"), {"start": "2026-03-01", "end": "2026-01-01"})
    assert response.status_code == 200 and response.context["start"] == D(2026, 1, 1)  # fell back to the year


def test_newmedia_entry_page(client, users, data):
    client.force_login(users["publisher"])
    url = reverse("workrecords:newmedia")
    account = data["account"]
    response = client.post(url, {"month": "2026-05", f"posts_{account.pk}": "abc"})
    assert response.status_code == 200 and "应为整数" in response.content.decode()
    assert not NewMediaMonth.objects.exists()
    response = client.post(url, {"month": "2026-05", f"posts_{account.pk}": "48"})
    assert response.status_code == 302
    assert NewMediaMonth.objects.get().posts == 48
    response = client.get(url, {"month": "2026-05"})
    grid = response.context["grid"]
    assert grid[0]["values"][4] == 48 and grid[0]["total"] == 48
    response = client.get(url, {"month": "2030-01"})  # not begun: back to this month, with a message
    assert response.status_code == 200 and response.context["month"] == D(2026, 6, 1)
    rows = list(load_workbook(io.BytesIO(client.get(reverse("workrecords:newmedia_export"),
                                                    {"month": "2026-05"}).content)).active.values)
    assert rows[1][2] == "甲市教育" and rows[1][8] == 48 and rows[1][-1] == 48


def test_every_page_renders_for_a_keeper(client, users, data):
    client.force_login(users["publisher"])
    account = data["account"]
    for url in [reverse("workrecords:create"), reverse("workrecords:edit", args=[data["edu"].pk]),
                reverse("workrecords:delete", args=[data["edu"].pk]), reverse("workrecords:account_create"),
                reverse("workrecords:account_edit", args=[account.pk]),
                reverse("workrecords:account_delete", args=[account.pk]), reverse("workrecords:summary"),
                reverse("workrecords:newmedia")]:
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.post(reverse("workrecords:account_delete", args=[account.pk]),
                           {"confirm": "yes", "version": 1})
    assert response.status_code == 302 and not type(account).objects.exists()
