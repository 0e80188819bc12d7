import pytest
from django.core.management import call_command

DEMO_PASSWORD = "ctps-demo-2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo once per test session; every test then runs in a rolled-back transaction.

    Loading the demo (site tree, courses, ~300 people) takes seconds, too slow to repeat per
    test. Transactional tests (the browser ones) flush the database afterwards; Django then
    restores its serialized copy, which we take after the demo so that it includes the demo.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        connection = connections["default"]
        if hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def demo(db):
    """The demo site, pages and users, loaded the way `make run` loads them."""


@pytest.fixture
def login(client):
    """Log the test client in as one of the demo users by email."""

    def _login(email: str):
        assert client.login(username=email, password=DEMO_PASSWORD), f"cannot log in as {email}"
        return client

    return _login


@pytest.fixture(scope="session", autouse=True)
def _forget_the_runs_cache_keys():
    """With Redis (REDIS_URL) the cache outlives the run: remove this run's keys at its end
    (the test settings give every run a key prefix of its own; clear() keeps to it)."""
    yield
    from django.conf import settings

    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        from django.core.cache import cache

        cache.clear()
