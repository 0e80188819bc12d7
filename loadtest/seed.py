"""Seed the load test's database: the demo, plus trainee accounts enrolled in every course,
plus the bare Wagtail page the floor phase reads.

Run by loadtest/run.py with the load test's environment (production settings). Writes the
courses, lessons and accounts the locustfile needs as JSON to the path given.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctps.settings.production")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from capability.register.models import Country, Organisation, Person  # noqa: E402
from courses.models import CoursePage, LessonPage  # noqa: E402
from courses.services.enrolment import enrolment_create  # noqa: E402

PASSWORD = "load-test-2026"  # noqa: S105 - throwaway accounts in a throwaway database
STAFF = ["country.staff@ctps.example", "kenya.staff@ctps.example", "programme.staff@ctps.example"]
MANAGER = "manager@ctps.example"
TRAINEES = int(os.environ.get("LOADTEST_TRAINEES", "50"))


# Seeding runs the background work it causes at once (search and reference index of every
# page, the demo's and the enrolments' xAPI statements sent to the load test's LRS), as
# `make run` does: the worker starts on an empty queue, and the load's tasks wait behind
# nothing.
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE)
def main(out: str) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if os.environ.get("LOADTEST_SYNTHETIC"):  # after the demo, as in the bench: it needs its
        # competencies and indicators
        call_command("generate_synthetic", "--scale", os.environ["LOADTEST_SYNTHETIC"])
    User = get_user_model()
    group = Group.objects.get(name="Trainee")
    ghana = Country.objects.get(code="GH")
    organisation = Organisation.objects.filter(country=ghana).first()
    courses = list(CoursePage.objects.live().filter(locale__language_code="en"))
    emails = []
    for number in range(TRAINEES):
        email = f"load.trainee.{number:02d}@ctps.example"
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": "Load", "last_name": "Test"}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            user.groups.add(group)
            Person.objects.create(
                given_name="Load", family_name=f"Trainee {number}", sex="F", country=ghana,
                organisation=organisation, user=user, consent_given=False,
            )  # fmt: skip
        for course in courses:
            enrolment_create(user=user, course=course)
        emails.append(email)
    data = {
        "password": PASSWORD,
        "trainees": emails,
        "courses": [
            {
                "id": course.pk,
                "url": course.url,
                "pre": bool(course.pre_test_id),
                "post": bool(course.post_test_id),
                "lessons": [
                    {"id": lesson.pk, "url": lesson.url}
                    for lesson in LessonPage.objects.live().child_of(course)
                ],
            }
            for course in courses
        ],
        "dashboards": dashboard_paths(),
        "bare": bare_page().url,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": sessions([*emails, *STAFF, MANAGER]),
    }
    with open(out, "w") as handle:
        json.dump(data, handle)


def sessions(usernames: list[str]) -> dict[str, str]:
    """A signed-in session per account, as the sign-in form leaves it: locust's users start
    with its cookie. Signing in is a password hash (PBKDF2, about half a second of CPU) per
    user and phase, which on a busy shared machine took the phases' whole length."""
    from django.test import Client

    keys = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        client = Client()
        client.force_login(user)
        keys[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def bare_page():
    """A plain Wagtail `Page` (empty template) under the English home page: the floor, as in
    the bench (bench/targets.py)."""
    from wagtail.models import Locale, Page

    home = Page.objects.get(depth=2, locale=Locale.objects.get(language_code="en"))
    page = home.get_children().filter(slug="load-floor").first()
    if page is None:
        page = Page(title="Load test floor", slug="load-floor")
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def dashboard_paths() -> list[str]:
    """The indicator dashboards managers open (capability's five), by their admin URL."""
    from django.urls import reverse

    from capability.results.dashboards import DASHBOARDS

    return [reverse("capability_dashboards:dashboard", args=[slug]) for slug in DASHBOARDS]


if __name__ == "__main__":
    main(sys.argv[1])
