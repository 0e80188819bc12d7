"""Disaggregation: people trained by sex and by organisation type, per country."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capability.register.models.choices import OrganisationType, Sex

from ..indicators.disclosure import Relation, break_downs, protect
from ..indicators.queries import Scope, people_trained, people_trained_by
from ..indicators.table import people_statuses
from ..tables import Table
from .base import category_colours, countries_in, country_label, figure, published, withheld_note

slug = "disaggregation"
title = gettext_lazy("People trained by sex and organisation")
# the filters this dashboard's breakdowns support
filters = ("country", "start", "end", "sex", "organisation_type")
NO_ORGANISATION = "none"


def aggregates(scope: Scope) -> dict:
    """People trained per (country, sex, organisation type): one GROUP BY query."""
    countries = countries_in(scope)
    by_id = {country["id"]: country["code"] for country in countries}
    cells = [
        {
            "country": by_id[row["country"]],
            "sex": row["sex"],
            "organisation_type": row["organisation__type"] or NO_ORGANISATION,
            "n": row["n"],
        }
        # only the countries shown: the others would be counted, then dropped
        for row in people_trained_by(
            replace(scope, country_ids=frozenset(by_id)), "sex", "organisation__type"
        )
        if row["country"] in by_id
    ]
    return {"countries": countries, "cells": cells, "statuses": _statuses(scope, countries, cells)}


def _statuses(scope: Scope, countries: list[dict], cells: list[dict]) -> dict[str, str]:
    """What to hide, as "country|dimension|value": each country's sexes and organisation
    types add up to its people trained, published by the indicator table with the status
    the table gives it (fixed here), so both dimensions are protected together with it."""
    totals = people_trained(scope)
    fixed = {
        ("total", country["code"]): status
        for pk, status in people_statuses(totals, [c["id"] for c in countries], scope).items()
        for country in countries
        if country["id"] == pk
    }
    values: dict = {}
    for country in countries:
        cell = totals.get(country["id"])
        values[("total", country["code"])] = cell.people if cell else 0
    for cell in cells:
        for dimension in ("sex", "organisation_type"):
            key = (dimension, cell["country"], cell[dimension])
            values[key] = values.get(key, 0) + cell["n"]
    relations = [
        Relation(
            ("total", country["code"]),
            tuple(k for k in values if k[0] == dimension and k[1] == country["code"]),
        )
        for country in countries
        for dimension in ("sex", "organisation_type")
    ]
    statuses = protect(values, relations, fixed=fixed)
    groups = {
        country["code"]: [k for k in values if k[0] != "total" and k[1] == country["code"]]
        for country in countries
    }
    statuses = break_downs(statuses, values, relations, groups)
    return {
        "|".join(map(str, key)): str(status)
        for key, status in statuses.items()
        if key[0] != "total" and status.hidden
    }


def _totals(data: dict, dimension: str) -> tuple[dict[tuple[str, str], int], dict]:
    """Sums of the aggregate cells over one dimension (a few dozen cells at most), and the
    statuses of the hidden ones (see `_statuses`)."""
    totals: dict[tuple[str, str], int] = {}
    for cell in data["cells"]:
        key = (cell["country"], cell[dimension])
        totals[key] = totals.get(key, 0) + cell["n"]
    prefix = f"{dimension}|"
    hidden = {
        tuple(key[len(prefix) :].split("|", 1)): status
        for key, status in data.get("statuses", {}).items()
        if key.startswith(prefix)
    }
    return totals, {key: status for key, status in hidden.items() if len(key) == 2}


def _labels(dimension: str) -> list[tuple[str, str]]:
    if dimension == "sex":
        return [(value, str(name)) for value, name in Sex.choices]
    return [(value, str(name)) for value, name in OrganisationType.choices] + [
        (NO_ORGANISATION, _("No organisation"))
    ]


def _chosen(data: dict, dimension: str) -> list[tuple[str, str]]:
    """The categories of `dimension` to show: the one chosen in the filters, or all. The
    cells and their suppression are those of the whole table either way."""
    labels = _labels(dimension)
    choice = data.get(dimension)
    return [(value, name) for value, name in labels if value == choice] if choice else labels


def _figure(data: dict, dimension: str, heading: str):
    totals, hidden = _totals(data, dimension)
    names = [country_label(country) for country in data["countries"]]
    fig = figure(heading, barmode="stack", yaxis={"title": {"text": _("People")}})
    not_drawn = []
    colours = category_colours([value for value, _name in _labels(dimension)])
    for value, name in _chosen(data, dimension):
        keys = [(country["code"], value) for country in data["countries"]]
        if not any(totals.get(key) for key in keys):
            continue
        cells = [published(totals.get(key, 0), status=hidden.get(key)) for key in keys]
        fig.add_bar(
            x=names,
            y=[cell.plotted for cell in cells],
            name=name,
            text=[cell.label for cell in cells],
            textposition="inside",
            marker={"color": colours[value]},
        )
        not_drawn += [
            (f"{country} · {name}", cell)
            for country, cell in zip(names, cells, strict=True)
            if cell.hidden
        ]
    return withheld_note(fig, not_drawn)


def figures(data: dict) -> list:
    return [
        _figure(data, "sex", _("People trained by sex")),
        _figure(data, "organisation_type", _("People trained by organisation type")),
    ]


def tables(data: dict) -> list[Table]:
    result = []
    for dimension, heading in (
        ("sex", _("People trained by sex")),
        ("organisation_type", _("People trained by organisation type")),
    ):
        totals, hidden = _totals(data, dimension)
        table = Table(
            heading,
            [_("Category")] + [country_label(country) for country in data["countries"]],
            slug=dimension,
        )
        for value, name in _chosen(data, dimension):
            table.rows.append(
                [name]
                + [
                    published(totals.get(key, 0), status=hidden.get(key)).cell
                    for key in ((country["code"], value) for country in data["countries"])
                ]
            )
        result.append(table)
    return result
