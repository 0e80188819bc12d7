"""The site's role groups and the permissions each plugin grants them.

Plugins name roles, not groups: a site maps each role to its own group name in
`CTPS_ROLE_GROUPS` and may replace a plugin's grants in `CTPS_GRANTS[app_label]`. Grants are
applied after every `migrate` (post_migrate), so they never depend on another app's
migrations and a plugin installed alone still gets its groups.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_migrate

TRAINEE = "trainee"
COUNTRY_STAFF = "country_staff"
PROGRAMME_STAFF = "programme_staff"
MANAGER = "manager"
DEFAULT_GROUP_NAMES = {
    TRAINEE: "Trainee",
    COUNTRY_STAFF: "Country staff",
    PROGRAMME_STAFF: "Programme staff",
    MANAGER: "Manager",
}
ROLES = tuple(DEFAULT_GROUP_NAMES)


def group_names() -> dict[str, str]:
    return {**DEFAULT_GROUP_NAMES, **getattr(settings, "CTPS_ROLE_GROUPS", {})}


def group_name(role: str) -> str:
    return group_names()[role]


def grants_for(app_label: str, defaults: dict[str, list[str]]) -> dict[str, list[str]]:
    """The plugin's grants per role: `CTPS_GRANTS[app_label]` when the site sets it."""
    return getattr(settings, "CTPS_GRANTS", {}).get(app_label, defaults)


def apply_grants(app_config, grants: dict[str, list[str]], using: str = "default") -> None:
    """Create the roles' groups if needed and add the permissions (idempotent).

    A codename without a dot belongs to the plugin; "app_label.codename" to another app.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    create_permissions(app_config, verbosity=0, using=using)  # normally after our handler
    for role, codenames in grants.items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name(role))
        wanted = Q(pk__in=[])
        for dotted in codenames:
            app_label, _dot, codename = dotted.rpartition(".")
            wanted |= Q(content_type__app_label=app_label or app_config.label, codename=codename)
        group.permissions.add(*Permission.objects.using(using).filter(wanted))


def connect_grants(app_config, defaults: dict[str, list[str]]) -> None:
    """From a plugin's AppConfig.ready(): grant after each migrate of that plugin."""

    def grant(sender, using="default", **_kwargs):
        apply_grants(app_config, grants_for(app_config.label, defaults), using)

    post_migrate.connect(
        grant, sender=app_config, weak=False, dispatch_uid=f"ctps_grants_{app_config.label}"
    )
