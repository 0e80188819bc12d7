from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ctps_common.pages import CachedChildRouteMixin

from .blocks import BaseStreamBlock


class HomePage(CachedChildRouteMixin, Page):
    """The programme's front page, one per language; routes to its children from the cache."""

    intro = models.TextField(blank=True, verbose_name=_("Introduction"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("Body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
