"""Staff views: the xAPI statements of a period, as JSON; retrying those the LRS refused
(the statements' listing and inspect pages are the viewset's, `courses.viewsets`)."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ... import access
from ...models import XapiStatement
from ...xapi.export import (
    PeriodForm,
    export_filename,
    period_bounds,
    statements_export,
    statements_json,
)
from ...xapi.sending import statements_retry, unsent_count
from .base import require_permission, require_visible

INDEX = "courses_xapistatement:index"


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


def statement_retry(request, pk):
    """Put one statement the LRS refused back in the queue (a confirmation, then POST)."""
    require_permission(request, access.RETRY_XAPI)
    statement = get_object_or_404(XapiStatement, pk=pk)
    require_visible(request, XapiStatement, statement.pk)  # a trainee the user may not see
    if statement.status != XapiStatement.Status.FAILED:
        messages.info(request, _("Only a statement the LRS refused can be retried."))
        return redirect("courses_xapistatement:inspect", pk=statement.pk)
    if request.method == "POST":
        statements_retry(XapiStatement.objects.filter(pk=statement.pk))
        messages.success(request, _("The statement will be sent again."))
        return redirect(INDEX)
    return TemplateResponse(
        request,
        "courses/admin/xapi_retry.html",
        {
            "page_title": _("Retry a statement"),
            "header_icon": "resubmit",
            "statements": [statement],
            "count": 1,
        },
    )


def statements_retry_failed(request):
    """Put every refused statement the user may see back in the queue (confirm, then POST)."""
    require_permission(request, access.RETRY_XAPI)
    failed = access.for_visible_users(request.user, XapiStatement.objects.failed())
    if request.method == "POST":
        count = statements_retry(failed)
        messages.success(
            request,
            ngettext(
                "%(count)s statement will be sent again.",
                "%(count)s statements will be sent again.",
                count,
            )
            % {"count": count},
        )
        return redirect(INDEX)
    return TemplateResponse(
        request,
        "courses/admin/xapi_retry.html",
        {
            "page_title": _("Retry failed statements"),
            "header_icon": "resubmit",
            "statements": failed.select_related("user").order_by("-timestamp")[:20],
            "count": failed.count(),
        },
    )
