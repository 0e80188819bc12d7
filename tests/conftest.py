"""Two kinds of database tests in one run: tests built from factories, and demo tests.

Most tests build the few rows they need with the factories of `tests/factories/` on a
database that holds only what migrations create: the role groups and their grants, the
partner countries, the register's Evidence collection, Wagtail's root page, default site and
default locale. Editing the demo content never breaks them, and a plugin's tests run with the
other plugins removed.

Tests whose subject is the demo itself (`manage.py load_demo`, its logins, the access-matrix
crawl over realistic data) request the `demo` fixture, which marks them `demo` (select them
with `-m demo`, or leave them out with `-m "not demo"`). At collection they are moved after
every other database test and before the transactional ones, which pytest-django runs last.
The demo is loaded once, before the first demo test, inside a transaction that stays open
while the demo tests run, each in its own rolled-back savepoint as usual; it is rolled back
after the last one. So no factory test ever sees a demo row, and the transactional (browser)
tests start from the migrated database like everyone else. Were a demo test to come after
other tests anyway (another plugin reordering them), the demo is loaded again for it.
"""

import io

import pytest
from django.core.management import call_command

from tests.factories.accounts import PASSWORD

DEMO_PASSWORD = "ctps-demo-2026"


def is_demo_test(item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


def _database_order(item) -> int:
    """pytest-django's order: database tests (0), transactional ones (1), the others (2)."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in fixtures or "live_server" in fixtures
    if marker is not None:
        options = dict(zip(("transaction", "reset_sequences"), marker.args, strict=False))
        options.update(marker.kwargs)
        transactional = (
            transactional or options.get("transaction") or options.get("reset_sequences")
        )
    if transactional:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


def pytest_itemcollected(item):
    """Mark demo tests as they are collected, before `-m` selects among them."""
    if is_demo_test(item):
        item.add_marker(pytest.mark.demo)
        if _database_order(item) == 1:
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test cannot use the `demo` fixture "
                "(load the demo in the test, as tests/e2e do)"
            )


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: (_database_order(item), is_demo_test(item)))


class DemoDatabase:
    """The demo, loaded in a transaction left open while the demo tests run."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None

    @property
    def loaded(self) -> bool:
        return self.atomic is not None

    def load(self) -> None:
        from django.db import transaction
        from django.test import TestCase

        with self.blocker.unblock():
            self.atomic = transaction.atomic(using="default")
            self.atomic.__enter__()
            # What would run when `make run` commits the demo (course-completion receivers).
            with TestCase.captureOnCommitCallbacks(using="default", execute=True):
                call_command("load_demo", stdout=io.StringIO())

    def unload(self) -> None:
        if self.atomic is None:
            return
        from django.core.cache import cache
        from django.db import transaction

        with self.blocker.unblock():
            transaction.set_rollback(True, using="default")
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        cache.clear()


_demo_database: DemoDatabase | None = None


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The demo loaded once for the demo tests (session-scoped: set up before `db`)."""
    global _demo_database
    _demo_database = DemoDatabase(django_db_blocker)
    _demo_database.load()
    yield _demo_database
    _demo_database.unload()
    _demo_database = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if _demo_database is not None and is_demo_test(item) and not _demo_database.loaded:
        _demo_database.load()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _demo_database is not None and (nextitem is None or not is_demo_test(nextitem)):
        _demo_database.unload()
    return result


@pytest.fixture
def demo(demo_database, db):
    """The demo site, pages and users, loaded the way `make run` loads them."""
    assert demo_database.loaded
    return demo_database


@pytest.fixture(autouse=True)
def _english_until_a_test_says_otherwise():
    """Every test starts in the default language: a request served in French (LocaleMiddleware
    activates it on the worker's thread) must not change the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: entries never outlive the rows they were
    computed from (rolled back, and their primary keys reused, after each test)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def login(client):
    """Log the test client in, by email, as a user made by the factories or a demo user."""

    def _login(user):
        email = getattr(user, "email", user)
        assert client.login(username=email, password=PASSWORD) or client.login(
            username=email, password=DEMO_PASSWORD
        ), f"cannot log in as {email}"
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
