"""The one disclosure layer: what every published count of people may show, and the proof.

Every figure a manager or the public sees (dashboards, the public page, xlsx, IATI) is a
`Published` cell: a value, or one of two honest markers:

- "<5" (`Status.PRIMARY`): the cell holds 1 to 4 people. Only such cells carry this label.
- "withheld" (`Status.WITHHELD`): the cell holds 5 or more but is hidden so that a "<5" cell
  cannot be worked out from it (complementary suppression).

Published figures are tied together by sums: a programme total is its countries plus people
with no country, a country's people trained are its sexes or organisation types, a
cumulative figure is the previous one plus the newcomers. `protect()` hides the small cells,
then hides complements until linear programming (`intervals()`, SciPy's HiGHS, as τ-ARGUS
audits a table) shows that no hidden cell, and no unpublished small difference between
published cells, can be narrowed to less than `protection()` (3: at least four whole values
stay possible, the uncertainty "<5" itself leaves). `audit()` runs the same check on a whole
publication and reports every cell that fails.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MIN_CELL = 5
PRIMARY_LABEL = "<5"
WITHHELD_LABEL = _("withheld")
NOT_BROKEN_DOWN_LABEL = _("not broken down")
# A withheld cell holds 5 or more: a reader knows that much from its label.
WITHHELD_FLOOR = MIN_CELL


def protection() -> float:
    """The narrowest interval a hidden cell may be pinned to by everything published."""
    return float(getattr(settings, "CAPABILITY_DISCLOSURE_PROTECTION", 3))


class Status(enum.StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # 1 to 4 people: "<5"
    WITHHELD = "withheld"  # 5 or more, hidden to protect a "<5" cell
    EMPTY = "empty"  # no data
    NOT_BROKEN_DOWN = "not_broken_down"  # a group too small to break down: parts not published

    @property
    def hidden(self) -> bool:
        return self in (Status.PRIMARY, Status.WITHHELD, Status.NOT_BROKEN_DOWN)


LEGEND = {
    Status.PRIMARY: _("“<5”: between 1 and 4 people, hidden so that nobody can be singled out."),
    Status.WITHHELD: _(
        "“withheld”: 5 or more, hidden so that a “<5” figure cannot be worked out by "
        "subtracting the figures shown."
    ),
    Status.NOT_BROKEN_DOWN: _(
        "“not broken down”: too few people in this group to show its parts without "
        "revealing them; the group's total is shown."
    ),
}


def legend() -> list[str]:
    """The two markers explained, for every page, chart, table and file that may use them."""
    return [str(text) for text in LEGEND.values()]


def hidden_status(value: float | None, *, people: bool = True) -> Status:
    """The honest marker of a hidden cell: "<5" only for 1 to 4 people."""
    if people and value is not None and 0 < value < MIN_CELL:
        return Status.PRIMARY
    return Status.WITHHELD


@dataclass(frozen=True)
class Published:
    """A figure as it may be published: hidden cells keep no value at all."""

    value: float | int | None
    status: Status = Status.SHOWN

    @classmethod
    def count(cls, value: float | int | None, status: Status | None = None) -> Published:
        """A count of people: "<5" when 1–4 (unless `status` says otherwise), else shown."""
        if value is None:
            return cls(None, Status.EMPTY)
        if status is None:
            status = Status.PRIMARY if 0 < value < MIN_CELL else Status.SHOWN
        if status == Status.NOT_BROKEN_DOWN:
            return cls(None, status)
        if status.hidden:
            return cls(None, hidden_status(value))
        return cls(value, status)

    @classmethod
    def withheld(cls) -> Published:
        return cls(None, Status.WITHHELD)

    @classmethod
    def from_data(cls, data) -> Published:
        """From `to_data()` (cached aggregates, frozen releases)."""
        if isinstance(data, Published):
            return data
        if not isinstance(data, dict):
            return cls.count(data)
        return cls(data.get("value"), Status(data.get("status", Status.SHOWN)))

    def to_data(self) -> dict:
        return {"value": self.value, "status": str(self.status)}

    @property
    def hidden(self) -> bool:
        return self.status.hidden

    @property
    def plotted(self) -> float | int | None:
        """The height of a bar or point: nothing for hidden cells (their label says why)."""
        return self.value if self.status == Status.SHOWN else None

    @property
    def label(self) -> str:
        if self.status == Status.PRIMARY:
            return PRIMARY_LABEL
        if self.status == Status.WITHHELD:
            return str(WITHHELD_LABEL)
        if self.status == Status.NOT_BROKEN_DOWN:
            return str(NOT_BROKEN_DOWN_LABEL)
        if self.value is None:
            return "–"
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value)

    @property
    def cell(self):
        """The value for a table or a spreadsheet cell: the number, or the marker."""
        if self.status == Status.SHOWN:
            return self.value
        return None if self.status == Status.EMPTY else self.label

    def __str__(self) -> str:
        return self.label


# --- the linear programmes -----------------------------------------------------------------


def stable(key) -> tuple:
    """A total order on cell keys that depends on the keys alone: every choice suppression
    makes (which complement to hide, which finding first) follows it, so the same figures
    give the same pattern whatever order the database returned the rows in. Numbers (a
    country's primary key, a quarter's index) compare as numbers, dates as dates."""
    if key is None:
        return (0,)
    if isinstance(key, bool | int | float):
        return (1, float(key))
    if isinstance(key, str):
        return (2, key)
    if isinstance(key, tuple):
        return (3, tuple(stable(part) for part in key))
    if hasattr(key, "toordinal"):
        return (4, key.toordinal())
    return (5, repr(key))


@dataclass(frozen=True)
class Relation:
    """`total` = sum of `parts`, a tie any reader can use between published cells."""

    total: Hashable
    parts: tuple[Hashable, ...]


def _bounds(status: Status | None, value) -> tuple[float, float | None]:
    """What a reader knows of a cell from how it is published."""
    if status == Status.SHOWN:
        return float(value), float(value)
    if status == Status.PRIMARY:
        return 1.0, float(MIN_CELL - 1)
    if status == Status.WITHHELD:
        return float(WITHHELD_FLOOR), None
    return 0.0, None  # unpublished: any number of people


def _components(keys: list, relations: list[Relation], fixed: set) -> dict:
    """Variables linked through relations by unknown (not shown) cells: one LP each."""
    parent = {key: key for key in keys}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for relation in relations:
        free = [key for key in (relation.total, *relation.parts) if key not in fixed]
        for key in free[1:]:
            parent[find(key)] = find(free[0])
    groups: dict = {}
    for key in keys:
        if key not in fixed:
            groups.setdefault(find(key), set()).add(key)
    return groups


def intervals(
    statuses: Mapping[Hashable, Status],
    values: Mapping[Hashable, float | None],
    relations: Iterable[Relation],
    targets: Iterable[Hashable],
) -> dict[Hashable, tuple[float, float]]:
    """For each target cell, the smallest and largest value consistent with what is shown.

    `statuses` are the published cells; any other key in a relation is unpublished (0 or
    more). `values` are needed only for shown cells. Solved with SciPy's HiGHS, one small
    linear programme per group of linked unknowns.
    """
    import numpy as np
    from scipy.optimize import linprog

    relations = list(relations)
    keys = list(dict.fromkeys([*statuses, *(k for r in relations for k in (r.total, *r.parts))]))
    fixed = {key for key in keys if statuses.get(key) == Status.SHOWN}
    components = _components(keys, relations, fixed)
    component_of = {key: root for root, members in components.items() for key in members}
    result: dict[Hashable, tuple[float, float]] = {}
    built: dict = {}
    for target in targets:
        if target in fixed:
            value = float(values[target])
            result[target] = (value, value)
            continue
        root = component_of[target]
        if root not in built:
            members = sorted(components[root], key=stable)
            index = {key: position for position, key in enumerate(members)}
            rows, rhs = [], []
            for relation in relations:
                terms = [(relation.total, 1.0)] + [(part, -1.0) for part in relation.parts]
                if not any(key in index for key, _sign in terms):
                    continue
                row = np.zeros(len(members))
                constant = 0.0
                for key, sign in terms:
                    if key in index:
                        row[index[key]] += sign
                    else:
                        constant += sign * float(values[key])
                rows.append(row)
                rhs.append(-constant)
            bounds = [_bounds(statuses.get(key), None) for key in members]
            built[root] = (index, np.array(rows) if rows else None, np.array(rhs), bounds)
        index, a_eq, b_eq, bounds = built[root]
        extremes = []
        for sign in (1.0, -1.0):
            objective = np.zeros(len(index))
            objective[index[target]] = sign
            solution = linprog(
                objective,
                A_eq=a_eq,
                b_eq=b_eq if a_eq is not None else None,
                bounds=bounds,
                method="highs",
            )
            if solution.status == 3:  # unbounded
                extremes.append(math.inf)
            elif solution.status != 0:
                raise ValueError(f"The published figures contradict each other ({target!r}).")
            else:
                extremes.append(sign * solution.fun)
        result[target] = (extremes[0], extremes[1])
    return result


@dataclass(frozen=True)
class Finding:
    """A cell that published figures pin down more narrowly than the protection allows."""

    key: Hashable
    low: float
    high: float

    def __str__(self) -> str:
        high = "∞" if self.high == math.inf else f"{self.high:g}"
        return f"{self.key!r}: between {self.low:g} and {high}"


def sensitive(statuses, values, relations, ignore=frozenset()) -> list:
    """Cells to protect: hidden published cells, and unpublished parts of 1 to 4 people
    (people with no country, newcomers between two cumulative figures), except `ignore`."""
    keys = dict.fromkeys(k for r in relations for k in (r.total, *r.parts))
    targets = [key for key, status in statuses.items() if status.hidden]
    for key in keys:
        if key in ignore:
            continue
        if key not in statuses and values.get(key) is not None and 0 < values[key] < MIN_CELL:
            targets.append(key)
    return targets


def audit(statuses, values, relations, *, ignore=frozenset()) -> list[Finding]:
    """Every sensitive cell whose interval is narrower than `protection()`; `ignore`:
    unpublished parts that tie cells together but are not themselves protected."""
    relations = list(relations)
    statuses = {k: v for k, v in statuses.items() if v != Status.NOT_BROKEN_DOWN}
    targets = sensitive(statuses, values, relations, ignore)
    found = intervals(statuses, values, relations, targets)
    limit = protection() - 1e-6
    narrow = {key: bounds for key, bounds in found.items() if bounds[1] - bounds[0] < limit}
    if not narrow:
        return []
    # Where the markers alone already say as much (a breakdown of a "<5" total into "<5"
    # parts, people with no country beside "<5" totals), the figures shown add nothing:
    # only a narrower interval is a finding.
    markers = {key: status for key, status in statuses.items() if status.hidden}
    alone = intervals(markers, values, relations, list(narrow))
    findings = [
        Finding(key, low, high)
        for key, (low, high) in narrow.items()
        if key not in alone or high - low < alone[key][1] - alone[key][0] - 1e-6
    ]
    return sorted(findings, key=lambda finding: stable(finding.key))


def break_downs(
    statuses: dict, values, relations: list[Relation], groups: dict[Hashable, list]
) -> dict:
    """Groups whose parts stay exposed after `protect` (a small total split into small
    parts): their parts are not published at all (`Status.NOT_BROKEN_DOWN`)."""
    findings = {finding.key for finding in audit(statuses, values, relations)}
    for parts in groups.values():
        if findings & set(parts):
            for key in parts:
                if key in statuses:
                    statuses[key] = Status.NOT_BROKEN_DOWN
    return statuses


def _initial(values, unpublished, fixed) -> dict[Hashable, Status]:
    statuses = {}
    for key, value in values.items():
        if key in unpublished:
            continue
        if key in fixed:
            statuses[key] = fixed[key]
        elif value is None:
            statuses[key] = Status.EMPTY
        else:
            statuses[key] = Status.PRIMARY if 0 < value < MIN_CELL else Status.SHOWN
    return statuses


def protect(
    values: Mapping[Hashable, float | None],
    relations: Iterable[Relation],
    *,
    unpublished: Iterable[Hashable] = (),
    fixed: Mapping[Hashable, Status] | None = None,
) -> dict[Hashable, Status]:
    """The status of every published cell: small cells "<5", then complements until the
    audit finds nothing. `fixed` statuses (already published elsewhere) never change.

    Cells and relations are put in the `stable` order first: the pattern depends on the
    figures, never on the order they were given in."""
    unpublished = set(unpublished)
    values = {key: values[key] for key in sorted(values, key=stable)}
    relations = sorted(
        {
            Relation(r.total, tuple(sorted(r.parts, key=stable)))
            for r in relations
            if all(values.get(k) is not None or k in unpublished for k in (r.total, *r.parts))
        },
        key=lambda r: stable((r.total, r.parts)),
    )
    fixed = dict(fixed or {})
    statuses = _initial(values, unpublished, fixed)
    members: dict = {}
    for relation in relations:
        for key in (relation.total, *relation.parts):
            members.setdefault(key, []).append(relation)

    def hideable(relation: Relation) -> list:
        return [
            key
            for key in (relation.total, *relation.parts)
            if statuses.get(key) == Status.SHOWN and key not in fixed and values.get(key)
        ]

    def hide(key) -> None:
        statuses[key] = hidden_status(values[key])

    for _round in range(len(values) + 1):
        # The cheap rule first: a group with exactly one hidden non-zero cell gives it away.
        changed = False
        for relation in relations:
            cells = [k for k in (relation.total, *relation.parts) if values.get(k)]
            hidden = [k for k in cells if k in unpublished or statuses.get(k, Status.SHOWN).hidden]
            if len(hidden) == 1 and hidden[0] not in unpublished:
                candidates = sorted(hideable(relation), key=lambda k: (values[k], stable(k)))
                if candidates:
                    hide(candidates[0])
                    changed = True
        if changed:
            continue
        findings = audit(statuses, values, relations)
        if not findings:
            break
        # Hide the smallest shown cell tied to the first cell pinned down, looking further
        # along the relations when its own are all hidden already.
        seen, frontier, choice = set(), [findings[0].key], None
        while frontier and choice is None:
            key = frontier.pop(0)
            if key in seen:
                continue
            seen.add(key)
            candidates = sorted(
                {c for relation in members.get(key, []) for c in hideable(relation)},
                key=lambda k: (values[k], stable(k)),
            )
            if candidates:
                choice = candidates[0]
            else:
                frontier += [k for r in members.get(key, []) for k in (r.total, *r.parts)]
        if choice is None:
            break  # nothing left to hide: the audit reports what stays exposed
        hide(choice)
    return statuses
