"""One account per role for the security tests, from the factories (Ghana's and Kenya's
country staff are members of their country in the register)."""

import pytest

from tests.factories.accounts import ManagerFactory, ProgrammeStaffFactory, TraineeFactory
from tests.factories.register import CountryStaffFactory


@pytest.fixture
def ghana_staff(db):
    return CountryStaffFactory(countries=["GH"], first_name="Abena", last_name="Staff")


@pytest.fixture
def kenya_staff(db):
    return CountryStaffFactory(countries=["KE"], first_name="Otieno", last_name="Staff")


@pytest.fixture
def programme_staff(db):
    return ProgrammeStaffFactory()


@pytest.fixture
def manager(db):
    return ManagerFactory()


@pytest.fixture
def trainee(db):
    return TraineeFactory()
