"""Complementary small-cell suppression: a hidden cell must not come back by subtraction.

A count of fewer than `MIN_CELL` people shows as "<5" (primary suppression). When that cell
belongs to a group whose total is published too (the partner countries of an indicator and
the programme total; the sexes or organisation types of one country and that country's
total), hiding it alone protects nothing: the total minus the other cells gives it back. So
in every group holding exactly one hidden non-zero cell, the smallest other non-zero cell is
hidden as well, and this repeats until no group gives a cell away (a cell hidden for one
group can leave another group with a single hidden cell). Zeros stay shown: they are exact
and reveal nobody.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from .disclosure import stable
from .queries import MIN_CELL


def withheld(
    counts: Mapping[Hashable, int | None],
    groups: Iterable[Iterable[Hashable]],
    *,
    unpublished: Iterable[Hashable] = (),
) -> set[Hashable]:
    """The keys of `counts` to hide: small cells, then complements within each group.

    `groups` are the sets of keys that add up to a published total. `unpublished` keys are
    part of a total but never shown themselves (e.g. people with no country): they count as
    hidden when non-zero, so they are never returned.
    """
    # in the `stable` order: the same counts hide the same cells whatever the row order
    groups = sorted((sorted(group, key=stable) for group in groups), key=stable_group)
    unpublished = {key for key in unpublished if counts.get(key)}
    hidden = {key for key, count in counts.items() if count and 0 < count < MIN_CELL}
    hidden |= unpublished
    changed = True
    while changed:
        changed = False
        for group in groups:
            present = [key for key in group if counts.get(key)]
            if sum(key in hidden for key in present) != 1:
                continue
            others = sorted(
                (key for key in present if key not in hidden),
                key=lambda key: (counts[key], stable(key)),
            )
            if others:
                hidden.add(others[0])
                changed = True
    return hidden - unpublished


def stable_group(group: list) -> tuple:
    return tuple(stable(key) for key in group)
