"""Offline learning: the installable app (manifest, service worker), a course's offline
package, the post-test drawn for offline use, and the endpoint that receives what the trainee
did offline (once each)."""

from __future__ import annotations

import hashlib
import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ...models import CoursePage, OfflineSubmission, QuizAttempt
from ...selectors.enrolment import enrolment_of
from ...selectors.offline import offline_package, offline_refusal, offline_test_available
from ...selectors.quizzes import attempt_questions
from ...services.errors import CourseError
from ...services.offline import (
    SubmissionPending,
    draw_token,
    offline_submission_receive,
    offline_test_refusal,
)
from .base import forbidden

THEME_COLOUR = "#0b4f6c"
ICON_SIZES = (192, 512)


@require_GET
def web_manifest(request):
    """The web app manifest of the current language: installs the site, opens on its home."""
    language = get_language()
    manifest = {
        "name": _("CT Public Spaces Learning"),
        "short_name": _("CTPS Learning"),
        "description": _("Courses for the people who protect public spaces."),
        "lang": language,
        "start_url": f"/{language}/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": static(f"courses/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in ICON_SIZES
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


def service_worker_source() -> tuple[str, str]:
    """(script, version): the worker with the static URLs it needs; the version is a hash of
    the script, so a new deployment (new static hashes) installs a new worker."""
    script = render_to_string("courses/sw.js", {"queue_url": static("courses/offline-queue.js")})
    return script, hashlib.sha256(script.encode()).hexdigest()[:12]


@require_GET
def service_worker(request):
    """/sw.js: served from the site root so that its scope covers every page."""
    script, version = service_worker_source()
    response = HttpResponse(
        script.replace("__VERSION__", version), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def _json_refusal(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@never_cache
@require_GET
def course_package(request, page_id: int):
    """The course's offline package as JSON. 403 (signed out, not enrolled) and 404 (not
    published, restricted) tell the browser to remove its copy; 409 asks to wait."""
    if not request.user.is_authenticated:
        return _json_refusal(403, _("Sign in to keep courses offline."))
    course = CoursePage.objects.live().public().filter(pk=page_id).first()
    if course is None:
        return _json_refusal(404, _("This course is no longer published."))
    refusal = offline_refusal(user=request.user, course=course)
    if refusal:
        return _json_refusal(*refusal)
    return JsonResponse(offline_package(course=course, user=request.user, request=request))


@login_required
@require_GET
def offline_test(request, page_id: int):
    """The post-test drawn for this trainee, to answer offline: questions, never answers.

    Graded by the server when the answers arrive (`offline_submit`); a timed test says it
    cannot be taken offline.
    """
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    enrolment = enrolment_of(user_id=request.user.pk, course_key=course.translation_key)
    if enrolment is None:
        return forbidden(request, _("You are not enrolled in this course."))
    refusal = offline_test_refusal(quiz=course.post_test)
    questions = token = None
    if not refusal and not offline_test_available(
        user=request.user, course=course, enrolment=enrolment
    ):
        refusal = _("This test cannot be taken any more.")
    if not refusal:
        try:
            token, layout = draw_token(user=request.user, course=course, kind="post")
        except CourseError as error:
            refusal = str(error)
        else:
            questions = attempt_questions(QuizAttempt(layout=layout))
    response = render(
        request,
        "courses/offline_test.html",
        {
            "course": course,
            "refusal": refusal,
            "questions": questions,
            "draw": token,
            "uuid": uuid.uuid4(),
        },
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _submission_json(submission: OfflineSubmission, replayed: bool) -> dict:
    return {
        "uuid": str(submission.uuid),
        "kind": submission.kind,
        "outcome": submission.outcome,
        "message": submission.result.get("message", ""),
        "url": submission.result.get("url", ""),
        "replayed": replayed,
    }


@require_POST
def offline_sync(request):
    """Receive one queued offline action (JSON: uuid, kind, payload); CSRF-checked.

    200 with the outcome (accepted or refused, said in plain words) whenever the action was
    received, now or before; 400 when it cannot be read; 403 signed out (kept for later).
    """
    if not request.user.is_authenticated:
        return _json_refusal(403, _("Sign in to send what you did offline."))
    if len(request.body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return _json_refusal(400, _("This offline action is too large."))
    try:
        data = json.loads(request.body)
        if not isinstance(data, dict) or not isinstance(data.get("payload"), dict):
            raise ValueError
    except ValueError:
        return _json_refusal(400, _("This offline action cannot be read."))
    try:
        submission, replayed = offline_submission_receive(
            user=request.user,
            uuid=data.get("uuid", ""),
            kind=data.get("kind", ""),
            payload=data["payload"],
            language=get_language(),
        )
    except SubmissionPending as error:
        return _json_refusal(409, str(error))
    except CourseError as error:
        return _json_refusal(400, str(error))
    return JsonResponse(_submission_json(submission, replayed))


@login_required
@require_POST
def offline_submit(request):
    """The offline test's form without JavaScript: the same receipt, then the result."""
    answers = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key.startswith("q") and key[1:].isdigit()
    }
    try:
        submission, _replayed = offline_submission_receive(
            user=request.user,
            uuid=request.POST.get("uuid", ""),
            kind=OfflineSubmission.Kind.TEST,
            payload={"draw": request.POST.get("draw", ""), "answers": answers},
            language=get_language(),
        )
    except CourseError as error:
        messages.error(request, str(error))
        return redirect("courses:my_learning")
    refused = submission.outcome == OfflineSubmission.Outcome.REFUSED
    (messages.error if refused else messages.success)(request, submission.result["message"])
    return redirect(submission.result.get("url") or reverse("courses:my_learning"))
