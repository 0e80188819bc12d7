"""Dashboard results cached per filter set, dropped whenever the data behind them changes.

Every cache key carries a data version; any save or delete of a `capability` (register),
`capability_results` or `courses` record (bulk imports included: they end by deleting their
PendingImport) sets a new version, so the next dashboard view computes afresh. Old entries
simply expire.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "capability:indicators:version"
WATCHED_APPS = ("capability", "capability_results", "courses")


def timeout() -> int:
    return int(getattr(settings, "CAPABILITY_DASHBOARD_CACHE_SECONDS", 600))


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, str(time.time_ns()), None)
        version = cache.get(VERSION_KEY)
    return str(version)


def invalidate() -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def cache_key(name: str, key: str) -> str:
    """Where `cached(name, key, ...)` keeps its result for the current data version."""
    return f"capability:indicators:{name}:{data_version()}:{key}"


def cached(name: str, key: str, compute: Callable[[], Any]) -> Any:
    """`compute()` once per data version, name and filter key."""
    entry = cache_key(name, key)
    result = cache.get(entry)
    if result is None:
        result = compute()
        cache.set(entry, result, timeout())
    return result


def _on_write(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in WATCHED_APPS:
        invalidate()


def connect_invalidation() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"capability_indicators_{id(signal)}")
