import pytest

from tests.home.fresh_database import FreshDatabases


@pytest.fixture(scope="session")
def fresh_databases(tmp_path_factory):
    """Databases migrated once by another process, copied for each server the tests start."""
    databases = FreshDatabases(tmp_path_factory.mktemp("faults-databases"))
    yield databases
    databases.drop_all()
