"""Errors raised by service functions; views turn them into messages, the API into 4xx answers."""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401  (re-exported)


class ConflictError(Exception):
    """The record changed since the caller read it (optimistic concurrency); nothing was written."""

    def __init__(self, message: str = "该记录已被他人修改，请刷新页面后重试。"):
        super().__init__(message)
        self.message = message
