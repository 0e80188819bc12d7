"""Accounts in the role groups (no plugin needed).

Group names come from `ctps_common.roles.group_name(role)`, so a site that renames its groups
(`CTPS_ROLE_GROUPS`) gets users in its own groups. Staff of a given country (a register
membership) are `tests.factories.register.CountryStaffFactory`: courses knows no countries.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from ctps_common import roles

PASSWORD = "a-long-test-password"


def role_groups(default=None):
    """A `role` post-generation declaration: `role="manager"` or `role=[...]` (role names of
    `ctps_common.roles`) puts the user in those groups; `default` when none is given."""

    def add(user, create, extracted, **_kwargs):
        if not create:
            return
        chosen = default if extracted is None else extracted
        for role in [chosen] if isinstance(chosen, str) else chosen or []:
            user.groups.add(Group.objects.get(name=roles.group_name(role)))

    return factory.PostGeneration(add)


class UserFactory(DjangoModelFactory):
    """Someone who signs in with their email and PASSWORD; in no group unless `role=` says."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = factory.Sequence(lambda n: f"Given{n}")
    last_name = factory.Sequence(lambda n: f"Family{n}")
    password = factory.django.Password(PASSWORD)
    role = role_groups()


class TraineeFactory(UserFactory):
    email = factory.Sequence(lambda n: f"trainee{n}@example.org")
    role = role_groups(roles.TRAINEE)


class CountryStaffFactory(UserFactory):
    """Country staff without a country (enough for courses); see register.CountryStaffFactory."""

    email = factory.Sequence(lambda n: f"country.staff{n}@example.org")
    role = role_groups(roles.COUNTRY_STAFF)


class ProgrammeStaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"programme.staff{n}@example.org")
    role = role_groups(roles.PROGRAMME_STAFF)


class ManagerFactory(UserFactory):
    email = factory.Sequence(lambda n: f"manager{n}@example.org")
    role = role_groups(roles.MANAGER)


class AdministratorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"admin{n}@example.org")
    is_superuser = True
    is_staff = True
