"""Raw-SQL floors of the indicator dashboards: the data each dashboard shows, and nothing else.

For the manager's scope (every country, the whole programme period) each `floor_<slug>()`
computes, with hand-written SQL through `connection.cursor()` (table names from
`Model._meta.db_table`, SQL that runs on SQLite and PostgreSQL alike), the same figures as
`capability.results.dashboards.<slug>.aggregates(scope)`, in the same shape, so that
tests/bench/test_floors.py can compare the two. No ORM queryset, no cache, no rendering:
the few Python steps left (cumulating a dozen quarters, summing a handful of cells, picking
a target) work on aggregates, never on rows. What a dashboard page costs beyond its floor is
its ORM queries, its figures and its template (bench/README.md).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.utils import timezone

from capability.register.models import (
    Attendance,
    Competency,
    CompetencyEvidence,
    Country,
    Organisation,
    Person,
    ProficiencyLevel,
    Workshop,
)
from capability.register.models.choices import PRIVATE_ORGANISATION_TYPES, OrganisationType
from capability.results.dashboards import disaggregation, trend
from capability.results.dashboards.learning import BINS
from capability.results.indicators.periods import (
    label,
    period_bounds,
    period_of,
    programme_bounds,
    quarters_between,
)
from capability.results.indicators.queries import (
    EXERCISE_KINDS,
    MIN_CELL,
    PUBLIC_ORGANISATION_TYPES,
    RATIOS,
    Scope,
    has_source,
    practitioner_level,
    trainer_level,
)
from capability.results.indicators.queries import Cell as QCell
from capability.results.indicators.table import ON_TRACK_SHARE, Figure, Row, _withhold_complements
from capability.results.models import (
    Deliverable,
    FollowUp,
    Indicator,
    IndicatorBaseline,
    IndicatorTarget,
    IndicatorValue,
)
from capability.results.models.indicators import Computation

C = Computation
PARTICIPANT = "participant"
TRAINER = "trainer"


def _t(model_or_label) -> str:
    model = apps.get_model(model_or_label) if isinstance(model_or_label, str) else model_or_label
    return connection.ops.quote_name(model._meta.db_table)


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _in(values) -> tuple[str, list]:
    values = list(values)
    return ", ".join(["%s"] * len(values)), values


class Period:
    """The scope's days as database parameters: dates, and datetimes bounding those days."""

    def __init__(self, start: datetime.date, end: datetime.date):
        self.start, self.end = start, end
        ops = connection.ops
        self.first = ops.adapt_datefield_value(start)
        self.last = ops.adapt_datefield_value(end)
        self.since = ops.adapt_datetimefield_value(_midnight(start))
        self.before = ops.adapt_datetimefield_value(_midnight(end + datetime.timedelta(days=1)))

    def day(self, day: datetime.date):
        return connection.ops.adapt_datefield_value(day)

    def until(self, day: datetime.date):
        """The first instant after `day` (exclusive bound of a datetime range)."""
        return connection.ops.adapt_datetimefield_value(_midnight(day + datetime.timedelta(days=1)))


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def manager_period() -> Period:
    return Period(*programme_bounds())


def _partners() -> list[dict]:
    rows = _rows(
        f"SELECT id, code, name FROM {_t(Country)} WHERE is_partner = %s ORDER BY name", [True]
    )
    return [{"id": pk, "code": code, "name": name} for pk, code, name in rows]


def _trained(period: Period, person: str = "p") -> tuple[str, list]:
    """SQL condition: the person `person` was trained in the period (a workshop participation
    or, with the courses plugin, an online course completed)."""
    sql = (
        f"EXISTS (SELECT 1 FROM {_t(Attendance)} a JOIN {_t(Workshop)} w ON w.id = a.workshop_id"
        f" WHERE a.person_id = {person}.id AND a.role = %s"
        " AND w.start_date >= %s AND w.start_date <= %s)"
    )
    params = [PARTICIPANT, period.first, period.last]
    if _installed("courses.Enrolment"):
        sql += (
            f" OR EXISTS (SELECT 1 FROM {_t('courses.Enrolment')} e"
            f" WHERE e.user_id = {person}.user_id"
            " AND e.completed_at >= %s AND e.completed_at < %s)"
        )
        params += [period.since, period.before]
    return f"({sql})", params


