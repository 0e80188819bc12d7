"""Computed indicators: each one named query, aggregated in the database, grouped by country.

Every query takes a `Scope` (countries, period) and returns `{country_id: Cell}`; the key
None holds what belongs to no country (online learners with no register entry), counted in
programme totals only when the scope is every country. A `Cell` keeps the parts of its value
(numerator, denominator, people behind it) so that totals are sums of cells, percentages stay
exact, and small cells can be suppressed (see `suppress`).

Periods: events are counted when they fall in [scope.start, scope.end] (workshops by start
date, course completions by completion date, deliverables by adoption date...).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from capability.register.models import (
    Attendance,
    CompetencyEvidence,
    Organisation,
    Person,
    Workshop,
)
from capability.register.models.choices import (
    PRIVATE_ORGANISATION_TYPES,
    OrganisationType,
    WorkshopKind,
)
from capability.register.querysets import country_ids_for

from ..models import Deliverable, FollowUp
from ..models.deliverables import DeliverableKind, DeliverableStatus
from ..models.indicators import Computation
from .periods import programme_bounds

VIEW_ALL_DASHBOARDS = "capability_results.view_all_dashboards"
MIN_CELL = 5  # cells built from fewer people are shown as "<5"
SUPPRESSED = "<5"
EXERCISE_KINDS = (WorkshopKind.TABLE_TOP, WorkshopKind.FIELD_EXERCISE)
PUBLIC_ORGANISATION_TYPES = (
    OrganisationType.NATIONAL_AUTHORITY,
    OrganisationType.POLICE,
    OrganisationType.GENDARMERIE,
    OrganisationType.MILITARY,
    OrganisationType.EMERGENCY_SERVICES,
)


def practitioner_level() -> int:
    return int(getattr(settings, "CAPABILITY_PRACTITIONER_LEVEL", 2))


def trainer_level() -> int:
    """Workshops giving this level or more are trainer-of-trainers courses."""
    return int(getattr(settings, "CAPABILITY_TRAINER_LEVEL", 3))


@dataclass(frozen=True)
class Scope:
    """What a dashboard or export covers: countries (None: all, unassigned included), period."""

    country_ids: frozenset[int] | None
    start: datetime.date
    end: datetime.date
    level: str = ""

    def key(self) -> str:
        ids = self.country_ids
        countries = "all" if ids is None else ",".join(map(str, sorted(ids)))
        return f"{countries}|{self.start}|{self.end}|{self.level}"

    def countries(self, queryset, path: str):
        if self.country_ids is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.country_ids})


def scope_for(
    user,
    *,
    country_ids: set[int] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    level: str = "",
) -> Scope:
    """The user's countries, narrowed to `country_ids` when given; programme dates by default.

    Managers and programme staff (`view_all_dashboards`) see every country; country staff
    the countries they belong to.
    """
    allowed = country_ids_for(user)
    if user is not None and user.is_active and user.has_perm(VIEW_ALL_DASHBOARDS):
        allowed = None
    if allowed is None:
        ids = None if country_ids is None else frozenset(country_ids)
    else:
        ids = frozenset(allowed if country_ids is None else set(country_ids) & allowed)
    first, last = programme_bounds()
    return Scope(ids, start or first, end or last, level)


@dataclass
class Cell:
    """One figure and what it is made of. `people` is None for counts of things, not people."""

    numerator: Decimal = Decimal(0)
    denominator: Decimal | None = None
    people: int | None = None
    scale: int = 1

    @property
    def value(self) -> float | None:
        if self.denominator is None:
            return float(self.numerator)
        if not self.denominator:
            return None
        return round(float(self.numerator) / float(self.denominator) * self.scale, 1)

    @property
    def suppressed(self) -> bool:
        return self.people is not None and 0 < self.people < MIN_CELL

    def __add__(self, other: Cell) -> Cell:
        def plus(a, b):
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Cell(
            self.numerator + other.numerator,
            plus(self.denominator, other.denominator),
            plus(self.people, other.people),
            self.scale,
        )


def suppress(cell: Cell | None):
    """What a manager or the public may see of a cell: its value, "<5", or None (no data)."""
    if cell is None:
        return None
    return SUPPRESSED if cell.suppressed else cell.value


def total(cells: dict, scope: Scope) -> Cell | None:
    """The sum of the cells in scope (None: nothing to add)."""
    parts = [cell for key, cell in cells.items() if key is not None or scope.country_ids is None]
    if not parts:
        return None
    result = parts[0]
    for cell in parts[1:]:
        result = result + cell
    return result


_SHARED: ContextVar[dict | None] = ContextVar("capability_shared_queries", default=None)


@contextmanager
def shared_queries() -> Iterator[None]:
    """Inside this block, a query that several indicators read (score gains for the share
    improved and the mean gain, course activity for enrolments, completions and the rate)
    runs once per scope instead of once per indicator."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _shared(function: Callable[[Scope], dict]) -> Callable[[Scope], dict]:
    @functools.wraps(function)
    def wrapper(scope: Scope) -> dict:
        memo = _SHARED.get()
        if memo is None:
            return function(scope)
        key = (function.__name__, scope.key())
        if key not in memo:
            memo[key] = function(scope)
        return memo[key]

    return wrapper


