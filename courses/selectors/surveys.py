"""Reads of the reaction survey (Kirkpatrick level 1): whether it awaits a trainee, results."""

from __future__ import annotations

from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy

from .. import access
from ..models import Enrolment, SurveyResponse

QUESTIONS = [
    ("relevance", gettext_lazy("How relevant was this course to your work?")),
    ("clarity", gettext_lazy("How clear was the content?")),
    ("applicability", gettext_lazy("How much of it can you apply in your job?")),
]
COMMENTS_SHOWN = 500


def survey_answered(*, user, course) -> bool:
    return SurveyResponse.objects.filter(user=user, course_key=course.translation_key).exists()


def course_completed(*, user, course) -> bool:
    """Whether the trainee completed the course (any language version)."""
    return Enrolment.objects.filter(
        user=user, course_key=course.translation_key, completed_at__isnull=False
    ).exists()


def survey_responses(course, *, user):
    """The answers to a course's survey from the trainees `user` may see."""
    return access.for_visible_users(
        user, SurveyResponse.objects.filter(course_key=course.translation_key)
    )


def survey_results(course, *, user) -> dict:
    """Mean and distribution per question, and the comments, over the answers of the
    trainees `user` may see (comments are personal data); three queries."""
    responses = survey_responses(course, user=user)
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
        .values("comment", "submitted_at", "course__locale__language_code")[:COMMENTS_SHOWN]
    )
    return {"count": summary["n"], "questions": questions, "comments": comments}


def survey_export_rows(course, *, user):
    """Every answer to a course's survey that `user` may see, oldest first, without names:
    (submitted at, language, relevance, clarity, applicability, comment)."""
    return (
        survey_responses(course, user=user)
        .order_by("submitted_at")
        .values_list(
            "submitted_at",
            "course__locale__language_code",
            "relevance",
            "clarity",
            "applicability",
            "comment",
        )
    )
