"""Competency coverage: people at each level, country by competency area (a heatmap)."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capability.register.models import ProficiencyLevel
from capability.register.models.choices import CompetencyArea

from ..indicators.queries import Scope, levels_by_area
from ..tables import Table
from .base import countries_in, country_label, figure, plotted, shown, wrap

slug = "competencies"
title = gettext_lazy("Competency coverage")
# the filters this dashboard's breakdowns support
filters = ("country", "start", "end")
LEVELS = (1, 2, 3)


def aggregates(scope: Scope) -> dict:
    """People at or above each level per (country, area) — one GROUP BY with filtered counts."""
    countries = countries_in(scope)
    by_id = {country["id"]: country["code"] for country in countries}
    level_names = dict(
        ProficiencyLevel.objects.filter(level__in=LEVELS)
        .order_by("level")
        .values_list("level", "name")
        .distinct()
    )
    cells = {}
    # only the countries shown: the others would be counted, then dropped
    for row in levels_by_area(replace(scope, country_ids=frozenset(by_id))):
        code = by_id.get(row["person__country"])
        if code is None:
            continue
        at_least = [row[f"level_{level}"] for level in LEVELS] + [0]
        # people exactly at a level = at or above it minus at or above the next one
        cells[f"{code}|{row['competency__area']}"] = [
            at_least[index] - at_least[index + 1] for index in range(len(LEVELS))
        ]
    return {"countries": countries, "cells": cells, "levels": level_names}


def _rows(data: dict) -> list[tuple[str, str, int]]:
    return [
        (country["code"], f"{country_label(country)} · {data['levels'].get(level, level)}", index)
        for country in data["countries"]
        for index, level in enumerate(LEVELS)
    ]


def figures(data: dict) -> list:
    areas = list(CompetencyArea.choices)
    rows = _rows(data)
    fig = figure(
        _("People at each level, by country and competency area"),
        height=max(320, 34 * len(rows) + 160),
        yaxis={"autorange": "reversed"},
    )
    z, text = [], []
    for code, _label, index in rows:
        counts = [data["cells"].get(f"{code}|{area}", [0, 0, 0])[index] for area, _n in areas]
        z.append([plotted(count) for count in counts])
        text.append([str(shown(count)) for count in counts])
    fig.add_heatmap(
        x=[wrap(name, 16) for _area, name in areas],
        y=[label for _code, label, _index in rows],
        z=z,
        text=text,
        texttemplate="%{text}",
        colorscale=[[0, "#f7fbff"], [1, "#08519c"]],  # one hue, light to dark: no red/green
        hoverongaps=False,
    )
    return [fig]


def tables(data: dict) -> list[Table]:
    areas = list(CompetencyArea.choices)
    table = Table(
        _("People at each level, by country and competency area"),
        [_("Country and level")] + [str(name) for _area, name in areas],
        slug="competencies",
    )
    for code, label, index in _rows(data):
        table.rows.append(
            [label]
            + [shown(data["cells"].get(f"{code}|{area}", [0, 0, 0])[index]) for area, _n in areas]
        )
    return [table]