def _dec(value) -> Decimal:
    return Decimal(value or 0)


def _between(prefix: str, scope: Scope) -> Q:
    return Q(**{f"{prefix}__gte": scope.start, f"{prefix}__lte": scope.end})


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _datetime_between(prefix: str, scope: Scope) -> Q:
    """A datetime field within the scope's days (inclusive), in the current time zone.

    Compared as a range of instants rather than through `__date`, which converts every row
    (on SQLite a Python function call per row) and cannot use an index.
    """
    return Q(
        **{
            f"{prefix}__gte": _midnight(scope.start),
            f"{prefix}__lt": _midnight(scope.end + datetime.timedelta(days=1)),
        }
    )


def _enrolment_model():
    if not apps.is_installed("courses"):
        return None
    try:
        return apps.get_model("courses", "Enrolment")
    except LookupError:
        return None


# --- people trained ------------------------------------------------------------------------


def trained_people(scope: Scope):
    """People with a workshop participation or an online course completion in the period."""
    attended = Attendance.objects.participants().filter(
        _between("workshop__start_date", scope), person=OuterRef("pk")
    )
    condition = Exists(attended)
    Enrolment = _enrolment_model()
    if Enrolment is not None:
        completed = Enrolment.objects.filter(
            _datetime_between("completed_at", scope), user=OuterRef("user")
        )
        condition |= Exists(completed)
    return scope.countries(Person.objects.filter(condition), "country")


def people_trained_by(scope: Scope, *fields: str) -> list[dict]:
    """Counts of people trained grouped by country and `fields` (e.g. sex, organisation__type)."""
    return list(
        trained_people(scope)
        .order_by()
        .values("country", *fields)
        .annotate(n=Count("pk"))
        .order_by("country", *fields)
    )


def people_trained(scope: Scope) -> dict:
    rows = trained_people(scope).order_by().values("country").annotate(n=Count("pk"))
    return {row["country"]: Cell(_dec(row["n"]), people=row["n"]) for row in rows}


# --- workshops and training time -----------------------------------------------------------


def held_workshops(scope: Scope):
    return scope.countries(Workshop.objects.filter(_between("start_date", scope)), "country")


def workshops_by(scope: Scope, *fields: str) -> list[dict]:
    return list(
        held_workshops(scope)
        .order_by()
        .values("country", *fields)
        .annotate(n=Count("pk"))
        .order_by("country", *fields)
    )


def workshops_held(scope: Scope) -> dict:
    rows = held_workshops(scope).order_by().values("country").annotate(n=Count("pk"))
    return {row["country"]: Cell(_dec(row["n"])) for row in rows}