# --- disaggregation ------------------------------------------------------------------------


def floor_disaggregation(period: Period) -> dict:
    countries = _partners()
    trained, params = _trained(period)
    rows = _rows(
        f"SELECT c.code, p.sex, o.type, COUNT(*) FROM {_t(Person)} p"
        f" JOIN {_t(Country)} c ON c.id = p.country_id"
        f" LEFT JOIN {_t(Organisation)} o ON o.id = p.organisation_id"
        f" WHERE c.is_partner = %s AND {trained}"
        " GROUP BY p.country_id, c.code, p.sex, o.type ORDER BY p.country_id, p.sex, o.type",
        [True, *params],
    )
    cells = [
        {"country": code, "sex": sex, "organisation_type": kind or "none", "n": n}
        for code, sex, kind, n in rows
    ]
    scope = Scope(None, period.start, period.end)
    return {
        "countries": countries,
        "cells": cells,
        "statuses": disaggregation._statuses(scope, countries, cells),
    }


# --- trend ---------------------------------------------------------------------------------


def floor_trend(period: Period) -> dict:
    quarters = quarters_between(period.start, period.end)
    ends = [period_bounds(year, quarter)[1] for year, quarter in quarters]
    courses = _installed("courses.Enrolment")
    people_columns, people_params = [], []
    for end in ends:
        if courses:
            people_columns.append("SUM(CASE WHEN t.fw <= %s OR t.fc < %s THEN 1 ELSE 0 END)")
            people_params += [period.day(end), period.until(end)]
        else:
            people_columns.append("SUM(CASE WHEN t.fw <= %s THEN 1 ELSE 0 END)")
            people_params.append(period.day(end))
    first_course, course_params = "NULL", []
    join_course = ""
    if courses:
        join_course = (
            f" LEFT JOIN (SELECT e.user_id, MIN(e.completed_at) AS first"
            f" FROM {_t('courses.Enrolment')} e WHERE e.completed_at >= %s AND e.completed_at < %s"
            " GROUP BY e.user_id) fc ON fc.user_id = p.user_id"
        )
        first_course, course_params = "fc.first", [period.since, period.before]
    people = _rows(
        f"SELECT {', '.join(people_columns)} FROM (SELECT fw.first AS fw, {first_course} AS fc"
        f" FROM {_t(Person)} p"
        f" LEFT JOIN (SELECT a.person_id, MIN(w.start_date) AS first FROM {_t(Attendance)} a"
        f" JOIN {_t(Workshop)} w ON w.id = a.workshop_id WHERE a.role = %s"
        " AND w.start_date >= %s AND w.start_date <= %s GROUP BY a.person_id) fw"
        f" ON fw.person_id = p.id{join_course}) t",
        [*people_params, PARTICIPANT, period.first, period.last, *course_params],
    )[0]
    workshop_columns = ", ".join(["SUM(CASE WHEN start_date <= %s THEN 1 ELSE 0 END)"] * len(ends))
    workshops = _rows(
        f"SELECT {workshop_columns} FROM {_t(Workshop)}"
        " WHERE start_date >= %s AND start_date <= %s",
        [*(period.day(end) for end in ends), period.first, period.last],
    )[0]
    targets = {C.PEOPLE_TRAINED: {}, C.WORKSHOPS_HELD: {}}
    for computation, year, value in _rows(
        f"SELECT i.computation, t.year, SUM(t.value) FROM {_t(IndicatorTarget)} t"
        f" JOIN {_t(Indicator)} i ON i.id = t.indicator_id"
        " WHERE i.computation IN (%s, %s) AND t.quarter IS NULL AND t.country_id IS NULL"
        " GROUP BY i.computation, t.year",
        [C.PEOPLE_TRAINED, C.WORKSHOPS_HELD],
    ):
        targets[computation][label(year, 4)] = float(value)
    people = [int(n or 0) for n in people]
    return {
        "quarters": [label(*quarter) for quarter in quarters],
        "people": people,
        "people_statuses": trend._series_statuses(Scope(None, period.start, period.end), people),
        "workshops": [int(n or 0) for n in workshops],
        "people_targets": targets[C.PEOPLE_TRAINED],
        "workshop_targets": targets[C.WORKSHOPS_HELD],
    }


