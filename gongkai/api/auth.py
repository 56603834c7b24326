"""Bearer-token authentication: ``Authorization: Bearer gk_…``. A failure answers 401 with the reason in
Chinese (missing header, wrong scheme, unknown or revoked token, inactive account)."""

from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .services import TokenRejected, authenticate


class TokenAuthenticationError(AuthenticationError):
    def __init__(self, message: str):
        super().__init__(401, message)


class TokenAuth(HttpBearer):
    """Resolves the token to its user (``request.auth``); the user's memberships then decide what the
    request may see and do, exactly as for the signed-in pages."""

    def __call__(self, request):
        # ninja's HttpBearer answers a missing or malformed header with a bare "Unauthorized"; say why.
        value = (request.headers.get(self.header) or "").strip()
        if not value:
            raise TokenAuthenticationError("未提供 API 令牌：请在请求头中加入 Authorization: Bearer <令牌>。")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise TokenAuthenticationError("认证方式不正确：请使用 Authorization: Bearer <令牌>。")
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token):
        try:
            return authenticate(token)
        except TokenRejected as e:
            raise TokenAuthenticationError(e.message) from None
