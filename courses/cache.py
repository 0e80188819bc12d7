"""What course pages share between trainees, cached per page-tree version.

The outline of a course (its live lessons), the catalogue's URL for the main navigation, a
course's competencies and the view restrictions on the way to a page change only when an
editor saves, publishes, moves or deletes a page or a restriction: the shared page-tree
cache (`ctps_common.cache.page_tree`) starts afresh on each such change.
"""

from wagtail.models import Page, PageViewRestriction

from ctps_common.cache import page_tree


def cached(name: str, key, compute):
    """`compute()` once per page-tree version (and at most a minute)."""
    return page_tree.cached(f"courses:{name}", key, compute)


def tree_version() -> str:
    """The page-tree version: part of the keys of the template fragments course pages cache."""
    return page_tree.version()


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
