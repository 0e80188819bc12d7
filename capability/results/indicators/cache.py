"""Dashboard results cached per filter set, dropped whenever the data behind them changes.

The cache is one `ctps_common.cache.VersionedCache`: any save or delete of a `capability`
(register), `capability_results` or `courses` record (bulk imports included: they end by
deleting their PendingImport) sets a new version, so the next dashboard view computes
afresh. Old entries simply expire.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from ctps_common.cache import VersionedCache

WATCHED_APPS = ("capability", "capability_results", "courses")

dashboard_cache = VersionedCache(
    "capability:indicators",
    timeout=lambda: int(getattr(settings, "CAPABILITY_DASHBOARD_CACHE_SECONDS", 600)),
)
cached = dashboard_cache.cached
cache_key = dashboard_cache.key


def invalidate() -> None:
    dashboard_cache.bump()


def _on_write(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in WATCHED_APPS:
        invalidate()


def connect_invalidation() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"capability_indicators_{id(signal)}")
