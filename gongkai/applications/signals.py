"""Signals other apps listen to.

``event_recorded(sender=Application, application, event, actor)`` is sent inside the service's transaction
after an event is written (letters are issued from it; reminders and notifications may follow)."""

from django.dispatch import Signal

event_recorded = Signal()
