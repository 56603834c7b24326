"""Fixtures for the calendar tests: the three kinds of user the pages distinguish."""

import pytest

from gongkai.accounts.models import AdminRole, User

PASSWORD = "Gk-test-Passw0rd!"


@pytest.fixture
def sysadmin(db):
    return User.objects.create_user(username="sys", password=PASSWORD, admin_role=AdminRole.SYSADMIN)


@pytest.fixture
def secadmin(db):
    return User.objects.create_user(username="sec", password=PASSWORD, admin_role=AdminRole.SECADMIN)


@pytest.fixture
def clerk(db):
    return User.objects.create_user(username="clerk", password=PASSWORD)


@pytest.fixture
def signals_received():
    """Collect every calendar_changed sent while the test runs."""
    from gongkai.workdays.signals import calendar_changed

    received = []

    def receiver(sender, signal, **kwargs):
        received.append(kwargs)

    calendar_changed.connect(receiver, weak=False, dispatch_uid="workdays-test-receiver")
    yield received
    calendar_changed.disconnect(dispatch_uid="workdays-test-receiver")
