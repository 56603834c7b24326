"""Repository-wide pytest fixtures."""

import pytest


@pytest.fixture(autouse=True)
def _baseline_after_flush(request):
    """Transactional tests (and live servers) flush the database between tests, removing the rows that
    migrations create (audit chain head, security policy, statutory calendar, letter templates). Put them
    back before such a test builds its own data."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in names or "live_server" in names or (
        marker is not None and (marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])))
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from gongkai.core.baseline import ensure_baseline

    ensure_baseline()
