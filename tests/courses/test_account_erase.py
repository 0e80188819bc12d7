"""Erasing an account, with the courses plugin alone (`ctps.settings.test_courses_only` runs
this file too): `ctps_common.erasure.account_erase` reaches the plugin through its signal.
Learning records stay for the figures; what names the trainee goes."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from courses.models import Certificate, Enrolment, SurveyResponse, XapiStatement
from ctps_common.erasure import account_erase
from tests.factories.accounts import TraineeFactory
from tests.factories.courses import CoursePageFactory, SurveyResponseFactory

from .records import complete

pytestmark = pytest.mark.django_db

EMAIL = "aminata.diallo@example.org"


def test_account_erase_keeps_learning_and_drops_names():
    user = TraineeFactory(email=EMAIL, username=EMAIL, first_name="Aminata", last_name="Diallo")
    course = CoursePageFactory(lessons=1)
    with override_settings(XAPI_ACTOR="mbox"):
        enrolment = complete(course, user)
    SurveyResponseFactory(user=user, course=course, comment="Aminata Diallo liked it.")
    certificate = Certificate.objects.get(user=user)
    assert certificate.holder_name == "Aminata Diallo"
    version = enrolment.progress_version

    account_erase(user=user)

    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert enrolment.completed_at is not None and enrolment.progress_version != version
    certificate.refresh_from_db()
    assert certificate.holder_name == "" and certificate.holder_erased_at is not None
    assert "Diallo" not in str(certificate)
    assert SurveyResponse.objects.get(user=user).comment == ""
    statements = XapiStatement.objects.filter(user=user)
    assert statements.exists()
    assert all(row.statement["actor"]["account"]["name"] == str(user.pk) for row in statements)
    assert EMAIL not in str(list(statements.values_list("statement", flat=True)))

    page = Client().get(reverse("courses:verify_code", args=[certificate.code]))
    assert b"Erased at the holder" in page.content and b"Diallo" not in page.content
    assert page.context["status"] == "valid"  # still counted, still genuine


def test_account_erase_drops_the_access_requests_made_under_the_address():
    from courses.models import RegistrationRequest

    user = TraineeFactory(email=EMAIL, username=EMAIL, first_name="Aminata", last_name="Diallo")
    course = CoursePageFactory(lessons=1)
    other = RegistrationRequest.objects.create(
        course=course, email="someone.else@example.org", first_name="Kofi", last_name="Mensah"
    )
    RegistrationRequest.objects.create(
        course=course,
        email=EMAIL.upper(),
        first_name="Aminata",
        last_name="Diallo",
        organisation="Gendarmerie nationale",
        message="Aminata Diallo, brigade de Dakar",
    )

    account_erase(user=user)

    assert list(RegistrationRequest.objects.values_list("pk", flat=True)) == [other.pk]