def person_hours(scope: Scope) -> dict:
    """Workshop hours of every participant, plus estimated hours of every completed course."""
    rows = (
        scope.countries(Attendance.objects.participants(), "person__country")
        .filter(_between("workshop__start_date", scope))
        .order_by()
        .values("person__country")
        .annotate(hours=Sum("workshop__hours"), people=Count("person", distinct=True))
    )
    cells = {row["person__country"]: Cell(_dec(row["hours"]), people=row["people"]) for row in rows}
    Enrolment = _enrolment_model()
    if Enrolment is not None:
        online = (
            scope.countries(Enrolment.objects.all(), "user__capability_person__country")
            .filter(_datetime_between("completed_at", scope))
            .order_by()
            .values("user__capability_person__country")
            .annotate(hours=Sum("course__estimated_hours"), people=Count("user", distinct=True))
        )
        for row in online:
            key = row["user__capability_person__country"]
            cell = Cell(_dec(row["hours"]), people=row["people"])
            # The same person may be counted once per source: keep the smaller head count,
            # so suppression errs on the safe side.
            if key in cells:
                cell = Cell(
                    cells[key].numerator + cell.numerator,
                    people=max(cells[key].people, cell.people),
                )
            cells[key] = cell
    return cells


# --- learning gains (Kirkpatrick level 2) --------------------------------------------------


@_shared
def score_gains(scope: Scope) -> dict:
    """Per country: scored trainees, those gaining >= 10 points, the sum of gains.

    Workshop attendances and online enrolments alike (both have a pre and a post score).
    Returns {country: {"scored", "improved", "gain", "people"}}.
    """
    gain = ExpressionWrapper(
        F("post_test_score") - F("pre_test_score"), output_field=DecimalField()
    )
    rows = (
        scope.countries(Attendance.objects.participants(), "person__country")
        .filter(
            _between("workshop__start_date", scope),
            pre_test_score__isnull=False,
            post_test_score__isnull=False,
        )
        .order_by()
        .values("person__country")
        .annotate(
            scored=Count("pk"),
            improved=Count("pk", filter=Q(post_test_score__gte=F("pre_test_score") + 10)),
            gain=Sum(gain),
            people=Count("person", distinct=True),
        )
    )
    result = {row.pop("person__country"): row for row in rows}
    Enrolment = _enrolment_model()
    if Enrolment is not None:
        online_gain = ExpressionWrapper(
            F("post_score") - F("pre_score"), output_field=DecimalField()
        )
        online = (
            scope.countries(Enrolment.objects.all(), "user__capability_person__country")
            .filter(
                _datetime_between("enrolled_at", scope),
                pre_score__isnull=False,
                post_score__isnull=False,
                matched_forms=True,  # the same questions twice measure memory, not learning
            )
            .order_by()
            .values("user__capability_person__country")
            .annotate(
                scored=Count("pk"),
                improved=Count("pk", filter=Q(post_score__gte=F("pre_score") + 10)),
                gain=Sum(online_gain),
                people=Count("user", distinct=True),
            )
        )
        for row in online:
            key = row.pop("user__capability_person__country")
            if key in result:
                mine = result[key]
                row = {
                    "scored": mine["scored"] + row["scored"],
                    "improved": mine["improved"] + row["improved"],
                    "gain": _dec(mine["gain"]) + _dec(row["gain"]),
                    "people": max(mine["people"], row["people"]),
                }
            result[key] = row
    return result


def improved_share(scope: Scope) -> dict:
    return {
        key: Cell(_dec(row["improved"]), _dec(row["scored"]), row["people"], scale=100)
        for key, row in score_gains(scope).items()
    }


def mean_gain(scope: Scope) -> dict:
    return {
        key: Cell(_dec(row["gain"]), _dec(row["scored"]), row["people"])
        for key, row in score_gains(scope).items()
    }


# --- online courses ------------------------------------------------------------------------


