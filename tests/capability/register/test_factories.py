"""The register's factories make valid rows, in the partner countries of the migrations."""

from capability.register.models import Country, Person
from capability.register.querysets import country_ids_for
from tests.factories.register import (
    AttendanceFactory,
    CompetencyEvidenceFactory,
    CountryFactory,
    CountryStaffFactory,
    PersonFactory,
    StaffCountryFactory,
    WorkshopFactory,
    small_register,
)


def test_partner_countries_are_found_and_other_codes_made(db):
    assert CountryFactory(code="GH") == Country.objects.get(code="GH")
    other = CountryFactory()
    assert not other.is_partner and Country.objects.filter(code=other.code).count() == 1


def test_country_staff_see_their_countries(db):
    staff = CountryStaffFactory(countries=["KE", "SN"])
    codes = Country.objects.filter(pk__in=country_ids_for(staff)).values_list("code", flat=True)
    assert set(codes) == {"KE", "SN"}
    assert country_ids_for(StaffCountryFactory().user) == {Country.objects.get(code="GH").pk}


def test_people_and_attendance_stay_in_one_country(db):
    kenya = CountryFactory(code="KE")
    attendance = AttendanceFactory(workshop=WorkshopFactory(country=kenya))
    person = attendance.person
    assert person.country == person.organisation.country == kenya
    person.full_clean()
    evidence = CompetencyEvidenceFactory(person=PersonFactory())
    assert evidence.person.country.code == "GH" and evidence.competency.framework.levels.count()


def test_the_small_register(db):
    register = small_register(("GH", "KE"))
    assert Person.objects.filter(country__code="KE").count() == 6
    workshop = register.workshops["GH"][0]
    assert workshop.competencies.count() == 3
    assert workshop.attendances.filter(role="trainer").count() == 1
    certified = workshop.attendances.filter(certified=True)
    assert certified.count() == 3
    assert all(a.person.evidence.filter(workshop=workshop).count() == 3 for a in certified)
    names = {p.family_name for p in register.people["KE"]}
    assert not names & {p.family_name for p in register.people["GH"]}
