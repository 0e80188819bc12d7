"""The register (`capability.register`): countries and staff memberships, organisations,
people, competencies, workshops, attendance and evidence.

The partner countries (GH, KE, SN) come from the migrations: `CountryFactory(code="GH")`
finds Ghana, any other code makes a new country. Records default to Ghana.
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from capability.register.models import (
    Attendance,
    Competency,
    CompetencyEvidence,
    CompetencyFramework,
    Country,
    Organisation,
    Person,
    ProficiencyLevel,
    StaffCountry,
    Workshop,
)

from . import accounts

NAMES = {"GH": "Ghana", "KE": "Kenya", "SN": "Senegal"}


def country(code: str) -> Country:
    return CountryFactory(code=code)


def ghana() -> Country:
    return country("GH")


def _new_code(n: int) -> str:
    """Two letters no partner country uses: QA, QB, … then XA, …"""
    first, second = divmod(n, 26)
    return "QXZ"[first % 3] + chr(ord("A") + second)


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(_new_code)
    name = factory.LazyAttribute(lambda c: NAMES.get(c.code, f"Country {c.code}"))
    is_partner = factory.LazyAttribute(lambda c: c.code in NAMES)


class StaffCountryFactory(DjangoModelFactory):
    class Meta:
        model = StaffCountry

    user = factory.SubFactory(accounts.CountryStaffFactory)
    country = factory.LazyFunction(ghana)


class CountryStaffFactory(accounts.CountryStaffFactory):
    """Country staff who may see and edit their countries' records: `countries=["KE"]`
    (codes or Country rows; Ghana when not given)."""

    @factory.post_generation
    def countries(user, create, extracted, **_kwargs):
        if not create:
            return
        for item in extracted or ["GH"]:
            StaffCountryFactory(user=user, country=country(item) if isinstance(item, str) else item)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = factory.LazyFunction(ghana)
    type = "police"


class PersonFactory(DjangoModelFactory):
    """A consenting person of an organisation of their country (Ghana unless given)."""

    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    sex = "F"
    year_of_birth = 1985
    country = factory.LazyFunction(ghana)
    organisation = factory.SubFactory(
        OrganisationFactory, country=factory.SelfAttribute("..country")
    )
    rank = "Inspector"
    email = factory.LazyAttribute(
        lambda p: f"{p.given_name}.{p.family_name}@{p.country.code.lower()}.example".lower()
    )
    consent_given = True
    consent_date = datetime.date(2024, 1, 15)


class CompetencyFrameworkFactory(DjangoModelFactory):
    """A framework with its proficiency scale 1–3 (awareness, practitioner, expert)."""

    class Meta:
        model = CompetencyFramework
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = "public-space-protection"
    name = "Protection of public spaces"

    @factory.post_generation
    def levels(framework, create, extracted, **_kwargs):
        if not create:
            return
        names = extracted or ("Awareness", "Practitioner", "Expert / trainer")
        for level, name in enumerate(names, start=1):
            ProficiencyLevel.objects.get_or_create(framework=framework, level=level, name=name)


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        django_get_or_create = ("code",)

    framework = factory.SubFactory(CompetencyFrameworkFactory)
    code = factory.Sequence(lambda n: f"C-{n}")
    name = factory.LazyAttribute(lambda c: f"Competency {c.code}")
    area = "risk_assessment"
    result_area = "01"


class WorkshopFactory(DjangoModelFactory):
    """A two-day workshop in Ghana in 2025; `competencies=[...]` (rows or codes) addressed."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"ws-{n:03d}")
    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = "workshop"
    result_area = "01"
    target_type = "open_public_space"
    country = factory.LazyFunction(ghana)
    city = "Accra"
    venue = "Training centre"
    start_date = datetime.date(2025, 3, 3)
    end_date = factory.LazyAttribute(lambda w: w.start_date + datetime.timedelta(days=1))
    hours = Decimal(12)
    competency_level = 2

    @factory.post_generation
    def competencies(workshop, create, extracted, **_kwargs):
        if create and extracted:
            workshop.competencies.set(
                CompetencyFactory(code=item) if isinstance(item, str) else item
                for item in extracted
            )


class AttendanceFactory(DjangoModelFactory):
    """A participant of a workshop, a person of the workshop's country."""

    class Meta:
        model = Attendance

    workshop = factory.SubFactory(WorkshopFactory)
    person = factory.SubFactory(PersonFactory, country=factory.SelfAttribute("..workshop.country"))
    role = "participant"
    days_attended = Decimal(2)
    pre_test_score = Decimal(50)
    post_test_score = Decimal(80)
    certified = True


class CompetencyEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = CompetencyEvidence

    person = factory.SubFactory(PersonFactory)
    competency = factory.SubFactory(CompetencyFactory)
    level = 2
    source = "workshop"
    date = datetime.date(2025, 3, 4)
