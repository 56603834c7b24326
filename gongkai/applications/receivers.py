"""Keep stored deadlines true when the statutory calendar changes."""

from django.dispatch import receiver

from gongkai.workdays.signals import calendar_changed

from .services import recompute_open_deadlines


@receiver(calendar_changed, dispatch_uid="applications.recompute_deadlines")
def recompute_on_calendar_change(sender, years=None, **kwargs):
    recompute_open_deadlines(years)
