"""Staff views: a course's survey results and their export."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX
from tablib import Dataset

from ctps_common.spreadsheets import formula_safe

from ... import access
from ...models import CoursePage
from ...selectors.surveys import survey_export_rows, survey_results
from .base import require_permission


def survey_results_view(request, page_id: int):
    require_permission(request, access.VIEW_SURVEYS)
    course = get_object_or_404(CoursePage, pk=page_id)
    return TemplateResponse(
        request,
        "courses/admin/survey.html",
        {
            "page_title": _("Survey: %(title)s") % {"title": course.title},
            "header_icon": "comment",
            "course": course,
            "results": survey_results(course, user=request.user),
        },
    )


def survey_export(request, page_id: int):
    """Every answer as xlsx (no names: the survey is about the course, not the trainee)."""
    require_permission(request, access.VIEW_SURVEYS)
    course = get_object_or_404(CoursePage, pk=page_id)
    data = Dataset(
        headers=[
            _("Submitted at"),
            _("Language"),
            _("Relevance"),
            _("Clarity"),
            _("Applicability to my job"),
            _("Comments"),
        ]
    )
    for submitted, language, relevance, clarity, applicability, comment in survey_export_rows(
        course, user=request.user
    ):
        data.append(
            [
                timezone.localtime(submitted).replace(tzinfo=None),
                language,
                relevance,
                clarity,
                applicability,
                formula_safe(comment),  # free text typed by trainees never runs as a formula
            ]
        )
    response = HttpResponse(
        XLSX().export_data(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}-survey.xlsx"'
    return response