# --- learning ------------------------------------------------------------------------------


def _histogram_columns(*fields: str) -> str:
    """SUM(CASE ...) per 10-point bin of each field (the last bin holds 90 to 100)."""
    columns = []
    for field in fields:
        for index in BINS:
            upper = f" AND {field} < {index * 10 + 10}" if index < BINS[-1] else ""
            columns.append(f"SUM(CASE WHEN {field} >= {index * 10}{upper} THEN 1 ELSE 0 END)")
    return ", ".join(columns)


def _histograms(rows, start: int) -> tuple[list[int], list[int]]:
    width = len(BINS)
    pre = [sum(int(row[start + i] or 0) for row in rows) for i in range(width)]
    post = [sum(int(row[start + width + i] or 0) for row in rows) for i in range(width)]
    return pre, post


def floor_learning(period: Period) -> dict:
    rows = _rows(
        "SELECT w.kind, COUNT(DISTINCT a.person_id), AVG(a.post_test_score - a.pre_test_score), "
        + _histogram_columns("a.pre_test_score", "a.post_test_score")
        + f" FROM {_t(Attendance)} a JOIN {_t(Workshop)} w ON w.id = a.workshop_id"
        " WHERE a.role = %s AND w.start_date >= %s AND w.start_date <= %s"
        " AND a.pre_test_score IS NOT NULL AND a.post_test_score IS NOT NULL"
        " GROUP BY w.kind ORDER BY w.kind",
        [PARTICIPANT, period.first, period.last],
    )
    pre, post = _histograms(rows, 3)
    data = {
        "pre": pre,
        "post": post,
        "online_pre": [0] * len(BINS),
        "online_post": [0] * len(BINS),
        "by_kind": [{"key": kind, "n": n, "gain": float(gain or 0)} for kind, n, gain, *_ in rows],
        "by_course": [],
    }
    if _installed("courses.Enrolment"):
        rows = _rows(
            "SELECT MIN(pg.title) AS title, COUNT(DISTINCT e.user_id),"
            " AVG(e.post_score - e.pre_score), "
            + _histogram_columns("e.pre_score", "e.post_score")
            + f" FROM {_t('courses.Enrolment')} e"
            f" JOIN {_t('wagtailcore.Page')} pg ON pg.id = e.course_id"
            " WHERE e.enrolled_at >= %s AND e.enrolled_at < %s"
            " AND e.pre_score IS NOT NULL AND e.post_score IS NOT NULL"
            " AND e.matched_forms"  # matched pre/post forms only, as the knowledge gains
            " GROUP BY e.course_key ORDER BY title",
            [period.since, period.before],
        )
        data["online_pre"], data["online_post"] = _histograms(rows, 3)
        data["by_course"] = [
            {"key": title, "n": n, "gain": float(gain or 0)} for title, n, gain, *_ in rows
        ]
    return data


# --- competencies --------------------------------------------------------------------------


