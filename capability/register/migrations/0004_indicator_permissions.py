"""Permissions of the indicator framework granted to the role groups (names from home.roles).

Managers get `view_dashboards` and nothing else: no register or deliverable permission, so no
personal data reaches them.

Self-contained (a copy of what capability/indicators/roles.py said when this migration was
written): migrations never import app code. Permissions are created from the migration state,
where the indicator models still belong to this app (`capability`); the results app's
0001_initial moves their content types, and so these permissions and grants, to
`capability_results`.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")
DASHBOARDS = "view_dashboards"
ALL_COUNTRIES = "view_all_dashboards"

GROUP_PERMISSIONS = {
    "Country staff": [
        *(f"{action}_{model}" for model in ("deliverable", "followup", "indicatorvalue")
          for action in CRUD),
        "view_indicator",
        DASHBOARDS,
    ],
    "Programme staff": [
        *(f"{action}_{model}"
          for model in ("indicator", "indicatorbaseline", "indicatortarget", "indicatorvalue",
                        "deliverable", "followup")
          for action in CRUD),
        DASHBOARDS,
        ALL_COUNTRIES,
    ],
    "Manager": [DASHBOARDS, ALL_COUNTRIES],
}  # fmt: skip


def grant_permissions(apps, schema_editor=None) -> None:
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="capability", codename__in=codenames)
        )


def revoke_permissions(apps, schema_editor=None) -> None:
    Permission = apps.get_model("auth", "Permission")
    codenames = {codename for names in GROUP_PERMISSIONS.values() for codename in names}
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="capability", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0003_indicators"),
        ("home", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
