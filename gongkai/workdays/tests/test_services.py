"""Calendar services: permission, validation, audit, cache invalidation and the calendar_changed signal."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.audit.services import verify_chain
from gongkai.workdays import selectors, services, sources
from gongkai.workdays.calendar import HOLIDAY, WORKDAY, CalendarYearMissing
from gongkai.workdays.models import CalendarOverride, CalendarRevision, CalendarYear

D = dt.date
pytestmark = pytest.mark.django_db

GOOD_2027 = """
# 2027 年部分节假日安排（测试数据）
2027-01-01 休 元旦
2027-02-05 休 春节
2027-02-08 休 春节
2027-02-07 班 春节调休
"""


def state():
    """Everything a failed call must leave untouched."""
    return (list(CalendarOverride.objects.values_list("date", "kind", "name", "note").order_by("date")),
            list(CalendarYear.objects.values_list("year", "source").order_by("year")),
            AuditEvent.objects.count())


def actions():
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


# ---- add / update / delete one day ---------------------------------------------------------------


def test_add_override_writes_audit_and_changes_deadlines(sysadmin, signals_received):
    # 2026-11-30 is a Monday; warm the cache first so the test proves it is invalidated.
    assert selectors.add_workdays(D(2026, 11, 27), 1) == D(2026, 11, 30)
    override = services.add_override(sysadmin, date=D(2026, 11, 30), kind=HOLIDAY, name=" 测试假日 ", note="")
    assert override.name == "测试假日"
    assert selectors.add_workdays(D(2026, 11, 27), 1) == D(2026, 12, 1)
    assert selectors.is_workday(D(2026, 11, 30)) is False
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "workdays.override.create"
    assert event.actor_id == sysadmin.pk
    assert event.after["date"] == "2026-11-30" and event.after["kind"] == "holiday"
    assert signals_received == [{"dates": frozenset({D(2026, 11, 30)}), "years": frozenset({2026}),
                                 "action": "workdays.override.create", "actor": sysadmin}]
    assert verify_chain().ok


def test_add_weekend_workday(sysadmin):
    services.add_override(sysadmin, date=D(2026, 11, 28), kind=WORKDAY, name="补班")
    assert selectors.add_workdays(D(2026, 11, 27), 1) == D(2026, 11, 28)


def test_duplicate_date_rejected_and_nothing_changes(sysadmin, signals_received):
    before = state()
    with pytest.raises(ValidationError) as info:
        services.add_override(sysadmin, date=D(2026, 10, 1), kind=HOLIDAY, name="国庆节")
    message = info.value.message_dict["date"][0]
    assert "2026-10-01 已有一条记录" in message and "不能重复录入" in message
    assert state() == before
    assert signals_received == []


def test_holiday_on_weekend_rejected(sysadmin):
    before = state()
    with pytest.raises(ValidationError) as info:
        services.add_override(sysadmin, date=D(2026, 11, 28), kind=HOLIDAY, name="测试")
    assert "星期六" in info.value.message_dict["date"][0]
    assert "本来就是休息日" in info.value.message_dict["date"][0]
    assert state() == before


def test_workday_on_weekday_rejected(sysadmin):
    before = state()
    with pytest.raises(ValidationError) as info:
        services.add_override(sysadmin, date=D(2026, 11, 30), kind=WORKDAY, name="测试")
    assert "本来就是工作日" in info.value.message_dict["date"][0]
    assert state() == before


def test_override_in_unloaded_year_rejected(sysadmin):
    before = state()
    with pytest.raises(ValidationError) as info:
        services.add_override(sysadmin, date=D(2027, 1, 1), kind=HOLIDAY, name="元旦")
    assert "2027 年的工作日历尚未载入" in info.value.message_dict["date"][0]
    assert state() == before


def test_missing_name_rejected(sysadmin):
    with pytest.raises(ValidationError) as info:
        services.add_override(sysadmin, date=D(2026, 11, 30), kind=HOLIDAY, name="  ")
    assert "name" in info.value.message_dict


def test_update_override_moves_the_day(sysadmin, signals_received):
    override = CalendarOverride.objects.get(date=D(2026, 10, 7))
    services.update_override(sysadmin, override.pk, date=D(2026, 10, 8), kind=HOLIDAY, name="国庆节", note="更正")
    assert selectors.is_workday(D(2026, 10, 7)) is True
    assert selectors.is_workday(D(2026, 10, 8)) is False
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "workdays.override.update"
    assert event.before["date"] == "2026-10-07" and event.after["date"] == "2026-10-08"
    assert event.after["note"] == "更正"
    assert signals_received[0]["dates"] == frozenset({D(2026, 10, 7), D(2026, 10, 8)})


def test_update_onto_an_existing_date_rejected(sysadmin):
    override = CalendarOverride.objects.get(date=D(2026, 10, 7))
    before = state()
    with pytest.raises(ValidationError) as info:
        services.update_override(sysadmin, override.pk, date=D(2026, 10, 6), kind=HOLIDAY, name="国庆节")
    assert "2026-10-06 已有一条记录" in info.value.message_dict["date"][0]
    assert state() == before


def test_delete_override(sysadmin, signals_received):
    override = CalendarOverride.objects.get(date=D(2026, 10, 7))
    services.delete_override(sysadmin, override.pk)
    assert not CalendarOverride.objects.filter(date=D(2026, 10, 7)).exists()
    assert selectors.is_workday(D(2026, 10, 7)) is True
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "workdays.override.delete" and event.before["date"] == "2026-10-07"
    assert signals_received[0]["action"] == "workdays.override.delete"


# ---- whole years -------------------------------------------------------------------------------


def test_create_year_manually(sysadmin, signals_received):
    with pytest.raises(CalendarYearMissing):
        selectors.add_workdays(D(2026, 12, 31), 1)
    year = services.create_year_manually(sysadmin, year=2027, entries=GOOD_2027, note="国办发明电〔2026〕X号")
    assert year.source == "manual"
    assert list(CalendarOverride.objects.filter(date__year=2027).values_list("date", "kind", "name")) == [
        (D(2027, 1, 1), "holiday", "元旦"), (D(2027, 2, 5), "holiday", "春节"),
        (D(2027, 2, 7), "workday", "春节调休"), (D(2027, 2, 8), "holiday", "春节")]
    # 2027-01-01 is a Friday holiday, so the first working day after New Year's Eve is Monday the 4th.
    assert selectors.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert selectors.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 7)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "workdays.year.create"
    assert len(event.after["entries"]) == 4
    assert signals_received[0]["years"] == frozenset({2027})


def test_bulk_entry_with_a_bad_line_saves_nothing(sysadmin, signals_received):
    before = state()
    text = "2027-01-01 休 元旦\n2027-01-02 休 元旦\n2027-13-01 休 错误\n2027-02-07 加 春节\n2027-02-08 春节\n"
    with pytest.raises(ValidationError) as info:
        services.create_year_manually(sysadmin, year=2027, entries=text)
    errors = info.value.message_dict["entries"]
    assert errors[0].startswith("第 2 行") and "星期六" in errors[0]
    assert errors[1].startswith("第 3 行") and "不存在" in errors[1]
    assert errors[2].startswith("第 4 行") and "“休”" in errors[2]
    assert errors[3].startswith("第 5 行") and "格式不对" in errors[3]
    assert len(errors) == 4
    assert state() == before
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert signals_received == []


def test_bulk_entry_rejects_other_years_and_duplicates():
    with pytest.raises(ValidationError) as info:
        sources.parse_entries("2027-01-01 休 元旦\n2026-10-01 休 国庆节\n2027-01-01 休 元旦", 2027)
    assert info.value.messages == ["第 2 行：日期 2026-10-01 不在 2027 年。",
                                   "第 3 行：日期 2027-01-01 与第 1 行重复。"]
    with pytest.raises(ValidationError):
        sources.parse_entries("# only a comment\n\n", 2027)


def test_bulk_entry_for_loaded_year_rejected(sysadmin):
    before = state()
    with pytest.raises(ValidationError) as info:
        services.create_year_manually(sysadmin, year=2026, entries="2026-12-31 休 测试")
    assert "2026 年的工作日历已经载入" in info.value.message_dict["year"][0]
    assert state() == before


def test_delete_year_then_load_from_package(sysadmin, signals_received):
    services.delete_year(sysadmin, 2026)
    assert not CalendarYear.objects.filter(year=2026).exists()
    assert not CalendarOverride.objects.filter(date__year=2026).exists()
    with pytest.raises(CalendarYearMissing) as info:
        selectors.is_workday(D(2026, 6, 1))
    assert info.value.year == 2026
    year = services.load_year_from_package(sysadmin, 2026)
    assert year.source == "chinesecalendar"
    assert selectors.is_workday(D(2026, 10, 1)) is False
    assert actions()[-2:] == ["workdays.year.delete", "workdays.year.seed"]
    assert [s["action"] for s in signals_received] == ["workdays.year.delete", "workdays.year.seed"]
    assert all(s["years"] == frozenset({2026}) for s in signals_received)
    assert D(2026, 10, 1) in signals_received[0]["dates"]


def test_load_loaded_year_needs_replace(sysadmin):
    override = CalendarOverride.objects.get(date=D(2026, 10, 7))
    services.update_override(sysadmin, override.pk, date=D(2026, 10, 7), kind=HOLIDAY, name="手工改名")
    before = state()
    with pytest.raises(ValidationError) as info:
        services.load_year_from_package(sysadmin, 2026)
    assert "已经载入" in info.value.message_dict["year"][0]
    assert state() == before
    services.load_year_from_package(sysadmin, 2026, replace=True)
    assert CalendarOverride.objects.get(date=D(2026, 10, 7)).name == "国庆节"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "workdays.year.replace"
    assert ["2026-10-07", "holiday", "手工改名", ""] in event.before["entries"]


def test_load_year_the_package_lacks(sysadmin):
    with pytest.raises(ValidationError) as info:
        services.load_year_from_package(sysadmin, 2027)
    assert "没有 2027 年" in info.value.message_dict["year"][0]


# ---- permission, cache, seed data -----------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda u: services.add_override(u, date=D(2026, 11, 30), kind=HOLIDAY, name="测试"),
    lambda u: services.update_override(u, CalendarOverride.objects.get(date=D(2026, 10, 7)).pk,
                                       date=D(2026, 10, 7), kind=HOLIDAY, name="测试"),
    lambda u: services.delete_override(u, CalendarOverride.objects.get(date=D(2026, 10, 7)).pk),
    lambda u: services.load_year_from_package(u, 2026, replace=True),
    lambda u: services.create_year_manually(u, year=2027, entries=GOOD_2027),
    lambda u: services.delete_year(u, 2026),
])
@pytest.mark.parametrize("who", ["secadmin", "clerk"])
def test_only_sysadmin_may_change_the_calendar(call, who, request):
    user = request.getfixturevalue(who)
    before = state()
    with pytest.raises(PermissionDenied, match="只有系统管理员"):
        call(user)
    assert state() == before


def test_deactivated_sysadmin_denied(sysadmin):
    sysadmin.is_active = False
    sysadmin.save()
    with pytest.raises(PermissionDenied):
        services.add_override(sysadmin, date=D(2026, 11, 30), kind=HOLIDAY, name="测试")


def test_cache_reused_until_the_revision_changes():
    first = selectors.get_calendar()
    assert selectors.get_calendar() is first
    # Another process's change: a row written and the revision token renewed, with no local invalidation.
    CalendarOverride.objects.create(date=D(2026, 11, 30), kind=HOLIDAY, name="他处修改")
    assert selectors.get_calendar() is first
    CalendarRevision.objects.filter(pk=1).update(token="changed-elsewhere")
    second = selectors.get_calendar()
    assert second is not first
    assert second.is_workday(D(2026, 11, 30)) is False


def test_seed_data_from_migration():
    years = CalendarYear.objects.all()
    assert [y.year for y in years] == list(range(2004, 2027))
    assert {y.source for y in years} == {"chinesecalendar"}
    assert CalendarOverride.objects.get(date=D(2015, 9, 3)).name == "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    assert CalendarOverride.objects.get(date=D(2020, 10, 10)).kind == WORKDAY
    # Only real overrides are stored: no weekend holidays, no weekday working days.
    for override in CalendarOverride.objects.all():
        assert (override.date.weekday() >= 5) == (override.kind == WORKDAY), override
    names = set(CalendarOverride.objects.values_list("name", flat=True))
    assert names == {"元旦", "春节", "清明节", "劳动节", "端午节", "国庆节", "中秋节",
                     "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"}
