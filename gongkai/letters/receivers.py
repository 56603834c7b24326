"""Issue the letter an application event calls for, inside the transaction of the action that recorded it
(so the action and its letter are committed together, or neither is)."""

from django.dispatch import receiver

from gongkai.applications.codes import ConsultationKind
from gongkai.applications.models import Application, EventKind
from gongkai.applications.signals import event_recorded

from .codes import LetterKind
from .services import issue_letter


def _latest_draft_data(application) -> dict:
    draft = application.events.filter(kind=EventKind.REPLY_DRAFTED).order_by("-id").first()
    return (draft.data or {}) if draft else {}


def letter_for_event(application, event) -> tuple[str, dict] | None:
    """The kind of letter an event issues and the event data it needs, or None."""
    data = event.data or {}
    if event.kind in (EventKind.REGISTERED, EventKind.CONFIRMED):
        return LetterKind.RECEIPT, {}
    if event.kind == EventKind.SUPPLEMENT_REQUESTED:
        return LetterKind.SUPPLEMENT, {"items": data.get("items"), "supplement_due": data.get("supplement_due")}
    if event.kind == EventKind.EXTENDED:
        # The service has already recomputed application.due_on to include the extension.
        return LetterKind.EXTENSION, {"workdays": data.get("workdays"), "extension_reason": data.get("reason")}
    if event.kind == EventKind.CONSULTATION_STARTED:
        kind = (LetterKind.CONSULTATION_AGENCY if data.get("consultation_kind") == ConsultationKind.AGENCY
                else LetterKind.CONSULTATION)
        return kind, {"party": data.get("party"), "reply_by": data.get("reply_by")}
    if event.kind == EventKind.FEE_NOTIFIED:
        return LetterKind.FEE, {"fee_method": data.get("method"), "pages": data.get("pages"),
                                "amount": data.get("amount"), "fee_explanation": data.get("explanation"),
                                "payment_due": data.get("payment_due")}
    if event.kind == EventKind.REPLY_APPROVED:
        return LetterKind.REPLY, {"provided": _latest_draft_data(application).get("provided", "")}
    return None


@receiver(event_recorded, sender=Application, dispatch_uid="letters.issue_on_event")
def issue_on_event(sender, application, event, actor=None, **kwargs):
    planned = letter_for_event(application, event)
    if planned is None:
        return
    kind, extra = planned
    issue_letter(application, kind, on=event.on, actor=actor, extra=extra, event=event)
