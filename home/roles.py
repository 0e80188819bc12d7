"""The product's four roles as Django groups, and what each may do in the Wagtail admin.

The group names come from `ctps_common.roles` (the site may rename them in
`CTPS_ROLE_GROUPS`); plugins grant their own model permissions to the same roles after
every migrate.
"""

from ctps_common import roles

TRAINEE = roles.group_name(roles.TRAINEE)
COUNTRY_STAFF = roles.group_name(roles.COUNTRY_STAFF)
PROGRAMME_STAFF = roles.group_name(roles.PROGRAMME_STAFF)
MANAGER = roles.group_name(roles.MANAGER)
ROLES = (TRAINEE, COUNTRY_STAFF, PROGRAMME_STAFF, MANAGER)

# Global permissions per role as "app_label.codename".
GLOBAL_PERMISSIONS = {
    TRAINEE: [],
    COUNTRY_STAFF: ["wagtailadmin.access_admin"],
    PROGRAMME_STAFF: ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"],
    MANAGER: ["wagtailadmin.access_admin"],
}
# Page permissions on the tree root (so on every page), per role.
PAGE_PERMISSIONS = {
    PROGRAMME_STAFF: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Image and document permissions on the root collection (public course material), per role.
COLLECTION_PERMISSIONS = {
    PROGRAMME_STAFF: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}
# Country staff file documents only as evidence, in the capability plugin's private collection.


def create_roles(apps, schema_editor=None) -> None:
    """Create or complete the role groups; safe to run again (used by a data migration)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(dotted: str):
        app_label, codename = dotted.split(".")
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(p) for p in GLOBAL_PERMISSIONS[name]])
        for codename in PAGE_PERMISSIONS.get(name, []):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=permission(f"wagtailcore.{codename}"),
            )
        for dotted in COLLECTION_PERMISSIONS.get(name, []):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(dotted)
            )


def delete_roles(apps, schema_editor=None) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
