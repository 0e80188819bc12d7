"""Role groups named by the site, grants applied after migrate, whoever created the groups."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from ctps_common.roles import apply_grants, grants_for, group_name

pytestmark = pytest.mark.django_db


def test_group_names_come_from_settings(settings):
    assert group_name("country_staff") == "Country staff"
    settings.CTPS_ROLE_GROUPS = {"country_staff": "Personnel pays"}
    assert group_name("country_staff") == "Personnel pays"
    assert group_name("manager") == "Manager"


def test_a_site_replaces_a_plugins_grants(settings):
    defaults = {"manager": ["view_something"]}
    assert grants_for("courses", defaults) == defaults
    settings.CTPS_GRANTS = {"courses": {"manager": []}}
    assert grants_for("courses", defaults) == {"manager": []}


def test_grants_create_the_renamed_group_and_add_plugin_and_dotted_permissions(settings):
    settings.CTPS_ROLE_GROUPS = {"manager": "Gestionnaires"}
    config = apps.get_app_config("wagtailcore")
    apply_grants(config, {"manager": ["add_page", "wagtailadmin.access_admin"]})
    apply_grants(config, {"manager": ["add_page"]})  # again: nothing doubles
    group = Group.objects.get(name="Gestionnaires")
    assert sorted(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("wagtailadmin", "access_admin"),
        ("wagtailcore", "add_page"),
    ]
