"""Reaction survey (Kirkpatrick level 1): answered once, after completion; results for staff."""

from __future__ import annotations

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CoursePage, Enrolment, SurveyResponse

QUESTIONS = [
    ("relevance", gettext_lazy("How relevant was this course to your work?")),
    ("clarity", gettext_lazy("How clear was the content?")),
    ("applicability", gettext_lazy("How much of it can you apply in your job?")),
]
RATINGS = [(i, str(i)) for i in range(1, 6)]


class SurveyError(Exception):
    """A rule refused the answer; the message is shown as is."""


class SurveyForm(forms.Form):
    relevance = forms.TypedChoiceField(
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, label=QUESTIONS[0][1]
    )
    clarity = forms.TypedChoiceField(
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, label=QUESTIONS[1][1]
    )
    applicability = forms.TypedChoiceField(
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, label=QUESTIONS[2][1]
    )
    comment = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=gettext_lazy("Anything else you want to tell us? (optional)"),
    )


def survey_open_for(*, user, course: CoursePage) -> bool:
    """True when the trainee completed the course and has not answered yet."""
    completed = Enrolment.objects.filter(
        user=user, course_key=course.translation_key, completed_at__isnull=False
    ).exists()
    answered = SurveyResponse.objects.filter(user=user, course_key=course.translation_key)
    return completed and not answered.exists()


@transaction.atomic
def survey_response_create(*, user, course: CoursePage, data: dict) -> SurveyResponse:
    if not Enrolment.objects.filter(
        user=user, course_key=course.translation_key, completed_at__isnull=False
    ).exists():
        raise SurveyError(_("The survey opens when you have completed the course."))
    response = SurveyResponse(
        user=user,
        course=course,
        course_key=course.translation_key,
        relevance=data["relevance"],
        clarity=data["clarity"],
        applicability=data["applicability"],
        comment=data.get("comment", "").strip(),
    )
    response.full_clean(exclude=["user", "course"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise SurveyError(_("You have already answered the survey for this course.")) from error
    return response


def survey_results(course: CoursePage) -> dict:
    """Mean and distribution per question, and the comments; three queries."""
    responses = SurveyResponse.objects.filter(course_key=course.translation_key)
    names = [name for name, _label in QUESTIONS]
    summary = responses.aggregate(n=Count("pk"), **{name: Avg(name) for name in names})
    questions = []
    for name, label in QUESTIONS:
        counts = dict(
            responses.order_by().values_list(name).annotate(n=Count("pk")).values_list(name, "n")
        )
        questions.append(
            {
                "name": name,
                "label": label,
                "mean": summary[name],
                "distribution": [(value, counts.get(value, 0)) for value in range(1, 6)],
            }
        )
    comments = list(
        responses.exclude(comment="")
        .select_related("course__locale")
        .order_by("-submitted_at")
        .values("comment", "submitted_at", "course__locale__language_code")[:500]
    )
    return {"count": summary["n"], "questions": questions, "comments": comments}
