"""The one versioned cache: entries live until a change replaces the version."""

import pytest
from django.core.cache import cache
from django.db import transaction

from ctps_common.cache import VersionedCache, page_tree


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_value_is_computed_once_per_version():
    versioned = VersionedCache("test", timeout=60)
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert versioned.cached("n", "k", compute) == 1
    assert versioned.cached("n", "k", compute) == 1
    versioned.bump()
    assert versioned.cached("n", "k", compute) == 2
    assert versioned.cached("n", "other", compute) == 3


@pytest.mark.django_db
def test_a_bump_inside_a_transaction_holds_after_commit(django_capture_on_commit_callbacks):
    versioned = VersionedCache("test", timeout=60)
    before = versioned.version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        versioned.bump()
        during = versioned.version()
    assert before != during != versioned.version()


def test_an_evicted_version_never_meets_old_entries():
    versioned = VersionedCache("test", timeout=60)
    versioned.cached("n", "k", lambda: "old")
    cache.delete(versioned.version_key)  # evicted, entries still there
    assert versioned.cached("n", "k", lambda: "new") == "new"


def test_the_timeout_may_come_from_settings(settings):
    settings.SOME_TIMEOUT = 7
    versioned = VersionedCache("test", timeout=lambda: settings.SOME_TIMEOUT)
    assert versioned.timeout == 7


@pytest.mark.django_db
def test_saving_a_page_replaces_the_page_tree_version():
    from wagtail.models import Page

    before = page_tree.version()
    root = Page.objects.get(depth=1)
    root.save()
    assert page_tree.version() != before
