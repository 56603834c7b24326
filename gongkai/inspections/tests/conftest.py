"""Fixtures of the inspections tests, on the shared org tree and staff of gongkai/conftest.py (today is pinned
to 2026-06-15): more body staff, an office outside the city's round, a round factory and small uploads."""

import datetime as dt

import pytest

from gongkai.inspections import services
from gongkai.orgs.models import Role, ScopeMode

D = dt.date
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(staff, make_user, tree):
    """``office`` runs the city's rounds; ``handler`` is staff of 甲市教育局; ``a_handler`` of A区政府办公室;
    ``b_admin`` is the 公开办 of district B only; ``supervisor`` reads the city."""
    return staff | {
        "a_handler": make_user("a_handler", memberships=[(tree["dist_a_office"], Role.HANDLER, ScopeMode.SELF)]),
        "b_admin": make_user("b_admin", memberships=[(tree["dist_b"], Role.OFFICE_ADMIN, ScopeMode.SUBTREE)]),
    }


@pytest.fixture
def make_round(people, tree):
    def make(targets=("city_edu", "dist_a_office"), items=(), opened=None, **fields):
        data = {"title": "2026年第一季度政府信息公开工作督查", "period_start": D(2026, 1, 1),
                "period_end": D(2026, 3, 31), "issuer_name": "甲市人民政府办公室",
                "doc_number": "甲市政务公开办〔2026〕3号", "main_recipients": "各区县人民政府，市各委办局",
                "cc": "市政府督查室"} | fields
        inspection = services.create_inspection(people["office"], office=tree["city"], **data)
        for key in targets:
            services.add_target(people["office"], inspection.pk, org=tree[key])
        for item in items:
            services.add_item(people["office"], inspection.pk, **item)
        if opened is not None:
            inspection.refresh_from_db()
            inspection = services.open_inspection(people["office"], inspection.pk, version=inspection.version,
                                                  on=opened)
        inspection.refresh_from_db()
        return inspection
    return make


def target_of(inspection, org):
    return inspection.targets.get(org=org)
