"""Public views of learning: enrolment, lesson completion, My learning."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
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


@login_required
@require_POST
def enrol(request, page_id: int):
    """Enrol the user; plugins may first ask for more (hook `courses_before_enrol`)."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    if is_enrolled(user_id=request.user.pk, course_key=course.translation_key):
        return redirect(course.get_url(request=request))  # already in: nothing to ask
    for fn in hooks.get_hooks("courses_before_enrol"):
        response = fn(request, course)
        if response is not None:
            return response
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
