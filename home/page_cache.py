"""Site-frame data cached per page-tree version (the language switcher's translations).

Every save, publication, move or deletion of a page bumps the version, so entries never
outlive a change in a shared cache (Redis in production); per-process caches (no REDIS_URL)
also expire entries after `TIMEOUT` seconds.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "home:tree-version"
TIMEOUT = 60


def tree_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def bump_tree_version(**_kwargs) -> None:
    """Now, and again on commit: a read between the two may not cache the old tree."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, tree_version() + 1, None)


def _bump_on_page_change(sender, instance, **_kwargs) -> None:
    if isinstance(instance, Page):  # signals name the concrete page class
        bump_tree_version()


def cached(name: str, key, compute):
    full_key = f"home:{name}:{key}:v{tree_version()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_tree_version, dispatch_uid=f"home_tree_{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(_bump_on_page_change, dispatch_uid=f"home_tree_{id(signal)}")
