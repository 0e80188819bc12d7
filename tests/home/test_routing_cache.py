"""The home page routes to its children from the cache: no change of the tree goes unseen."""

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.factories.site import HomePageFactory


@pytest.fixture
def home(db):
    """The English home page, the default site's root."""
    return HomePageFactory()


def add_page(home, slug, title="Cached route"):
    page = Page(title=title, slug=slug)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_new_page_is_reachable_at_once_even_after_a_miss(client, home):
    assert client.get("/en/route-test/").status_code == 404  # an unknown slug is not cached
    add_page(home, "route-test")
    assert client.get("/en/route-test/").status_code == 200


def test_unpublished_renamed_and_deleted_pages_leave_the_cached_route(client, home):
    page = add_page(home, "route-test")
    assert client.get("/en/route-test/").status_code == 200  # cached now
    page.unpublish()
    assert client.get("/en/route-test/").status_code == 404
    page.save_revision().publish()
    assert client.get("/en/route-test/").status_code == 200
    page.slug = "route-renamed"
    page.save_revision().publish()
    assert client.get("/en/route-test/").status_code == 404
    assert client.get("/en/route-renamed/").status_code == 200
    page.delete()
    assert client.get("/en/route-renamed/").status_code == 404


def test_a_view_restriction_on_a_cached_route_applies_at_once(client, home):
    page = add_page(home, "route-test")
    assert client.get("/en/route-test/").status_code == 200
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/route-test/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_routing_below_the_home_page_costs_no_query_once_cached(
    client, home, django_assert_num_queries
):
    add_page(home, "route-test")
    client.get("/en/route-test/")
    # site, locale, the home page and the two view-restriction lookups of a plain page
    with django_assert_num_queries(5):
        assert client.get("/en/route-test/").status_code == 200
