"""Page routing from the page-tree cache, for any page model of any plugin or site."""

from .cache import page_tree


class CachedChildRouteMixin:
    """Route to the specific child page from the cache (every URL below the page).

    Wagtail fetches the child as a plain Page, then again as its specific type, on every
    request. Here the specific child is kept per page-tree version (`ctps_common.cache`: any
    save, publication, move or deletion of a page starts afresh); the child's own `route()`
    still refuses pages that are not live, and view restrictions are checked when the page is
    served, as before. Unknown slugs route the standard way (404).
    """

    def find_child(self, slug: str):
        """The specific live-or-not child with this slug, or None (one or two queries)."""
        child = self.get_children().filter(slug=slug).first()
        return child.specific if child is not None else None

    def route(self, request, path_components):
        if path_components:
            slug = path_components[0]
            child = page_tree.cached("child", f"{self.pk}:{slug}", lambda: self.find_child(slug))
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
