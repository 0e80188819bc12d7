"""Disaggregation: people trained by sex and by organisation type, per country."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capability.register.models.choices import OrganisationType, Sex

from ..indicators.queries import Scope, people_trained_by
from ..indicators.suppression import withheld
from ..tables import Table
from .base import category_colours, countries_in, country_label, figure, plotted, shown

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
    return {"countries": countries, "cells": cells}


def _totals(data: dict, dimension: str) -> tuple[dict[tuple[str, str], int], set]:
    """Sums of the aggregate cells over one dimension (a few dozen cells at most), and the
    cells to withhold: each country's categories add up to its people trained, published on
    the other dashboards, so one "<5" alone in a country would come back by subtraction."""
    totals: dict[tuple[str, str], int] = {}
    for cell in data["cells"]:
        key = (cell["country"], cell[dimension])
        totals[key] = totals.get(key, 0) + cell["n"]
    by_country: dict[str, list] = {}
    for key in totals:
        by_country.setdefault(key[0], []).append(key)
    return totals, withheld(totals, by_country.values())


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
    colours = category_colours([value for value, _name in _labels(dimension)])
    for value, name in _chosen(data, dimension):
        keys = [(country["code"], value) for country in data["countries"]]
        if not any(totals.get(key) for key in keys):
            continue
        fig.add_bar(
            x=names,
            y=[plotted(totals.get(key, 0), withheld=key in hidden) for key in keys],
            name=name,
            text=[shown(totals.get(key, 0), withheld=key in hidden) for key in keys],
            textposition="inside",
            marker={"color": colours[value]},
        )
    return fig


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
                    shown(totals.get(key, 0), withheld=key in hidden)
                    for key in ((country["code"], value) for country in data["countries"])
                ]
            )
        result.append(table)
    return result
