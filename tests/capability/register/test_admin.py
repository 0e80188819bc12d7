"""The register's admin listings: filters, search, history, exports and query ceilings."""

import io

import pytest
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from capability.register.models import Attendance, Person, Workshop
from tests.factories.register import AttendanceFactory, CompetencyEvidenceFactory, WorkshopFactory


@pytest.fixture
def staff(login, register, programme_staff):
    return login(programme_staff)


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["paginator"].count


def test_people_filters_and_search(staff):
    assert (
        listed(staff, "/admin/capability_person/?sex=F") == Person.objects.filter(sex="F").count()
    )
    ghana_police = Person.objects.filter(country__code="GH", organisation__type="police").count()
    url = "/admin/capability_person/?country={}&organisation__type=police"
    country_id = Person.objects.filter(country__code="GH").first().country_id
    assert listed(staff, url.format(country_id)) == ghana_police
    in_table_tops = Person.objects.filter(attendances__workshop__kind="table_top").distinct()
    assert (
        listed(staff, "/admin/capability_person/?workshop_kind=table_top") == in_table_tops.count()
    )
    mensah = Person.objects.filter(family_name="Mensah").count()
    assert listed(staff, "/admin/capability_person/?q=mensah") == mensah > 0


def test_workshop_and_attendance_filters(staff):
    in_2025 = Workshop.objects.filter(start_date__year=2025).count()
    url = "/admin/capability_workshop/?start_date_from=2025-01-01&start_date_to=2025-12-31"
    assert listed(staff, url) == in_2025 > 0
    assert listed(staff, "/admin/capability_workshop/?result_area=02") == (
        Workshop.objects.filter(result_area="02").count()
    )
    assert listed(staff, "/admin/capability_attendance/?kind=field_exercise&sex=F") == (
        Attendance.objects.filter(workshop__kind="field_exercise", person__sex="F").count()
    )


def test_edit_is_recorded_in_history(staff):
    person = Person.objects.filter(country__code="GH").first()
    response = staff.post(
        f"/admin/capability_person/edit/{person.pk}/",
        {
            "given_name": person.given_name,
            "family_name": "Renamed",
            "sex": person.sex,
            "country": person.country_id,
            "organisation": person.organisation_id,
            "rank": person.rank,
            "email": person.email,
            "phone": "",
            "consent_given": "on",
            "consent_date": "2024-01-15",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert ModelLogEntry.objects.filter(object_id=str(person.pk), action="wagtail.edit").exists()
    history = staff.get(f"/admin/capability_person/history/{person.pk}/").content.decode()
    assert "Edited" in history


def test_edit_refuses_an_organisation_of_another_country(login, register, programme_staff):
    client = login(programme_staff)
    person = Person.objects.filter(country__code="GH").first()
    kenyan_org = Person.objects.filter(country__code="KE").first().organisation
    response = client.post(
        f"/admin/capability_person/edit/{person.pk}/",
        {"given_name": "A", "family_name": "B", "sex": "F", "country": person.country_id,
         "organisation": kenyan_org.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The organisation must be in the person" in response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_listing_exports(staff, fmt):
    response = staff.get(f"/admin/capability_attendance/?kind=workshop&export={fmt}")
    assert response.status_code == 200
    body = b"".join(response)
    expected = Attendance.objects.filter(workshop__kind="workshop").count()
    if fmt == "xlsx":
        rows = list(load_workbook(io.BytesIO(body)).active.values)
    else:
        rows = body.decode().strip().splitlines()
    assert len(rows) == expected + 1


def test_inspect_pages_query_ceiling(login, register, ghana_staff, django_assert_max_num_queries):
    """A person trained at several workshops and a workshop of twenty (the demo's size)."""
    client = login(ghana_staff)
    person = register.people["GH"][1]
    workshop = WorkshopFactory(competencies=list(register.competencies.values())[:3])
    for attendance in AttendanceFactory.create_batch(20, workshop=workshop):
        for competency in workshop.competencies.all():
            CompetencyEvidenceFactory(
                person=attendance.person, competency=competency, workshop=workshop
            )
    AttendanceFactory(workshop=workshop, person=person)
    for url in (
        f"/admin/capability_person/inspect/{person.pk}/",
        f"/admin/capability_workshop/inspect/{workshop.pk}/",
    ):
        client.get(url)
        with django_assert_max_num_queries(40):
            assert client.get(url).status_code == 200


def test_evidence_added_in_the_admin_records_who(login, register, ghana_staff):
    from capability.register.models import Competency, CompetencyEvidence

    client = login(ghana_staff)
    person = Person.objects.filter(country__code="GH").first()
    response = client.post(
        "/admin/capability_evidence/new/",
        {"person": person.pk, "competency": Competency.objects.get(code="RA-1").pk,
         "level": 3, "source": "assessor", "date": "2026-02-03", "note": "Assessed on site"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == "/admin/capability_evidence/", response["Location"]
    evidence = CompetencyEvidence.objects.get(note="Assessed on site")
    assert evidence.recorded_by == ghana_staff