@_shared
def course_activity(scope: Scope) -> dict:
    """Per country: enrolments made in the period, completions in the period, and how many
    of the period's enrolments are completed. Empty when the courses plugin is absent."""
    Enrolment = _enrolment_model()
    if Enrolment is None:
        return {}
    enrolled = _datetime_between("enrolled_at", scope)
    completed = _datetime_between("completed_at", scope)
    rows = (
        scope.countries(Enrolment.objects.all(), "user__capability_person__country")
        .filter(enrolled | completed)
        .order_by()
        .values("user__capability_person__country")
        .annotate(
            enrolments=Count("pk", filter=enrolled),
            completions=Count("pk", filter=completed),
            enrolled_completed=Count("pk", filter=enrolled & Q(completed_at__isnull=False)),
            learners=Count("user", distinct=True, filter=enrolled),
            completers=Count("user", distinct=True, filter=completed),
        )
    )
    return {row.pop("user__capability_person__country"): row for row in rows}


def course_enrolments(scope: Scope) -> dict:
    return {
        key: Cell(_dec(row["enrolments"]), people=row["learners"])
        for key, row in course_activity(scope).items()
    }


def course_completions(scope: Scope) -> dict:
    return {
        key: Cell(_dec(row["completions"]), people=row["completers"])
        for key, row in course_activity(scope).items()
    }


def completion_rate(scope: Scope) -> dict:
    return {
        key: Cell(
            _dec(row["enrolled_completed"]), _dec(row["enrolments"]), row["learners"], scale=100
        )
        for key, row in course_activity(scope).items()
    }


def _optional_model(setting: str, default: str):
    """A model another branch adds to `courses` (certificates, reaction surveys), or None."""
    label = getattr(settings, setting, default)
    app_label = label.split(".")[0]
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def certificates_issued(scope: Scope) -> dict:
    """Certificates issued in the period and not revoked (`courses.Certificate`)."""
    Certificate = _optional_model("CAPABILITY_CERTIFICATE_MODEL", "courses.Certificate")
    if Certificate is None:
        return {}
    rows = (
        scope.countries(Certificate.objects.all(), "user__capability_person__country")
        .filter(_datetime_between("issued_at", scope), revoked_at__isnull=True)
        .order_by()
        .values("user__capability_person__country")
        .annotate(n=Count("pk"), people=Count("user", distinct=True))
    )
    return {
        row["user__capability_person__country"]: Cell(_dec(row["n"]), people=row["people"])
        for row in rows
    }


REACTION_RATINGS = ("relevance", "clarity", "applicability")


def reaction_score(scope: Scope) -> dict:
    """Mean reaction-survey score on the 1–5 scale (Kirkpatrick level 1): the mean of every
    rating (relevance, clarity, applicability) of the responses submitted in the period."""
    Response = _optional_model("CAPABILITY_REACTION_MODEL", "courses.SurveyResponse")
    if Response is None:
        return {}
    ratings = sum((F(name) for name in REACTION_RATINGS[1:]), F(REACTION_RATINGS[0]))
    rows = (
        scope.countries(Response.objects.all(), "user__capability_person__country")
        .filter(_datetime_between("submitted_at", scope))
        .order_by()
        .values("user__capability_person__country")
        .annotate(total=Sum(ratings), n=Count("pk"), people=Count("user", distinct=True))
    )
    return {
        row["user__capability_person__country"]: Cell(
            _dec(row["total"]), _dec(row["n"] * len(REACTION_RATINGS)), row["people"]
        )
        for row in rows
    }


# --- competencies --------------------------------------------------------------------------


def levels_by_area(scope: Scope) -> list[dict]:
    """People at or above each level (1..3), per country and competency area.

    A person's level is the highest ever evidenced (see EvidenceQuerySet.current_levels);
    evidence dated up to the end of the period counts.
    """
    queryset = scope.countries(CompetencyEvidence.objects.all(), "person__country").filter(
        date__lte=scope.end
    )
    counts = {
        f"level_{level}": Count("person", distinct=True, filter=Q(level__gte=level))
        for level in (1, 2, 3)
    }
    return list(
        queryset.order_by()
        .values("person__country", "competency__area")
        .annotate(**counts)
        .order_by("person__country", "competency__area")
    )


