"""Public views of the pre- and post-tests: start, answer, result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import access
from ...models import CoursePage, QuizAttempt
from ...selectors.enrolment import enrolment_of, trainee_contacts
from ...selectors.quizzes import attempt_questions, attempt_review, attempts_used
from ...services import quizzes as quiz_services
from ...services.errors import AnswerErrors, AttemptClosed, BlankAnswers, CourseError
from .base import forbidden


@login_required
@require_POST
def attempt_start(request, page_id: int, kind: str):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    if kind not in QuizAttempt.Kind.values:
        raise Http404
    try:
        attempt = quiz_services.attempt_start(user=request.user, course=course, kind=kind)
    except CourseError as error:
        messages.error(request, str(error))
        return redirect(course.get_url(request=request))
    return redirect("courses:attempt", pk=attempt.pk)


def _own_attempt(request, pk: int):
    attempt = get_object_or_404(QuizAttempt.objects.select_related("quiz", "course"), pk=pk)
    if not access.owns(request.user, attempt):
        return attempt, forbidden(request, _("This attempt belongs to another trainee."))
    return attempt, None


@login_required
def attempt(request, pk: int):
    attempt, refusal = _own_attempt(request, pk)
    if refusal:
        return refusal
    course = attempt.course.specific
    if attempt.status != QuizAttempt.Status.OPEN or quiz_services.attempt_expire_if_late(
        attempt=attempt
    ):
        if attempt.status == QuizAttempt.Status.EXPIRED:
            messages.error(request, _("The time limit had passed: this attempt was closed."))
        return redirect("courses:attempt_result", pk=attempt.pk)
    selected = errors = blanks = None
    if request.method == "POST":
        try:
            quiz_services.attempt_submit(
                attempt=attempt,
                user=request.user,
                data=request.POST,
                language=get_language(),
                allow_blank=bool(request.POST.get("confirm_blank")),
            )
        except AttemptClosed as error:
            messages.error(request, str(error))
            return redirect("courses:attempt_result", pk=attempt.pk)
        except CourseError as error:
            if isinstance(error, AnswerErrors):
                errors = error.errors
            elif isinstance(error, BlankAnswers):
                blanks = error.positions
            else:
                messages.error(request, str(error))
            selected = {
                int(key[1:]): request.POST.getlist(key)
                for key in request.POST
                if key.startswith("q") and key[1:].isdigit()
            }
        else:
            return redirect("courses:attempt_result", pk=attempt.pk)
    return render(
        request,
        "courses/attempt.html",
        {
            "attempt": attempt,
            "course": course,
            "questions": attempt_questions(attempt, selected, errors),
            "errors": errors,
            "blanks": blanks,
        },
        status=400 if selected is not None and blanks is None else 200,
    )


@login_required
def attempt_result(request, pk: int):
    attempt, refusal = _own_attempt(request, pk)
    if refusal:
        return refusal
    if attempt.status == QuizAttempt.Status.OPEN:
        return redirect("courses:attempt", pk=attempt.pk)
    course = attempt.course.specific
    used = attempts_used(user=request.user, course=course, kind=attempt.kind)
    left = access.attempts_left(quiz=attempt.quiz, used=used)
    enrolment = enrolment_of(user_id=request.user.pk, course_key=attempt.course_key)
    revealed = access.answers_revealed(
        attempt=attempt, attempts_left=left, completed=bool(enrolment and enrolment.completed_at)
    )
    out_of_attempts = attempt.kind == QuizAttempt.Kind.POST and not attempt.passed and left == 0
    return render(
        request,
        "courses/attempt_result.html",
        {
            "attempt": attempt,
            "course": course,
            "review": attempt_review(attempt) if revealed else None,
            "attempts_left": left,
            "contacts": trainee_contacts(request.user) if out_of_attempts else None,
            "out_of_attempts": out_of_attempts,
        },
    )
