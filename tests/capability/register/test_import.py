"""Attendance import through the Wagtail admin: real xlsx files, real database."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry

from capability.register import spreadsheets
from capability.register.imports import attendance_import
from capability.register.models import (
    Attendance,
    CompetencyEvidence,
    Organisation,
    Person,
)
from ctps_common.imports.reading import OLE_MAGIC
from ctps_common.models import PendingImport

from ..conftest import make_xlsx, participant

IMPORT_URL = "/admin/capability_attendance/import/"
TABLES = (Person, Attendance, Organisation, CompetencyEvidence)


def counts():
    return {model.__name__: model.objects.count() for model in TABLES}


def upload(client, content, *, workshop=None, name="sheet.xlsx"):
    data = {"file": SimpleUploadedFile(name, content)}
    if workshop is not None:
        data["workshop"] = workshop.pk
    return client.post(IMPORT_URL, data)


@pytest.fixture
def staff(login, ghana_staff, register):
    return login(ghana_staff)


def test_template_download_is_an_attendance_sheet(staff, ghana_workshop):
    response = staff.get(f"{IMPORT_URL}template/?workshop={ghana_workshop.pk}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B1"].value == ghana_workshop.code
    assert [cell.value for cell in sheet[3]][:4] == [
        "Given name",
        "Family name",
        "Sex",
        "Organisation",
    ]


def test_upload_preview_confirm_writes_everything_only_after_confirmation(staff, ghana_workshop):
    content = make_xlsx(
        [participant(), participant("Kojo", "Amponsah", sex="M", certified="no")],
        workshop_code=ghana_workshop.code,
    )
    before = counts()
    response = upload(staff, content)
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse(
        "capability_attendance:import_preview", args=[pending.pk]
    )
    preview = staff.get(response["Location"])
    html = preview.content.decode()
    assert "2 new, 0 updated, 0 unchanged, 0 with errors." in html
    assert "Quansah" in html and "Amponsah" in html
    assert counts() == before  # nothing written by upload or preview

    response = staff.post(response["Location"], {"confirm": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?workshop={ghana_workshop.pk}")
    assert counts()["Person"] == before["Person"] + 2
    assert counts()["Attendance"] == before["Attendance"] + 2
    esi = Person.objects.get(family_name="Quansah")
    attendance = esi.attendances.get(workshop=ghana_workshop)
    assert (attendance.pre_test_score, attendance.post_test_score) == (50, 80)
    assert attendance.certified and esi.consent_date.isoformat() == "2025-03-04"
    # Certified participants receive workshop evidence for each competency addressed.
    assert esi.evidence.count() == ghana_workshop.competencies.count()
    # the upload's file is gone; only the record of who imported it, when, remains
    pending = PendingImport.objects.get()
    assert pending.state == "imported" and bytes(pending.content) == b""
    assert ModelLogEntry.objects.filter(action="capability.import_attendance").exists()
    listing = staff.get(response["Location"]).content.decode()
    assert "Esi Quansah" in listing


def test_one_bad_row_rejects_the_whole_file(staff, ghana_workshop):
    content = make_xlsx(
        [participant(), participant("Kojo", "Bad", pre=150, consent="31/02/2025")],
        workshop_code=ghana_workshop.code,
    )
    before = counts()
    response = upload(staff, content)
    preview_url = response["Location"]
    html = staff.get(preview_url).content.decode()
    assert "1 new, 0 updated, 0 unchanged, 1 with errors." in html
    assert "150 is outside 0–100 %." in html
    assert "“31/02/2025” is not a date: write dd/mm/yyyy." in html
    assert "Confirm and import" not in html
    response = staff.post(preview_url, {"confirm": "1"})
    assert response.status_code == 200
    assert counts() == before


def test_people_are_matched_not_duplicated(staff, ghana_staff, ghana_workshop, ghana_person):
    ghana_person.email = "Someone.Known@Example.org"
    ghana_person.save()
    org = ghana_person.organisation
    other = Person.objects.filter(country__code="GH", organisation=org).exclude(pk=ghana_person.pk)
    other = other.first() or ghana_person
    rows = [
        participant("X", "Y", org=org.name, email="  someone.known@example.ORG "),
        # Same names written with other case, accents and spaces, same organisation.
        participant(
            f"  {other.given_name.upper()} ", f"{other.family_name.lower()}  ", org=org.name.upper()
        ),
    ]
    before = counts()
    Attendance.objects.filter(workshop=ghana_workshop, person__in=[ghana_person, other]).delete()
    before = counts()
    attendance_import(
        sheet=spreadsheets.read_attendance(make_xlsx(rows)),
        workshop=ghana_workshop,
        user=ghana_staff,
        answers={},
    )
    assert counts()["Person"] == before["Person"]
    assert set(ghana_workshop.attendances.values_list("person_id", flat=True)) >= {
        ghana_person.pk,
        other.pk,
    }


def test_second_import_updates_and_skips(staff, ghana_staff, ghana_workshop):
    user = ghana_staff
    sheet = spreadsheets.read_attendance(
        make_xlsx([participant(), participant("Kojo", "Amponsah")])
    )
    attendance_import(sheet=sheet, workshop=ghana_workshop, user=user, answers={})
    before = counts()
    changed = make_xlsx([participant(post=95), participant("Kojo", "Amponsah")])
    plan = attendance_import(
        sheet=spreadsheets.read_attendance(changed),
        workshop=ghana_workshop,
        user=user,
        answers={},
    )
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 1, "merged": 0, "error": 0}
    assert counts()["Person"] == before["Person"]
    assert Attendance.objects.get(person__family_name="Quansah").post_test_score == 95


def test_french_headers_and_values(staff, ghana_workshop):
    headers = ["Prénom", "Nom", "Sexe", "Organisation", "Grade / fonction", "Courriel",
               "Rôle", "Jours de présence", "Score pré-test (%)", "Score post-test (%)",
               "Certifié", "Date du consentement"]  # fmt: skip
    row = ["Aïcha", "Ndiaye", "Femme", "National Police Service Ghana", "Commissaire", "",
           "formatrice", "1,5", "40", "75", "oui", "05/06/2025"]  # fmt: skip
    response = upload(staff, make_xlsx([row], headers=headers), workshop=ghana_workshop)
    staff.post(response["Location"], {"confirm": "1"})
    person = Person.objects.get(family_name="Ndiaye", given_name="Aïcha")
    attendance = person.attendances.get()
    assert (person.sex, attendance.role, float(attendance.days_attended)) == ("F", "trainer", 1.5)
    assert person.consent_date.isoformat() == "2025-06-05"


def test_excel_dates_and_blank_trailing_rows(staff, ghana_workshop):
    import datetime

    content = make_xlsx(
        [participant(consent=datetime.datetime(2025, 1, 2))],
        workshop_code=ghana_workshop.code,
        blank_tail=50,
    )
    sheet = spreadsheets.read_attendance(content)
    assert len(sheet.rows) == 1
    response = upload(staff, content)
    staff.post(response["Location"], {"confirm": "1"})
    assert Person.objects.get(family_name="Quansah").consent_date.isoformat() == "2025-01-02"


def test_unknown_organisation_is_a_question_answered_before_import(staff, ghana_workshop):
    content = make_xlsx([participant(org="Accra Mall Security")], workshop_code=ghana_workshop.code)
    url = upload(staff, content)["Location"]
    html = staff.get(url).content.decode()
    assert "is not in the register of Ghana" in html
    assert not Organisation.objects.filter(name="Accra Mall Security").exists()
    question = PendingImport.objects.get().options  # nothing answered yet
    assert question == {}
    from capability.register.services import organisation_question

    name = organisation_question("accra mall security")
    staff.post(url, {"confirm": "1", name: "new:private_security"})
    organisation = Organisation.objects.get(name="Accra Mall Security")
    assert organisation.country.code == "GH" and organisation.type == "private_security"
    assert Person.objects.get(family_name="Quansah").organisation == organisation


def encrypted_bytes():
    """What a password-protected xlsx looks like: an OLE container with EncryptedPackage."""
    return OLE_MAGIC + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")


def formula_xlsx():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Given name", "Family name", "Sex", "Organisation"])
    sheet.append(["A", "B", "F", '=HYPERLINK("http://evil","x")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "not xlsx": (lambda: b"name,sex\nA,F\n", "not an Excel workbook"),
    "zip but not xlsx": (
        lambda: _zip({"hello.txt": b"hi"}),
        "not an Excel workbook",
    ),
    "password-protected": (encrypted_bytes, "password-protected"),
    "old xls": (lambda: OLE_MAGIC + b"\x00" * 600, "old Excel (.xls)"),
    "damaged": (lambda: _zip({"xl/workbook.xml": b"<broken"}), "could not be read"),
    "missing columns": (
        lambda: make_xlsx([["a", "b", "c"]], headers=["Given name", "Family name", "Email"]),
        "Missing columns: Sex, Organisation",
    ),
    "no header": (lambda: make_xlsx([], headers=["x", "y"]), "No header row found"),
    "formula": (formula_xlsx, "holds a formula"),
    "huge cell": (
        lambda: make_xlsx([participant(given="A" * 5000)]),
        "longer than 1000 characters",
    ),
    "no rows": (lambda: make_xlsx([], blank_tail=3), "no data rows"),
}


def _zip(files):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_files_get_a_clear_message_and_write_nothing(staff, ghana_workshop, kind):
    make, message = BAD_FILES[kind]
    before = counts()
    response = upload(staff, make(), workshop=ghana_workshop)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before
    assert not PendingImport.objects.exists()


def test_too_many_rows_and_size_limit(staff, ghana_workshop, settings):
    settings.CAPABILITY_IMPORT_MAX_ROWS = 5
    content = make_xlsx([participant(given=f"P{i}") for i in range(6)])
    response = upload(staff, content, workshop=ghana_workshop)
    assert "over 5 rows" in response.content.decode()
    settings.CAPABILITY_IMPORT_MAX_ROWS = 20_000
    settings.CAPABILITY_IMPORT_MAX_BYTES = 1000
    response = upload(staff, content, workshop=ghana_workshop)
    assert "the limit is 0.0 MB" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_zip_bomb_is_refused(staff, ghana_workshop, settings):
    settings.CAPABILITY_IMPORT_MAX_BYTES = 300_000  # the bomb itself is ~120 kB
    bomb = _zip({"xl/workbook.xml": b"<x/>", "xl/big.xml": b"\0" * 120_000_000})
    response = upload(staff, bomb, workshop=ghana_workshop)
    assert "unreasonable size" in response.content.decode()


def test_staff_cannot_import_into_another_country(login, kenya_staff, ghana_workshop):
    client = login(kenya_staff)
    before = counts()
    response = upload(client, make_xlsx([participant()], workshop_code=ghana_workshop.code))
    assert "does not exist or is not yours" in response.content.decode()
    assert counts() == before


def test_pending_import_belongs_to_its_uploader(staff, login, ghana_workshop, programme_staff):
    response = upload(staff, make_xlsx([participant()], workshop_code=ghana_workshop.code))
    url = response["Location"]
    other = login(programme_staff)
    before = counts()
    for response in (other.get(url), other.post(url, {"confirm": "1"})):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert counts() == before and PendingImport.objects.exists()


def test_ten_thousand_rows_import_with_bulk_writes(
    ghana_staff, ghana_workshop, django_assert_max_num_queries
):
    """Speed is measured by `make bench` against raw openpyxl + bulk_create; here, the shape."""
    orgs = list(Organisation.objects.filter(country__code="GH").values_list("name", flat=True))
    rows = [
        participant(f"Given{i}", f"Family{i}", org=orgs[i % len(orgs)], email=f"p{i}@example.gh")
        for i in range(10_000)
    ]
    content = make_xlsx(rows, workshop_code=ghana_workshop.code)
    sheet = spreadsheets.read_attendance(content)
    # Bulk INSERTs in batches (SQLite's parameter limit): far below one query per row.
    with django_assert_max_num_queries(1_000):
        plan = attendance_import(
            sheet=sheet,
            workshop=None,
            user=ghana_staff,
            answers={},
        )
    assert plan.counts["new"] == 10_000
    assert ghana_workshop.attendances.count() >= 10_000


def test_french_template_reads_back(client, login, ghana_staff, ghana_workshop):
    staff = login(ghana_staff)
    response = staff.get(
        f"{IMPORT_URL}template/?workshop={ghana_workshop.pk}", headers={"accept-language": "fr"}
    )
    from django.utils import translation

    with translation.override("fr"):
        content = spreadsheets.attendance_workbook(workshop_code=ghana_workshop.code)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "Code de l'atelier" and sheet["A3"].value == "Prénom"
    sheet.append(["Awa", "Sarr", "F", "National Police Service Ghana"])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    parsed = spreadsheets.read_attendance(buffer.getvalue())  # read in English
    assert parsed.workshop_code == ghana_workshop.code
    assert parsed.rows[0].values["given_name"] == "Awa"
    assert response.status_code == 200


def test_unconfirmed_uploads_expire_with_their_cached_rows(staff, ghana_workshop):
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    from ctps_common.imports.base import cache_key
    from ctps_common.imports.tasks import pending_imports_expire

    url = upload(staff, make_xlsx([participant()], workshop_code=ghana_workshop.code))["Location"]
    staff.get(url)
    pending = PendingImport.objects.get()
    assert cache.get(cache_key(pending.pk)) is not None
    pending_imports_expire.enqueue()  # not yet expired: kept
    assert PendingImport.objects.exists()
    PendingImport.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    pending_imports_expire.enqueue()
    assert not PendingImport.objects.exists()
    assert cache.get(cache_key(pending.pk)) is None
