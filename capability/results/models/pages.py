"""The optional public results page: selected aggregate charts, suppressed as for managers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..indicators.disclosure import legend
from .releases import Release

# plotly.js adds <style> elements and style attributes as it draws: this page, and only
# this page, lets inline styles through (scripts stay 'self' only).
PLOTLY_CSP = {"style-src": ["'unsafe-inline'"]}


class DashboardChart(models.TextChoices):
    OVERVIEW = "overview", _("Programme overview")
    TREND = "trend", _("Trend")
    DISAGGREGATION = "disaggregation", _("People trained by sex and organisation")
    LEARNING = "learning", _("Learning gains")
    COMPETENCIES = "competencies", _("Competency coverage")


class DashboardPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    show_overview = models.BooleanField(_("show the programme overview"), default=True)
    show_trend = models.BooleanField(_("show the trend"), default=True)
    show_disaggregation = models.BooleanField(
        _("show people trained by sex and organisation"), default=True
    )
    show_learning = models.BooleanField(_("show learning gains"), default=False)
    show_competencies = models.BooleanField(_("show competency coverage"), default=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel(f"show_{chart}") for chart in DashboardChart.values],
            heading=_("Charts"),
        ),
    ]
    subpage_types = []

    class Meta:
        db_table = "capability_dashboardpage"
        verbose_name = _("results dashboard page")

    def get_context(self, request, *args, **kwargs):
        from ..dashboards.public import plotly_bundle, public_figures

        context = super().get_context(request, *args, **kwargs)
        context["release"] = release = Release.objects.latest_release()
        context["figures"] = public_figures(self.selected_charts(), release)
        context["legend"] = legend()
        context["plotly_bundle"] = plotly_bundle(context["figures"])
        return context

    @path("iati/", name="iati")  # Wagtail serves slugs only: no ".xml"
    def iati(self, request):
        """The IATI file of the latest release (404 before the first one)."""
        from django.http import Http404, HttpResponse

        release = Release.objects.latest_release()
        if release is None:
            raise Http404
        response = HttpResponse(release.iati, content_type="application/xml")
        name = f"ctps-iati-{release.end:%Y%m%d}.xml"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response

    def selected_charts(self) -> list[str]:
        return [chart for chart in DashboardChart.values if getattr(self, f"show_{chart}")]

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "render") or response.get("Content-Type", "").startswith("text"):
            response._csp_update = PLOTLY_CSP
        return response
