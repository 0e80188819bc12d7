"""What the course pages serve. Wagtail routes a request to the page model, whose `serve` and
`get_context` hand over to these functions (the models cannot import this layer)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from ...cache import tree_version
from ...models.pages import AUDIENCE_FILTERS, TOPICS
from ...selectors.catalogue import catalogue, catalogue_filters, page_url
from ...selectors.certificates import completion_records
from ...selectors.enrolment import trainee_contacts
from ...selectors.progress import course_progress


def catalogue_context(page, request) -> dict:
    filters = catalogue_filters(request.GET)
    return {
        "filters": filters,
        "topics": TOPICS,
        "audiences": AUDIENCE_FILTERS,
        "courses": catalogue(index=page, user=request.user, filters=filters),
    }


def course_context(page, request) -> dict:
    progress = course_progress(course=page, user=request.user, request=request)
    context = {
        "progress": progress,
        "competencies": page.cached_competencies,  # read when the fragment renders
    }
    enrolment = progress.enrolment
    if enrolment is not None and enrolment.completed_at:
        context["records"] = completion_records(course=page, user=request.user)
    elif enrolment is not None:
        # Read only when the page says the attempts are used up (the template calls it).
        context["contacts"] = partial(trainee_contacts, request.user)
    # Keys of the fragments the template caches: what the page shows of the tree, and
    # of the trainee's own lesson completions and attempts (none without an enrolment).
    context["tree_version"] = tree_version()
    context["progress_version"] = enrolment.progress_version.hex if enrolment else ""
    return context


def lesson_refusal_response(page, request):
    """None when the user may read the lesson, otherwise the response that explains why not.

    The trainee's progress in the course, computed for the check, is kept on the page for
    its context: one computation per request.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = page.get_parent().specific
    progress = course_progress(course=course, user=request.user, lesson=page, request=request)
    if progress.lesson_refusal:
        messages.info(request, progress.lesson_refusal)
        return redirect(course.get_url(request=request))
    page._progress = progress
    return None


def lesson_context(page, request) -> dict:
    course = page.get_parent().specific
    return {
        "course": course,
        "course_url": page_url(course, request),
        "progress": getattr(page, "_progress", None)
        or course_progress(course=course, user=request.user, lesson=page, request=request),
    }
