"""Two tabs (or a double click) approving the same request for access at the same moment,
and the same request sent twice at once: the database lets exactly one win (issue 18).
SQLite serialises every write, so the race needs PostgreSQL."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from courses.models import Enrolment, RegistrationRequest
from courses.services.access_requests import access_request_approve, access_request_create
from courses.services.accounts import InvitationError
from tests.concurrency import at_once
from tests.factories.courses import CoursePageFactory
from tests.factories.register import CountryStaffFactory

TABS = 4


def _race(action) -> list[str]:
    return at_once(action, TABS, expected=InvitationError)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_approvals_enrol_once_and_concurrent_requests_merge():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write: concurrent claims need PostgreSQL")
    course = CoursePageFactory(self_enrolment=False, lessons=1)
    staff = CountryStaffFactory(countries=["KE"], first_name="Otieno", last_name="Staff")

    def ask():
        _request, created = access_request_create(
            course=course,
            email="wanjiru@example.org",
            first_name="Wanjiru",
            last_name="Kamau",
            country="KE",
        )
        return "created" if created else "merged"

    asked = _race(ask)
    assert sorted(asked) == ["created"] + ["merged"] * (TABS - 1), asked
    request_obj = RegistrationRequest.objects.get()
    assert request_obj.times_requested == TABS

    def approve():
        access_request_approve(request_id=request_obj.pk, decided_by=staff)
        return "approved"

    outcomes = _race(approve)
    assert outcomes.count("approved") == 1, outcomes
    assert outcomes.count("This request was already decided.") == TABS - 1, outcomes
    assert get_user_model().objects.filter(email="wanjiru@example.org").count() == 1
    assert Enrolment.objects.filter(course_key=course.translation_key).count() == 1
