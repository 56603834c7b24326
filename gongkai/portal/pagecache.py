"""A cache of rendered public pages (item pages, catalog lists, search results): the public column is read far
more than it changes, and rendering a page costs several ORM queries and a template.

A page is cached under the public-content version: a counter row (``core.Counter`` key ``portal:content``)
that every save or delete of what the column shows increments in the same transaction (receivers below), so
a change is visible on the next request in every server process. The key also holds the current minute,
because an item scheduled for publication becomes public by the clock without any write; it shows within a
minute. Only anonymous GET requests that render 200 are cached; the cache backend is ``CACHES["default"]``
(local memory per process by default; a shared cache such as Redis in production serves all processes).

``PORTAL_PAGE_CACHE=0`` in the environment turns page caching off (benchmarks measure both).
``QuerySet.update()`` sends no signal: code that changes public content that way calls ``bump()``.
"""

from functools import wraps
from hashlib import sha1

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

from gongkai.core.models import Counter

KEY = "portal:content"
TIMEOUT = 120  # seconds; entries are also unreachable once the version or the minute moves on


def version() -> int:
    return Counter.objects.filter(key=KEY).values_list("value", flat=True).first() or 0


def bump() -> None:
    """Make every cached public page stale (call inside the transaction that changes public content)."""
    if not Counter.objects.filter(key=KEY).update(value=F("value") + 1):
        Counter.objects.get_or_create(key=KEY)
        Counter.objects.filter(key=KEY).update(value=F("value") + 1)


def versioned(name: str, compute, timeout: int = TIMEOUT):
    """``compute()`` cached under the content version (for parts of pages such as the year bounds)."""
    return cache.get_or_set(f"portal:part:{name}:{version()}", compute, timeout)


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if (not settings.PORTAL_PAGE_CACHE or request.method != "GET"
                or (user is not None and user.is_authenticated)):
            return view(request, *args, **kwargs)
        minute = timezone.now().strftime("%Y%m%d%H%M")
        path = sha1(request.get_full_path().encode("utf-8")).hexdigest()
        key = f"portal:page:{version()}:{minute}:{path}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response

    return wrapper


def _changed(sender, raw=False, **kwargs):
    if not raw:
        bump()


def connect() -> None:
    from gongkai.disclosure.models import CatalogNode, Guide, Item, ItemAttachment, PolicyPage
    from gongkai.orgs.models import Organization

    for model in (Item, ItemAttachment, CatalogNode, Guide, PolicyPage, Organization):
        uid = f"portal_pagecache_{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "_delete")
