"""Caches of what course pages share between trainees, invalidated when the page tree changes.

The outline of a course (its live lessons), the catalogue's URL for the main navigation, a
course's competencies and the view restrictions on the way to a page change only when an
editor saves, publishes, moves or deletes a page or a restriction. Every such change bumps
one version number, and every entry is keyed by it: nothing stale outlives a change in a
shared cache (Redis in production). A per-process cache (no REDIS_URL) is only refreshed
on the process that made the change, so entries also expire after `TIMEOUT` seconds.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "courses:tree-version"
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
    except ValueError:  # not set yet (or evicted): any new value invalidates old keys
        cache.set(VERSION_KEY, tree_version() + 1, None)


def cached(name: str, key, compute):
    """`compute()` once per page-tree version (and at most TIMEOUT seconds)."""
    full_key = f"courses:{name}:{key}:v{tree_version()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def connect() -> None:
    """Called from the app's ready(): every change to the tree or its restrictions."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_tree_version, dispatch_uid=f"courses_tree_{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(_bump_on_model_change, dispatch_uid=f"courses_tree_{id(signal)}")


def _bump_on_model_change(sender, instance, **_kwargs) -> None:
    # Any Page subclass (signals name the concrete class) or view restriction.
    if isinstance(instance, Page | PageViewRestriction):
        bump_tree_version()


def restricted_paths() -> frozenset[str]:
    """Tree paths of pages with a view restriction, and of every alias of such a page."""

    def compute():
        restricted = list(
            PageViewRestriction.objects.values_list("page_id", "page__path").distinct()
        )
        ids = [pk for pk, _path in restricted]
        aliases = Page.objects.filter(alias_of_id__in=ids).values_list("path", flat=True)
        return frozenset([path for _pk, path in restricted] + list(aliases))

    return cached("restricted-paths", "all", compute)


class CachedRestrictionsMixin:
    """Skip Wagtail's two queries for view restrictions when none applies to the page.

    A restriction applies when the page or one of its ancestors is restricted, or is an
    alias of a restricted page: exactly the paths `restricted_paths()` lists. Otherwise
    Wagtail's own lookup runs, so its rules stay the only rules.
    """

    def get_view_restrictions(self):
        step = self.steplen
        mine = {self.path[:end] for end in range(step, len(self.path) + 1, step)}
        if restricted_paths().isdisjoint(mine):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
