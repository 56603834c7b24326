"""The reply deadline of an application, derived from its events and the statutory calendar (pure: no
database access).

Rules (条例 Art. 30, 32–35; 109号 as implemented by provincial notices):
- 20 working days from the date of receipt (the receipt day itself is not counted);
- a 补正 request stops the clock; when the supplement arrives the 20 days start again from that day;
- consultation of a third party (Art. 32) or another agency (Art. 34), and the time from a 收费通知 to
  payment, are not counted: the clock pauses while they are open and the paused working days are added;
- one extension of at most 20 working days (Art. 33);
- for excessive requests the body may set a later, reasonable reply date (Art. 35).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.workdays.calendar import WorkCalendar

BASE_WORKDAYS = 20
SUPPLEMENT_NOTICE_WORKDAYS = 7
PAYMENT_WORKDAYS = 20
EXTENSION_MAX_WORKDAYS = 20
DUE_SOON_WORKDAYS = 3


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class EventFact:
    """The part of an event the deadline depends on."""

    kind: str
    on: dt.date
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date | None
    paused: bool
    explanation: str


PAUSE_LABELS = {"third_party": "征求第三方意见", "agency": "征求其他行政机关意见", "fee": "收费通知至缴费"}


def compute(received_on: dt.date | None, events: Iterable[EventFact], calendar: WorkCalendar) -> Deadline:
    if received_on is None:
        return Deadline(None, False, "尚未确认收到申请，答复期限尚未起算。")
    start = received_on
    start_text = f"自{cn_date(received_on)}收到申请起{BASE_WORKDAYS}个工作日"
    notes: list[str] = []
    paused = 0
    extension = 0
    open_pause: tuple[str, dt.date] | None = None
    awaiting_supplement: dt.date | None = None
    deferred_to: dt.date | None = None

    for event in events:
        if event.kind == "request_supplement":
            awaiting_supplement = event.on
        elif event.kind == "receive_supplement":
            start, awaiting_supplement, paused, open_pause = event.on, None, 0, None
            start_text = f"自{cn_date(event.on)}收到补正起重新计算{BASE_WORKDAYS}个工作日"
            notes = [n for n in notes if n.startswith("经审核延长")]
        elif event.kind in ("start_consultation", "notify_fee"):
            key = "fee" if event.kind == "notify_fee" else event.data.get("consultation_kind", "third_party")
            open_pause = (key, event.on)
        elif event.kind in ("end_consultation", "receive_payment") and open_pause is not None:
            key, since = open_pause
            days = max(0, calendar.workdays_between(since, event.on))
            paused += days
            notes.append(f"{PAUSE_LABELS[key]}暂停{days}个工作日（{cn_date(since)}至{cn_date(event.on)}）")
            open_pause = None
        elif event.kind == "extend":
            days = int(event.data.get("workdays", 0))
            extension += days
            notes.append(f"经审核延长{days}个工作日（{cn_date(event.on)}）")
        elif event.kind == "defer":
            deferred_to = dt.date.fromisoformat(event.data["deferred_to"])

    if awaiting_supplement is not None:
        return Deadline(None, True, f"{start_text}；{cn_date(awaiting_supplement)}已发出补正告知，"
                                    f"等待申请人补正，收到补正后重新计算{BASE_WORKDAYS}个工作日。")
    if open_pause is not None:
        key, since = open_pause
        used = max(0, calendar.workdays_between(start, since)) - paused
        text = "；".join([start_text, *notes, f"{PAUSE_LABELS[key]}自{cn_date(since)}起暂停计算"])
        return Deadline(None, True, f"{text}（此前已用{max(used, 0)}个工作日）。")
    due = calendar.add_workdays(start, BASE_WORKDAYS + paused + extension)
    if deferred_to is not None and deferred_to > due:
        notes.append(f"依第三十五条确定延迟答复期限至{cn_date(deferred_to)}")
        due = deferred_to
    return Deadline(due, False, "；".join([start_text, *notes]) + f" → {cn_date(due)}")


def supplement_notice_deadline(received_on: dt.date, calendar: WorkCalendar) -> dt.date:
    """The last day a 补正 notice may go out (Art. 30: within 7 working days of receipt)."""
    return calendar.add_workdays(received_on, SUPPLEMENT_NOTICE_WORKDAYS)


def payment_deadline(notified_on: dt.date, calendar: WorkCalendar) -> dt.date:
    return calendar.add_workdays(notified_on, PAYMENT_WORKDAYS)


def urgency(due_on: dt.date | None, today: dt.date, calendar: WorkCalendar) -> str:
    """'overdue' (已超期), 'due_soon' (≤3 working days left, 即将到期) or ''."""
    if due_on is None:
        return ""
    if due_on < today:
        return "overdue"
    if due_on <= calendar.add_workdays(today, DUE_SOON_WORKDAYS):
        return "due_soon"
    return ""
