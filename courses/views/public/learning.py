"""Public views of learning: enrolment, lesson completion, My learning."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail import hooks

from ... import access
from ...models import CoursePage, LessonPage
from ...selectors.catalogue import following_lesson
from ...selectors.certificates import my_certificates
from ...selectors.enrolment import is_enrolled
from ...selectors.progress import lesson_access_facts, my_learning
from ...services.enrolment import enrolment_create
from ...services.errors import CourseError
from ...services.progress import lesson_complete as lesson_complete_service

# Session key: the course whose enrolment a `courses_before_enrol` step interrupted.
PENDING_ENROLMENT = "courses_pending_enrolment"


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request, page_id: int):
    """Enrol the user; plugins may first ask for more (hook `courses_before_enrol`).

    A step that interrupts the enrolment (a profile form) sends the trainee back here with
    a GET, which completes the enrolment the trainee asked for with a POST (remembered in
    the session); any other GET only leads to the course page.
    """
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    if request.method == "GET" and request.session.get(PENDING_ENROLMENT) != course.pk:
        return redirect(course.get_url(request=request))
    if is_enrolled(user_id=request.user.pk, course_key=course.translation_key):
        request.session.pop(PENDING_ENROLMENT, None)
        return redirect(course.get_url(request=request))  # already in: nothing to ask
    for fn in hooks.get_hooks("courses_before_enrol"):
        response = fn(request, course)
        if response is not None:
            request.session[PENDING_ENROLMENT] = course.pk
            return response
    request.session.pop(PENDING_ENROLMENT, None)
    try:
        _enrolment, created = enrolment_create(user=request.user, course=course)
    except CourseError as error:
        messages.error(request, str(error))
    else:
        if created:
            messages.success(request, _("You are enrolled. Welcome to the course!"))
    return redirect(course.get_url(request=request))


@login_required
@require_POST
def lesson_complete(request, page_id: int):
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=page_id)
    course = lesson.get_parent().specific
    refusal = access.lesson_refusal(**lesson_access_facts(user=request.user, course=course))
    if refusal:
        messages.info(request, refusal)
        return redirect(course.get_url(request=request))
    lesson_complete_service(user=request.user, lesson=lesson)
    messages.success(request, _("Lesson “%(title)s” marked complete.") % {"title": lesson.title})
    following = following_lesson(lesson)
    return redirect(following.get_url(request=request) if following else course.get_url(request))


@login_required
def my_learning_view(request):
    certificates = my_certificates(user=request.user)
    return render(
        request,
        "courses/my_learning.html",
        {"rows": my_learning(user=request.user), "certificates": certificates},
    )
