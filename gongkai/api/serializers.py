"""Applications as the API shows them.

Lists always mask the applicant's personal data. The detail shows it in full only to those who work the
case — the 承办人, 审核人 and 公开办管理员 over the application's body; others in scope (a 监督员, say) see it
masked, and without the applicant's address, e-mail, postcode or the submitting IP address.
"""

from gongkai.applications.models import Application
from gongkai.applications.transitions import allowed_actions
from gongkai.orgs.models import Role
from gongkai.orgs.scoping import roles_for

FULL_ACCESS_ROLES = frozenset({Role.HANDLER, Role.APPROVER, Role.OFFICE_ADMIN})
# Event data keys that identify the applicant rather than the case.
PERSONAL_EVENT_KEYS = frozenset({"ip"})


def ref(obj, name: str | None = None) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": name if name is not None else str(obj)}


def user_ref(user) -> dict | None:
    return ref(user, user.display_name) if user is not None else None


def summary(app: Application) -> dict:
    return {
        "id": app.pk, "tracking_no": app.tracking_no, "org": ref(app.org, app.org.name),
        "status": app.status, "status_label": app.get_status_display(),
        "outcome": app.outcome, "outcome_label": app.outcome_label, "channel": app.channel,
        "received_on": app.received_on, "due_on": app.due_on, "clock_paused": app.clock_paused,
        "concluded_on": app.concluded_on, "handler": user_ref(app.handler),
        "applicant_kind": app.applicant_kind, "applicant_name_masked": app.applicant_name_masked,
        "id_number_masked": app.id_number_masked, "phone_masked": app.phone_masked, "version": app.version,
    }


def _mask_name(value: str) -> str:
    # A contact person is a natural person whatever the applicant is: keep the surname only.
    return value[0] + "*" * (len(value) - 1) if len(value) > 1 else value


def applicant(app: Application, full: bool) -> dict:
    common = {"kind": app.applicant_kind, "kind_label": app.get_applicant_kind_display(), "id_type": app.id_type}
    if full:
        return {**common, "masked": False, "name": app.applicant_name, "id_number": app.id_number,
                "contact_person": app.contact_person, "phone": app.phone, "email": app.email,
                "address": app.address, "postcode": app.postcode}
    return {**common, "masked": True, "name": app.applicant_name_masked, "id_number": app.id_number_masked,
            "contact_person": _mask_name(app.contact_person), "phone": app.phone_masked, "email": None,
            "address": None, "postcode": None}


def detail(user, app: Application) -> dict:
    full = bool(roles_for(user, app.org) & FULL_ACCESS_ROLES)
    events = []
    for e in app.events.select_related("actor").order_by("on", "id"):
        data = dict(e.data or {})
        if not full:
            data = {k: v for k, v in data.items() if k not in PERSONAL_EVENT_KEYS}
        events.append({"id": e.pk, "kind": e.kind, "kind_label": e.get_kind_display(), "on": e.on,
                       "recorded_at": e.recorded_at,
                       "actor_name": e.actor.display_name if e.actor_id else None,
                       "data": data, "note": e.note})
    return {
        **summary(app),
        "outcome_basis": app.outcome_basis, "outcome_reason": app.outcome_reason,
        "channel_label": app.get_channel_display(), "letter_mail": app.letter_mail, "oral": app.oral,
        "due_explanation": app.due_explanation, "supplement_due": app.supplement_due,
        "payment_due": app.payment_due, "extended_workdays": app.extended_workdays,
        "deferred_to": app.deferred_to, "reply_approved_on": app.reply_approved_on,
        "delivered_on": app.delivered_on, "applicant": applicant(app, full), "content": app.content,
        "purpose": app.purpose, "info_form": app.info_form, "delivery_method": app.delivery_method,
        "fee_waiver_requested": app.fee_waiver_requested, "item_count": app.item_count,
        "allowed_actions": allowed_actions(user, app), "events": events,
    }