def floor_competencies(period: Period) -> dict:
    countries = _partners()
    levels = dict(
        _rows(
            f"SELECT DISTINCT level, name FROM {_t(ProficiencyLevel)}"
            " WHERE level IN (1, 2, 3) ORDER BY level"
        )
    )
    rows = _rows(
        "SELECT c.code, k.area,"
        " COUNT(DISTINCT CASE WHEN e.level >= 1 THEN e.person_id END),"
        " COUNT(DISTINCT CASE WHEN e.level >= 2 THEN e.person_id END),"
        " COUNT(DISTINCT CASE WHEN e.level >= 3 THEN e.person_id END)"
        f" FROM {_t(CompetencyEvidence)} e JOIN {_t(Person)} p ON p.id = e.person_id"
        f" JOIN {_t(Country)} c ON c.id = p.country_id"
        f" JOIN {_t(Competency)} k ON k.id = e.competency_id"
        " WHERE e.date <= %s AND c.is_partner = %s GROUP BY c.code, k.area",
        [period.last, True],
    )
    cells = {
        f"{code}|{area}": [one - two, two - three, three] for code, area, one, two, three in rows
    }
    return {"countries": countries, "cells": cells, "levels": levels}


# --- overview: every indicator's figures ---------------------------------------------------


class Cell:
    """numerator, denominator (None: a count), people behind it (None: not people), scale."""

    __slots__ = ("numerator", "denominator", "people", "scale")

    def __init__(self, numerator, denominator=None, people=None, scale=1):
        self.numerator = float(numerator or 0)
        self.denominator = None if denominator is None else float(denominator)
        self.people, self.scale = people, scale

    def plus(self, other: Cell) -> Cell:
        def add(a, b):
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Cell(
            self.numerator + other.numerator,
            add(self.denominator, other.denominator),
            add(self.people, other.people),
            self.scale,
        )

    def shown(self):
        if self.people is not None and 0 < self.people < MIN_CELL:
            return "<5"
        if self.denominator is None:
            return self.numerator
        if not self.denominator:
            return None
        return round(self.numerator / self.denominator * self.scale, 1)


def _by_country(rows, make) -> dict:
    return {row[0]: make(*row[1:]) for row in rows}


def _count(sql: str, params) -> dict:
    return _by_country(_rows(sql, params), lambda n: Cell(n))


def _people(sql: str, params) -> dict:
    return _by_country(_rows(sql, params), lambda n: Cell(n, people=n))


def _merge(first: dict, second: dict, combine) -> dict:
    result = dict(first)
    for key, value in second.items():
        result[key] = combine(result[key], value) if key in result else value
    return result


