"""Country scope and role rules on every admin URL of the results app (`capability_results`),
with the register's matrix machinery (tests/capability/register/test_scoping.py)."""

import pytest

from capability.results.indicators.viewsets import IndicatorViewSetGroup

from ..register.test_scoping import EXPECTED as REGISTER_EXPECTED
from ..register.test_scoping import REGISTER_NAMESPACES, ROLES, as_role, check_urls, url_names
from ..register.test_scoping import admin_urls as register_admin_urls
from .indicator_matrix import EXPECTED as INDICATOR_EXPECTED
from .indicator_matrix import indicator_admin_urls

EXPECTED = {**REGISTER_EXPECTED, **INDICATOR_EXPECTED}

RESULTS_NAMESPACES = {viewset.name for viewset in IndicatorViewSetGroup.items} | {
    "capability_dashboards",
    "capability_release",
}


@pytest.mark.parametrize("role", ROLES)
def test_every_results_admin_url_for_every_role(client, programme, role_users, role):
    as_role(client, role_users[role])
    failures = check_urls(client, role, indicator_admin_urls(), EXPECTED)
    assert not failures, "\n".join(failures)


def test_the_matrices_cover_every_admin_url_of_both_apps(programme, ghana_staff):
    """A new admin URL of either app fails here until it has a row in one of the matrices."""
    existing = {name for name in url_names() if name.startswith("capability_")}
    assert {name.split(":")[0] for name in existing} <= REGISTER_NAMESPACES | RESULTS_NAMESPACES
    cases = register_admin_urls() + indicator_admin_urls()
    covered = {label.split(" ")[0] for label, _url, _kind in cases}
    assert existing - covered == set()
