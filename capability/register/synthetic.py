"""Synthetic register at programme scale (`manage.py generate_synthetic --scale S`).

Per unit of scale: 1,000 people, 40 organisations, 100 workshops of 50 attendances (with pre-
and post-test scores) and workshop evidence for the certified participants of one workshop in
five. Countries grow too: the three partners plus 3·√S others. Bulk inserts in batches;
seeded, so the same scale gives the same rows. Imports nothing from other plugins (the
results app's `synthetic` module adds indicator figures on top).

Self-sufficient: on a database without the demo (`load_demo`), the demo's competency
framework is created first, with a note on stdout, so that evidence has something to show.
Existing competencies (the demo's or a programme's own) are used as they are.
"""

import datetime
import math
import random
from decimal import Decimal

from django.db import transaction

from .models import (
    Attendance,
    Competency,
    CompetencyEvidence,
    Country,
    Organisation,
    Person,
    Workshop,
)
from .models.choices import (
    AttendanceRole,
    EvidenceSource,
    OrganisationType,
    ResultArea,
    Sex,
    TargetType,
    WorkshopKind,
)
from .normalise import email_key, name_key

BATCH = 5_000
CODE_PREFIX = "syn-"
PARTNERS = (("GH", "Ghana"), ("KE", "Kenya"), ("SN", "Senegal"))
OTHERS = (
    ("NG", "Nigeria"), ("CI", "Côte d'Ivoire"), ("BF", "Burkina Faso"), ("ML", "Mali"),
    ("NE", "Niger"), ("TG", "Togo"), ("BJ", "Benin"), ("CM", "Cameroon"), ("TD", "Chad"),
    ("ET", "Ethiopia"), ("SO", "Somalia"), ("UG", "Uganda"), ("TZ", "Tanzania"),
    ("RW", "Rwanda"), ("BI", "Burundi"), ("MZ", "Mozambique"), ("MW", "Malawi"),
    ("ZM", "Zambia"), ("ZW", "Zimbabwe"), ("BW", "Botswana"), ("NA", "Namibia"),
    ("ZA", "South Africa"), ("AO", "Angola"), ("CD", "DR Congo"), ("GA", "Gabon"),
    ("MR", "Mauritania"), ("GM", "Gambia"), ("GN", "Guinea"), ("SL", "Sierra Leone"),
    ("LR", "Liberia"), ("CV", "Cabo Verde"), ("MA", "Morocco"), ("TN", "Tunisia"),
    ("DJ", "Djibouti"), ("MG", "Madagascar"), ("MU", "Mauritius"),
)  # fmt: skip
GIVEN = (
    "Kwame",
    "Ama",
    "Wanjiru",
    "Otieno",
    "Awa",
    "Moussa",
    "Fatou",
    "Kofi",
    "Achieng",
    "Ibrahima",
)
FAMILY = ("Mensah", "Owusu", "Kamau", "Njoroge", "Diop", "Ndiaye", "Fall", "Boateng", "Odhiambo")
PEOPLE_PER_SCALE = 1_000
ORGANISATIONS_PER_SCALE = 40
WORKSHOPS_PER_SCALE = 100
ATTENDANCE_PER_WORKSHOP = 50
FIRST_WORKSHOP = datetime.date(2023, 1, 9)
WORKSHOP_SPREAD_DAYS = 1_200  # start dates fall in [FIRST_WORKSHOP, + 1,200 days)
LAST_WORKSHOP_END = FIRST_WORKSHOP + datetime.timedelta(days=WORKSHOP_SPREAD_DAYS + 4)


def per_scale(count: int, scale: float) -> int:
    """`count` rows per unit of scale, at least one (tests use fractions of a unit)."""
    return max(1, round(count * scale))


def country_count(scale: float) -> int:
    return min(len(PARTNERS) + len(OTHERS), len(PARTNERS) + round(3 * math.sqrt(scale)))


@transaction.atomic
def generate(*, scale: float, users: list[int], seed: int, stdout=None) -> dict[str, int]:
    if Workshop.objects.filter(code__startswith=CODE_PREFIX).exists():
        raise RuntimeError("Synthetic workshops already exist in this database.")
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    _ensure_competencies(stdout)
    countries = _countries(scale)
    organisations = _organisations(scale, countries, rng)
    people_by_country = _people(scale, countries, organisations, users, rng)
    workshops = _workshops(scale, countries, rng)
    attendance, evidence = _attendance(workshops, people_by_country, rng)
    return {
        "countries": len(countries),
        "organisations": len(organisations),
        "people": sum(len(ids) for ids in people_by_country.values()),
        "workshops": len(workshops),
        "attendances": attendance,
        "evidence": evidence,
    }


def _note(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(f"  capability: {message}")


def _ensure_competencies(stdout) -> None:
    """Workshops address competencies and certified participants earn evidence of them: with
    no competency in the database there would be no evidence at all, so create the demo's."""
    if Competency.objects.exists():
        return
    from .demo import ensure_framework

    ensure_framework()
    _note(stdout, "no competency defined: created the demo's competency framework.")


def _countries(scale: float) -> list[Country]:
    wanted = (PARTNERS + OTHERS)[: country_count(scale)]
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        Country(code=code, name=name, is_partner=(code, name) in PARTNERS)
        for code, name in wanted
        if code not in existing
    )
    by_code = Country.objects.in_bulk([code for code, _name in wanted], field_name="code")
    return [by_code[code] for code, _name in wanted]


