"""`manage.py generate_synthetic`: seeded, sized by the scale formula, and run once per database.

Tests use a hundredth of scale 1 (`--scale 0.01`): the same code paths, in about a second.
"""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Sum

from capability.models import Attendance, CompetencyEvidence, Country, Person, Workshop
from courses.models import CoursePage, Enrolment, LessonCompletion, QuizAttempt
from home.synthetic import EMAIL_DOMAIN, trainee_email

SCALE = "0.01"


def generate(scale=SCALE):
    out = io.StringIO()
    call_command("generate_synthetic", "--scale", scale, stdout=out)
    return out.getvalue()


def aggregates() -> dict:
    synthetic_users = User.objects.filter(username__endswith=EMAIL_DOMAIN)
    workshops = Workshop.objects.filter(code__startswith="syn-")
    attendance = Attendance.objects.filter(workshop__in=workshops)
    attempts = QuizAttempt.objects.filter(user__in=synthetic_users)
    return {
        "users": synthetic_users.count(),
        "people": Person.objects.filter(email__endswith="@people.synthetic.example").count(),
        "with account": Person.objects.filter(user__in=synthetic_users).count(),
        "workshops": workshops.count(),
        "attendance": attendance.aggregate(
            n=Count("pk"), pre=Sum("pre_test_score"), post=Sum("post_test_score")
        ),
        "per person": sorted(attendance.values_list("person__family_name", "workshop__code")),
        "evidence": CompetencyEvidence.objects.filter(workshop__in=workshops).count(),
        "courses": CoursePage.objects.filter(slug__startswith="synthetic-course-").count(),
        "enrolments": sorted(
            Enrolment.objects.filter(user__in=synthetic_users).values_list(
                "user__username", "course__slug", "pre_score", "post_score"
            )
        ),
        "completions": LessonCompletion.objects.filter(user__in=synthetic_users).count(),
        "attempts": attempts.aggregate(n=Count("pk"), score=Sum("score")),
    }


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_same_scale_gives_the_same_data():
    runs = []
    for _ in range(2):
        try:
            with transaction.atomic():
                generate()
                runs.append(aggregates())
                raise Rollback
        except Rollback:
            pass
    assert runs[0] == runs[1]
    assert runs[0]["attendance"]["n"] > 0 and runs[0]["completions"] > 0


@pytest.mark.django_db
def test_sizes_follow_the_scale_formula():
    countries_before = Country.objects.count()
    output = generate()
    data = aggregates()
    # Per unit of scale: 1,000 trainees and people, 100 workshops of 50 attendances.
    assert data["users"] == 10 and data["people"] == 10 and data["with account"] == 5
    assert data["workshops"] == 1 and data["attendance"]["n"] <= 50
    assert data["courses"] == 2  # 20 courses from scale 1 up
    assert len(data["enrolments"]) == 2 + 9 * 2  # account 0 takes every course
    assert Country.objects.count() >= countries_before
    assert "Synthetic data at scale 0.01 ready" in output
    trainee = User.objects.get(username=trainee_email(0))
    assert (
        trainee.check_password("ctps-synthetic-2026")
        and trainee.groups.filter(name="Trainee").exists()
    )


@pytest.mark.django_db
def test_refuses_to_run_twice_on_the_same_database():
    generate()
    before = aggregates()
    with pytest.raises(CommandError, match="already in this database"):
        generate()
    assert aggregates() == before


@pytest.mark.django_db
def test_benchmark_trainee_reads_every_course_and_lesson(client):
    generate()
    trainee = User.objects.get(username=trainee_email(0))
    client.force_login(trainee)
    html = client.get("/en/learning/my/").content.decode()
    assert html.count("Synthetic course") >= 2
    course = CoursePage.objects.get(slug="synthetic-course-01")
    assert client.get(course.url).status_code == 200
    lesson = course.get_children().order_by("path")[1]
    assert client.get(lesson.url).status_code == 200
