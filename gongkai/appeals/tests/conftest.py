"""Fixtures of the appeals tests (on the shared org tree and staff of gongkai/conftest.py): the pinned date,
a case factory that bypasses the services (for counting tests) and small valid uploads."""

import datetime as dt
import io
import zipfile

import pytest

from gongkai.appeals.models import Case
from gongkai.testing import FIXED_TODAY


@pytest.fixture(autouse=True)
def appeals_today(monkeypatch):
    """The appeals services' idea of today is the shared pinned date (later dates are refused)."""
    from gongkai.appeals import services

    monkeypatch.setattr(services, "today", lambda: FIXED_TODAY)
    return FIXED_TODAY


@pytest.fixture
def make_case(db):
    """Write a case row directly: counting tests need exact dates and results, not the workflow."""
    counter = iter(range(1, 10_000))

    def make(org, kind="review", filed_on=dt.date(2020, 3, 1), result="", concluded_on=None, **extra):
        return Case.objects.create(org=org, kind=kind, filed_on=filed_on, result=result, concluded_on=concluded_on,
                                   applicant_name=extra.pop("applicant_name", "张三"),
                                   case_no=extra.pop("case_no", f"案{next(counter)}"), **extra)
    return make


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()
