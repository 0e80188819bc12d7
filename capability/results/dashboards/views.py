"""Dashboards in the Wagtail admin: staff and managers (`capability_results.view_dashboards`) only.

Figures travel as JSON data blocks drawn by one static script (no inline script); every
chart has its data table on the page and an xlsx of the same numbers.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from capability.register.models import Country

from ..iati import InvalidIATIDocument
from ..indicators.disclosure import legend
from ..indicators.export import NarrowIATIRequest, indicators_iati, indicators_xlsx
from ..indicators.periods import whole_quarters
from ..indicators.queries import Scope, scope_for
from ..models.indicators import IndicatorLevel
from ..tables import tables_xlsx
from . import DASHBOARDS, dashboard_data
from .base import figure_data

DASHBOARDS_PERMISSION = "capability_results.view_dashboards"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    level = forms.ChoiceField(
        label=_("Result area"),
        required=False,
        choices=[("", _("All"))] + list(IndicatorLevel.choices),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        probe = scope_for(user)
        countries = Country.objects.order_by("name")
        if probe.country_ids is not None:
            countries = countries.filter(pk__in=probe.country_ids)
        self.countries = {country.code: country.pk for country in countries}
        label = _("All countries") if probe.country_ids is None else _("All my countries")
        self.fields["country"].choices = [("", label)] + [
            (country.code, country.name) for country in countries
        ]

    def scope(self) -> Scope:
        data = self.cleaned_data if self.is_valid() else {}
        code = data.get("country")
        start, end = whole_quarters(data.get("start"), data.get("end"))
        return scope_for(
            self.user,
            country_ids={self.countries[code]} if code else None,
            start=start,
            end=end,
            level=data.get("level") or "",
        )


def check_permission(request) -> None:
    if not request.user.has_perm(DASHBOARDS_PERMISSION):
        raise PermissionDenied


class DashboardMixin:
    def dispatch(self, request, *args, **kwargs):
        check_permission(request)
        slug = kwargs.get("slug", "overview")
        if slug not in DASHBOARDS:
            raise Http404
        self.dashboard = DASHBOARDS[slug]
        self.form = FilterForm(request.GET or None, user=request.user)
        self.scope = self.form.scope()
        return super().dispatch(request, *args, **kwargs)


class DashboardView(DashboardMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "capability_results/dashboards/dashboard.html"
    header_icon = "view"

    def get_page_title(self):
        return self.dashboard.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Indicators")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = dashboard_data(self.dashboard.slug, self.scope)
        query = self.request.GET.urlencode()
        context.update(
            form=self.form,
            scope=self.scope,
            dashboards=[
                (
                    module.slug,
                    module.title,
                    reverse("capability_dashboards:dashboard", args=[module.slug]),
                )
                for module in DASHBOARDS.values()
            ],  # fmt: skip
            current=self.dashboard.slug,
            figures=[
                {"id": f"figure-{index}", "data": figure_data(fig)}
                for index, fig in enumerate(self.dashboard.figures(data))
            ],
            tables=self.dashboard.tables(data),
            legend=legend(),
            query=query,
            xlsx_url=reverse("capability_dashboards:xlsx", args=[self.dashboard.slug]),
            report_xlsx_url=reverse("capability_dashboards:export", args=["xlsx"]),
            report_iati_url=reverse("capability_dashboards:export", args=["iati"]),
        )
        return context


def _filename(name: str, scope: Scope, extension: str) -> str:
    return f"{slugify(name)}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.{extension}"


class DashboardXlsxView(DashboardMixin, View):
    """The numbers behind one dashboard's charts, suppressed as on the page."""

    def get(self, request, slug):
        data = dashboard_data(slug, self.scope)
        content = tables_xlsx(
            self.dashboard.tables(data),
            caption=f"{self.scope.start:%Y-%m-%d} – {self.scope.end:%Y-%m-%d}",
        )
        response = HttpResponse(content, content_type=XLSX)
        name = _filename(f"ctps-{slug}", self.scope, "xlsx")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class IndicatorExportView(DashboardMixin, View):
    """The indicator table as a report workbook or an IATI 2.03 document."""

    def get(self, request, format):
        if format == "iati":
            try:
                content = indicators_iati(self.scope)
            except NarrowIATIRequest as narrow:
                messages.error(request, str(narrow))
                return redirect(
                    f"{reverse('capability_dashboards:index')}?{request.GET.urlencode()}"
                )
            except InvalidIATIDocument as invalid:
                messages.error(
                    request,
                    _("The IATI document was not produced: it breaks the IATI 2.03 schema (%s).")
                    % invalid.errors[0],
                )
                return redirect(
                    f"{reverse('capability_dashboards:index')}?{request.GET.urlencode()}"
                )
            content_type, extension = "application/xml", "xml"
        elif format == "xlsx":
            content, content_type, extension = indicators_xlsx(self.scope), XLSX, "xlsx"
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        name = _filename("ctps-indicators", self.scope, extension)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
