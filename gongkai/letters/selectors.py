"""Read-side queries of letters and templates: which template version applies on a date, the template table,
and which letters a staff user or an applicant may have."""

import datetime as dt

from django.db.models import QuerySet

from gongkai.applications.codes import REPLY_OUTCOMES
from gongkai.orgs.scoping import filter_visible

from .codes import KIND_ORDER, PUBLIC_KINDS, LetterKind
from .models import Letter, LetterTemplate


def template_keys() -> list[tuple[str, str]]:
    """Every (kind, outcome) that has a template: one per kind, and one reply per reply outcome."""
    keys = []
    for kind in KIND_ORDER:
        if kind == LetterKind.REPLY:
            keys += [(kind, code) for code in REPLY_OUTCOMES]
        else:
            keys.append((kind, ""))
    return keys


def template_for(kind: str, outcome: str, on: dt.date) -> LetterTemplate | None:
    """The version a letter dated ``on`` uses: the latest one in effect on that date. A letter dated before
    the first version took effect (a backdated paper application) uses the first version."""
    versions = LetterTemplate.objects.filter(kind=kind, outcome=outcome or "")
    return (versions.filter(effective_from__lte=on).order_by("-effective_from", "-version").first()
            or versions.order_by("effective_from", "version").first())


def template_rows(on: dt.date) -> list[dict]:
    """One row per (kind, outcome): the version in effect on ``on``, the newest version, and the count."""
    by_key: dict[tuple[str, str], list[LetterTemplate]] = {}
    for template in LetterTemplate.objects.order_by("effective_from", "version"):
        by_key.setdefault((template.kind, template.outcome), []).append(template)
    rows = []
    for kind, outcome in template_keys():
        versions = by_key.get((kind, outcome), [])
        in_effect = [t for t in versions if t.effective_from <= on]
        current = in_effect[-1] if in_effect else (versions[0] if versions else None)
        latest = versions[-1] if versions else None
        rows.append({
            "kind": kind, "outcome": outcome, "current": current, "latest": latest,
            "pending": latest if latest is not None and latest.effective_from > on else None,
            "count": len(versions),
            "label": LetterKind(kind).label,
        })
    return rows


def visible_letters(user) -> QuerySet[Letter]:
    """Letters of the applications ``user`` may see."""
    return filter_visible(user, Letter.objects.select_related("application", "template"),
                          org_field="application__org")


def application_letters(application) -> QuerySet[Letter]:
    return application.letters.order_by("issued_on", "id")


def public_letters(application) -> QuerySet[Letter]:
    """Letters the applicant may download from the tracking page: those addressed to them (receipt, 补正告知书,
    延期答复告知书, 收费通知) as soon as issued, the reply once it has been delivered (送达 is the legal reply date; handing the letter out online before then would be a
    delivery nobody recorded)."""
    qs = application.letters.filter(kind__in=PUBLIC_KINDS).order_by("issued_on", "id")
    if application.delivered_on is None:
        qs = qs.exclude(kind=LetterKind.REPLY)
    return qs
