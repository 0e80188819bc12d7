"""The programme a tester erased a Kenyan from (issue 20): three countries' register, the
logical framework, follow-ups and deliverables, an online course completed by every Kenyan
and some Ghanaians, and one Kenyan, SUBJECT, with workshops (as participant and trainer),
the online course (enrolment, lessons, pre- and post-test attempts, a certificate, xAPI
statements, a survey comment), sign-ins, a two-factor device, audit entries and free-text
notes that name her, and an upload waiting for confirmation that lists her."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook
from wagtail.log_actions import log

from capability.register.models import Attendance, CompetencyEvidence, Person
from courses.models import AttemptReset, QuizAttempt, XapiStatement
from ctps_common.models import PendingImport
from tests.courses.records import complete
from tests.factories.accounts import PASSWORD, TraineeFactory
from tests.factories.courses import CoursePageFactory, SurveyResponseFactory
from tests.factories.register import small_register
from tests.factories.results import DeliverableFactory, FollowUpFactory, logframe

SUBJECT = {
    "given_name": "Njambi",
    "family_name": "Kariuki-Wekesa",
    "email": "njambi.kariuki@example.org",
    "phone": "+254 711 222 333",
}


@dataclass
class World:
    register: object
    subject: Person
    course: object


def _upload_naming(person: Person, staff) -> PendingImport:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Given name", "Family name", "Email"])
    sheet.append([person.given_name, person.family_name, person.email])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return PendingImport.objects.create(
        user=staff,
        kind="people",
        filename="kenya-people.xlsx",
        content=buffer.getvalue(),
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1),
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=10)
def _sign_ins(email: str) -> None:
    """A failed sign-in (typed in capitals), a successful one, and a failed one again (its
    throttling record stays), through the real form."""
    url = reverse("courses:login")
    Client().post(url, {"username": email.upper(), "password": "wrong"})
    response = Client().post(url, {"username": email, "password": PASSWORD})
    assert response.status_code == 302, "the subject could not sign in"
    Client().post(url, {"username": email.upper(), "password": "wrong"})


def build_world(staff) -> World:
    register = small_register(("GH", "KE", "SN"))
    countries = list(register.countries.values())
    logframe(countries)
    # The subject: a participant of the first Kenyan workshop, trainer of the second.
    subject = register.people["KE"][1]
    for field, value in SUBJECT.items():
        setattr(subject, field, value)
    subject.rank = "Inspector"
    subject.save()
    for code, country in register.countries.items():
        DeliverableFactory(
            kind="risk_assessment",
            venue_type="stadium",
            title=f"Stadium of {code}",
            country=country,
            status="adopted",
            organisations=register.organisations[code][:2],
        )
    for workshops in register.workshops.values():
        for workshop in workshops:
            participants = workshop.attendances.filter(role="participant").order_by("pk")
            for number, attendance in enumerate(participants[:2]):
                FollowUpFactory(
                    person=attendance.person,
                    workshop=workshop,
                    date=workshop.end_date + datetime.timedelta(days=120),
                    applies_learning=number == 0,
                    note=f"Met {attendance.person} at the venue.",
                )
    course = CoursePageFactory(lessons=2)
    learners = register.people["KE"] + register.people["GH"][:3]
    for person in learners:
        person.user = TraineeFactory(
            email=person.email or f"{person.pk}.learner@example.org",
            first_name=person.given_name,
            last_name=person.family_name,
        )
        person.save()
        with override_settings(XAPI_ACTOR="mbox"):  # statements that carry the e-mail
            complete(course, person.user)
        SurveyResponseFactory(
            user=person.user,
            course=course,
            relevance=5,
            clarity=3,
            applicability=4,
            comment=f"{person.given_name} {person.family_name} found it useful.",
        )
    account = subject.user
    _sign_ins(subject.email)
    TOTPDevice.objects.create(user=account, name=f"{subject.given_name}'s phone")
    attempt = QuizAttempt.objects.filter(user=account).first()
    AttemptReset.objects.create(
        attempt=attempt, reset_by=staff, reason=f"{subject.given_name} lost her connection."
    )
    CompetencyEvidence.objects.filter(person=subject).update(
        note=f"Signed by {subject.family_name}"
    )
    log(instance=subject, action="wagtail.edit", user=staff)
    log(instance=Attendance.objects.filter(person=subject).first(), action="wagtail.edit")
    _upload_naming(subject, staff)
    assert XapiStatement.objects.filter(user=account).exists()
    assert account.certificates.filter(holder_name__contains=SUBJECT["family_name"]).exists()
    return World(register, subject, course)
