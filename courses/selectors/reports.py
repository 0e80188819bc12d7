"""Course reports for staff: every figure is an aggregate computed in the database, over the
trainees the staff member may see (`access.for_visible_users`): country staff read their
countries' figures, never a total from which another country's trainee could be deduced."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery

from .. import access
from ..models import Answer, CoursePage, Enrolment, QuizAttempt
from .progress import enrolments_with_progress

BUCKETS = [(0, 0), (1, 25), (26, 50), (51, 75), (76, 99), (100, 100)]


def courses_with_counts(*, user):
    """Every course (in the default language) with its enrolment and completion counts."""
    counts = (
        access.for_visible_users(
            user, Enrolment.objects.filter(course_key=OuterRef("translation_key"))
        )
        .order_by()
        .values("course_key")
    )
    return (
        CoursePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .annotate(
            enrolled=Subquery(counts.annotate(n=Count("pk")).values("n")),
            completed=Subquery(
                counts.annotate(n=Count("pk", filter=Q(completed_at__isnull=False))).values("n")
            ),
        )
        .order_by("title")
    )


def course_summary(course: CoursePage, *, user) -> dict:
    enrolments = access.for_visible_users(user, enrolments_with_progress(course))
    own = access.for_visible_users(
        user, Enrolment.objects.filter(course_key=course.translation_key)
    )
    totals = own.aggregate(
        enrolled=Count("pk"),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        mean_pre=Avg("pre_score"),
        mean_post=Avg("post_score"),
        mean_gain=Avg(
            F("post_score") - F("pre_score"),
            filter=Q(pre_score__isnull=False, post_score__isnull=False),
        ),
        with_both=Count("pk", filter=Q(pre_score__isnull=False, post_score__isnull=False)),
    )
    post = (
        access.for_visible_users(
            user, QuizAttempt.objects.filter(course_key=course.translation_key, kind="post")
        )
        .closed()
        .aggregate(
            takers=Count("user", distinct=True),
            passers=Count("user", distinct=True, filter=Q(passed=True)),
        )
    )
    totals["pass_rate"] = (
        round(100 * post["passers"] / post["takers"], 1) if post["takers"] else None
    )
    totals.update(post)
    buckets = enrolments.aggregate(
        **{
            f"b{low}_{high}": Count(
                "pk",
                filter=Q(completed_at__isnull=False)
                if low == 100
                else Q(completed_at__isnull=True, percent__gte=low, percent__lte=high),
            )
            for low, high in BUCKETS
        }
    )
    totals["distribution"] = [
        {
            "label": f"{low}–{high}%" if low != high else f"{low}%",
            "count": buckets[f"b{low}_{high}"],
        }
        for low, high in BUCKETS
    ]
    return totals


def question_statistics(course: CoursePage, kind: str, *, user) -> list[dict]:
    """Per question: answers, difficulty (mean credit) and discrimination (upper − lower half).

    Discrimination compares the mean credit of the attempts scoring at or above the median
    with those below it: near 0 or negative means the question does not separate strong from
    weak trainees and deserves a second look.
    """
    attempts = access.for_visible_users(
        user,
        QuizAttempt.objects.filter(
            course_key=course.translation_key, kind=kind, status=QuizAttempt.Status.SUBMITTED
        ),
    )
    count = attempts.count()
    if not count:
        return []
    median = attempts.order_by("score").values_list("score", flat=True)[count // 2]
    rows = (
        Answer.objects.filter(attempt__in=attempts)
        .values("question_id", "question__text")
        .annotate(
            answers=Count("pk"),
            difficulty=Avg("credit"),
            upper=Avg("credit", filter=Q(attempt__score__gte=median)),
            lower=Avg("credit", filter=Q(attempt__score__lt=median)),
        )
        .order_by("question_id")
    )
    return [
        {
            **row,
            "difficulty": round(float(row["difficulty"] or 0), 2),
            "discrimination": (
                round(float(row["upper"]) - float(row["lower"]), 2)
                if row["upper"] is not None and row["lower"] is not None
                else None
            ),
        }
        for row in rows
    ]
