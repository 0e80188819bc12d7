"""The register (`capability.register`): countries and staff memberships, organisations,
people, competencies, workshops, attendance and evidence.

The partner countries (GH, KE, SN) come from the migrations: `CountryFactory(code="GH")`
finds Ghana, any other code makes a new country. Records default to Ghana.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from capability.register.models import (
    AccountCountry,
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


# A small register in partner countries, for the tests of scope, listings and figures.
NAMES_BY_COUNTRY = {
    "GH": (
        ["Kwame", "Ama", "Kofi", "Akosua", "Yaw", "Esi"],
        ["Mensah", "Owusu", "Boateng", "Asante", "Osei", "Addo"],
    ),
    "KE": (
        ["Otieno", "Achieng", "Kamau", "Wanjiru", "Mwangi", "Njeri"],
        ["Odhiambo", "Kariuki", "Kiptoo", "Ouma", "Maina", "Wekesa"],
    ),
    "SN": (
        ["Mamadou", "Fatou", "Ousmane", "Aminata", "Cheikh", "Khady"],
        ["Diop", "Ndiaye", "Fall", "Sow", "Diallo", "Sarr"],
    ),
}
ORGANISATIONS = (
    ("National Police Service", "police"),
    ("Secure Guard Ltd", "private_security"),
    ("National Stadium Authority", "venue_operator"),
)
COMPETENCIES = (
    ("RA-1", "Threat and vulnerability assessment of a public space", "risk_assessment", "01"),
    ("RA-2", "Venue risk assessment with operators", "risk_assessment", "03"),
    ("CC-1", "Incident command structure", "command_control", "02"),
    ("PT-1", "Hostile reconnaissance detection", "protective_tactics", "01"),
    ("RE-1", "First response to a marauding attack", "reaction", "02"),
)
WORKSHOP_KINDS = ("workshop", "table_top", "field_exercise")


@dataclass
class Register:
    countries: dict  # code -> Country
    organisations: dict  # code -> [Organisation]
    people: dict  # code -> [Person]
    workshops: dict  # code -> [Workshop]
    competencies: dict  # code -> Competency


def competency_framework() -> dict:
    """The framework "public-space-protection" with COMPETENCIES, by code."""
    framework = CompetencyFrameworkFactory()
    return {
        code: CompetencyFactory(
            framework=framework, code=code, name=name, area=area, result_area=result
        )
        for code, name, area, result in COMPETENCIES
    }


def small_register(codes=("GH", "KE"), *, people=6, workshops=3) -> Register:
    """In each of `codes` (Ghana and Kenya by default): three organisations ("National
    Police Service Ghana", a private security company, a stadium operator), `people` people
    with the country's own names ("Kwame Mensah", …; "Otieno Odhiambo", … in Kenya), and
    `workshops` workshops in 2025
    (kinds workshop, table-top, field exercise and result areas 01, 02, 03 in turn; codes
    "gh-01", …) addressing RA-1, CC-1 and PT-1 at level 2, each attended by four people: the
    first as trainer, the others as certified participants with their evidence. Women and
    men alternate."""
    competencies = competency_framework()
    register = Register({}, {}, {}, {}, competencies)
    for code in codes:
        country_row = country(code)
        register.countries[code] = country_row
        organisations = [
            OrganisationFactory(name=f"{name} {country_row.name}", country=country_row, type=kind)
            for name, kind in ORGANISATIONS
        ]
        given, family = NAMES_BY_COUNTRY.get(code, (["Given"], ["Family"]))
        register.organisations[code] = organisations
        register.people[code] = [
            PersonFactory(
                given_name=given[index % len(given)],
                family_name=family[index % len(family)]
                + (str(index // len(family)) if index >= len(family) else ""),
                sex="F" if index % 2 else "M",
                country=country_row,
                organisation=organisations[index % len(organisations)],
            )
            for index in range(people)
        ]
        register.workshops[code] = []
        for number in range(workshops):
            workshop = WorkshopFactory(
                code=f"{code.lower()}-{number + 1:02d}",
                title=f"{WORKSHOP_KINDS[number % 3].replace('_', ' ').title()} {code} {number + 1}",
                kind=WORKSHOP_KINDS[number % 3],
                result_area=("01", "02", "03")[number % 3],
                country=country_row,
                start_date=datetime.date(2025, 2 + number, 10),
                competencies=[competencies[c] for c in ("RA-1", "CC-1", "PT-1")],
            )
            register.workshops[code].append(workshop)
            group = register.people[code][number : number + 4] or register.people[code][:4]
            for position, person in enumerate(group):
                trainer = position == 0
                AttendanceFactory(
                    workshop=workshop,
                    person=person,
                    role="trainer" if trainer else "participant",
                    pre_test_score=None if trainer else Decimal(40 + 5 * position),
                    post_test_score=None if trainer else Decimal(70 + 5 * position),
                    certified=not trainer,
                )
                if not trainer:
                    for competency in workshop.competencies.all():
                        CompetencyEvidenceFactory(
                            person=person,
                            competency=competency,
                            level=workshop.competency_level,
                            workshop=workshop,
                            date=workshop.end_date,
                        )
    return register


class UnlinkedTraineeFactory(accounts.TraineeFactory):
    """A trainee with no register entry, only their account's country: `country="KE"`
    (Ghana when not given; `country=""`: an older account with no country at all)."""

    @factory.post_generation
    def country(user, create, extracted, **_kwargs):
        code = "GH" if extracted is None else extracted
        if create and code:
            AccountCountry.objects.create(user=user, country=CountryFactory(code=code))
