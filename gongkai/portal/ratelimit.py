"""Per-address limits on the public forms, counted in Django's cache.

Each ``Limit`` is a fixed window (10 minutes, one day, …) aligned to local time, so the day window resets at
midnight Beijing time and the page can say exactly when to try again. Counters are created with
``cache.add`` and raised with ``cache.incr``, which are atomic on every shared backend (Memcached, Redis,
database), so concurrent requests cannot slip past the limit; only the atomic counter's answer decides.

Addresses are hashed into the key: the cache never holds the visitors' IP addresses.
"""

import contextlib
import datetime as dt
import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

KEY_PREFIX = "gongkai:portal:rl"
# A counter outlives its window by this margin, so a slow request at the window's end still finds it.
KEY_MARGIN_SECONDS = 60


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int
    label: str  # how the window is named to the visitor: "10分钟", "1天"


@dataclass(frozen=True)
class Blocked:
    """A refused attempt: the limit it ran into and when the visitor may try again."""

    limit: Limit
    retry_at: dt.datetime  # aware

    @property
    def retry_after_seconds(self) -> int:
        return max(1, int((self.retry_at - timezone.now()).total_seconds()) + 1)


def _now() -> float:
    return time.time()


def client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client and would let anyone pick a fresh address per
    # request. Behind a reverse proxy, the deployment must put the client's address into REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "unknown"


def _window(limit: Limit, now: float) -> tuple[int, float]:
    """The current window's number and the time it ends, with windows aligned to local midnight."""
    offset = timezone.localtime(dt.datetime.fromtimestamp(now, tz=dt.UTC)).utcoffset().total_seconds()
    number = int((now + offset) // limit.seconds)
    return number, (number + 1) * limit.seconds - offset


def _key(scope: str, address: str, limit: Limit, number: int) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{limit.seconds}:{number}:{digest}"


def _blocked(limit: Limit, ends: float) -> Blocked:
    return Blocked(limit, dt.datetime.fromtimestamp(ends, tz=dt.UTC))


@dataclass(frozen=True)
class Attempt:
    """The outcome of ``hit``: refused (``blocked`` set) or counted under ``keys``."""

    blocked: Blocked | None
    keys: tuple[str, ...] = ()

    def refund(self) -> None:
        """Take back a counted attempt (for limits that count only failures). The keys name the windows the
        attempt was counted in, so a refund just after a window turned over does not touch the new one."""
        for key in self.keys:
            # A missing key means the window ended and its counter expired: nothing left to take back.
            with contextlib.suppress(ValueError):
                cache.decr(key)


def hit(scope: str, address: str, limits: tuple[Limit, ...]) -> Attempt:
    """Count one attempt from ``address`` against every limit of ``scope``, or refuse it.

    A refused attempt is not counted, so a visitor who keeps retrying during a 10-minute block does not also
    use up the day's allowance; when several windows are full the latest reopening time is reported."""
    now = _now()
    windows = [(limit, *_window(limit, now)) for limit in limits]
    full = [(limit, ends) for limit, number, ends in windows
            if (cache.get(_key(scope, address, limit, number)) or 0) >= limit.count]
    if full:
        return Attempt(_blocked(*max(full, key=lambda item: item[1])))
    refused = None
    keys = []
    for limit, number, ends in windows:
        key = _key(scope, address, limit, number)
        timeout = int(ends - now) + KEY_MARGIN_SECONDS
        cache.add(key, 0, timeout)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: this attempt is the window's first
            cache.add(key, 1, timeout)
            count = 1
        keys.append(key)
        if count > limit.count and (refused is None or ends > refused[1]):
            refused = (limit, ends)
    if refused:
        # Lost a race with concurrent attempts: refused after all, and (like every refusal) not counted.
        Attempt(None, tuple(keys)).refund()
        return Attempt(_blocked(*refused))
    return Attempt(None, tuple(keys))