def practitioners(scope: Scope) -> dict:
    rows = (
        scope.countries(CompetencyEvidence.objects.all(), "person__country")
        .filter(date__lte=scope.end, level__gte=practitioner_level())
        .order_by()
        .values("person__country")
        .annotate(n=Count("person", distinct=True))
    )
    return {row["person__country"]: Cell(_dec(row["n"]), people=row["n"]) for row in rows}


# --- result 03: public-private -------------------------------------------------------------


def private_organisations(scope: Scope) -> dict:
    """Venue operators and private-security organisations with someone trained."""
    trained = trained_people(scope).filter(organisation=OuterRef("pk"))
    rows = (
        scope.countries(Organisation.objects.all(), "country")
        .filter(
            Exists(trained),
            type__in=[OrganisationType.VENUE_OPERATOR, OrganisationType.PRIVATE_SECURITY],
        )
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
    )
    return {row["country"]: Cell(_dec(row["n"])) for row in rows}


def joint_exercises(scope: Scope) -> dict:
    """Exercises attended by both public and private organisations."""
    attendance = Attendance.objects.filter(workshop=OuterRef("pk"))
    rows = (
        held_workshops(scope)
        .filter(
            Exists(attendance.filter(person__organisation__type__in=PRIVATE_ORGANISATION_TYPES)),
            Exists(attendance.filter(person__organisation__type__in=PUBLIC_ORGANISATION_TYPES)),
            kind__in=EXERCISE_KINDS,
        )
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
    )
    return {row["country"]: Cell(_dec(row["n"])) for row in rows}


# --- trainers and cascade ------------------------------------------------------------------


def trainers_certified(scope: Scope) -> dict:
    """People certified at a trainer-of-trainers workshop held in the period."""
    rows = (
        scope.countries(Attendance.objects.all(), "person__country")
        .filter(
            _between("workshop__start_date", scope),
            certified=True,
            workshop__competency_level__gte=trainer_level(),
        )
        .order_by()
        .values("person__country")
        .annotate(n=Count("person", distinct=True))
    )
    return {row["person__country"]: Cell(_dec(row["n"]), people=row["n"]) for row in rows}


def cascade_workshops_queryset(scope: Scope):
    """Workshops of the period led by a trainer certified by an earlier trainer-of-trainers."""
    certified_before = Attendance.objects.filter(
        person=OuterRef("person"),
        certified=True,
        workshop__competency_level__gte=trainer_level(),
        workshop__end_date__lt=OuterRef(OuterRef("start_date")),
    )
    led = (
        Attendance.objects.trainers()
        .filter(workshop=OuterRef("pk"))
        .filter(Exists(certified_before))
    )
    return held_workshops(scope).filter(Exists(led))


def cascade_workshops(scope: Scope) -> dict:
    rows = cascade_workshops_queryset(scope).order_by().values("country").annotate(n=Count("pk"))
    return {row["country"]: Cell(_dec(row["n"])) for row in rows}


def cascade_reach(scope: Scope) -> dict:
    """Distinct participants of the cascade workshops.

    The cascade workshops are selected first, in a query of their own: as a subquery,
    PostgreSQL flattens them into a semi-join it re-evaluates for every attendance row
    (33 s at scale 1, against 20 ms).
    """
    workshop_ids = list(cascade_workshops_queryset(scope).values_list("pk", flat=True))
    rows = (
        Attendance.objects.participants()
        .filter(workshop__in=workshop_ids)
        .order_by()
        .values("workshop__country")
        .annotate(n=Count("person", distinct=True))
    )
    return {row["workshop__country"]: Cell(_dec(row["n"]), people=row["n"]) for row in rows}


# --- deliverables and follow-up ------------------------------------------------------------


def deliverables_adopted(scope: Scope) -> dict:
    rows = (
        scope.countries(Deliverable.objects.adopted(), "country")
        .filter(_between("adopted_on", scope))
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
    )
    return {row["country"]: Cell(_dec(row["n"])) for row in rows}


