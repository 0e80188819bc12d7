"""ctps_common: `cache.bump`/`cache.batch` (one new version per cache for many writes) and
`writes.SignallingQuerySet` (bulk writes made visible through `bulk_written`)."""

import pytest

from ctps_common import cache as shared
from ctps_common.cache import VersionedCache, batch, bump
from ctps_common.writes import bulk_written


@pytest.fixture
def versions_set(monkeypatch):
    calls = []
    original = shared._set_new_versions

    def record(caches):
        calls.append(sorted(versioned.namespace for versioned in caches))
        original(caches)

    monkeypatch.setattr(shared, "_set_new_versions", record)
    return calls


@pytest.mark.django_db
def test_bump_sets_several_versions_at_once(versions_set):
    one, two = VersionedCache("one", 60), VersionedCache("two", 60)
    before = one.version(), two.version()
    bump(one, two)
    assert versions_set[0] == ["one", "two"]  # once now (and once more on commit)
    assert (one.version(), two.version()) != before


@pytest.mark.django_db
def test_a_batch_bumps_each_cache_once_at_its_end(versions_set):
    one, two = VersionedCache("one", 60), VersionedCache("two", 60)
    before = one.version()
    with batch():
        for _ in range(100):
            one.bump()
        with batch():  # nested blocks join the outer one
            bump(one, two)
        assert one.version() == before and versions_set == []
    assert versions_set == [["one", "two"]]
    assert one.version() != before


@pytest.mark.django_db
def test_a_failed_batch_still_bumps(versions_set):
    one = VersionedCache("one", 60)
    with pytest.raises(RuntimeError), batch():
        one.bump()
        raise RuntimeError
    assert versions_set == [["one"]]


@pytest.mark.django_db
def test_bulk_writes_of_a_signalling_queryset_are_signalled():
    from capability.register.models import Country

    seen = []

    def receiver(sender, fields, rows, **kwargs):
        seen.append((sender, fields, rows))

    bulk_written.connect(receiver)
    try:
        created = Country.objects.bulk_create([Country(code="ZQ", name="Zed")])
        Country.objects.filter(code="ZQ").update(name="Zed land")
        Country.objects.bulk_update(created, ["name"])
        Country.objects.filter(code="none").update(name="nothing")  # no row: no signal
    finally:
        bulk_written.disconnect(receiver)
    assert seen == [
        (Country, None, 1),
        (Country, frozenset({"name"}), 1),
        (Country, frozenset({"name"}), 1),
    ]
