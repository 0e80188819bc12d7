"""Erasure keeps every figure (issue 20): every dashboard, the indicator workbook, the IATI
document and a release's figures are identical before and after erasing a person, and after
erasing everyone. Online-learning figures find the learner's country through the account,
which erasure keeps as a pseudonymous key."""

import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from capability.register.gdpr import person_erase
from capability.register.models import Country, Person
from capability.results.dashboards import DASHBOARDS
from capability.results.dashboards.base import figure_data
from capability.results.dashboards.public import public_scope, release_figures
from capability.results.indicators.export import indicators_iati, indicators_xlsx, report_table
from capability.results.indicators.periods import (
    period_bounds,
    programme_bounds,
    quarters_between,
)
from capability.results.indicators.queries import Scope, course_completions, person_hours
from capability.results.models.indicators import IndicatorLevel
from capability.results.releases.audit import publication

from .erasure_world import build_world

pytestmark = pytest.mark.django_db


def _plain(value) -> str:
    return json.dumps(value, default=str, sort_keys=True)


def _scopes() -> list[Scope]:
    """Every country filter (all, each country) over the programme and each reporting year;
    each quarter for all countries and for Kenya (the subject's); every result-area filter
    over the whole programme."""
    first, last = programme_bounds()
    years = [(first, last)] + [period_bounds(year) for year in range(first.year, last.year + 1)]
    quarters = [period_bounds(*quarter) for quarter in quarters_between(first, last)]
    countries = dict(Country.objects.values_list("code", "pk"))
    places = [None] + [frozenset({pk}) for pk in countries.values()]
    scopes = [Scope(ids, start, end) for ids in places for start, end in years]
    for ids in (None, frozenset({countries["KE"]})):
        scopes += [Scope(ids, start, end) for start, end in quarters]
    scopes += [Scope(None, first, last, level) for level in IndicatorLevel.values]
    return scopes


def published() -> dict:
    """Everything the dashboards, their xlsx tables, the indicator workbook, the IATI
    document and a release publish, computed afresh (nothing from the cache)."""
    cache.clear()
    figures = {}
    for scope in _scopes():
        for slug, module in DASHBOARDS.items():
            data = module.aggregates(scope)
            figures[(slug, scope.key())] = _plain(
                {
                    "figures": [figure_data(fig) for fig in module.figures(data)],
                    "tables": [(t.title, t.headers, t.rows) for t in module.tables(data)],
                }
            )
        figures[("indicators", scope.key())] = _plain(report_table(scope).rows)
    whole = Scope(None, *programme_bounds())
    workbook = load_workbook(io.BytesIO(indicators_xlsx(whole)))
    figures["xlsx"] = _plain([list(row) for row in workbook.active.iter_rows(values_only=True)])
    iati = indicators_iati(whole).decode()
    figures["iati"] = re.sub(r'(generated-datetime|last-updated-datetime)="[^"]*"', "", iati)
    release = publication(whole.end)
    figures["release"] = _plain(
        {"values": sorted(release.values.items()), "statuses": sorted(release.statuses.items())}
    )
    figures["public"] = _plain(release_figures(public_scope()))
    return figures


def _changed(before: dict, after: dict) -> list:
    return [key for key in before.keys() | after.keys() if before.get(key) != after.get(key)]


def _kenya(function) -> object:
    scope = Scope(frozenset({Country.objects.get(code="KE").pk}), *programme_bounds())
    return function(scope)[scope.country_ids and next(iter(scope.country_ids))]


@pytest.fixture(autouse=True)
def _programme_holds_today(settings):
    """Online learning happens today: the programme's last year is this one at least."""
    settings.CAPABILITY_PROGRAMME_END = f"{max(2026, datetime.date.today().year)}-12-31"


def test_erasure_keeps_every_published_figure(login, kenya_staff):
    world = build_world(kenya_staff)
    completions, hours = _kenya(course_completions), _kenya(person_hours)
    assert completions.numerator == 6  # every Kenyan completed the course, the subject too
    before = published()

    response = login(kenya_staff).post(reverse("capability_gdpr:erase", args=[world.subject.pk]))
    assert response.status_code == 302
    assert Person.objects.get(pk=world.subject.pk).family_name != world.subject.family_name
    # What moved in the tester's Kenya column stays: the subject's online learning counts.
    assert _kenya(course_completions) == completions and _kenya(person_hours) == hours
    assert _changed(before, published()) == []

    # Erasing anyone else (every person of the register) moves nothing either.
    for person in Person.objects.exclude(pk=world.subject.pk):
        person_erase(person=person, user=kenya_staff)
    assert not Person.objects.exclude(given_name="—").exists()
    assert _changed(before, published()) == []
