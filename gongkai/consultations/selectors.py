"""What is read about consultations: the one definition of what the public sees, and staff lists."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from .codes import Moderation, Phase, Status
from .models import Comment, Consultation
from .permissions import viewable_org_ids


def public_consultations(today: dt.date) -> QuerySet[Consultation]:
    """Published consultations from their start date (open, ended or concluded); drafts never."""
    return Consultation.objects.exclude(status=Status.DRAFT).filter(starts_on__lte=today)


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    """Only approved comments are ever public."""
    return consultation.comments.filter(moderation=Moderation.APPROVED).order_by("submitted_at", "id")


def phase_q(phase: str, today: dt.date) -> Q:
    """Rows in a ``Phase`` on ``today`` (for list filters)."""
    published = Q(status=Status.PUBLISHED)
    return {
        Phase.DRAFT: Q(status=Status.DRAFT),
        Phase.UPCOMING: published & Q(starts_on__gt=today),
        Phase.OPEN: published & Q(starts_on__lte=today, ends_on__gte=today),
        Phase.ENDED: Q(status=Status.CLOSED) | (published & Q(ends_on__lt=today)),
        Phase.CONCLUDED: Q(status=Status.CONCLUDED),
    }[phase]


def visible_consultations(user) -> QuerySet[Consultation]:
    return Consultation.objects.filter(org_id__in=viewable_org_ids(user))


def with_comment_counts(qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return qs.annotate(
        n_comments=Count("comments", distinct=True),
        n_pending=Count("comments", filter=Q(comments__moderation=Moderation.PENDING), distinct=True),
        n_approved=Count("comments", filter=Q(comments__moderation=Moderation.APPROVED), distinct=True),
    )


def open_for_body(org, today: dt.date) -> QuerySet[Consultation]:
    """A body's consultations now taking comments (for its column home)."""
    return public_consultations(today).filter(org=org).filter(phase_q(Phase.OPEN, today)).order_by("ends_on", "id")


def for_final_item(item) -> Consultation | None:
    """The published consultation whose final policy is ``item``, if any."""
    return (Consultation.objects.exclude(status=Status.DRAFT).filter(final_item=item)
            .order_by("-starts_on", "-id").first())