def _organisations(scale: float, countries, rng) -> list[Organisation]:
    kinds = list(OrganisationType.values)
    rows = []
    for number in range(max(len(countries), per_scale(ORGANISATIONS_PER_SCALE, scale))):
        country = countries[number % len(countries)]
        name = f"Synthetic organisation {number:05d}"
        rows.append(
            Organisation(
                name=name, country=country, type=rng.choice(kinds), name_key=name_key(name)
            )
        )
    Organisation.objects.bulk_create(rows, batch_size=BATCH)
    return list(Organisation.objects.filter(name__startswith="Synthetic organisation "))


def _people(scale, countries, organisations, users, rng) -> dict[int, list[int]]:
    """People spread over the countries; every other one has a trainee account."""
    orgs_by_country = {}
    for organisation in organisations:
        orgs_by_country.setdefault(organisation.country_id, []).append(organisation.pk)
    consent = datetime.date(2025, 1, 15)
    batch = []
    for number in range(per_scale(PEOPLE_PER_SCALE, scale)):
        country = countries[number % len(countries)]
        given, family = rng.choice(GIVEN), f"{rng.choice(FAMILY)}{number}"
        email = f"person{number:06d}@people.synthetic.example"
        account = number // 2 if number % 2 == 0 and number // 2 < len(users) else None
        batch.append(
            Person(
                given_name=given,
                family_name=family,
                sex=rng.choice((Sex.FEMALE, Sex.MALE, Sex.MALE, Sex.UNDISCLOSED)),
                year_of_birth=rng.randrange(1960, 2002),
                country=country,
                organisation_id=rng.choice(orgs_by_country[country.pk]),
                email=email,
                user_id=users[account] if account is not None else None,
                consent_given=True,
                consent_date=consent,
                name_key=name_key(given, family),
                email_key=email_key(email),
            )
        )
        if len(batch) >= BATCH:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)
    people: dict[int, list[int]] = {}
    rows = Person.objects.filter(email_key__endswith="@people.synthetic.example").order_by("pk")
    for pk, country_id in rows.values_list("pk", "country_id"):
        people.setdefault(country_id, []).append(pk)
    return people


def _workshops(scale, countries, rng) -> list[Workshop]:
    competencies = list(Competency.objects.order_by("code").values_list("pk", flat=True))
    kinds, areas, targets = WorkshopKind.values, ResultArea.values, TargetType.values
    rows = []
    for number in range(per_scale(WORKSHOPS_PER_SCALE, scale)):
        country = countries[number % len(countries)]
        start = FIRST_WORKSHOP + datetime.timedelta(days=rng.randrange(0, WORKSHOP_SPREAD_DAYS))
        rows.append(
            Workshop(
                code=f"{CODE_PREFIX}{number:06d}",
                title=f"Synthetic workshop {number:06d}",
                kind=rng.choice(kinds),
                result_area=rng.choice(areas),
                target_type=rng.choice(targets),
                country=country,
                city="Synthetic city",
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randrange(0, 5)),
                hours=Decimal(rng.choice((6, 12, 18, 24))),
                competency_level=rng.choice((1, 2)),
            )
        )
    Workshop.objects.bulk_create(rows, batch_size=BATCH)
    workshops = list(Workshop.objects.filter(code__startswith=CODE_PREFIX).order_by("code"))
    if competencies:
        Through = Workshop.competencies.through
        links = []
        for workshop in workshops:
            workshop.competency_ids = rng.sample(competencies, min(2, len(competencies)))
            links.extend(
                Through(workshop_id=workshop.pk, competency_id=pk) for pk in workshop.competency_ids
            )
        Through.objects.bulk_create(links, batch_size=BATCH)
    return workshops


def _attendance(workshops, people_by_country, rng) -> tuple[int, int]:
    attendance, evidence = [], []
    totals = [0, 0]

    def flush(force=False):
        for index, (rows, model) in enumerate(
            ((attendance, Attendance), (evidence, CompetencyEvidence))
        ):
            if rows and (force or len(rows) >= BATCH):
                model.objects.bulk_create(rows, batch_size=BATCH)
                totals[index] += len(rows)
                rows.clear()

    for number, workshop in enumerate(workshops):
        pool = people_by_country.get(workshop.country_id, [])
        group = rng.sample(pool, min(ATTENDANCE_PER_WORKSHOP, len(pool)))
        for position, person_id in enumerate(group):
            trainer = position < 2
            pre = rng.randrange(20, 75)
            post = min(100, pre + rng.randrange(-5, 40))
            certified = not trainer and post >= 60
            attendance.append(
                Attendance(
                    person_id=person_id,
                    workshop=workshop,
                    role=AttendanceRole.TRAINER if trainer else AttendanceRole.PARTICIPANT,
                    days_attended=Decimal(rng.randrange(1, 6)),
                    pre_test_score=None if trainer else Decimal(pre),
                    post_test_score=None if trainer else Decimal(post),
                    certified=certified,
                )
            )
            if certified and number % 5 == 0:
                evidence.extend(
                    CompetencyEvidence(
                        person_id=person_id,
                        competency_id=competency_id,
                        level=workshop.competency_level,
                        source=EvidenceSource.WORKSHOP,
                        date=workshop.end_date,
                        workshop=workshop,
                    )
                    for competency_id in getattr(workshop, "competency_ids", [])
                )
        flush()
    flush(force=True)
    return totals[0], totals[1]
