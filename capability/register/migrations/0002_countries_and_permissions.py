"""Partner countries, and the register's permissions granted to the site's role groups.

Self-contained (a copy of what the app's roles module said when this migration was written):
migrations never import app code. Permissions are created from the migration state, so the
models they are for are the ones this app had at this point of its history.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")
REGISTER_MODELS = ("organisation", "person", "workshop", "attendance", "competencyevidence")
REFERENCE_MODELS = ("country", "competencyframework", "competency")

GROUP_PERMISSIONS = {
    # Country staff keep the register of their own countries and read the reference lists.
    "Country staff": [f"{action}_{model}" for model in REGISTER_MODELS for action in CRUD]
    + [f"view_{model}" for model in REFERENCE_MODELS],
    # Programme staff do everything, in every country, and assign staff to countries.
    "Programme staff": [
        f"{action}_{model}"
        for model in (*REGISTER_MODELS, *REFERENCE_MODELS, "staffcountry")
        for action in CRUD
    ]
    + ["view_all_countries"],
    # Managers read dashboards only: no register permission at all (no personal data).
    "Manager": [],
}

PARTNER_COUNTRIES = (("GH", "Ghana"), ("KE", "Kenya"), ("SN", "Senegal"))


def grant_permissions(apps, schema_editor=None) -> None:
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Country = apps.get_model("capability", "Country")
    for code, name in PARTNER_COUNTRIES:
        Country.objects.get_or_create(code=code, defaults={"name": name, "is_partner": True})
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="capability", codename__in=codenames)
        )


def revoke_permissions(apps, schema_editor=None) -> None:
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="capability"))


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0001_initial"),
        ("home", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
