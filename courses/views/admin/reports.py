"""Staff views: the course reports (index, one course, its export)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from tablib import Dataset

from ctps_common.spreadsheets import dataset_to_csv, dataset_to_xlsx

from ... import access
from ...models import CoursePage, QuizAttempt
from ...selectors.progress import enrolments_with_progress
from ...selectors.reports import course_summary, courses_with_counts, question_statistics
from .base import require_permission

ENROLMENTS_SHOWN = 500
ATTEMPTS_SHOWN = 50


def report_index(request):
    """Every course (in the default language) with its enrolment and completion counts."""
    require_permission(request, access.REPORT_PERMISSION)
    return TemplateResponse(
        request,
        "courses/admin/report_index.html",
        {
            "page_title": _("Course reports"),
            "header_icon": "doc-full-inverse",
            "courses": courses_with_counts(user=request.user),
            "can_enrol": request.user.has_perm(access.ENROL_PERMISSION),
        },
    )


def course_report(request, page_id: int):
    require_permission(request, access.REPORT_PERMISSION)
    course = get_object_or_404(CoursePage, pk=page_id)
    enrolments = access.for_visible_users(request.user, enrolments_with_progress(course))
    attempts = access.for_visible_users(
        request.user, QuizAttempt.objects.filter(course_key=course.translation_key)
    )
    return TemplateResponse(
        request,
        "courses/admin/report.html",
        {
            "page_title": _("Report: %(title)s") % {"title": course.title},
            "header_icon": "doc-full-inverse",
            "course": course,
            "summary": course_summary(course, user=request.user),
            "enrolments": enrolments.order_by("user__last_name", "user__email")[:ENROLMENTS_SHOWN],
            "pre_questions": question_statistics(course, "pre", user=request.user),
            "post_questions": question_statistics(course, "post", user=request.user),
            "recent_attempts": attempts.not_reset()
            .select_related("user")
            .order_by("-started_at")[:ATTEMPTS_SHOWN],
            "can_enrol": request.user.has_perm(access.ENROL_PERMISSION),
        },
    )


def course_report_export(request, page_id: int, fmt: str):
    require_permission(request, access.REPORT_PERMISSION)
    course = get_object_or_404(CoursePage, pk=page_id)
    enrolments = access.for_visible_users(request.user, enrolments_with_progress(course))
    data = Dataset(
        headers=[
            _("Email"),
            _("Name"),
            _("Language"),
            _("Enrolled at"),
            _("Progress (%)"),
            _("Pre-test score"),
            _("Post-test score"),
            _("Knowledge gain"),
            _("Completed at"),
        ]
    )
    for e in enrolments.order_by("user__email"):
        data.append(
            [
                e.user.email,
                e.user.get_full_name(),
                e.course.locale_id and e.course.locale.language_code,
                e.enrolled_at.replace(tzinfo=None),
                int(e.percent),
                e.pre_score,
                e.post_score,
                e.knowledge_gain,
                e.completed_at.replace(tzinfo=None) if e.completed_at else None,
            ]
        )
    if fmt == "xlsx":
        body = dataset_to_xlsx(data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body = dataset_to_csv(data)
        content_type = "text/csv; charset=utf-8"
    else:
        raise PermissionDenied
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}-report.{fmt}"'
    return response
