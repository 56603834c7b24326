"""Full-text search over public government information items, in Chinese.

The interface (import from ``gongkai.search``)::

    index_item(item)            put one item in the index as it is now
    remove_item(item_id)        take it out
    sync_item(item_id)          index or remove it, depending on whether it is (or will by itself become) public
    query(text, *, filters=ItemFilters(...), order="relevance" | "date", page=1, per_page=20)
                                -> Results(total, hits=[Hit(item, score, snippet_html)], page, per_page, relaxed)
    rebuild()                   empty the index and index every candidate again (``manage.py rebuild_search_index``)
    deferred()                  context manager: index the items saved inside it once, at its end

Segmentation is rjieba's (``text.py``); the engine is SQLite FTS5 or PostgreSQL full-text search, chosen by
``connection.vendor`` (``backends.py``); receivers on ``Item`` and ``ItemAttachment`` keep the index current
(``receivers.py``). Only items in ``disclosure.selectors.public_items()`` are ever returned.
"""

_EXPORTS = {
    "index_item": "engine", "remove_item": "engine", "sync_item": "engine", "query": "engine",
    "rebuild": "engine", "deferred": "engine", "Results": "engine", "Hit": "engine",
    "ItemFilters": "filters",
}


def __getattr__(name):
    # Lazy, so that importing the package (as INSTALLED_APPS does) does not import models before the app
    # registry is ready.
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = list(_EXPORTS)