class Computations:
    """One method per computation, each {country id (None: no register entry): Cell}."""

    def __init__(self, period: Period):
        self.p = period
        self.courses = _installed("courses.Enrolment")
        self._memo = {}

    def _once(self, name, compute):
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def _attended(self, *, role: bool = True) -> str:
        who = "a.role = %s AND " if role else ""
        return (
            f" FROM {_t(Attendance)} a JOIN {_t(Workshop)} w ON w.id = a.workshop_id"
            f" JOIN {_t(Person)} p ON p.id = a.person_id"
            f" WHERE {who}w.start_date >= %s AND w.start_date <= %s"
        )

    def _online(self, table: str) -> str:
        return f" FROM {_t(table)} e LEFT JOIN {_t(Person)} p ON p.user_id = e.user_id"

    def people_trained(self):
        trained, params = _trained(self.p)
        return _people(
            f"SELECT p.country_id, COUNT(*) FROM {_t(Person)} p WHERE {trained}"
            " GROUP BY p.country_id",
            params,
        )

    def workshops_held(self):
        return _count(
            f"SELECT country_id, COUNT(*) FROM {_t(Workshop)}"
            " WHERE start_date >= %s AND start_date <= %s GROUP BY country_id",
            [self.p.first, self.p.last],
        )

    def person_hours(self):
        cells = _by_country(
            _rows(
                "SELECT p.country_id, SUM(w.hours), COUNT(DISTINCT a.person_id)"
                + self._attended()
                + " GROUP BY p.country_id",
                [PARTICIPANT, self.p.first, self.p.last],
            ),
            lambda hours, people: Cell(hours, people=people),
        )
        if not self.courses:
            return cells
        online = _by_country(
            _rows(
                "SELECT p.country_id, SUM(cp.estimated_hours), COUNT(DISTINCT e.user_id)"
                + self._online("courses.Enrolment")
                + f" JOIN {_t('courses.CoursePage')} cp ON cp.page_ptr_id = e.course_id"
                " WHERE e.completed_at >= %s AND e.completed_at < %s GROUP BY p.country_id",
                [self.p.since, self.p.before],
            ),
            lambda hours, people: Cell(hours, people=people),
        )
        return _merge(
            cells,
            online,
            lambda a, b: Cell(a.numerator + b.numerator, people=max(a.people, b.people)),
        )

    def _gains(self):
        """{country: [scored, improved, gain, people]}, workshops and online courses."""

        def gather():
            result = {
                row[0]: list(row[1:])
                for row in _rows(
                    "SELECT p.country_id, COUNT(*),"
                    " SUM(CASE WHEN a.post_test_score >= a.pre_test_score + 10 THEN 1 ELSE 0 END),"
                    " SUM(a.post_test_score - a.pre_test_score), COUNT(DISTINCT a.person_id)"
                    + self._attended()
                    + " AND a.pre_test_score IS NOT NULL AND a.post_test_score IS NOT NULL"
                    " GROUP BY p.country_id",
                    [PARTICIPANT, self.p.first, self.p.last],
                )
            }
            if self.courses:
                online = {
                    row[0]: list(row[1:])
                    for row in _rows(
                        "SELECT p.country_id, COUNT(*),"
                        " SUM(CASE WHEN e.post_score >= e.pre_score + 10 THEN 1 ELSE 0 END),"
                        " SUM(e.post_score - e.pre_score), COUNT(DISTINCT e.user_id)"
                        + self._online("courses.Enrolment")
                        + " WHERE e.enrolled_at >= %s AND e.enrolled_at < %s"
                        " AND e.pre_score IS NOT NULL AND e.post_score IS NOT NULL"
                        " AND e.matched_forms"  # the same questions twice: not a gain
                        " GROUP BY p.country_id",
                        [self.p.since, self.p.before],
                    )
                }
                result = _merge(
                    result,
                    online,
                    lambda a, b: [
                        a[0] + b[0],
                        a[1] + b[1],
                        float(a[2] or 0) + float(b[2] or 0),
                        max(a[3], b[3]),
                    ],
                )
            return result

        return self._once("gains", gather)

    def improved_share(self):
        return {k: Cell(r[1], r[0], r[3], scale=100) for k, r in self._gains().items()}

    def mean_gain(self):
        return {k: Cell(r[2], r[0], r[3]) for k, r in self._gains().items()}

    def _courses(self):
        def gather():
            if not self.courses:
                return {}
            enrolled = "(e.enrolled_at >= %s AND e.enrolled_at < %s)"
            completed = "(e.completed_at >= %s AND e.completed_at < %s)"
            e_params = [self.p.since, self.p.before]
            rows = _rows(
                f"SELECT p.country_id, SUM(CASE WHEN {enrolled} THEN 1 ELSE 0 END),"
                f" SUM(CASE WHEN {completed} THEN 1 ELSE 0 END),"
                f" SUM(CASE WHEN {enrolled} AND e.completed_at IS NOT NULL THEN 1 ELSE 0 END),"
                f" COUNT(DISTINCT CASE WHEN {enrolled} THEN e.user_id END),"
                f" COUNT(DISTINCT CASE WHEN {completed} THEN e.user_id END)"
                + self._online("courses.Enrolment")
                + f" WHERE {enrolled} OR {completed} GROUP BY p.country_id",
                e_params * 7,
            )
            return {row[0]: row[1:] for row in rows}

        return self._once("courses", gather)

    def course_enrolments(self):
        return {k: Cell(r[0], people=r[3]) for k, r in self._courses().items()}

    def course_completions(self):
        return {k: Cell(r[1], people=r[4]) for k, r in self._courses().items()}

    def completion_rate(self):
        return {k: Cell(r[2], r[0], r[3], scale=100) for k, r in self._courses().items()}

    def certificates_issued(self):
        if not has_source(C.CERTIFICATES_ISSUED):
            return {}
        return _by_country(
            _rows(
                "SELECT p.country_id, COUNT(*), COUNT(DISTINCT e.user_id)"
                + self._online("courses.Certificate")
                + " WHERE e.issued_at >= %s AND e.issued_at < %s AND e.revoked_at IS NULL"
                " GROUP BY p.country_id",
                [self.p.since, self.p.before],
            ),
            lambda n, people: Cell(n, people=people),
        )

    def reaction_score(self):
        if not has_source(C.REACTION_SCORE):
            return {}
        return _by_country(
            _rows(
                "SELECT p.country_id, SUM(e.relevance + e.clarity + e.applicability),"
                " COUNT(*), COUNT(DISTINCT e.user_id)"
                + self._online("courses.SurveyResponse")
                + " WHERE e.submitted_at >= %s AND e.submitted_at < %s GROUP BY p.country_id",
                [self.p.since, self.p.before],
            ),
            lambda total, n, people: Cell(total, n * 3, people),
        )

    def practitioners(self):
        return _people(
            f"SELECT p.country_id, COUNT(DISTINCT e.person_id) FROM {_t(CompetencyEvidence)} e"
            f" JOIN {_t(Person)} p ON p.id = e.person_id"
            " WHERE e.date <= %s AND e.level >= %s GROUP BY p.country_id",
            [self.p.last, practitioner_level()],
        )

    def private_organisations(self):
        trained, params = _trained(self.p)
        kinds, kind_params = _in(
            [OrganisationType.VENUE_OPERATOR, OrganisationType.PRIVATE_SECURITY]
        )
        return _count(
            f"SELECT o.country_id, COUNT(*) FROM {_t(Organisation)} o WHERE o.type IN ({kinds})"
            f" AND EXISTS (SELECT 1 FROM {_t(Person)} p"
            f" WHERE p.organisation_id = o.id AND {trained})"
            " GROUP BY o.country_id",
            [*kind_params, *params],
        )

    def joint_exercises(self):
        kinds, kind_params = _in(EXERCISE_KINDS)
        private, private_params = _in(PRIVATE_ORGANISATION_TYPES)
        public, public_params = _in(PUBLIC_ORGANISATION_TYPES)

        def attended_by(types: str) -> str:
            return (
                f"EXISTS (SELECT 1 FROM {_t(Attendance)} a"
                f" JOIN {_t(Person)} p ON p.id = a.person_id"
                f" JOIN {_t(Organisation)} o ON o.id = p.organisation_id"
                f" WHERE a.workshop_id = w.id AND o.type IN ({types}))"
            )

        return _count(
            f"SELECT w.country_id, COUNT(*) FROM {_t(Workshop)} w"
            f" WHERE w.start_date >= %s AND w.start_date <= %s AND w.kind IN ({kinds})"
            f" AND {attended_by(private)} AND {attended_by(public)} GROUP BY w.country_id",
            [self.p.first, self.p.last, *kind_params, *private_params, *public_params],
        )

    def trainers_certified(self):
        return _people(
            "SELECT p.country_id, COUNT(DISTINCT a.person_id)"
            + self._attended(role=False)
            + " AND a.certified = %s AND w.competency_level >= %s GROUP BY p.country_id",
            [self.p.first, self.p.last, True, trainer_level()],
        )

    def _cascade(self) -> tuple[str, list]:
        """Workshops of the period led by a trainer certified at an earlier trainer course."""
        sql = (
            f"SELECT w.id, w.country_id FROM {_t(Workshop)} w"
            " WHERE w.start_date >= %s AND w.start_date <= %s"
            f" AND EXISTS (SELECT 1 FROM {_t(Attendance)} t WHERE t.workshop_id = w.id"
            " AND t.role = %s AND EXISTS ("
            f"SELECT 1 FROM {_t(Attendance)} c JOIN {_t(Workshop)} cw ON cw.id = c.workshop_id"
            " WHERE c.person_id = t.person_id AND c.certified = %s"
            " AND cw.competency_level >= %s AND cw.end_date < w.start_date))"
        )
        return sql, [self.p.first, self.p.last, TRAINER, True, trainer_level()]

    def cascade_workshops(self):
        sql, params = self._cascade()
        return _count(f"SELECT country_id, COUNT(*) FROM ({sql}) cw GROUP BY country_id", params)

    def cascade_reach(self):
        # The cascade workshops first (as a subquery PostgreSQL re-plans it per attendance).
        sql, params = self._cascade()
        ids = [row[0] for row in _rows(sql, params)]
        if not ids:
            return {}
        placeholders, values = _in(ids)
        return _people(
            f"SELECT w.country_id, COUNT(DISTINCT a.person_id) FROM {_t(Attendance)} a"
            f" JOIN {_t(Workshop)} w ON w.id = a.workshop_id"
            f" WHERE a.role = %s AND a.workshop_id IN ({placeholders})"
            " GROUP BY w.country_id",
            [PARTICIPANT, *values],
        )

    def deliverables_adopted(self):
        return _count(
            f"SELECT country_id, COUNT(*) FROM {_t(Deliverable)} WHERE status = %s"
            " AND adopted_on >= %s AND adopted_on <= %s GROUP BY country_id",
            ["adopted", self.p.first, self.p.last],
        )

    def risk_assessments(self):
        return _count(
            f"SELECT country_id, COUNT(*) FROM {_t(Deliverable)} WHERE kind = %s"
            " AND ((status = %s AND adopted_on >= %s) OR (status = %s AND validated_on >= %s))"
            " AND COALESCE(adopted_on, validated_on) <= %s GROUP BY country_id",
            ["risk_assessment", "adopted", self.p.first, "validated", self.p.first, self.p.last],
        )

    def follow_up_applying(self):
        return _by_country(
            _rows(
                "SELECT p.country_id, COUNT(DISTINCT f.person_id),"
                " COUNT(DISTINCT CASE WHEN f.applies_learning = %s THEN f.person_id END)"
                f" FROM {_t(FollowUp)} f JOIN {_t(Person)} p ON p.id = f.person_id"
                " WHERE f.date >= %s AND f.date <= %s GROUP BY p.country_id",
                [True, self.p.first, self.p.last],
            ),
            lambda people, applying: Cell(applying, people, people, scale=100),
        )


