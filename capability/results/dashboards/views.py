"""Dashboards in the Wagtail admin: staff and managers (`capability_results.view_dashboards`) only.

Figures travel as JSON data blocks drawn by one static script (no inline script); every
chart has its data table on the page and an xlsx of the same numbers.
"""

from __future__ import annotations

import datetime

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
from capability.register.models.choices import OrganisationType, Sex

from ..iati import InvalidIATIDocument
from ..indicators.disclosure import legend
from ..indicators.export import NarrowIATIRequest, indicators_iati, indicators_xlsx
from ..indicators.periods import (
    label,
    period_bounds,
    programme_bounds,
    quarters_between,
    whole_quarters,
)
from ..indicators.queries import Scope, scope_for
from ..models.indicators import IndicatorLevel
from ..models.translation import country_name
from ..tables import tables_xlsx
from . import DASHBOARDS, dashboard_data
from .base import figure_context

DASHBOARDS_PERMISSION = "capability_results.view_dashboards"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


ALL_FILTERS = ("country", "start", "end", "level", "sex", "organisation_type")


def _quarter_choices(edge: int) -> list[tuple[str, str]]:
    """The programme's quarters as (first or last day, "2025 Q1"): periods are whole quarters,
    never arbitrary days whose difference would single out a few people."""
    first, last = programme_bounds()
    return [
        (period_bounds(*quarter)[edge].isoformat(), label(*quarter))
        for quarter in quarters_between(first, last)
    ]


class FilterForm(forms.Form):
    """The filters a dashboard offers (its module's `filters`; all of them by default)."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    start = forms.TypedChoiceField(
        label=_("From quarter"), required=False, coerce=datetime.date.fromisoformat
    )
    end = forms.TypedChoiceField(
        label=_("To quarter"), required=False, coerce=datetime.date.fromisoformat
    )
    level = forms.ChoiceField(
        label=_("Result area"),
        required=False,
        choices=[("", _("All"))] + list(IndicatorLevel.choices),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("All"))] + list(Sex.choices)
    )
    organisation_type = forms.ChoiceField(
        label=_("Organisation type"),
        required=False,
        choices=[("", _("All"))] + list(OrganisationType.choices),
    )

    def __init__(self, *args, user, filters=ALL_FILTERS, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in set(self.fields) - set(filters):
            del self.fields[name]
        probe = scope_for(user)
        countries = Country.objects.order_by("name")
        if probe.country_ids is not None:
            countries = countries.filter(pk__in=probe.country_ids)
        self.countries = {country.code: country.pk for country in countries}
        everyone = _("All countries") if probe.country_ids is None else _("All my countries")
        self.fields["country"].choices = [("", everyone)] + [
            (country.code, country_name(country.code, country.name)) for country in countries
        ]
        if "start" in self.fields:
            self.fields["start"].choices = [("", _("Programme start"))] + _quarter_choices(0)
        if "end" in self.fields:
            self.fields["end"].choices = [("", _("Programme end"))] + _quarter_choices(1)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first quarter comes after the last one."))
        return data

    def selected(self) -> dict:
        """The valid filters only: a wrong one is reported and ignored, not the others."""
        self.is_valid()
        if self.non_field_errors():
            return {
                name: value
                for name, value in self.cleaned_data.items()
                if name not in ("start", "end")
            }
        return self.cleaned_data

    def scope(self) -> Scope:
        data = self.selected() if self.is_bound else {}
        code = data.get("country")
        start, end = whole_quarters(data.get("start") or None, data.get("end") or None)
        return scope_for(
            self.user,
            country_ids={self.countries[code]} if code else None,
            start=start,
            end=end,
            level=data.get("level") or "",
        )

    def categories(self) -> dict[str, str]:
        """The breakdown categories chosen (e.g. {"sex": "F"}): they pick which of the
        already suppressed cells are shown, never a new cross-tabulation."""
        data = self.selected() if self.is_bound else {}
        return {name: data[name] for name in ("sex", "organisation_type") if data.get(name)}


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
        self.form = FilterForm(
            request.GET or None,
            user=request.user,
            filters=getattr(self.dashboard, "filters", ALL_FILTERS),
        )
        self.scope = self.form.scope()
        return super().dispatch(request, *args, **kwargs)

    def data(self) -> dict:
        """The cached aggregates, with the breakdown categories chosen in the filters."""
        return {**dashboard_data(self.dashboard.slug, self.scope), **self.form.categories()}


class DashboardView(DashboardMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "capability_results/dashboards/dashboard.html"
    header_icon = "view"

    def get_page_title(self):
        return self.dashboard.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Indicators")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.data()
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
                figure_context(fig, index) for index, fig in enumerate(self.dashboard.figures(data))
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
        data = self.data()
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
