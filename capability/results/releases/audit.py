"""Everything published for a release, as cells tied by sums, and its audit.

`publication(end)` gathers, for the quarter ending `end`, every count of people the
release publishes, with its true value and its published status, and the sums that tie
them: the indicator table (overview, public page, xlsx and IATI) at the end of every
reporting year and at `end`, the programme against its countries and people with no
country, each country's people trained by sex and by organisation type, and the cumulative
series (the trend per quarter, the yearly IATI periods) whose differences are newcomers.
`audit_publication()` then bounds every hidden cell, and every unpublished newcomer count
of 1 to 4, by linear programming (`indicators.disclosure.audit`).

Earlier releases stay published: `with_earlier()` adds each one's figures (stored with it,
`Publication.to_data()`) to the problem, tied to the new release's by the people added in
between (or entered late), so a cell hidden in one release cannot be worked out from
another. The audit of a release is the audit of every release together.

Rates and figures that are not counts of people (hours, workshops, means) are left out:
rates are hidden by rule (fewer than 5 people, or a numerator or remainder of 1 to 4).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..dashboards import disaggregation, trend
from ..indicators.disclosure import Finding, Relation, Status, audit
from ..indicators.export import yearly_rows
from ..indicators.periods import period_bounds, period_of, programme_bounds, quarters_between
from ..indicators.queries import Scope
from ..indicators.table import _is_count
from ..models.indicators import Computation

PROGRAMME, OUTSIDE = "*", "?"


@dataclass
class Publication:
    values: dict = field(default_factory=dict)  # key -> true value
    statuses: dict = field(default_factory=dict)  # published key -> Status
    relations: list[Relation] = field(default_factory=list)

    def publish(self, key, value, status: Status) -> None:
        """One published figure; the same figure published twice is known if shown once."""
        self.values[key] = value
        if status == Status.EMPTY:
            return
        if self.statuses.get(key) == Status.SHOWN:
            return
        self.statuses[key] = status

    # unpublished ties between releases (people added or entered late in between): they
    # constrain the linear programmes but are not cells to protect themselves
    free: set = field(default_factory=set)

    def findings(self) -> list[Finding]:
        return audit(self.statuses, self.values, self.relations, ignore=self.free)

    def to_data(self) -> dict:
        """JSON for the release (`Release.audit`), read back by `from_data`."""
        return {
            "values": [[_encode(key), value] for key, value in self.values.items()],
            "statuses": [[_encode(key), str(status)] for key, status in self.statuses.items()],
            "relations": [
                [_encode(r.total), [_encode(part) for part in r.parts]] for r in self.relations
            ],
        }

    @classmethod
    def from_data(cls, data: dict) -> Publication:
        return cls(
            values={_decode(key): value for key, value in data["values"]},
            statuses={_decode(key): Status(status) for key, status in data["statuses"]},
            relations=[
                Relation(_decode(total), tuple(_decode(part) for part in parts))
                for total, parts in data["relations"]
            ],
        )


def _encode(key):
    if isinstance(key, tuple):
        return [_encode(part) for part in key]
    if isinstance(key, datetime.date):
        return {"date": key.isoformat()}
    return key


def _decode(key):
    if isinstance(key, list):
        return tuple(_decode(part) for part in key)
    if isinstance(key, dict):
        return datetime.date.fromisoformat(key["date"])
    return key


def _series(publication: Publication, points: dict) -> None:
    """Cumulative figures per (indicator, place): each is the previous plus newcomers."""
    for (code, place), series in points.items():
        previous = None
        for time in sorted(series):
            new = ("new", code, place, time)
            current = ("v", code, place, time)
            publication.values[new] = publication.values[current] - (
                publication.values[previous] if previous else 0
            )
            parts = (new,) if previous is None else (previous, new)
            publication.relations.append(Relation(current, parts))
            previous = current


def publication(end: datetime.date) -> Publication:
    first, _last = programme_bounds()
    result = Publication()
    points: dict = {}
    people_code = None
    for _year, _start, time, rows in yearly_rows(Scope(None, first, end)):
        for row in rows:
            figures = [row.total, *row.countries]
            if not all(f.actual is None or _is_count(f.actual) for f in figures):
                continue
            code = row.indicator.code
            if row.indicator.computation == Computation.PEOPLE_TRAINED:
                people_code = code
            places = [(PROGRAMME, row.total)] + [(f.country.code, f) for f in row.countries]
            parts = []
            for place, figure in places:
                value = figure.actual.people if figure.actual is not None else None
                if value is None:
                    continue
                key = ("v", code, place, time)
                result.publish(key, value, figure.published.status)
                points.setdefault((code, place), set()).add(time)
                if place != PROGRAMME:
                    parts.append(key)
            if ("v", code, PROGRAMME, time) in result.values:
                outside = result.values[("v", code, PROGRAMME, time)] - sum(
                    result.values[key] for key in parts
                )
                key = ("v", code, OUTSIDE, time)
                result.values[key] = outside  # people with no country: never published
                points.setdefault((code, OUTSIDE), set()).add(time)
                result.relations.append(Relation(("v", code, PROGRAMME, time), (*parts, key)))
    scope = Scope(None, first, end)
    if people_code:
        _disaggregation(result, scope, people_code, end)
        _trend(result, scope, people_code, points)
    _series(result, points)
    return result


def _disaggregation(result: Publication, scope: Scope, code: str, end) -> None:
    data = disaggregation.aggregates(scope)
    for dimension in ("sex", "organisation_type"):
        totals, hidden = disaggregation._totals(data, dimension)
        for country in data["countries"]:
            keys = [k for k in totals if k[0] == country["code"]]
            parts = []
            for key in keys:
                cell = ("dim", dimension, *key, end)
                status = hidden.get(key)
                status = Status(status) if status else Status.SHOWN
                if not status.hidden and 0 < totals[key] < 5:
                    status = Status.PRIMARY
                if status == Status.NOT_BROKEN_DOWN:
                    result.values[cell] = totals[key]  # not published: a free part
                else:
                    result.publish(cell, totals[key], status)
                parts.append(cell)
            total = ("v", code, country["code"], end)
            if parts and total in result.values:
                result.relations.append(Relation(total, tuple(parts)))


def _trend(result: Publication, scope: Scope, code: str, points: dict) -> None:
    data = trend.aggregates(scope)
    for quarter_end, value, status in zip(
        [period_bounds(*period_of(day))[1] for day in _quarter_days(scope)],
        data["people"],
        data.get("people_statuses") or [],
        strict=False,
    ):
        key = ("v", code, PROGRAMME, quarter_end)
        result.publish(key, value, Status(status))
        points.setdefault((code, PROGRAMME), set()).add(quarter_end)


def _quarter_days(scope: Scope) -> list[datetime.date]:
    return [period_bounds(*quarter)[0] for quarter in quarters_between(scope.start, scope.end)]


def _series_key(key) -> tuple | None:
    """What a cumulative cell counts, and when: ("v", code, place, time) and
    ("dim", dimension, country, value, time) cells of one series differ by the people added
    in between, whichever release published them."""
    if key[0] == "v":
        return key[:3], key[3]
    if key[0] == "dim":
        return key[:4], key[4]
    return None


def with_earlier(current: Publication, earlier: list[tuple[datetime.date, Publication]]):
    """`current` and every earlier release's publication as one problem.

    An earlier release's cells keep their own names (prefixed by its end) and their sums;
    each cumulative cell is tied to the next one of the same series, in any release, by the
    people added in between or entered late (never published: 0 or more). A cell a release
    hid cannot then be worked out from what another release shows."""
    result = Publication(
        dict(current.values), dict(current.statuses), list(current.relations), set(current.free)
    )
    points: dict = {}
    for release_end, old in earlier:

        def rename(key, release_end=release_end):
            return ("release", release_end, key)

        for key, value in old.values.items():
            result.values[rename(key)] = value
        for key, status in old.statuses.items():
            result.statuses[rename(key)] = status
        result.relations += [
            Relation(rename(r.total), tuple(rename(p) for p in r.parts)) for r in old.relations
        ]
        for key in old.values:
            series = _series_key(key)
            if series and old.values[key] is not None:
                points.setdefault(series[0], []).append((series[1], release_end, rename(key)))
    latest = max(end for end, _old in earlier) if earlier else None
    for key, value in current.values.items():
        series = _series_key(key)
        if series and value is not None and latest is not None:
            points.setdefault(series[0], []).append((series[1], datetime.date.max, key))
    for series, cells in points.items():
        cells.sort(key=lambda cell: (cell[0], cell[1]))
        for (_t1, _r1, before), (_t2, _r2, after) in zip(cells, cells[1:], strict=False):
            between = ("between", series, before, after)
            difference = result.values[after] - result.values[before]
            result.values[between] = abs(difference)
            result.free.add(between)
            if difference >= 0:
                result.relations.append(Relation(after, (before, between)))
            else:  # fewer people later (records erased): the earlier figure is the larger
                result.relations.append(Relation(before, (after, between)))
    return result


def earlier_publications(end: datetime.date) -> list[tuple[datetime.date, Publication]]:
    """The publications stored with the releases before `end` (oldest first)."""
    from ..models import Release

    return [
        (release.end, Publication.from_data(release.audit["publication"]))
        for release in Release.objects.filter(end__lt=end).order_by("end")
        if "publication" in (release.audit or {})
    ]


def audit_publication(
    end: datetime.date, *, earlier: bool = True
) -> tuple[Publication, list[Finding]]:
    """The release's own publication, and what the audit finds in it together with every
    earlier release (`earlier=False`: on its own)."""
    published = publication(end)
    problem = with_earlier(published, earlier_publications(end)) if earlier else published
    return published, problem.findings()
