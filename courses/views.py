"""Public views of the courses plugin: enrolment, lesson completion, quizzes, My learning."""

from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks

from . import accounts, services
from .models import (
    CoursePage,
    CoursesSettings,
    Enrolment,
    LessonPage,
    Option,
    Question,
    QuizAttempt,
)
from .querysets import lesson_access, my_certificates, my_learning


def _live_course(page_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live().public(), pk=page_id)


@login_required
@require_POST
def enrol(request, page_id: int):
    """Enrol the user; plugins may first ask for more (hook `courses_before_enrol`)."""
    course = _live_course(page_id)
    if Enrolment.objects.filter(user=request.user, course_key=course.translation_key).exists():
        return redirect(course.get_url(request=request))  # already in: nothing to ask
    for fn in hooks.get_hooks("courses_before_enrol"):
        response = fn(request, course)
        if response is not None:
            return response
    try:
        _enrolment, created = services.enrolment_create(user=request.user, course=course)
    except services.CourseError as error:
        messages.error(request, str(error))
    else:
        if created:
            messages.success(request, _("You are enrolled. Welcome to the course!"))
    return redirect(course.get_url(request=request))


@login_required
@require_POST
def lesson_complete(request, page_id: int):
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=page_id)
    refusal = lesson_access(lesson=lesson, request=request)
    if refusal is not None:
        return refusal
    services.lesson_complete(user=request.user, lesson=lesson)
    messages.success(request, _("Lesson “%(title)s” marked complete.") % {"title": lesson.title})
    following = (
        LessonPage.objects.live()
        .sibling_of(lesson, inclusive=False)
        .filter(path__gt=lesson.path)
        .order_by("path")
        .first()
    )
    course = lesson.get_parent()
    return redirect(following.get_url(request=request) if following else course.get_url(request))


@login_required
@require_POST
def attempt_start(request, page_id: int, kind: str):
    course = _live_course(page_id)
    if kind not in QuizAttempt.Kind.values:
        raise Http404
    try:
        attempt = services.attempt_start(user=request.user, course=course, kind=kind)
    except services.CourseError as error:
        messages.error(request, str(error))
        return redirect(course.get_url(request=request))
    return redirect("courses:attempt", pk=attempt.pk)


def _own_attempt(request, pk: int):
    attempt = get_object_or_404(QuizAttempt.objects.select_related("quiz", "course"), pk=pk)
    if attempt.user_id != request.user.pk:
        return attempt, TemplateResponse(
            request,
            "courses/forbidden.html",
            {"message": _("This attempt belongs to another trainee.")},
            status=403,
        )
    return attempt, None


def _attempt_questions(attempt: QuizAttempt, selected=None):
    """Questions and options in the attempt's order, without any correctness data."""
    questions = Question.objects.in_bulk(attempt.question_ids())
    option_ids = [pk for item in attempt.layout for pk in item["options"]]
    options = Option.objects.only("id", "text", "question_id").in_bulk(option_ids)
    selected = selected or {}
    items = []
    for number, item in enumerate(attempt.layout, start=1):
        question = questions.get(item["question"])
        if question is None:
            continue
        chosen = selected.get(question.pk, [])
        items.append(
            {
                "number": number,
                "id": question.pk,
                "kind": question.kind,
                "text": question.text,
                "points": question.points,
                "value": chosen[0] if question.kind == "numeric" and chosen else "",
                "options": [
                    {"id": pk, "text": options[pk].text, "checked": str(pk) in chosen}
                    for pk in item["options"]
                    if pk in options
                ],
            }
        )
    return items


@login_required
def attempt(request, pk: int):
    attempt, refusal = _own_attempt(request, pk)
    if refusal:
        return refusal
    course = attempt.course.specific
    if attempt.status != QuizAttempt.Status.OPEN or services.attempt_expire_if_late(
        attempt=attempt
    ):
        if attempt.status == QuizAttempt.Status.EXPIRED:
            messages.error(request, _("The time limit had passed: this attempt was closed."))
        return redirect("courses:attempt_result", pk=attempt.pk)
    selected = None
    if request.method == "POST":
        try:
            services.attempt_submit(attempt=attempt, user=request.user, data=request.POST)
        except services.AttemptClosed as error:
            messages.error(request, str(error))
            return redirect("courses:attempt_result", pk=attempt.pk)
        except services.CourseError as error:
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
            "questions": _attempt_questions(attempt, selected),
        },
        status=400 if selected is not None else 200,
    )


@login_required
def attempt_result(request, pk: int):
    attempt, refusal = _own_attempt(request, pk)
    if refusal:
        return refusal
    if attempt.status == QuizAttempt.Status.OPEN:
        return redirect("courses:attempt", pk=attempt.pk)
    answers = {a.question_id: a for a in attempt.answers.all()}
    questions = Question.objects.in_bulk(attempt.question_ids())
    option_ids = [pk for item in attempt.layout for pk in item["options"]]
    options = Option.objects.in_bulk(option_ids)
    review = []
    for number, item in enumerate(attempt.layout, start=1):
        question = questions.get(item["question"])
        if question is None:
            continue
        answer = answers.get(question.pk)
        chosen = set(answer.selected) if answer else set()
        review.append(
            {
                "number": number,
                "question": question,
                "answer": answer,
                "credit_percent": int(answer.credit * 100) if answer else 0,
                "options": [
                    {"option": options[pk], "chosen": pk in chosen}
                    for pk in item["options"]
                    if pk in options
                ],
            }
        )
    course = attempt.course.specific
    return render(
        request,
        "courses/attempt_result.html",
        {"attempt": attempt, "course": course, "review": review},
    )


@login_required
def my_learning_view(request):
    from .certificates import renewal_due

    certificates = my_certificates(user=request.user)
    for certificate in certificates:
        certificate.renewable = renewal_due(certificate)
    return render(
        request,
        "courses/my_learning.html",
        {"rows": my_learning(user=request.user), "certificates": certificates},
    )


class RegistrationForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Email"))
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"), max_length=200, required=False
    )
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password"):
            from django.contrib.auth import get_user_model

            candidate = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


def register(request):
    """Self-registration, when the site allows it; staff approve each request."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if not CoursesSettings.for_site(site).allow_self_registration:
        raise Http404
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.registration_request_create(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password"],
                organisation=form.cleaned_data["organisation"],
            )
        except accounts.InvitationError as error:
            form.add_error("email", str(error))
        else:
            return render(request, "courses/account/register_done.html")
    return render(request, "courses/account/register.html", {"form": form})
