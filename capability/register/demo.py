"""Demo register: a competency framework, organisations, ~300 people, ~30 workshops.

Deterministic (seeded) and idempotent: a second run finds the demo workshops and only makes
sure the staff users and their countries exist.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from ctps_common.roles import COUNTRY_STAFF, group_name

from .models import (
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
from .models.choices import EvidenceSource, OrganisationType, Sex, WorkshopKind
from .normalise import name_key

PASSWORD = "ctps-demo-2026"  # noqa: S105 (published demo password)
STAFF = (
    ("country.staff@ctps.example", "GH", None),
    ("kenya.staff@ctps.example", "KE", ("Otieno", "Achieng")),
)
LEVELS = ((1, "Awareness"), (2, "Practitioner"), (3, "Expert / trainer"))
COMPETENCIES = (
    ("RA-1", "Threat and vulnerability assessment of a public space", "risk_assessment", "01"),
    ("RA-2", "Venue risk assessment with operators", "risk_assessment", "03"),
    ("CC-1", "Incident command structure", "command_control", "02"),
    ("CC-2", "Multi-agency coordination centre", "command_control", "02"),
    ("PT-1", "Hostile reconnaissance detection", "protective_tactics", "01"),
    ("PT-2", "Vehicle-ramming mitigation", "protective_tactics", "01"),
    ("PT-3", "Crowd screening and access control", "protective_tactics", "03"),
    ("RE-1", "First response to a marauding attack", "reaction", "02"),
    ("RE-2", "Evacuation and invacuation", "reaction", "02"),
    ("RC-1", "Business continuity and recovery", "recovery", "02"),
    ("PP-1", "Public–private information sharing", "public_private", "03"),
    ("PP-2", "Joint exercises with private security", "public_private", "03"),
)
COUNTRY_DATA = {
    "GH": {
        "cities": ["Accra", "Kumasi", "Tamale", "Takoradi"],
        "given": (
            ["Kwame", "Kofi", "Yaw", "Kojo", "Kwabena", "Kwasi", "Ebo", "Nana", "Fiifi", "Kweku"],
            ["Ama", "Akosua", "Abena", "Efua", "Adwoa", "Yaa", "Esi", "Akua", "Afua", "Naa"],
        ),
        "family": ["Mensah", "Owusu", "Boateng", "Asante", "Osei", "Addo", "Appiah", "Quaye"],
        "orgs": "Ghana",
    },
    "KE": {
        "cities": ["Nairobi", "Mombasa", "Kisumu", "Nakuru"],
        "given": (
            ["Otieno", "Kamau", "Mwangi", "Kiprop", "Omondi", "Mutua", "Njoroge", "Wafula"],
            ["Achieng", "Wanjiru", "Njeri", "Akinyi", "Wambui", "Chebet", "Nyambura", "Atieno"],
        ),
        "family": ["Odhiambo", "Kariuki", "Mwangi", "Kiptoo", "Ouma", "Maina", "Wekesa", "Njoroge"],
        "orgs": "Kenya",
    },
    "SN": {
        "cities": ["Dakar", "Thiès", "Saint-Louis", "Touba"],
        "given": (
            ["Mamadou", "Ousmane", "Cheikh", "Ibrahima", "Moussa", "Abdoulaye", "Modou", "Serigne"],
            ["Aminata", "Fatou", "Aïssatou", "Mariama", "Khady", "Ndèye", "Awa", "Coumba"],
        ),
        "family": ["Diop", "Ndiaye", "Fall", "Sow", "Diallo", "Sarr", "Faye", "Mbaye", "Ndour"],
        "orgs": "Sénégal",
    },
}
ORGANISATIONS = {
    OrganisationType.NATIONAL_AUTHORITY: "National Counter-Terrorism Centre",
    OrganisationType.POLICE: "National Police Service",
    OrganisationType.GENDARMERIE: "Gendarmerie nationale",
    OrganisationType.MILITARY: "Armed Forces",
    OrganisationType.EMERGENCY_SERVICES: "Fire and Rescue Service",
    OrganisationType.VENUE_OPERATOR: "National Stadium Authority",
    OrganisationType.PRIVATE_SECURITY: "Secure Guard Ltd",
    OrganisationType.TRANSPORT_OPERATOR: "Airports Company",
    OrganisationType.OTHER: "City Council",
}
# Senegal's organisations carry their French names, as they do at home.
ORGANISATIONS_SN = {
    OrganisationType.NATIONAL_AUTHORITY: "Centre national de lutte antiterroriste du Sénégal",
    OrganisationType.POLICE: "Police nationale du Sénégal",
    OrganisationType.GENDARMERIE: "Gendarmerie nationale du Sénégal",
    OrganisationType.MILITARY: "Forces armées sénégalaises",
    OrganisationType.EMERGENCY_SERVICES: "Brigade nationale des sapeurs-pompiers",
    OrganisationType.VENUE_OPERATOR: "Office du stade national du Sénégal",
    OrganisationType.PRIVATE_SECURITY: "Sécurité Gardiennage Sénégal SA",
    OrganisationType.TRANSPORT_OPERATOR: "Société des aéroports du Sénégal",
    OrganisationType.OTHER: "Ville de Dakar",
}
RANKS = ["Inspector", "Sergeant", "Superintendent", "Officer", "Manager", "Analyst", "Captain"]
KINDS = list(WorkshopKind.values)
TARGETS = ["open_public_space", "large_scale_event", "infrastructure"]

# The programme contact of each partner country (shown to its trainees).
CONTACTS = {
    "GH": "ghana@ctps.example",
    "KE": "kenya@ctps.example",
    "SN": "senegal@ctps.example",
}


@transaction.atomic
def load_demo(*, stdout=None) -> list[dict]:
    countries = {country.code: country for country in Country.objects.all()}
    for code, email in CONTACTS.items():
        Country.objects.filter(code=code, contact_email="").update(contact_email=email)
    logins = ensure_staff(countries)
    if not Workshop.objects.filter(code__startswith="demo-").exists():
        framework = ensure_framework()
        build_register(countries, framework, random.Random(2026))  # noqa: S311
    return logins


def ensure_staff(countries) -> list[dict]:
    User = get_user_model()
    group = Group.objects.get(name=group_name(COUNTRY_STAFF))
    logins = []
    for email, code, names in STAFF:
        user = User.objects.filter(username=email).first()
        if user is None:
            given, family = names or ("", "")
            user = User.objects.create_user(
                username=email, email=email, password=PASSWORD, first_name=given, last_name=family
            )
            user.groups.add(group)
            logins.append({"role": f"Country staff ({code})", "login": email, "password": PASSWORD})
        elif names:
            logins.append({"role": f"Country staff ({code})", "login": email, "password": PASSWORD})
        StaffCountry.objects.get_or_create(user=user, country=countries[code])
    return logins


def ensure_framework() -> CompetencyFramework:
    framework, _ = CompetencyFramework.objects.get_or_create(
        code="public-space-protection",
        defaults={
            "name": "Protection of public spaces",
            "description": "Competencies of the people who protect open public spaces, "
            "large-scale events and infrastructure.",
        },
    )
    for level, name in LEVELS:
        ProficiencyLevel.objects.get_or_create(framework=framework, level=level, name=name)
    for code, name, area, result in COMPETENCIES:
        Competency.objects.get_or_create(
            code=code,
            defaults={"framework": framework, "name": name, "area": area, "result_area": result},
        )
    return framework


def build_register(countries, framework, rng: random.Random) -> None:
    # ordered: the same demo on every database (a random sample of an unordered list is not)
    competencies = list(Competency.objects.filter(framework=framework).order_by("code"))
    people_by_country = {}
    for code, data in COUNTRY_DATA.items():
        country = countries[code]
        names = (
            ORGANISATIONS_SN
            if code == "SN"
            else {kind: f"{label} {data['orgs']}" for kind, label in ORGANISATIONS.items()}
        )
        organisations = [
            Organisation.objects.get_or_create(
                country=country, name_key=name_key(name), defaults={"name": name, "type": kind}
            )[0]
            for kind, name in names.items()
        ]
        people = []
        for index in range(100):
            roll = rng.random()
            sex = Sex.FEMALE if roll < 0.36 else Sex.MALE if roll < 0.98 else Sex.UNDISCLOSED
            given = rng.choice(data["given"][sex == Sex.FEMALE])
            family = rng.choice(data["family"])
            person = Person(
                given_name=given,
                family_name=family,
                sex=sex,
                year_of_birth=rng.randint(1965, 2000),
                country=country,
                organisation=rng.choice(organisations),
                rank=rng.choice(RANKS),
                email=f"{name_key(given).replace(' ', '')}.{name_key(family)}.{index}"
                f"@{code.lower()}.demo.example",
                consent_given=True,
                consent_date=datetime.date(2024, 1, 15),
            )
            person.refresh_keys()
            people.append(person)
        Person.objects.bulk_create(people)
        people_by_country[code] = list(Person.objects.filter(country=country).order_by("pk"))
    attendances, evidence = [], []
    for number in range(30):
        code = ("GH", "KE", "SN")[number % 3]
        country = countries[code]
        start = datetime.date(2024, 2, 1) + datetime.timedelta(days=number * 33 + rng.randint(0, 9))
        cycle = number // 3  # the n-th workshop of its country: vary kind, result, target
        kind = KINDS[cycle % len(KINDS)]
        workshop = Workshop.objects.create(
            code=f"demo-{code.lower()}-{number + 1:02d}",
            title=f"{WorkshopKind(kind).label}: {rng.choice(COMPETENCIES)[1]}",
            kind=kind,
            result_area=("01", "02", "03")[cycle % 3],
            target_type=TARGETS[(cycle + number) % 3],
            country=country,
            city=rng.choice(COUNTRY_DATA[code]["cities"]),
            venue="Training centre",
            start_date=start,
            end_date=start + datetime.timedelta(days=rng.randint(0, 4)),
            hours=Decimal(rng.choice([6, 12, 18, 24, 30])),
            competency_level=1 if kind == "awareness_seminar" else 2,
        )
        addressed = rng.sample(competencies, 3)
        workshop.competencies.set(addressed)
        group = rng.sample(people_by_country[code], rng.randint(12, 25))
        for position, person in enumerate(group):
            pre = Decimal(rng.randint(25, 70))
            post = min(Decimal(100), pre + Decimal(rng.randint(-5, 35)))
            certified = post >= 70
            attendances.append(
                Attendance(
                    person=person,
                    workshop=workshop,
                    role="trainer" if position == 0 else "participant",
                    days_attended=Decimal((workshop.end_date - workshop.start_date).days + 1),
                    pre_test_score=pre,
                    post_test_score=post,
                    certified=certified,
                )
            )
            if certified:
                evidence.extend(
                    CompetencyEvidence(
                        person=person,
                        competency=competency,
                        level=workshop.competency_level,
                        source=EvidenceSource.WORKSHOP,
                        date=workshop.end_date,
                        workshop=workshop,
                    )
                    for competency in addressed
                )
    Attendance.objects.bulk_create(attendances)
    CompetencyEvidence.objects.bulk_create(evidence)
