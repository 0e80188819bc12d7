"""Staff view: the xAPI statements of a period, as JSON."""

from datetime import date

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ... import access
from ...xapi.export import (
    PeriodForm,
    export_filename,
    period_bounds,
    statements_export,
    statements_json,
)
from ...xapi.sending import unsent_count
from .base import require_permission


def xapi_export(request):
    """Statements of a period as a JSON array, the shape an LRS accepts on POST."""
    require_permission(request, access.EXPORT_XAPI)
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        first, after = period_bounds(start, end)
        statements = statements_export(start=first, end=after)
        response = HttpResponse(
            statements_json(statements), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{export_filename(start, end)}"'
        return response
    today = date.today()
    return TemplateResponse(
        request,
        "courses/admin/xapi_export.html",
        {
            "page_title": _("Export learning records (xAPI)"),
            "header_icon": "download",
            "form": form if form.is_bound else PeriodForm(initial={"start": today, "end": today}),
            "unsent": unsent_count(),
        },
        status=400 if form.is_bound else 200,
    )
