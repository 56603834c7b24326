"""The work-record services: who may write, what is validated, optimistic versions, the audit trail, and the
monthly new-media entry (all-or-nothing, blank removes)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ConflictError
from gongkai.workrecords import services
from gongkai.workrecords.models import NewMediaAccount, NewMediaMonth, WorkRecord

pytestmark = pytest.mark.django_db
D = dt.date


def press(user, org, **extra):
    data = {"kind": "press_conference", "held_on": D(2026, 3, 2), "title": "优化营商环境新闻发布会",
            "place": "市政府新闻发布厅"} | extra
    return services.create_record(user, org=org, **data)


def test_publisher_creates_updates_and_deletes_with_audit(users, tree):
    row = press(users["publisher"], tree["city_edu"], link="https://www.example.gov.cn/fbh/1.html")
    assert row.created_by == users["publisher"] and row.version == 1 and row.attendees is None
    row = services.update_record(users["publisher"], row.pk, version=1, kind="online_interview",
                                 held_on="2026-03-05", title="在线访谈：招生政策", attendees="12")
    assert (row.kind, row.held_on, row.attendees, row.version) == ("online_interview", D(2026, 3, 5), 12, 2)
    with pytest.raises(ConflictError):
        services.update_record(users["publisher"], row.pk, version=1, kind="online_interview",
                               held_on="2026-03-05", title="改过的标题")
    assert WorkRecord.objects.get(pk=row.pk).title == "在线访谈：招生政策"
    services.delete_record(users["publisher"], row.pk, version=2)
    assert not WorkRecord.objects.exists()
    actions = list(AuditEvent.objects.filter(object_type="workrecords.workrecord").order_by("seq").values_list("action", flat=True))
    assert actions == ["workrecords.record.create", "workrecords.record.update", "workrecords.record.delete"]


def test_office_admin_keeps_records_of_its_subtree_and_readers_cannot_write(users, tree):
    row = press(users["office"], tree["dist_a_office"])
    assert row.org == tree["dist_a_office"]
    with pytest.raises(PermissionDenied, match="监督员只能查看"):
        press(users["supervisor"], tree["city_edu"])
    with pytest.raises(PermissionDenied):
        press(users["handler"], tree["city_edu"])  # a 承办人 reads only
    with pytest.raises(Http404):  # district B's publisher cannot see the city bureau
        press(users["b_publisher"], tree["city_edu"])
    with pytest.raises(Http404):
        services.update_record(users["b_publisher"], row.pk, version=1, kind="press_conference",
                               held_on="2026-03-02", title="x")
    with pytest.raises(PermissionDenied):
        services.delete_record(users["supervisor"], row.pk)
    with pytest.raises(Http404):  # the education publisher cannot move a record into district A
        services.update_record(users["publisher"], press(users["publisher"], tree["city_edu"]).pk, version=1,
                               org=tree["dist_b"], kind="press_conference", held_on="2026-03-02", title="x")
    assert WorkRecord.objects.count() == 2


@pytest.mark.parametrize("extra, field, message", [
    ({"kind": "party"}, "kind", "请选择类别"),
    ({"held_on": "2026-06-16"}, "held_on", "不能晚于今天"),
    ({"held_on": "2026/03/02"}, "held_on", "格式不正确"),
    ({"held_on": "2007-12-31"}, "held_on", "不能早于 2008 年"),
    ({"title": "  "}, "title", "请填写主题"),
    ({"title": "x" * 301}, "title", "不能超过 300 字"),
    ({"link": "javascript:alert(1)"}, "link", "http://"),
    ({"attendees": "-3"}, "attendees", "0 到"),
    ({"attendees": "十二"}, "attendees", "应为整数"),
    ({"kind": "training"}, "attendees", "请填写参加人次"),
    ({"kind": "training", "attendees": 0}, "attendees", "应大于 0"),
])
def test_bad_input_is_refused_with_a_field_message(users, tree, extra, field, message):
    with pytest.raises(ValidationError) as e:
        press(users["publisher"], tree["city_edu"], **extra)
    assert any(message in m for m in e.value.message_dict[field])
    assert not WorkRecord.objects.exists() and not AuditEvent.objects.filter(action__startswith="workrecords").exists()


def test_training_keeps_its_attendees(users, tree):
    row = services.create_record(users["office"], org=tree["city"], kind="training", held_on="2025-10-15",
                                 title="全市政务公开工作培训会议", attendees="108")
    assert row.attendees == 108 and str(row) == "培训：全市政务公开工作培训会议（2025-10-15）"


def test_accounts_unique_per_body_and_not_deleted_with_counts(users, tree):
    account = services.create_account(users["publisher"], org=tree["city_edu"], platform="wechat", name="甲市教育")
    with pytest.raises(ValidationError, match="已有同一平台"):
        services.create_account(users["publisher"], org=tree["city_edu"], platform="wechat", name="甲市教育")
    with pytest.raises(ValidationError):
        services.create_account(users["publisher"], org=tree["city_edu"], platform="myspace", name="x")
    other = services.create_account(users["publisher"], org=tree["city_edu"], platform="weibo", name="甲市教育")
    with pytest.raises(ConflictError):
        services.update_account(users["publisher"], account.pk, version=5, platform="wechat", name="新名称")
    account = services.update_account(users["publisher"], account.pk, version=1, platform="wechat", name="新名称",
                                      is_active=False)
    assert (account.name, account.is_active, account.version) == ("新名称", False, 2)
    services.save_month(users["publisher"], "2026-05", {account.pk: 10})
    with pytest.raises(ValidationError, match="已有月度发布数"):
        services.delete_account(users["publisher"], account.pk)
    with pytest.raises(PermissionDenied):
        services.delete_account(users["supervisor"], other.pk)
    services.delete_account(users["publisher"], other.pk, version=1)
    assert list(NewMediaAccount.objects.values_list("name", flat=True)) == ["新名称"]


def test_monthly_entry_is_all_or_nothing_and_blank_removes(users, tree):
    a = services.create_account(users["office"], org=tree["city"], platform="weibo", name="甲市发布")
    b = services.create_account(users["office"], org=tree["city_edu"], platform="wechat", name="甲市教育")
    assert services.save_month(users["office"], "2026-05", {a.pk: "120", b.pk: 48}) == 2
    assert services.save_month(users["office"], dt.date(2026, 5, 20), {a.pk: 120, b.pk: 48}) == 0  # no change
    with pytest.raises(ValidationError) as e:
        services.save_month(users["office"], "2026-05", {a.pk: "130", b.pk: "-1"})
    assert f"posts_{b.pk}" in e.value.message_dict
    assert dict(NewMediaMonth.objects.values_list("account_id", "posts")) == {a.pk: 120, b.pk: 48}
    assert services.save_month(users["office"], "2026-05", {a.pk: "130", b.pk: ""}) == 2
    assert dict(NewMediaMonth.objects.values_list("account_id", "posts")) == {a.pk: 130}
    assert NewMediaMonth.objects.get().month == D(2026, 5, 1)
    event = AuditEvent.objects.filter(action="workrecords.month.save").order_by("seq").last()
    assert event.before["posts"] == {str(a.pk): 120, str(b.pk): 48} and event.after["posts"] == {
        str(a.pk): 130, str(b.pk): None}


def test_monthly_entry_permissions_and_months(users, tree):
    a = services.create_account(users["office"], org=tree["city"], platform="weibo", name="甲市发布")
    b = services.create_account(users["b_publisher"], org=tree["dist_b"], platform="weibo", name="B区发布")
    with pytest.raises(ValidationError, match="尚未开始"):
        services.save_month(users["office"], "2026-07", {a.pk: 1})
    with pytest.raises(ValidationError, match="YYYY-MM"):
        services.save_month(users["office"], "五月", {a.pk: 1})
    with pytest.raises(Http404):  # one account outside the scope spoils the whole entry
        services.save_month(users["publisher"], "2026-05", {a.pk: 1})
    with pytest.raises(Http404):
        services.save_month(users["b_publisher"], "2026-05", {b.pk: 1, a.pk: 1})
    with pytest.raises(PermissionDenied):
        services.save_month(users["supervisor"], "2026-05", {a.pk: 1})
    assert not NewMediaMonth.objects.exists()
    assert services.save_month(users["office"], "2026-05", {a.pk: 3, b.pk: 4}) == 2  # the city sees district B
