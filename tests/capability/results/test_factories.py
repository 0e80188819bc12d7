"""The results app's factories: a logical framework of every computation, evidence records
and the public page."""

from capability.results.indicators.queries import QUERIES
from capability.results.models import IndicatorTarget, IndicatorValue
from tests.factories.register import country
from tests.factories.results import (
    DashboardPageFactory,
    DeliverableFactory,
    FollowUpFactory,
    logframe,
)


def test_the_logframe_uses_every_computation_once(db):
    ghana = country("GH")
    indicators = logframe([ghana])
    computations = [i.computation for i in indicators if i.computation]
    assert sorted(computations) == sorted(QUERIES) and len(set(computations)) == len(QUERIES)
    manual = [i for i in indicators if not i.computation]
    assert [i.code for i in manual] == ["OO.2"]
    assert IndicatorValue.objects.filter(indicator=manual[0], country=ghana).count() == 3
    assert all(i.baselines.get().year == 2023 for i in indicators)
    assert IndicatorTarget.objects.filter(country=ghana).count() == 3 * len(indicators)


def test_deliverables_follow_ups_and_the_page(client, db):
    assert DeliverableFactory(status="adopted").adopted_on is not None
    follow_up = FollowUpFactory()
    assert follow_up.person.country == follow_up.workshop.country
    page = DashboardPageFactory()
    assert client.get(page.url).status_code == 200
