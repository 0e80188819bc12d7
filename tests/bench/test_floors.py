"""The benchmark's raw-SQL floors (bench/floors.py) compute what each dashboard shows.

A floor that computed something else would make the dashboards' ratios meaningless, so each
one is compared, figure by figure, with the dashboard's own `aggregates()` for the manager's
scope: on the demo, on the demo plus a hand-counted world that uses every computation, and
on the demo plus a scale-0.01 synthetic data set. The cold dashboard targets recompute
their own dashboard only.
"""

import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from capability.results.dashboards import DASHBOARDS
from capability.results.indicators.cache import cache_key
from capability.results.indicators.queries import scope_for
from capability.results.models import Indicator
from capability.results.models.indicators import Computation

from ..capability.conftest import MANAGER
from ..capability.results.indicator_fixtures import build_world

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from floors import FLOORS, floor  # noqa: E402
from targets import dashboard_targets  # noqa: E402


def normalised(value):
    """Numbers compared to 6 decimals: SQLite averages in floats, the ORM through Decimal."""
    if isinstance(value, dict):
        return {key: normalised(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalised(item) for item in value]
    if isinstance(value, float | Decimal):
        return round(float(value), 6)
    return value


def assert_floors_match() -> None:
    scope = scope_for(get_user_model().objects.get(username=MANAGER))
    assert scope.country_ids is None  # the manager's scope: every country, whole period
    for slug, module in DASHBOARDS.items():
        expected = normalised(module.aggregates(scope))
        assert normalised(floor(slug)) == expected, slug


def test_every_dashboard_has_a_floor():
    assert set(FLOORS) == set(DASHBOARDS)


@pytest.mark.django_db
def test_floors_match_the_dashboards_on_the_demo(demo):
    assert_floors_match()
    overview = floor("overview")
    actuals = [i["total"]["actual"] for i in overview["indicators"]]
    assert len(actuals) == 15 and sum(1 for a in actuals if a) >= 10  # not a world of zeros
    assert any(floor("competencies")["cells"].values())
    assert floor("trend")["people"][-1] > 0


@pytest.mark.django_db
def test_floors_match_on_every_computation_and_small_cells(demo):
    """The hand-counted world adds certificates, surveys, a cascade, deliverables and small
    (suppressed) cells; indicators for the computations the demo does not use join it."""
    build_world()
    for order, computation in enumerate(
        (
            Computation.COURSE_ENROLMENTS,
            Computation.COURSE_COMPLETIONS,
            Computation.CERTIFICATES_ISSUED,
            Computation.REACTION_SCORE,
            Computation.CASCADE_WORKSHOPS,
        )
    ):
        Indicator.objects.create(
            code=f"T{order}", title=computation.label, computation=computation, sort_order=90
        )
    used = set(Indicator.objects.values_list("computation", flat=True)) - {""}
    assert used == set(Computation.values)
    assert_floors_match()


@pytest.mark.django_db
def test_floors_match_on_synthetic_data(demo):
    call_command("generate_synthetic", "--scale", "0.01", stdout=io.StringIO())
    assert_floors_match()


@pytest.mark.django_db
def test_a_cold_target_recomputes_its_own_dashboard_only(login, demo):
    """The cold variant drops its dashboard's cache entry before each request; the cached
    targets measured in the same rounds keep theirs."""
    client = login(MANAGER)
    targets = {target.name: target for target in dashboard_targets()}
    assert len(targets) == 2 * len(DASHBOARDS)
    for slug in DASHBOARDS:
        assert targets[f"dashboard {slug}"].request(client).status_code == 200
    scope = scope_for(get_user_model().objects.get(username=MANAGER))
    with CaptureQueriesContext(connection) as cached:
        targets["dashboard trend"].request(client)
    with CaptureQueriesContext(connection) as cold:
        assert targets["dashboard trend (cold)"].request(client).status_code == 200
    assert len(cold) > len(cached)
    assert cache.get(cache_key("overview", scope.key())) is not None
    targets["dashboard trend (cold)"].before()
    assert cache.get(cache_key("trend", scope.key())) is None
    assert cache.get(cache_key("overview", scope.key())) is not None
