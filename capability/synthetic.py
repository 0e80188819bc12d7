"""Synthetic register at programme scale (`manage.py generate_synthetic --scale S`).

Per unit of scale: 1,000 people, 40 organisations, 100 workshops of 50 attendances (with pre-
and post-test scores) and workshop evidence for the certified participants of one workshop in
five. Countries grow too: the three partners plus 3·√S others. Then, for every indicator,
country and reporting period of the workshops' years: baselines, yearly and quarterly
targets, and the values of the manually reported indicators (computed ones derive from the
register). Bulk inserts in batches; seeded, so the same scale gives the same rows. Imports
nothing from other plugins.

Self-sufficient: on a database without the demo (`load_demo`), the demo's competency
framework and its 15 indicator definitions are created first, with a note on stdout, so that
evidence, dashboards and indicator tables have something to show. Existing competencies or
indicators (the demo's or a programme's own) are used as they are.
"""

import datetime
import math
import random
from decimal import Decimal

from django.db import transaction

from .indicators.periods import period_bounds, period_of
from .indicators.queries import QUERIES, RATIOS, Scope
from .models import (
    Attendance,
    Competency,
    CompetencyEvidence,
    Country,
    Indicator,
    IndicatorBaseline,
    IndicatorTarget,
    IndicatorValue,
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
    baselines, targets, values = _indicator_figures(countries, rng, stdout)
    return {
        "countries": len(countries),
        "organisations": len(organisations),
        "people": sum(len(ids) for ids in people_by_country.values()),
        "workshops": len(workshops),
        "attendances": attendance,
        "evidence": evidence,
        "indicator baselines": baselines,
        "indicator targets": targets,
        "indicator values": values,
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


# --- indicators: baselines, targets, manual values -----------------------------------------


def _reporting_years() -> list[int]:
    """The reporting years the synthetic workshops fall in."""
    return list(range(period_of(FIRST_WORKSHOP)[0], period_of(LAST_WORKSHOP_END)[0] + 1))


def _elapsed(day: datetime.date) -> float:
    """Share of the synthetic data's span gone by on `day` (0 to 1)."""
    span = (LAST_WORKSHOP_END - FIRST_WORKSHOP).days
    return min(1.0, max(0.0, (day - FIRST_WORKSHOP).days / span))


def _indicators(stdout) -> list[Indicator]:
    indicators = list(Indicator.objects.order_by("level", "sort_order", "code"))
    if indicators:
        return indicators
    from .indicators.demo import create_indicators

    _note(stdout, "no indicator defined: created the demo's 15 indicator definitions.")
    return create_indicators()


def _is_ratio(indicator: Indicator) -> bool:
    """Percentages and means move towards a level; counts accumulate over time."""
    return indicator.is_percentage or indicator.computation in RATIOS


def _references(indicators, countries, rng) -> dict[tuple, tuple[float, float]]:
    """(indicator, country id or None) -> (baseline, figure at the end of the data).

    Computed indicators take their figure from the register over the whole data span (one
    query per computation); manual ones get a seeded one (a few strategies, or a percentage).
    """
    years = _reporting_years()
    scope = Scope(None, period_bounds(years[0])[0], period_bounds(years[-1])[1])
    computed = {
        computation: QUERIES[computation](scope)
        for computation in sorted({i.computation for i in indicators if i.computation})
    }
    references = {}
    for indicator in indicators:
        ratio = _is_ratio(indicator)
        cells = computed.get(indicator.computation, {})
        for country_id in [country.pk for country in countries] + [None]:
            if not indicator.computation:
                figure = rng.uniform(40, 90) if ratio else float(rng.randint(1, 4))
            elif country_id is not None:
                cell = cells.get(country_id)
                figure = float((cell.value or 0) if cell else 0)
            elif ratio:  # the programme: the mean of the countries' figures
                figures = [cell.value for cell in cells.values() if cell.value is not None]
                figure = sum(figures) / len(figures) if figures else 0.0
            else:  # the programme: everything counted
                figure = float(sum(cell.numerator for cell in cells.values()))
            baseline = figure * rng.uniform(0.5, 0.8) if ratio else 0.0
            references[indicator, country_id] = (baseline, figure)
    return references


def _indicator_figures(countries, rng, stdout) -> tuple[int, int, int]:
    """Baselines (the year before the data), cumulative targets for every reporting year and
    quarter, and every quarter's value of the manual indicators, per country and for the
    programme (country empty). What exists already (the demo's rows) is kept: no baseline is
    added where one exists, and no target or value for a year that has one."""
    indicators = _indicators(stdout)
    years = _reporting_years()
    has_baseline = set(IndicatorBaseline.objects.values_list("indicator", "country"))
    has_target = set(IndicatorTarget.objects.values_list("indicator", "country", "year"))
    has_value = set(IndicatorValue.objects.values_list("indicator", "country", "year"))
    baselines, targets, values = [], [], []
    for (indicator, country_id), (baseline, figure) in _references(
        indicators, countries, rng
    ).items():
        ratio = _is_ratio(indicator)
        ambition = rng.uniform(0.8, 1.3)  # some countries ahead of their targets, some behind
        if (indicator.pk, country_id) not in has_baseline:
            baselines.append(
                IndicatorBaseline(
                    indicator=indicator,
                    country_id=country_id,
                    year=years[0] - 1,
                    value=_amount(baseline, ratio),
                    comment="Synthetic.",
                )
            )
        previous = baseline
        for year in years:
            goal = _towards(baseline, figure * ambition, period_bounds(year)[1], ratio)
            if (indicator.pk, country_id, year) not in has_target:
                for quarter in (None, 1, 2, 3, 4):
                    step = goal if quarter is None else previous + (goal - previous) * quarter / 4
                    targets.append(
                        IndicatorTarget(
                            indicator=indicator,
                            country_id=country_id,
                            year=year,
                            quarter=quarter,
                            value=_amount(step, ratio),
                        )
                    )
            previous = goal
            if indicator.is_manual and (indicator.pk, country_id, year) not in has_value:
                for quarter in (1, 2, 3, 4):
                    day = period_bounds(year, quarter)[1]
                    reached = (
                        min(100.0, figure * rng.uniform(0.85, 1.1))
                        if ratio
                        else _towards(baseline, figure, day, ratio)
                    )
                    values.append(
                        IndicatorValue(
                            indicator=indicator,
                            country_id=country_id,
                            year=year,
                            quarter=quarter,
                            value=_amount(reached, ratio),
                            comment="Synthetic.",
                        )
                    )
    IndicatorBaseline.objects.bulk_create(baselines, batch_size=BATCH)
    IndicatorTarget.objects.bulk_create(targets, batch_size=BATCH)
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
    return len(baselines), len(targets), len(values)


def _towards(baseline: float, figure: float, day: datetime.date, ratio: bool) -> float:
    """Where a figure stands on `day`: a count accumulates from zero, a ratio moves from its
    baseline, both reaching `figure` at the end of the data."""
    start = baseline if ratio else 0.0
    return start + (figure - start) * _elapsed(day)


def _amount(value: float, ratio: bool) -> Decimal:
    return Decimal(str(round(value, 1))) if ratio else Decimal(round(value))
