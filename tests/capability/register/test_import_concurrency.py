"""Exactly-once confirm (issue 20): the same pending import confirmed from several tabs at
once imports once; the others are told who imported it and when. A database constraint
keeps one person per e-mail address even if the claim were bypassed."""

import pytest
from django.db import IntegrityError, connection, transaction

from capability.register.imports import AttendanceImporter
from capability.register.models import Attendance, Person
from ctps_common.imports.base import AlreadyClaimed, pending_confirm, pending_create
from ctps_common.models import PendingImport
from tests.concurrency import at_once
from tests.factories.register import (
    CountryStaffFactory,
    OrganisationFactory,
    PersonFactory,
    WorkshopFactory,
    country,
)

from .test_sheets_as_they_come import row, sheet

CONFIRMS = 4
ROWS = 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_confirms_import_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write: concurrent claims need PostgreSQL")
    sn = country("SN")
    workshop = WorkshopFactory(country=sn, code="sn-race", competencies=[])
    OrganisationFactory(country=sn, name="Police nationale")
    staff = CountryStaffFactory(countries=["SN"], first_name="Awa", last_name="Staff")
    content = sheet(
        [row(n, f"Given{n}", f"Family{n}", email=f"p{n}@example.sn") for n in range(ROWS)],
        code=workshop.code,
    )
    importer = AttendanceImporter(user=staff, target=str(workshop.pk))
    pending = pending_create(importer=importer, filename="race.xlsx", content=content)

    def confirm():
        pending_confirm(
            pending=PendingImport.objects.get(pk=pending.pk),
            importer=AttendanceImporter(user=staff, target=str(workshop.pk)),
            answers={},
        )
        return "imported"

    outcomes = at_once(confirm, CONFIRMS, expected=AlreadyClaimed)
    assert outcomes.count("imported") == 1, outcomes
    others = [o for o in outcomes if o != "imported"]
    assert all("already imported by Awa Staff at" in o for o in others), outcomes
    assert Attendance.objects.filter(workshop=workshop).count() == ROWS
    assert Person.objects.filter(email_key__endswith="@example.sn").count() == ROWS
    assert PendingImport.objects.get(pk=pending.pk).state == "imported"


def test_one_person_per_email_whatever_its_case(db):
    PersonFactory(email="Kofi.Mensah@example.gh")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(email="kofi.mensah@EXAMPLE.gh")
    PersonFactory(email="")  # no address: as many as needed
    PersonFactory(email="")


def test_the_person_form_says_the_address_is_taken(login, db):
    staff = CountryStaffFactory(countries=["GH"])
    existing = PersonFactory(email="ama@example.gh")
    response = login(staff).post(
        "/admin/capability_person/new/",
        {
            "given_name": "Ama",
            "family_name": "Other",
            "sex": "F",
            "country": existing.country_id,
            "email": "AMA@example.gh",
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert "already has this e-mail address" in str(response.context["form"].errors)
