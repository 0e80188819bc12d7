from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock


class HomePage(Page):
    """The programme's front page, one per language."""

    intro = models.TextField(blank=True, verbose_name=_("Introduction"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("Body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Route to the specific child page from the cache (every URL but "/" passes here).

        Wagtail fetches the child as a plain Page, then again as its specific type, on every
        request. The specific child is kept per page-tree version (`home.page_cache`: any
        save, publication, move or deletion of a page starts afresh); the child's own
        `route()` still refuses pages that are not live, and view restrictions are checked
        when the page is served, as before. Unknown slugs route the standard way (404).
        """
        if path_components:
            from . import page_cache

            slug = path_components[0]
            child = page_cache.cached("child", f"{self.pk}:{slug}", lambda: self._child(slug))
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _child(self, slug: str):
        child = self.get_children().filter(slug=slug).first()
        return child.specific if child is not None else None
