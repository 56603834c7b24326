"""Fixtures for letter tests: the application fixtures (staff of the city education bureau, a registered
application, the pinned date) and file storage in a temporary directory."""

import pytest

from gongkai.applications.tests.conftest import (  # noqa: F401  (fixtures re-exported for this package)
    FIXED_TODAY,
    frozen_today,
    payload,
    registered,
    staff,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Rendered DOCX/PDF files go to a temporary directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
