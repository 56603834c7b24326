"""Errors specific to application actions."""


class TransitionNotAllowed(Exception):
    """The action is not allowed now (state, role or rule); nothing was written. ``allowed`` lists the
    actions the same user may perform now."""

    def __init__(self, message: str, allowed: list[str]):
        super().__init__(message)
        self.message = message
        self.allowed = allowed