def _assessments(scope: Scope):
    done = Q(status=DeliverableStatus.ADOPTED, adopted_on__gte=scope.start) | Q(
        status=DeliverableStatus.VALIDATED, validated_on__gte=scope.start
    )
    return (
        scope.countries(Deliverable.objects.filter(kind=DeliverableKind.RISK_ASSESSMENT), "country")
        .annotate(done_on=Coalesce("adopted_on", "validated_on"))
        .filter(done, done_on__lte=scope.end)
    )


def risk_assessments(scope: Scope) -> dict:
    rows = _assessments(scope).order_by().values("country").annotate(n=Count("pk"))
    return {row["country"]: Cell(_dec(row["n"])) for row in rows}


def follow_up_applying(scope: Scope) -> dict:
    """% of followed-up trainees found applying what they learned (Kirkpatrick level 3)."""
    rows = (
        scope.countries(FollowUp.objects.all(), "person__country")
        .filter(_between("date", scope))
        .order_by()
        .values("person__country")
        .annotate(
            people=Count("person", distinct=True),
            applying=Count("person", distinct=True, filter=Q(applies_learning=True)),
        )
    )
    return {
        row["person__country"]: Cell(
            _dec(row["applying"]), _dec(row["people"]), row["people"], scale=100
        )
        for row in rows
    }


QUERIES: dict[str, Callable[[Scope], dict]] = {
    Computation.PEOPLE_TRAINED: people_trained,
    Computation.WORKSHOPS_HELD: workshops_held,
    Computation.PERSON_HOURS: person_hours,
    Computation.IMPROVED_SHARE: improved_share,
    Computation.MEAN_GAIN: mean_gain,
    Computation.COURSE_ENROLMENTS: course_enrolments,
    Computation.COURSE_COMPLETIONS: course_completions,
    Computation.COMPLETION_RATE: completion_rate,
    Computation.CERTIFICATES_ISSUED: certificates_issued,
    Computation.REACTION_SCORE: reaction_score,
    Computation.PRACTITIONERS: practitioners,
    Computation.PRIVATE_ORGANISATIONS: private_organisations,
    Computation.JOINT_EXERCISES: joint_exercises,
    Computation.TRAINERS_CERTIFIED: trainers_certified,
    Computation.CASCADE_WORKSHOPS: cascade_workshops,
    Computation.CASCADE_REACH: cascade_reach,
    Computation.DELIVERABLES_ADOPTED: deliverables_adopted,
    Computation.RISK_ASSESSMENTS: risk_assessments,
    Computation.FOLLOW_UP_APPLYING: follow_up_applying,
}


def compute(computation: str, scope: Scope) -> dict:
    """The cells of one computed indicator."""
    return QUERIES[computation](scope)


RATIOS = frozenset(
    {
        Computation.IMPROVED_SHARE,
        Computation.MEAN_GAIN,
        Computation.COMPLETION_RATE,
        Computation.REACTION_SCORE,
        Computation.FOLLOW_UP_APPLYING,
    }
)
COURSE_COMPUTATIONS = frozenset(
    {Computation.COURSE_ENROLMENTS, Computation.COURSE_COMPLETIONS, Computation.COMPLETION_RATE}
)


def has_source(computation: str) -> bool:
    """Whether the data a computation reads is installed (courses, certificates, surveys)."""
    if computation == Computation.CERTIFICATES_ISSUED:
        return _optional_model("CAPABILITY_CERTIFICATE_MODEL", "courses.Certificate") is not None
    if computation == Computation.REACTION_SCORE:
        return _optional_model("CAPABILITY_REACTION_MODEL", "courses.SurveyResponse") is not None
    if computation in COURSE_COMPUTATIONS:
        return _enrolment_model() is not None
    return True


def empty_cell(computation: str) -> Cell | None:
    """A place with no rows: zero for counts (when the data exists), no value for ratios."""
    if computation in RATIOS or not has_source(computation):
        return None
    return Cell(Decimal(0), people=0)
