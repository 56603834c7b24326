"""The ``calendar_changed`` signal, sent by every service that changes the working-day calendar.

The sender is ``CalendarOverride``; keyword arguments sent with it:
    dates   frozenset of ``datetime.date`` whose override was added, changed or removed (for a whole-year
            change: all of that year's overrides, old and new)
    years   frozenset of the affected years (int); a year loaded or deleted as a whole is always named,
            because every date in it changed from uncomputable to computable or back
    action  the audit action, e.g. "workdays.override.create"
    actor   the user who made the change (None for the ``seed_calendar`` command)

It is sent inside the service's transaction, after the change and its audit event are written and the
calendar cache is invalidated: receivers that recompute deadlines with ``get_calendar()`` see the new
calendar and their writes commit or roll back together with the change. Receivers doing slow or external
work should defer it with ``transaction.on_commit``.
"""

from django.dispatch import Signal

calendar_changed = Signal()
