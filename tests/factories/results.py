"""The results app (`capability.results`): indicators with baselines, targets and manual
values, deliverables, follow-ups and the public results page."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from capability.results.models import (
    DashboardPage,
    Deliverable,
    FollowUp,
    Indicator,
    IndicatorBaseline,
    IndicatorTarget,
    IndicatorValue,
)
from capability.results.models.indicators import Computation

from .register import PersonFactory, WorkshopFactory, ghana
from .site import site_root

YEARS = (2024, 2025, 2026)


class IndicatorFactory(DjangoModelFactory):
    """A manual indicator unless `computation=` names a query."""

    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"T{n}.1")
    title = factory.Sequence(lambda n: f"Indicator {n}")
    level = "01"
    unit = "number"
    computation = ""
    definition = factory.LazyAttribute(lambda i: f"{i.title}, counted from January 2024.")
    source_of_verification = "Programme register"
    sort_order = factory.Sequence(lambda n: n)


class IndicatorBaselineFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorBaseline

    indicator = factory.SubFactory(IndicatorFactory)
    country = None
    year = 2023
    value = Decimal(0)
    comment = "Before the programme."


class IndicatorTargetFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    country = None
    year = 2025
    value = Decimal(10)


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    country = factory.LazyFunction(ghana)
    year = 2025
    value = Decimal(1)
    comment = "Reported by the national authority."


C = Computation
# code, result area, computation ("" for manual), unit: every computation once, and one manual
LOGFRAME = (
    ("OO.1", "OO", C.PEOPLE_TRAINED, "number"),
    ("OO.2", "OO", "", "number"),
    ("R1.1", "01", C.WORKSHOPS_HELD, "number"),
    ("R1.2", "01", C.PERSON_HOURS, "number"),
    ("R1.3", "01", C.IMPROVED_SHARE, "percentage"),
    ("R1.4", "01", C.MEAN_GAIN, "number"),
    ("R2.1", "02", C.PRACTITIONERS, "number"),
    ("R2.2", "02", C.COMPLETION_RATE, "percentage"),
    ("R2.3", "02", C.TRAINERS_CERTIFIED, "number"),
    ("R2.4", "02", C.CASCADE_REACH, "number"),
    ("R2.5", "02", C.CASCADE_WORKSHOPS, "number"),
    ("R2.6", "02", C.COURSE_ENROLMENTS, "number"),
    ("R2.7", "02", C.COURSE_COMPLETIONS, "number"),
    ("R2.8", "02", C.CERTIFICATES_ISSUED, "number"),
    ("R2.9", "02", C.REACTION_SCORE, "number"),
    ("R3.1", "03", C.PRIVATE_ORGANISATIONS, "number"),
    ("R3.2", "03", C.JOINT_EXERCISES, "number"),
    ("R3.3", "03", C.DELIVERABLES_ADOPTED, "number"),
    ("R3.4", "03", C.RISK_ASSESSMENTS, "number"),
    ("R3.5", "03", C.FOLLOW_UP_APPLYING, "percentage"),
)


def logframe(countries=(), *, years=YEARS) -> list[Indicator]:
    """The logical framework of LOGFRAME (every computation, and the manual "OO.2"): each
    indicator with a programme baseline (2023) and programme targets for `years`, plus a
    target per year for each of `countries` and, for the manual one, a value per country
    and year. People trained ("OO.1") is disaggregated by sex and organisation type,
    workshops held ("R1.1") by kind and target type."""
    indicators = []
    for order, (code, level, computation, unit) in enumerate(LOGFRAME):
        # Each baseline or target saved re-indexes its indicator (Wagtail's reference index):
        # index each indicator once, with all its rows.
        with disable_reference_index_auto_update():
            indicator = IndicatorFactory(
                code=code,
                level=level,
                title=C(computation).label if computation else "National strategies",
                computation=computation,
                unit=unit,
                sort_order=order,
                by_sex=code == "OO.1",
                by_organisation_type=code == "OO.1",
                by_workshop_kind=code == "R1.1",
                by_target_type=code == "R1.1",
            )
            IndicatorBaselineFactory(indicator=indicator)
            for step, year in enumerate(years, start=1):
                IndicatorTargetFactory(indicator=indicator, year=year, value=10 * step)
                for country in countries:
                    IndicatorTargetFactory(
                        indicator=indicator, country=country, year=year, value=step
                    )
                    if not computation:
                        IndicatorValueFactory(
                            indicator=indicator, country=country, year=year, value=1
                        )
        ReferenceIndex.create_or_update_for_object(indicator)
        for value in indicator.values.all():
            ReferenceIndex.create_or_update_for_object(value)
        indicators.append(indicator)
    return indicators


class DeliverableFactory(DjangoModelFactory):
    """A draft SOP of Ghana; `status="validated"`/`"adopted"` get their dates."""

    class Meta:
        model = Deliverable
        skip_postgeneration_save = True

    kind = "sop"
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    country = factory.LazyFunction(ghana)
    status = "draft"
    validated_on = factory.LazyAttribute(
        lambda d: datetime.date(2025, 5, 1) if d.status in ("validated", "adopted") else None
    )
    adopted_on = factory.LazyAttribute(
        lambda d: datetime.date(2025, 6, 1) if d.status == "adopted" else None
    )

    @factory.post_generation
    def organisations(deliverable, create, extracted, **_kwargs):
        if create and extracted:
            deliverable.organisations.set(extracted)


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    workshop = factory.SubFactory(WorkshopFactory)
    person = factory.SubFactory(PersonFactory, country=factory.SelfAttribute("..workshop.country"))
    date = factory.LazyAttribute(lambda f: f.workshop.end_date + datetime.timedelta(days=120))
    applies_learning = True
    method = "interview"


class DashboardPageFactory(wagtail_factories.PageFactory):
    """The public results page under the site root, published."""

    class Meta:
        model = DashboardPage
        skip_postgeneration_save = True

    title = "Programme results"
    slug = "results"
    intro = "<p>What the programme has achieved so far.</p>"
    parent = factory.LazyFunction(site_root)

    @factory.post_generation
    def publish(page, create, extracted, **_kwargs):
        if create and extracted is not False:
            page.save_revision().publish()
