"""The demo data set holds applications in every state and every outcome, and loads twice safely."""

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.applications.codes import OUTCOMES, Status
from gongkai.applications.models import Application
from gongkai.audit.services import verify_chain

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_outcome_and_is_idempotent(frozen_today):
    call_command("load_demo", stdout=StringIO())
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert set(Application.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(OUTCOMES)
    years = {d.year for d in Application.objects.exclude(received_on=None).values_list("received_on", flat=True)}
    # the last two years, plus 2020–2021 (and the carry-over into 2022) behind the demo annual reports
    assert years == {frozen_today.year - 1, frozen_today.year, 2020, 2021}
    from gongkai.reports.models import AnnualReport

    assert set(AnnualReport.objects.values_list("year", "status")) >= {(2020, "published"), (2021, "review")}
    count = Application.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Application.objects.count() == count and "件依申请公开申请" in out.getvalue()
    assert verify_chain().ok
