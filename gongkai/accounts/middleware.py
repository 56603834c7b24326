"""End idle sessions after the security policy's timeout (sliding expiry, refreshed on every request)."""

from django.core.cache import cache

from .models import SecurityPolicy

_CACHE_KEY = "gongkai:idle_timeout_seconds"


def idle_timeout_seconds() -> int:
    seconds = cache.get(_CACHE_KEY)
    if seconds is None:
        seconds = SecurityPolicy.current().idle_timeout_minutes * 60
        cache.set(_CACHE_KEY, seconds, 60)
    return seconds


def forget_cached_policy():
    cache.delete(_CACHE_KEY)


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            request.session.set_expiry(idle_timeout_seconds())
        return self.get_response(request)
