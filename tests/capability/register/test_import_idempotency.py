"""The idempotency key of an import (issue 20): a confirmed upload leaves a receipt, keyed by
the pending import, in the transaction that writes its rows. Even a caller that skips the
claim (calls the write path itself, twice, or at once from several threads) imports the
upload once; a refused write leaves no receipt, so the upload can still be confirmed."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from capability.register.imports import AttendanceImporter
from capability.register.models import Attendance, Person
from ctps_common.imports.base import (
    AlreadyClaimed,
    ImportRefused,
    pending_confirm,
    pending_create,
    pending_imports_sweep,
    pending_table,
    pending_write,
)
from ctps_common.models import ImportReceipt, PendingImport
from tests.concurrency import at_once
from tests.factories.register import (
    CountryStaffFactory,
    OrganisationFactory,
    WorkshopFactory,
    country,
)

from .test_sheets_as_they_come import row, sheet

WRITERS = 4
ROWS = 30


def _setup(code: str, *, rows=ROWS, **row_options):
    sn = country("SN")
    workshop = WorkshopFactory(country=sn, code=code, competencies=[])
    OrganisationFactory(country=sn, name="Police nationale")
    staff = CountryStaffFactory(countries=["SN"], first_name="Awa", last_name="Staff")
    # No e-mail addresses: nothing but the receipt stops a second write creating everyone
    # again (people are matched by name only against rows already committed).
    content = sheet(
        [row(n, f"Given{n}", f"Family{n}", **row_options) for n in range(rows)], code=code
    )
    importer = AttendanceImporter(user=staff, target=str(workshop.pk))
    pending = pending_create(importer=importer, filename="sheet.xlsx", content=content)
    return workshop, staff, pending


def _log_entries(workshop) -> int:
    return ModelLogEntry.objects.filter(
        action="capability.import_attendance", object_id=str(workshop.pk)
    ).count()


def test_the_write_path_called_twice_imports_once(db):
    workshop, staff, pending = _setup("sn-twice")
    importer = AttendanceImporter(user=staff, target=str(workshop.pk))
    table = pending_table(pending, importer)
    pending_write(pending=pending, importer=importer, answers={}, table=table)
    with pytest.raises(AlreadyClaimed, match="already imported by Awa Staff at"):
        pending_write(
            pending=pending,
            importer=AttendanceImporter(user=staff, target=str(workshop.pk)),
            answers={},
            table=table,
        )
    assert Attendance.objects.filter(workshop=workshop).count() == ROWS
    assert _log_entries(workshop) == 1
    assert ImportReceipt.objects.filter(key=pending.pk, kind="attendance").count() == 1


def test_a_claim_reset_by_hand_still_imports_once(db):
    """The state set back to "previewed" (a bug, a restored row): the confirm wins the
    claim, then the receipt refuses it and the claim rolls back with it."""
    workshop, staff, pending = _setup("sn-reset")
    importer = AttendanceImporter(user=staff, target=str(workshop.pk))
    table = pending_table(pending, importer)
    pending_confirm(pending=pending, importer=importer, answers={}, table=table)
    PendingImport.objects.filter(pk=pending.pk).update(state=PendingImport.State.PREVIEWED)
    with pytest.raises(AlreadyClaimed, match="already imported by Awa Staff at"):
        pending_confirm(pending=pending, importer=importer, answers={}, table=table)
    assert _log_entries(workshop) == 1
    assert Attendance.objects.filter(workshop=workshop).count() == ROWS
    assert PendingImport.objects.get(pk=pending.pk).state == PendingImport.State.PREVIEWED


def test_a_refused_write_leaves_no_receipt(db):
    """A score read two ways blocks the confirm: nothing written, no receipt, and the same
    upload confirmed with the answer imports."""
    workshop, staff, pending = _setup("sn-refused", rows=3, post=0.7)
    importer = AttendanceImporter(user=staff, target=str(workshop.pk))
    with pytest.raises(ImportRefused):
        pending_confirm(pending=pending, importer=importer, answers={})
    assert not ImportReceipt.objects.exists()
    assert PendingImport.objects.get(pk=pending.pk).state == PendingImport.State.PREVIEWED
    pending_confirm(
        pending=pending,
        importer=AttendanceImporter(user=staff, target=str(workshop.pk)),
        answers={"fractions_post_test": "percent"},
    )
    assert Attendance.objects.filter(workshop=workshop, post_test_score=70).count() == 3
    assert ImportReceipt.objects.filter(key=pending.pk).exists()


def test_the_sweep_drops_receipts_whose_import_is_gone(db):
    workshop, staff, pending = _setup("sn-sweep", rows=1)
    pending_confirm(
        pending=pending,
        importer=AttendanceImporter(user=staff, target=str(workshop.pk)),
        answers={},
    )
    later = timezone.now() + datetime.timedelta(days=3)
    PendingImport.objects.filter(pk=pending.pk).update(expires_at=timezone.now())
    assert pending_imports_sweep(now=later) == 1
    assert not ImportReceipt.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writes_that_skip_the_claim_import_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write: concurrent writes need PostgreSQL")
    workshop, staff, pending = _setup("sn-bypass")
    table = pending_table(pending, AttendanceImporter(user=staff, target=str(workshop.pk)))

    def write():
        pending_write(
            pending=PendingImport.objects.select_related("user").get(pk=pending.pk),
            importer=AttendanceImporter(user=staff, target=str(workshop.pk)),
            answers={},
            table=table,
        )
        return "imported"

    outcomes = at_once(write, WRITERS, expected=AlreadyClaimed)
    assert outcomes.count("imported") == 1, outcomes
    assert all("already imported by Awa Staff at" in o for o in outcomes if o != "imported")
    assert Attendance.objects.filter(workshop=workshop).count() == ROWS
    assert Person.objects.filter(family_name__startswith="Family").count() == ROWS
    assert _log_entries(workshop) == 1
    assert ImportReceipt.objects.filter(key=pending.pk).count() == 1
    assert PendingImport.objects.get(pk=pending.pk).state == PendingImport.State.IMPORTED
