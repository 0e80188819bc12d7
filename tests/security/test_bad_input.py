"""The corpus of malformed and hostile spreadsheets through every import path we have.

Each file gets a clear message, no exception escapes, and no table changes. Each case's bytes
are built once per test session (tests.security.malformed_sheets.case is cached).
"""

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from capability.register import spreadsheets
from capability.register.imports import attendance_import
from capability.register.services import ImportRejected, organisation_question
from tests.factories.courses import CoursePageFactory
from tests.factories.register import WorkshopFactory

from .malformed_sheets import case, cases

CASE_NAMES = [name for name, _build, _description in cases()]
# Bulk enrolment reads one column, "email": these attendance sheets are valid lists of emails
# (the shared reader refuses formulas, control characters, huge cells and repeated columns
# in any import).
BULK_ENROL_READABLE = {
    "missing-column.xlsx", "merged-header.xlsx", "merged-rows.xlsx", "plus-injection.xlsx",
    "at-injection.xlsx", "text-score.xlsx", "negative-score.xlsx", "score-over-100.xlsx",
    "bad-sex.xlsx", "bad-role.xlsx", "bad-email.xlsx", "fractional-days.xlsx",
}  # fmt: skip
WATCHED = ["capability", "capability_results", "courses", "auth"]
# The sheets' organisation is new to the register: answered as the user would, so that only
# the file's own faults can refuse it.
ANSWERS = {organisation_question("ghana police service"): "new:police"}


def row_counts() -> dict[str, int]:
    """Rows in every table of our apps and of accounts."""
    return {
        model._meta.label: model._default_manager.count()
        for label in WATCHED
        for model in apps.get_app_config(label).get_models()
        if model._meta.label != "ctps_common.PendingImport"
    }


@pytest.fixture
def ghana_workshop(db):
    return WorkshopFactory()  # in Ghana


@pytest.mark.parametrize("name", CASE_NAMES)
def test_attendance_service_refuses_each_bad_sheet(ghana_workshop, ghana_staff, name):
    staff = ghana_staff
    before = row_counts()
    with pytest.raises((spreadsheets.SheetError, ImportRejected)) as refused:
        sheet = spreadsheets.read_attendance(case(name))
        attendance_import(sheet=sheet, workshop=ghana_workshop, user=staff, answers=ANSWERS)
    assert str(refused.value).strip(), name
    assert row_counts() == before


def _messages(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_attendance_upload_view_refuses_each_bad_sheet(login, ghana_staff, ghana_workshop, name):
    client = login(ghana_staff)
    before = row_counts()
    upload = SimpleUploadedFile(name, case(name))
    response = client.post(
        reverse("capability_attendance:import"),
        {"workshop": ghana_workshop.pk, "file": upload},
        follow=True,
    )
    assert response.status_code == 200
    if "pending_id" in response.resolver_match.kwargs:  # read fine: rows in error, or confirm
        pending = response.resolver_match.kwargs["pending_id"]
        response = client.post(
            reverse("capability_attendance:import_preview", args=[pending]),
            {"confirm": "1", **ANSWERS},
            follow=True,
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert "nothing was imported" in text or "Some rows have errors" in text, name
    else:
        assert response.context["form"].errors["file"], name
    assert row_counts() == before


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bulk_enrol_upload_refuses_each_bad_sheet(login, programme_staff, name):
    course = CoursePageFactory(lessons=1)
    client = login(programme_staff)
    before = row_counts()
    upload = SimpleUploadedFile(name, case(name))
    response = client.post(reverse("courses_admin:import", args=[course.pk]), {"file": upload})
    if name in BULK_ENROL_READABLE:  # only the email column counts: a preview, nothing written
        assert response.status_code == 302, name
        assert client.get(response["Location"]).status_code == 200, name
    else:
        assert response.status_code == 200 and response.context["form"].errors, name
    assert row_counts() == before