def _sum(cells) -> Cell | None:
    result = None
    for cell in cells:
        result = cell if result is None else result.plus(cell)
    return result


def _empty(computation: str) -> Cell | None:
    if computation in RATIOS or not has_source(computation):
        return None
    return Cell(0, people=0)


def _status(value, target, ascending: bool) -> str:
    if target is None or not isinstance(value, int | float):
        return "unknown"
    if ascending:
        if value >= target:
            return "met"
        return "on_track" if value >= target * ON_TRACK_SHARE else "off_track"
    if value <= target:
        return "met"
    return "on_track" if target >= value * ON_TRACK_SHARE else "off_track"


def _disclosed(programme, shown: dict, cells: dict, countries, period, targets, baselines, pk,
               ascending) -> tuple[dict, dict]:  # fmt: skip
    """The figures as the dashboard publishes them: the raw cells go through the results'
    own disclosure layer (`indicators.table`, plain Python on a handful of cells)."""

    def convert(cell):
        if cell is None:
            return None
        denominator = None if cell.denominator is None else Decimal(str(cell.denominator))
        return QCell(Decimal(str(cell.numerator)), denominator, cell.people, cell.scale)

    def data(item: Figure) -> dict:
        return {
            "actual": item.published.to_data(),
            "target": item.target,
            "baseline": item.baseline,
            "progress": item.progress,
            "status": item.status(ascending),
        }

    total = Figure(None, convert(programme), targets.get((pk, None)), baselines.get((pk, None)))
    row = Row(None, total)
    for country in countries:
        row.countries.append(
            Figure(
                SimpleNamespace(pk=country["id"], code=country["code"]),
                convert(shown[country["id"]]),
                targets.get((pk, country["id"])),
                baselines.get((pk, country["id"])),
            )
        )
    scope = Scope(None, period.start, period.end)
    _withhold_complements(row, {key: convert(cell) for key, cell in cells.items()}, scope)
    return data(total), {f.country.code: data(f) for f in row.countries}


