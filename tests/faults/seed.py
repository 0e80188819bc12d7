"""Rows the fault tests need, written by a process the test starts into its own database
(settings and DATABASE_URL from the environment). Prints one JSON object.

    python -m tests.faults.seed import    # staff, a Senegalese workshop and organisation
    python -m tests.faults.seed learning  # a trainee enrolled in a course with a quiz
"""

import json
import sys


def seed_import() -> dict:
    from django.contrib.auth import get_user_model

    from tests.factories.accounts import PASSWORD
    from tests.factories.register import OrganisationFactory, WorkshopFactory, country

    senegal = country("SN")
    workshop = WorkshopFactory(country=senegal, code="SN-FAULTS-2026-01", competencies=[])
    OrganisationFactory(country=senegal, name="Police nationale", type="police")
    get_user_model().objects.create_superuser(
        username="admin@faults.example", email="admin@faults.example", password=PASSWORD
    )
    return {"workshop": workshop.code, "login": "admin@faults.example", "password": PASSWORD}


def english(function, *args, **kwargs):
    from django.utils import translation

    with translation.override("en"):
        return function(*args, **kwargs)


def seed_learning() -> dict:
    """A trainee enrolled in a course, its pre-test open, and the answers to post."""
    from django.db import transaction
    from django.urls import reverse

    from courses.models import QuizAttempt
    from courses.services.enrolment import enrolment_create
    from courses.services.quizzes import attempt_start
    from tests.factories.accounts import PASSWORD, TraineeFactory
    from tests.factories.courses import CoursePageFactory
    from tests.factories.site import home_page

    home_page(languages=("en",))
    trainee = TraineeFactory()
    course = CoursePageFactory(lessons=2)
    with transaction.atomic():
        enrolment_create(user=trainee, course=course)
        attempt = attempt_start(user=trainee, course=course, kind=QuizAttempt.Kind.PRE)
    answers = {
        f"q{item['question']}": [str(item["options"][0])] if item["options"] else ["1"]
        for item in attempt.layout
    }
    lesson = course.get_children().live().first()
    return {
        "login": trainee.email,
        "password": PASSWORD,
        "attempt": attempt.pk,
        "attempt_url": english(reverse, "courses:attempt", args=[attempt.pk]),
        "answers": answers,
        "lesson_url": english(reverse, "courses:lesson_complete", args=[lesson.pk]),
        "login_url": english(reverse, "courses:login"),
    }


def main(kind: str) -> None:
    import django

    django.setup()
    print(json.dumps({"import": seed_import, "learning": seed_learning}[kind]()))


if __name__ == "__main__":
    main(sys.argv[1])
