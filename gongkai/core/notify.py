"""Sending reminders to staff: e-mail through Django's mail backend and SMS through a pluggable backend.

``settings.SMS_BACKEND`` names a class with ``send(phone, text) -> None``; the default prints to the console
(``ConsoleSMSBackend``). A deployment plugs in its provider's gateway with a class of the same shape.
"""

import sys

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class ConsoleSMSBackend:
    """Writes each message to standard output (development, tests, and sites without an SMS gateway)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, phone: str, text: str) -> None:
        self.stream.write(f"[短信] {phone}: {text}\n")


class MemorySMSBackend:
    """Keeps sent messages in ``outbox`` (tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemorySMSBackend.outbox.append((phone, text))


def sms_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "gongkai.core.notify.ConsoleSMSBackend"))()


def notify_user(user, subject: str, text: str) -> list[str]:
    """Send ``text`` to a staff user by e-mail and SMS where they have an address; return the channels used."""
    used = []
    if user.email:
        send_mail(subject, text, None, [user.email], fail_silently=False)
        used.append("email")
    if user.phone:
        sms_backend().send(user.phone, f"{subject}：{text}")
        used.append("sms")
    return used
