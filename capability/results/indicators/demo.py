"""Demo logical framework: 15 indicators with baselines and 2024–2026 targets, manual values,
trainer-of-trainers workshops and their cascade, deliverables and follow-ups — a programme
partly on track. Runs after the register demo; a second run changes nothing."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from capability.register.models import Attendance, Country, Organisation, Person, Workshop

from ..models import (
    Deliverable,
    FollowUp,
    Indicator,
    IndicatorBaseline,
    IndicatorTarget,
    IndicatorValue,
)
from ..models.deliverables import DeliverableKind, FollowUpMethod, VenueType
from ..models.indicators import Computation

C = Computation
# code, level, title, computation, unit, programme targets 2024-2026, disaggregations
INDICATORS = (
    ("OO.1", "OO", "People trained (workshops and online courses)", C.PEOPLE_TRAINED, "number",
     (120, 260, 380), ("sex", "organisation_type")),
    ("OO.2", "OO", "National strategies that address the protection of public spaces", "",
     "number", (0, 2, 3), ()),
    ("R1.1", "01", "Workshops and exercises held", C.WORKSHOPS_HELD, "number", (10, 22, 34),
     ("workshop_kind", "target_type")),
    ("R1.2", "01", "Person-hours of training", C.PERSON_HOURS, "number", (3000, 7000, 11000),
     ()),
    ("R1.3", "01", "Trainees whose post-test beat the pre-test by 10 points or more",
     C.IMPROVED_SHARE, "percentage", (60, 65, 70), ("sex",)),
    ("R1.4", "01", "Mean knowledge gain (points)", C.MEAN_GAIN, "number", (10, 12, 15), ()),
    ("R2.1", "02", "People at or above practitioner level", C.PRACTITIONERS, "number",
     (60, 160, 260), ()),
    ("R2.2", "02", "Online course completion rate", C.COMPLETION_RATE, "percentage",
     (50, 60, 70), ()),
    ("R2.3", "02", "National trainers certified", C.TRAINERS_CERTIFIED, "number", (0, 12, 18),
     ()),
    ("R2.4", "02", "People reached by national trainers", C.CASCADE_REACH, "number",
     (0, 20, 90), ()),
    ("R3.1", "03", "Venue operators and private-security organisations reached",
     C.PRIVATE_ORGANISATIONS, "number", (2, 4, 6), ()),
    ("R3.2", "03", "Joint public–private exercises held", C.JOINT_EXERCISES, "number",
     (1, 4, 8), ()),
    ("R3.3", "03", "Deliverables adopted", C.DELIVERABLES_ADOPTED, "number", (2, 6, 12), ()),
    ("R3.4", "03", "Venue risk assessments validated or adopted", C.RISK_ASSESSMENTS, "number",
     (3, 8, 12), ()),
    ("R3.5", "03", "Followed-up trainees applying what they learned", C.FOLLOW_UP_APPLYING,
     "percentage", (50, 60, 70), ()),
)  # fmt: skip
SOURCES = {
    "": "Official journal; government communiqués",
    C.DELIVERABLES_ADOPTED: "Adopted documents held as evidence in the register",
    C.RISK_ASSESSMENTS: "Validated risk assessment reports",
    C.FOLLOW_UP_APPLYING: "Follow-up interviews and supervisor reports 3–6 months after training",
}
YEARS = (2024, 2025, 2026)
COUNTRY_SHARE = {"GH": Decimal("0.34"), "KE": Decimal("0.33"), "SN": Decimal("0.33")}


# The French titles editors would type (Indicator.title_fr).
FRENCH_TITLES = {
    "OO.1": "Personnes formées (ateliers et cours en ligne)",
    "OO.2": "Stratégies nationales qui traitent de la protection des espaces publics",
    "R1.1": "Ateliers et exercices organisés",
    "R1.2": "Heures-personnes de formation",
    "R1.3": "Stagiaires dont le post-test dépasse le pré-test d’au moins 10 points",
    "R1.4": "Gain moyen de connaissances (points)",
    "R2.1": "Personnes au niveau praticien ou au-delà",
    "R2.2": "Taux d’achèvement des cours en ligne",
    "R2.3": "Formateurs nationaux certifiés",
    "R2.4": "Personnes atteintes par les formateurs nationaux",
    "R3.1": "Exploitants de sites et organisations de sécurité privée atteints",
    "R3.2": "Exercices conjoints public–privé organisés",
    "R3.3": "Livrables adoptés",
    "R3.4": "Évaluations des risques de sites validées ou adoptées",
    "R3.5": "Stagiaires suivis qui appliquent ce qu’ils ont appris",
}


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    build_results_page()
    translate_indicators()
    if Indicator.objects.filter(code="OO.1").exists():
        return
    countries = {country.code: country for country in Country.objects.partners()}
    rng = random.Random(6)  # noqa: S311 (demo data)
    build_framework(countries)
    build_cascade(countries, rng)
    build_deliverables(countries, rng)
    build_follow_ups(rng)
    translate_indicators()


def build_results_page() -> None:
    """A public results page under the site's home page (English), if there is a site, and
    its French translation under the French home page (`/fr/results/`)."""
    from wagtail.models import Locale, Site

    from ..models import DashboardPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    page = DashboardPage.objects.filter(locale=site.root_page.locale).first()
    if page is None:
        page = DashboardPage(
            title="Programme results",
            slug="results",
            intro="<p>What the programme has achieved so far, in Ghana, Kenya and Senegal.</p>",
        )
        site.root_page.add_child(instance=page)
        page.save_revision().publish()
    french = Locale.objects.filter(language_code="fr").first()
    if french is None or page.get_translation_or_none(french) is not None:
        return
    if site.root_page.get_translation_or_none(french) is None:
        return  # no French home page to hold it
    translation = page.copy_for_translation(french)
    translation.title = "Résultats du programme"
    translation.intro = (
        "<p>Ce que le programme a accompli jusqu’ici au Ghana, au Kenya et au Sénégal.</p>"
    )
    translation.save_revision().publish()


def translate_indicators() -> None:
    """French titles for the demo indicators that have none yet (an editor's are kept)."""
    for code, title in FRENCH_TITLES.items():
        Indicator.objects.filter(code=code, title_fr="").update(title_fr=title)


def create_indicators() -> list[Indicator]:
    """The 15 indicator definitions alone (no baseline, target or value), in order.

    Also what `generate_synthetic` creates on a database that has no indicator yet.
    """
    indicators = []
    for order, (code, level, title, computation, unit, _targets, extra) in enumerate(INDICATORS):
        indicators.append(
            Indicator.objects.create(
                code=code,
                level=level,
                title=title,
                computation=computation,
                unit=unit,
                sort_order=order,
                definition=f"{title}, counted from the programme's start (January 2024).",
                source_of_verification=SOURCES.get(
                    computation, "Programme register (attendance sheets, test scores, evidence)"
                ),
                **{f"by_{name}": True for name in extra},
            )
        )
    return indicators


def build_framework(countries: dict[str, Country]) -> None:
    definitions = zip(create_indicators(), INDICATORS, strict=True)
    for indicator, (_code, _level, _title, computation, unit, targets, _extra) in definitions:
        IndicatorBaseline.objects.create(
            indicator=indicator, year=2023, value=0, comment="Before the programme."
        )
        for year, value in zip(YEARS, targets, strict=True):
            IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
            for country in countries.values():
                share = (
                    Decimal(1)
                    if unit == "percentage" or computation == C.MEAN_GAIN
                    else COUNTRY_SHARE[country.code]
                )
                IndicatorTarget.objects.create(
                    indicator=indicator,
                    country=country,
                    year=year,
                    value=(Decimal(value) * share).quantize(Decimal(1)),
                )
    strategy = Indicator.objects.get(code="OO.2")
    for code, year, value in (("GH", 2025, 1), ("KE", 2025, 0), ("KE", 2026, 1), ("SN", 2026, 0)):
        IndicatorValue.objects.create(
            indicator=strategy,
            country=countries[code],
            year=year,
            value=value,
            comment="Reported by the national counter-terrorism centre.",
        )


def build_cascade(countries: dict[str, Country], rng: random.Random) -> None:
    """One trainer-of-trainers course per country in 2025, then courses its trainers lead."""
    for number, (code, country) in enumerate(sorted(countries.items())):
        people = list(Person.objects.filter(country=country).order_by("pk")[:60])
        start = datetime.date(2025, 3 + number, 10)
        tot = Workshop.objects.create(
            code=f"demo-tot-{code.lower()}",
            title="Trainer-of-trainers: protection of public spaces",
            kind="training_course",
            result_area="02",
            target_type="open_public_space",
            country=country,
            city="Training academy",
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            hours=Decimal(35),
            competency_level=3,
        )
        trainees = people[:6]
        Attendance.objects.bulk_create(
            Attendance(
                person=person,
                workshop=tot,
                role="participant",
                days_attended=Decimal(5),
                pre_test_score=Decimal(rng.randint(50, 70)),
                post_test_score=Decimal(rng.randint(72, 95)),
                certified=index < 4 + number % 2,
            )
            for index, person in enumerate(trainees)
        )
        for cascade in range(1 + number % 2 + (code != "SN")):
            day = start + datetime.timedelta(days=90 + 75 * cascade)
            workshop = Workshop.objects.create(
                code=f"demo-cascade-{code.lower()}-{cascade + 1}",
                title="Awareness seminar led by national trainers",
                kind="awareness_seminar",
                result_area="01",
                target_type="large_scale_event",
                country=country,
                city="Regional centre",
                start_date=day,
                end_date=day + datetime.timedelta(days=1),
                hours=Decimal(12),
                competency_level=1,
            )
            group = [trainees[cascade % 4]] + rng.sample(people[6:], rng.randint(14, 24))
            Attendance.objects.bulk_create(
                Attendance(
                    person=person,
                    workshop=workshop,
                    role="trainer" if index == 0 else "participant",
                    days_attended=Decimal(2),
                    pre_test_score=Decimal(rng.randint(30, 60)),
                    post_test_score=Decimal(rng.randint(45, 90)),
                    certified=False,
                )
                for index, person in enumerate(group)
            )


def build_deliverables(countries: dict[str, Country], rng: random.Random) -> None:
    plans = (
        ("GH", DeliverableKind.SOP, "", "SOP for event security coordination", "adopted", 2024),
        ("GH", DeliverableKind.RISK_ASSESSMENT, VenueType.STADIUM, "Accra Sports Stadium",
         "adopted", 2025),
        ("GH", DeliverableKind.RISK_ASSESSMENT, VenueType.SHOPPING_CENTRE, "Accra Mall",
         "validated", 2025),
        ("GH", DeliverableKind.PUBLIC_PRIVATE, "", "Accra public–private security forum",
         "adopted", 2025),
        ("KE", DeliverableKind.SECURITY_PLAN, VenueType.AIRPORT, "JKIA terminal security plan",
         "validated", 2025),
        ("KE", DeliverableKind.RISK_ASSESSMENT, VenueType.SHOPPING_CENTRE, "Westgate mall",
         "adopted", 2024),
        ("KE", DeliverableKind.RISK_ASSESSMENT, VenueType.PORT, "Port of Mombasa", "draft",
         2026),
        ("KE", DeliverableKind.COORDINATION_PROTOCOL, "", "Nairobi multi-agency protocol",
         "adopted", 2026),
        ("SN", DeliverableKind.RISK_ASSESSMENT, VenueType.RELIGIOUS_SITE, "Grande mosquée de "
         "Touba (Magal)", "adopted", 2025),
        ("SN", DeliverableKind.RISK_ASSESSMENT, VenueType.TOURIST_SITE, "Île de Gorée",
         "validated", 2026),
        ("SN", DeliverableKind.SECURITY_PLAN, VenueType.FESTIVAL, "Festival de Saint-Louis",
         "draft", 2026),
        ("SN", DeliverableKind.SOP, "", "Procédure de gestion de crise en lieu public",
         "adopted", 2026),
    )  # fmt: skip
    for code, kind, venue, title, status, year in plans:
        day = datetime.date(year, rng.randint(2, 10), rng.randint(1, 28))
        deliverable = Deliverable.objects.create(
            kind=kind,
            venue_type=venue,
            title=title,
            country=countries[code],
            status=status,
            validated_on=day if status in ("validated", "adopted") else None,
            adopted_on=day + datetime.timedelta(days=30) if status == "adopted" else None,
            note="Demo record.",
        )
        deliverable.organisations.set(
            Organisation.objects.filter(country=countries[code]).order_by("pk")[:2]
        )


def build_follow_ups(rng: random.Random) -> None:
    """Follow-ups of about a quarter of the 2024–2025 participants, 3–6 months later."""
    attendances = list(
        Attendance.objects.participants()
        .filter(workshop__code__startswith="demo-", workshop__start_date__year__lte=2025)
        .select_related("workshop")
        .order_by("pk")
    )
    methods = list(FollowUpMethod.values)
    seen, follow_ups = set(), []
    for attendance in rng.sample(attendances, len(attendances) // 4):
        if attendance.person_id in seen:
            continue
        seen.add(attendance.person_id)
        follow_ups.append(
            FollowUp(
                person_id=attendance.person_id,
                workshop=attendance.workshop,
                date=attendance.workshop.end_date + datetime.timedelta(days=rng.randint(90, 180)),
                applies_learning=rng.random() < 0.58,
                method=rng.choice(methods),
            )
        )
    FollowUp.objects.bulk_create(follow_ups)
