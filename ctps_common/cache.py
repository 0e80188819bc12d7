"""Caches whose entries are keyed by a version that every relevant change replaces.

Nothing stale outlives a change in a shared cache (Redis in production): the change sets a
new version, so readers compute afresh and old entries simply expire. A per-process cache
(no REDIS_URL) only learns of changes made by its own process, so entries also expire after
`timeout` seconds. A version is the time of the change in nanoseconds, never a counter: a
counter restarted after an eviction would meet entries written under its old values.

`bump(*caches)` gives several caches new versions in one round trip to the cache; inside
`batch()` (an import writing thousands of rows) bumps are collected and each cache is bumped
once, when the block ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


class VersionedCache:
    def __init__(self, namespace: str, timeout: int | Callable[[], int]):
        self.namespace = namespace
        self._timeout = timeout
        self.version_key = f"{namespace}:version"

    @property
    def timeout(self) -> int:
        return self._timeout() if callable(self._timeout) else self._timeout

    def version(self) -> str:
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, str(time.time_ns()), None)
            version = cache.get(self.version_key)
        return str(version)

    def bump(self, **_signal_kwargs) -> None:
        """Now, and again on commit: a read between the two may not cache the old data."""
        bump(self)

    def key(self, name: str, key: Any) -> str:
        """Where `cached(name, key, ...)` keeps its value under the current version."""
        return f"{self.namespace}:{name}:{key}:v{self.version()}"

    def cached(self, name: str, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()` once per version, name and key (and at most `timeout` seconds)."""
        entry = self.key(name, key)
        value = cache.get(entry)
        if value is None:
            value = compute()
            cache.set(entry, value, self.timeout)
        return value


_BATCH: ContextVar[set[VersionedCache] | None] = ContextVar("ctps_cache_batch", default=None)


def bump(*caches: VersionedCache) -> None:
    """New versions for `caches`, now and again on commit (inside `batch()`: at its end)."""
    pending = _BATCH.get()
    if pending is not None:
        pending.update(caches)
        return
    if not caches:
        return
    _set_new_versions(caches)
    transaction.on_commit(lambda: _set_new_versions(caches))


def _set_new_versions(caches) -> None:
    version = str(time.time_ns())
    cache.set_many({versioned.version_key: version for versioned in caches}, None)


@contextmanager
def batch() -> Iterator[None]:
    """Bump each cache once, when the block ends, however many writes inside asked for it.

    For imports and other bulk writes: thousands of rows, one new version per cache (a block
    that fails still bumps: a needless recomputation, never stale data). Nested blocks join
    the outermost one. Reads inside the block may see the cache as it was before it.
    """
    if _BATCH.get() is not None:
        yield
        return
    pending: set[VersionedCache] = set()
    token = _BATCH.set(pending)
    try:
        yield
    finally:
        _BATCH.reset(token)
        bump(*pending)


# What depends on the page tree (routes, outlines, view restrictions, translations links)
# changes only when an editor saves, publishes, moves or deletes a page or a restriction.
page_tree = VersionedCache("pages", timeout=60)


def _bump_on_model_change(sender, instance, **_kwargs) -> None:
    from wagtail.models import Page, PageViewRestriction

    # Signals name the concrete class: any Page subclass, or a view restriction.
    if isinstance(instance, Page | PageViewRestriction):
        page_tree.bump()


def connect_page_tree() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_tree.bump, dispatch_uid=f"ctps_page_tree_{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(_bump_on_model_change, dispatch_uid=f"ctps_page_tree_{id(signal)}")
