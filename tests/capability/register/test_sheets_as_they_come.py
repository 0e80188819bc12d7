"""Sign-in sheets as project officers bring them (issue 15): typed from paper, French or
English, with row numbers and signatures, people twice, scores written every way, names in
capitals and organisations the register does not know. Through the admin, real xlsx files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from capability.register.models import Attendance, Organisation, Person
from capability.register.services import organisation_question
from ctps_common.models import PendingImport
from tests.factories.register import (
    CountryStaffFactory,
    OrganisationFactory,
    PersonFactory,
    WorkshopFactory,
    country,
)

IMPORT_URL = "/admin/capability_attendance/import/"
FRENCH = ["N°", "Prénom", "Nom", "Sexe", "Structure", "Courriel", "Jours de présence",
          "Score pré-test (%)", "Score post-test (%)", "Certifié", "Signature"]  # fmt: skip


def sheet(rows, *, headers=FRENCH, code="", percent_cells=()) -> bytes:
    """A real xlsx: "Code de l'atelier" in row 1, headers in row 3; `percent_cells` are
    (row index, column index) pairs formatted as percent in Excel."""
    workbook = Workbook()
    ws = workbook.active
    ws.append(["Code de l'atelier", code])
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for row_index, column_index in percent_cells:
        ws.cell(row=4 + row_index, column=1 + column_index).number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def senegal(db):
    sn = country("SN")
    return {
        "country": sn,
        "workshop": WorkshopFactory(country=sn, code="SN-Dakar-2025-03", competencies=[]),
        "gendarmerie": OrganisationFactory(
            country=sn, name="Gendarmerie nationale Sénégal", type="gendarmerie"
        ),
        "police": OrganisationFactory(country=sn, name="Police nationale", type="police"),
        "staff": CountryStaffFactory(countries=["SN"], first_name="Awa", last_name="Staff"),
    }


@pytest.fixture
def staff(login, senegal):
    return login(senegal["staff"])


def upload(client, content, name="feuille.xlsx"):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[-3000:]
    return response["Location"]


def row(n, given, family, org="Police nationale", email="", days=2, pre=40, post=80, **extra):
    return [n, given, family, extra.get("sex", "H"), org, email, days, pre, post, "oui", "signé"]


def test_row_numbers_and_signatures_are_ignored_and_listed(staff, senegal):
    content = sheet([row(1, "Moussa", "DIOP")], code=senegal["workshop"].code)
    html = staff.get(upload(staff, content)).content.decode()
    assert "Ignored columns: N°, Signature" in html
    assert "1 new, 0 updated, 0 unchanged, 0 with errors." in html
    staff.post(upload(staff, content), {"confirm": "1"})
    assert Attendance.objects.filter(workshop=senegal["workshop"]).count() == 1


def test_same_person_twice_is_one_attendance_with_a_note(staff, senegal):
    workshop = senegal["workshop"]
    content = sheet(
        [
            row(1, "Fatou", "NDIAYE", email="fatou@example.sn", days=1, post=""),
            row(2, "Moussa", "Diop"),
            row(3, "Fatou", "Ndiaye", email="Fatou@Example.sn", days=2, post=75),
        ],
        code=workshop.code,
    )
    url = upload(staff, content)
    html = staff.get(url).content.decode()
    assert "Same person as row 4: one attendance (days attended: the larger)." in html
    assert "merged into row 4" in html and "Also on row 6 (merged)." in html
    staff.post(url, {"confirm": "1"})
    fatou = Person.objects.get(email_key="fatou@example.sn")
    attendance = fatou.attendances.get(workshop=workshop)
    assert (attendance.days_attended, attendance.post_test_score) == (2, 75)
    assert Attendance.objects.filter(workshop=workshop).count() == 2


def test_per_day_columns_are_counted_and_merged(staff, senegal):
    headers = ["Prénom", "Nom", "Sexe", "Structure", "Jour 1", "Jour 2", "Jour 3"]
    content = sheet(
        [
            ["Aminata", "Sow", "F", "Police nationale", "x", "", ""],
            ["Aminata", "SOW", "F", "police nationale", "", "x", "x"],
        ],
        headers=headers,
        code=senegal["workshop"].code,
    )
    url = upload(staff, content)
    assert "the days marked on either row" in staff.get(url).content.decode()
    staff.post(url, {"confirm": "1"})
    assert Attendance.objects.get(workshop=senegal["workshop"]).days_attended == 3


def test_scores_written_every_way_are_read_as_percent(staff, senegal):
    rows = [
        row(1, "A", "Un", pre="45", post="45%"),
        row(2, "B", "Deux", pre="45 %", post="45,5"),
        row(3, "C", "Trois", pre=0.45, post=60),  # 0.45 in a cell formatted as percent
    ]
    url = upload(staff, sheet(rows, code=senegal["workshop"].code, percent_cells=[(2, 7)]))
    html = staff.get(url).content.decode()
    assert "45.0 % (cell formatted as percent)" in html
    assert "How to read the scores" not in html  # nothing ambiguous
    staff.post(url, {"confirm": "1"})
    scores = dict(
        Attendance.objects.filter(workshop=senegal["workshop"]).values_list(
            "person__family_name", "pre_test_score"
        )
    )
    assert {name: float(score) for name, score in scores.items()} == {
        "Un": 45.0,
        "Deux": 45.0,
        "Trois": 45.0,
    }
    post = Attendance.objects.get(person__family_name="Deux").post_test_score
    assert float(post) == 45.5


def test_fractions_are_flagged_and_need_a_choice_per_column(staff, senegal):
    rows = [row(1, "A", "Un", pre=40, post=0.7), row(2, "B", "Deux", pre=35, post="0,8")]
    url = upload(staff, sheet(rows, code=senegal["workshop"].code))
    html = staff.get(url).content.decode()
    assert "0.7 → 70.0 %" in html and "How to read the scores" in html
    response = staff.post(url, {"confirm": "1"})  # no choice made: refused, nothing written
    assert "nothing was imported" in response.content.decode()
    assert not Attendance.objects.filter(workshop=senegal["workshop"]).exists()
    staff.post(url, {"confirm": "1", "fractions_post_test": "percent"})
    posts = Attendance.objects.filter(workshop=senegal["workshop"]).values_list(
        "post_test_score", flat=True
    )
    assert sorted(float(p) for p in posts) == [70.0, 80.0]


def test_capitalised_names_are_shown_normally_and_matched_blind(staff, senegal):
    known = PersonFactory(
        country=senegal["country"],
        organisation=senegal["police"],
        given_name="Ndèye",
        family_name="Guèye",
        email="",
    )
    rows = [
        row(1, "NDEYE", "GUEYE"),  # the known person, without accents, in capitals
        row(2, "mamadou", "DE SOUZA"),
        row(3, "Ibrahima", "N'DIAYE"),
    ]
    url = upload(staff, sheet(rows, code=senegal["workshop"].code))
    html = staff.get(url).content.decode()
    assert "existing person (name and organisation)" in html
    staff.post(url, {"confirm": "1"})
    people = Person.objects.filter(attendances__workshop=senegal["workshop"])
    names = sorted(people.values_list("given_name", "family_name"))
    assert names == [("Ibrahima", "N'Diaye"), ("Mamadou", "de Souza"), ("Ndèye", "Guèye")]
    assert people.filter(pk=known.pk).exists()


def test_unknown_organisations_get_closest_matches_and_a_guessed_type(staff, senegal):
    rows = [
        row(1, "A", "Un", org="Gendarmerie nationale"),
        row(2, "B", "Deux", org="Sapeurs-pompiers de Dakar"),
        row(3, "C", "Trois", org="Port autonome de Dakar"),
        row(4, "D", "Quatre", org="Association des amis"),
    ]
    url = upload(staff, sheet(rows, code=senegal["workshop"].code))
    html = staff.get(url).content.decode()
    assert "It is “Gendarmerie nationale Sénégal”" in html
    assert "Emergency services” (guessed from its name)" in html
    assert "Transport operator” (guessed from its name)" in html
    assert "Organisations not in the register" in html
    # "Association des amis": no guess, nothing preselected: the confirm is refused
    response = staff.post(url, {"confirm": "1"})
    assert "nothing was imported" in response.content.decode()
    assert Organisation.objects.filter(country=senegal["country"]).count() == 2
    answers = {
        organisation_question("gendarmerie nationale"): f"match:{senegal['gendarmerie'].pk}",
        organisation_question("sapeurs pompiers de dakar"): "new:emergency_services",
        organisation_question("port autonome de dakar"): "new:transport_operator",
        organisation_question("association des amis"): "new:other",
    }
    staff.post(url, {"confirm": "1", **answers})
    types = dict(
        Organisation.objects.filter(country=senegal["country"]).values_list("name", "type")
    )
    assert types == {
        "Gendarmerie nationale Sénégal": "gendarmerie",
        "Police nationale": "police",
        "Sapeurs-pompiers de Dakar": "emergency_services",
        "Port autonome de Dakar": "transport_operator",
        "Association des amis": "other",
    }
    assert Person.objects.get(family_name="Un").organisation == senegal["gendarmerie"]


def test_preview_has_a_legend_and_a_bounded_number_of_queries(
    staff, senegal, django_assert_max_num_queries
):
    rows = [row(n, f"Given{n}", f"FAMILY{n}", email=f"p{n}@example.sn") for n in range(60)]
    url = upload(staff, sheet(rows, code=senegal["workshop"].code))
    with django_assert_max_num_queries(40):
        html = staff.get(url).content.decode()
    assert 'id="import-legend"' in html and "existing person (e-mail)" in html
    assert "import-sticky" in html  # first columns stay in view on a 1,366 px screen


def test_a_second_confirm_says_who_imported_it_and_when(staff, senegal):
    url = upload(staff, sheet([row(1, "A", "Un")], code=senegal["workshop"].code))
    staff.post(url, {"confirm": "1"})
    response = staff.post(url, {"confirm": "1"}, follow=True)
    assert "already imported by Awa Staff at" in response.content.decode()
    assert Attendance.objects.filter(workshop=senegal["workshop"]).count() == 1


def test_nothing_of_the_sheet_remains_after_confirm_or_cancel(staff, senegal):
    from django.core.cache import cache

    from ctps_common.imports.base import cache_key

    content = sheet([row(1, "Khady", "Fall", email="khady@example.sn")], code="SN-Dakar-2025-03")
    url = upload(staff, content)
    staff.get(url)
    pending = PendingImport.objects.get()
    assert cache.get(cache_key(pending.pk)) is not None
    staff.post(url, {"cancel": "1"})
    assert not PendingImport.objects.exists() and cache.get(cache_key(pending.pk)) is None
    url = upload(staff, content)
    staff.get(url)
    pending = PendingImport.objects.get()
    staff.post(url, {"confirm": "1"})
    pending.refresh_from_db()
    assert bytes(pending.content) == b"" and pending.options == {}
    assert cache.get(cache_key(pending.pk)) is None
    assert "Khady" not in str(list(PendingImport.objects.values()))


def test_gdpr_export_lists_and_erasure_removes_waiting_uploads(staff, senegal, login):
    from capability.register.gdpr import person_data, person_erase

    person = PersonFactory(
        country=senegal["country"], organisation=senegal["police"], email="khady@example.sn"
    )
    content = sheet([row(1, "Other", "Name", email="KHADY@example.sn")], code="SN-Dakar-2025-03")
    upload(staff, content)
    exported = person_data(person)["pending_imports"]
    assert exported and exported[0]["file"] == "feuille.xlsx" and exported[0]["rows"] == "4"
    person_erase(person=person, user=senegal["staff"])
    assert not PendingImport.objects.exists()
