"""Letter tests use the shared fixtures in gongkai/conftest.py (staff, a registered application, the pinned
date, uploads and rendered files in a temporary MEDIA_ROOT) and helpers in gongkai/testing.py."""

from gongkai.testing import FIXED_TODAY, payload  # noqa: F401  (imported by the test modules)
