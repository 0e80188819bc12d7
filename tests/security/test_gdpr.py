"""Right of access and right to erasure on the register: complete, scoped, audited, and
erasure leaves every figure of the programme unchanged."""

import io
import json

import pytest
from django.db.models import Count
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from capability.register.models import Attendance, CompetencyEvidence, Person
from tests.courses.records import complete
from tests.factories.accounts import TraineeFactory
from tests.factories.courses import CoursePageFactory
from tests.factories.register import small_register

from .access import DENIED, outcome


@pytest.fixture
def register(db):
    return small_register(("GH", "KE"))


@pytest.fixture
def ghana_person(register):
    """A Ghanaian with attendance and evidence, linked to a trainee account with course data."""
    person = (
        Person.objects.filter(country__code="GH", evidence__isnull=False, user__isnull=True)
        .order_by("pk")
        .first()
    )
    person.user = TraineeFactory(email="amina.owusu@example.org")
    complete(CoursePageFactory(lessons=2), person.user)
    person.phone = "+233 20 000 0000"
    person.save()
    return person


def test_export_json_holds_everything(login, ghana_person, ghana_staff):
    response = login(ghana_staff).get(
        reverse("capability_gdpr:export", args=[ghana_person.pk, "json"])
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["person"]["family_name"] == ghana_person.family_name
    assert data["person"]["phone"] == "+233 20 000 0000"
    assert len(data["attendance"]) == Attendance.objects.filter(person=ghana_person).count() > 0
    assert len(data["evidence"]) == CompetencyEvidence.objects.filter(person=ghana_person).count()
    assert data["account"]["email"] == "amina.owusu@example.org"
    assert data["enrolments"] and data["lessons_completed"]  # courses data of the account
    entry = ModelLogEntry.objects.filter(action="capability.person_export").latest("timestamp")
    assert entry.object_id == str(ghana_person.pk)
    assert entry.user == ghana_staff


def test_export_xlsx_has_one_sheet_per_section(login, ghana_person, ghana_staff):
    response = login(ghana_staff).get(
        reverse("capability_gdpr:export", args=[ghana_person.pk, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"person", "attendance", "evidence", "account", "enrolments"} <= set(workbook.sheetnames)
    rows = list(workbook["attendance"].iter_rows(values_only=True))
    assert len(rows) - 1 == Attendance.objects.filter(person=ghana_person).count()


def test_other_country_and_managers_are_refused(login, register, ghana_staff, manager):
    kenyan = Person.objects.filter(country__code="KE").first()
    for url in (
        reverse("capability_gdpr:export", args=[kenyan.pk, "json"]),
        reverse("capability_gdpr:erase", args=[kenyan.pk]),
    ):
        assert outcome(login(ghana_staff).post(url)) == DENIED, url
        assert outcome(login(manager).post(url)) == DENIED, url
    assert Person.objects.get(pk=kenyan.pk).family_name == kenyan.family_name


def _figures():
    """What indicators and dashboards count: people by sex/country/organisation type and
    decade, attendance and evidence by country, levels by competency."""
    return {
        "people": list(
            Person.objects.values("sex", "country__code", "organisation__type")
            .annotate(n=Count("pk"))
            .order_by("sex", "country__code", "organisation__type")
        ),
        "attendance": list(
            Attendance.objects.values("person__country__code", "certified", "role")
            .annotate(n=Count("pk"))
            .order_by("person__country__code", "certified", "role")
        ),
        "evidence": list(CompetencyEvidence.objects.current_levels_by_competency()),
    }


def test_erasure_keeps_the_figures_and_drops_the_identity(login, ghana_person, ghana_staff):
    name, email = ghana_person.family_name, ghana_person.email
    decade = ghana_person.year_of_birth // 10
    before = _figures()
    client = login(ghana_staff)
    url = reverse("capability_gdpr:erase", args=[ghana_person.pk])
    assert client.get(url).status_code == 200  # confirmation page
    response = client.post(url)
    assert response.status_code == 302
    person = Person.objects.get(pk=ghana_person.pk)
    assert (person.email, person.phone, person.rank) == ("", "", "")
    # The account stays linked as a pseudonymous key, with nothing left that names anyone.
    account = person.user
    assert (account.username, account.email, account.get_full_name()) == (
        f"erased-{account.pk}",
        "",
        "",
    )
    assert not account.is_active and not account.has_usable_password()
    assert name not in str(person) and person.year_of_birth // 10 == decade
    assert _figures() == before
    entry = ModelLogEntry.objects.filter(action="capability.person_erase").latest("timestamp")
    assert entry.object_id == str(person.pk) and entry.user == ghana_staff
    assert not ModelLogEntry.objects.filter(object_id=str(person.pk), label__contains=name)
    listing = client.get(reverse("capability_person:index") + f"?export=csv&q={email}")
    assert email not in b"".join(listing.streaming_content).decode()
