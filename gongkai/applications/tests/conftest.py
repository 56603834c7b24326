"""The application tests use the shared fixtures in gongkai/conftest.py and helpers in gongkai/testing.py."""

from gongkai.testing import FIXED_TODAY, payload, resident_id  # noqa: F401  (imported by the test modules)
