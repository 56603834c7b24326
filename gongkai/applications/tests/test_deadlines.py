"""Table-driven deadline cases on the real statutory calendar (expected dates checked against
chinese_calendar by hand)."""

import datetime as dt

import pytest

from gongkai.applications.deadlines import EventFact, compute, supplement_notice_deadline, urgency
from gongkai.workdays.selectors import get_calendar

pytestmark = pytest.mark.django_db
D = dt.date


def ev(kind, on, **data):
    return EventFact(kind, on, data)


CASES = [
    ("plain 20 working days", D(2020, 3, 2), [], D(2020, 3, 30), "自2020年3月2日收到申请起20个工作日"),
    ("Spring Festival 2023 with 调休 weekend", D(2023, 1, 10), [], D(2023, 2, 10), ""),
    ("across the year end into 2025", D(2024, 12, 20), [], D(2025, 1, 20), ""),
    ("National Day 2023, 调休 Saturday counted", D(2023, 9, 20), [], D(2023, 10, 24), ""),
    ("National Day 2025", D(2025, 9, 22), [], D(2025, 10, 24), ""),
    ("year end 2019 into New Year 2020", D(2019, 12, 25), [], D(2020, 1, 22), ""),
    ("补正 restarts the clock", D(2023, 3, 1),
     [ev("request_supplement", D(2023, 3, 3)), ev("receive_supplement", D(2023, 3, 10))],
     D(2023, 4, 10), "自2023年3月10日收到补正起重新计算20个工作日"),
    ("third-party consultation pauses 6 working days", D(2020, 3, 2),
     [ev("start_consultation", D(2020, 3, 5), consultation_kind="third_party"),
      ev("end_consultation", D(2020, 3, 13))],
     D(2020, 4, 8), "征求第三方意见暂停6个工作日"),
    ("fee notice to payment pauses", D(2020, 3, 2),
     [ev("notify_fee", D(2020, 3, 5)), ev("receive_payment", D(2020, 3, 13))],
     D(2020, 4, 8), "收费通知至缴费暂停6个工作日"),
    ("extension of 20 working days", D(2020, 3, 2), [ev("extend", D(2020, 3, 20), workdays=20)],
     D(2020, 4, 27), "经审核延长20个工作日"),
    ("pause and extension together", D(2020, 3, 2),
     [ev("start_consultation", D(2020, 3, 5), consultation_kind="agency"),
      ev("end_consultation", D(2020, 3, 13)), ev("extend", D(2020, 3, 20), workdays=20)],
     D(2020, 5, 8), "征求其他行政机关意见暂停6个工作日"),
    ("Art. 35 later reply date", D(2020, 3, 2), [ev("defer", D(2020, 3, 10), deferred_to="2020-06-30")],
     D(2020, 6, 30), "依第三十五条确定延迟答复期限至2020年6月30日"),
]


@pytest.mark.parametrize("name, received, events, due, phrase", CASES, ids=[c[0] for c in CASES])
def test_due_dates(name, received, events, due, phrase):
    result = compute(received, events, get_calendar())
    assert result.due_on == due
    assert not result.paused
    assert result.explanation.endswith(f"{due.year}年{due.month}月{due.day}日")
    assert phrase in result.explanation


def test_open_consultation_pauses_the_clock():
    result = compute(D(2020, 3, 2), [ev("start_consultation", D(2020, 3, 9), consultation_kind="third_party")],
                     get_calendar())
    assert result.due_on is None and result.paused
    assert "征求第三方意见自2020年3月9日起暂停计算" in result.explanation and "已用5个工作日" in result.explanation


def test_awaiting_supplement_has_no_due_date():
    result = compute(D(2020, 3, 2), [ev("request_supplement", D(2020, 3, 4))], get_calendar())
    assert result.due_on is None and result.paused and "等待申请人补正" in result.explanation


def test_unreceived_application_has_no_clock():
    assert compute(None, [], get_calendar()).due_on is None


def test_supplement_notice_window_is_seven_working_days():
    # Received Friday 2023-09-22: 9/25–9/28 are days 1–4, 9/29–10/6 is the holiday, the 调休 weekend
    # 10/7–10/8 gives days 5–6, and Monday 10/9 is day 7.
    assert supplement_notice_deadline(D(2023, 9, 22), get_calendar()) == D(2023, 10, 9)


def test_urgency_flags():
    cal = get_calendar()
    today = D(2023, 9, 25)
    assert urgency(D(2023, 9, 22), today, cal) == "overdue"
    assert urgency(D(2023, 9, 28), today, cal) == "due_soon"
    # Three working days after 9/25 are 9/26, 9/27, 9/28; 10/7 (a 调休 Saturday) is far beyond them.
    assert urgency(D(2023, 10, 7), today, cal) == ""
    assert urgency(None, today, cal) == ""
