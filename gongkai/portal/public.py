"""What an applicant may see of their own application: a whitelist of event kinds with applicant-facing
wording, and the letters they may download.

Everything else in the record (staff notes, handlers, consultation parties and opinions, internal drafts,
the submitting IP address) stays internal. A kind missing from ``PUBLIC_EVENT_LABELS`` is never shown, so
new internal event kinds are private by default.
"""

import datetime as dt
from dataclasses import dataclass, field

from gongkai.applications import deadlines
from gongkai.applications.codes import DeliveryMethod, Status
from gongkai.applications.deadlines import cn_date
from gongkai.applications.models import Application, EventKind
from gongkai.workdays.calendar import WorkCalendarError
from gongkai.workdays.selectors import get_calendar

PUBLIC_EVENT_LABELS: dict[str, str] = {
    EventKind.SUBMITTED: "网上提交申请",
    EventKind.REGISTERED: "受理机关登记收到申请",
    EventKind.CONFIRMED: "受理机关确认收到申请",
    EventKind.SUPPLEMENT_REQUESTED: "受理机关发出补正告知",
    EventKind.SUPPLEMENT_RECEIVED: "收到补正材料",
    EventKind.CONSULTATION_STARTED: "征求意见",
    EventKind.CONSULTATION_ENDED: "征求意见结束",
    EventKind.FEE_NOTIFIED: "发出收费通知",
    EventKind.PAYMENT_RECEIVED: "收到缴费",
    EventKind.EXTENDED: "延长答复期限",
    EventKind.DEFERRED: "确定延迟答复期限（条例第三十五条）",
    EventKind.REPLY_APPROVED: "答复已签发",
    EventKind.DELIVERED: "答复已送达",
    EventKind.WITHDRAWN: "申请人撤回申请",
    EventKind.CLOSED_NO_SUPPLEMENT: "逾期未补正，不再处理",
    EventKind.CLOSED_NO_PAYMENT: "逾期未缴费，不再处理",
}

LETTER_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    label: str
    details: list[str] = field(default_factory=list)


def _iso_date(value) -> str:
    try:
        return cn_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return ""


def _details(kind: str, data: dict, due_after: dt.date | None) -> list[str]:
    if kind == EventKind.CONFIRMED:
        return ["网上申请以双方确认之日为收到申请之日，答复期限自该日起算（条例第三十一条）。"]
    if kind == EventKind.SUPPLEMENT_REQUESTED:
        lines = []
        if data.get("items"):
            lines.append(f"需要补正的事项：{data['items']}")
        if data.get("supplement_due") and (due := _iso_date(data["supplement_due"])):
            lines.append(f"补正期限：{due}前")
        return lines
    if kind == EventKind.SUPPLEMENT_RECEIVED:
        return ["答复期限自收到补正之日起重新计算（条例第三十条）。"]
    if kind == EventKind.CONSULTATION_STARTED:
        return ["征求意见所需时间不计算在答复期限内（条例第三十三条）。"]
    if kind == EventKind.FEE_NOTIFIED:
        lines = []
        if data.get("amount") is not None:
            lines.append(f"信息处理费金额：{data['amount']}元")
        if data.get("payment_due") and (due := _iso_date(data["payment_due"])):
            lines.append(f"缴费期限：{due}前")
        return lines
    if kind == EventKind.EXTENDED:
        lines = []
        if data.get("workdays"):
            lines.append(f"延长{data['workdays']}个工作日")
        if due_after is not None:
            lines.append(f"延长后的答复期限：{cn_date(due_after)}")
        return lines
    if kind == EventKind.DEFERRED and data.get("deferred_to") and (day := _iso_date(data["deferred_to"])):
        return [f"答复期限延至{day}"]
    if kind == EventKind.DELIVERED and data.get("method") in DeliveryMethod.values:
        return [f"送达方式：{DeliveryMethod(data['method']).label}"]
    return []


def public_timeline(application: Application) -> list[TimelineEntry]:
    events = list(application.events.order_by("on", "id").only("kind", "on", "data"))
    facts = [deadlines.EventFact(e.kind, e.on, e.data or {}) for e in events]
    calendar = None
    entries = []
    for i, event in enumerate(events):
        label = PUBLIC_EVENT_LABELS.get(event.kind)
        if label is None:
            continue
        due_after = None
        if event.kind == EventKind.EXTENDED and application.received_on:
            # The due date as it stood right after this extension (later events may have moved it since).
            try:
                calendar = calendar or get_calendar()
                due_after = deadlines.compute(application.received_on, facts[:i + 1], calendar).due_on
            except WorkCalendarError:
                due_after = None
        entries.append(TimelineEntry(event.on, label, _details(event.kind, event.data or {}, due_after)))
    return entries


def reply_delivered(application: Application) -> bool:
    """Concluded (or archived) with a reply that reached the applicant, as opposed to a withdrawal or a
    closure for want of a supplement or payment, which end without a reply."""
    return application.status in (Status.CONCLUDED, Status.ARCHIVED) and application.delivered_on is not None


def downloadable_letters(application: Application) -> list:
    """The letters the applicant may download (the letters app decides which: those addressed to the
    applicant, and the reply only once it has been delivered)."""
    from gongkai.letters.selectors import public_letters

    return list(public_letters(application))