def floor_overview(period: Period) -> dict:
    countries = _partners()
    indicators = _rows(
        "SELECT id, code, title, level, unit, ascending, computation, title_fr"
        f" FROM {_t(Indicator)} ORDER BY level, sort_order, code"
    )
    year, quarter = period_of(period.end)
    targets: dict = {}
    for indicator, country, target_quarter, value in _rows(
        f"SELECT indicator_id, country_id, quarter, value FROM {_t(IndicatorTarget)}"
        " WHERE year = %s AND (quarter IS NULL OR quarter = %s)",
        [year, quarter],
    ):
        if target_quarter is not None or (indicator, country) not in targets:
            targets[indicator, country] = float(value)
    baselines = {
        (indicator, country): float(value)
        for indicator, country, value in _rows(
            f"SELECT indicator_id, country_id, value FROM {_t(IndicatorBaseline)}"
        )
    }
    manual: dict = {}
    manual_ids = [row[0] for row in indicators if not row[6]]
    if manual_ids:
        ids, id_params = _in(manual_ids)
        for indicator, country, value in _rows(
            f"SELECT indicator_id, country_id, value FROM {_t(IndicatorValue)}"
            f" WHERE indicator_id IN ({ids}) AND year >= %s AND year <= %s"
            " ORDER BY indicator_id, country_id, year, quarter",
            [*id_params, period_of(period.start)[0], period.end.year],
        ):
            manual.setdefault(indicator, {})[country] = Cell(value)  # the latest wins
    computations = Computations(period)
    computed = {
        computation: getattr(computations, computation)()
        for computation in {row[6] for row in indicators if row[6]}
    }
    result = []
    for pk, code, title, level, unit, ascending, computation, title_fr in indicators:
        if computation:
            cells = computed[computation]
            programme = _sum(cells.values()) or _empty(computation)
        else:
            cells = manual.get(pk, {})
            programme = cells.get(None)
            if programme is None and unit == "number":
                programme = _sum(cell for key, cell in cells.items() if key is not None)
        empty = _empty(computation) if computation else None
        shown = {country["id"]: cells.get(country["id"]) or empty for country in countries}
        total, by_country = _disclosed(
            programme, shown, cells, countries, period, targets, baselines, pk, ascending
        )
        result.append(
            {
                "code": code,
                "title": title,
                "title_fr": title_fr,
                "level": level,
                "unit": unit,
                "total": total,
                "countries": by_country,
            }
        )
    return {
        "countries": [{"code": c["code"], "name": c["name"]} for c in countries],
        "indicators": result,
    }


FLOORS = {
    "overview": floor_overview,
    "trend": floor_trend,
    "disaggregation": floor_disaggregation,
    "learning": floor_learning,
    "competencies": floor_competencies,
}


def floor(slug: str) -> dict:
    """The figures of one dashboard for the manager's scope, by hand-written SQL."""
    return FLOORS[slug](manager_period())
