"""File evidence documents in a private "Evidence" collection (capability/documents.py).

Country staff upload and choose documents only there (no longer in the root collection, where
course materials live); programme staff keep the root and get the same rights here. Documents
already cited by a deliverable or an indicator value move in.

The staff groups are the site's role groups, named by `ctps_common.roles` (the site's
`CTPS_ROLE_GROUPS`) and created here if the site has not created them yet, so this migration
does not depend on the site's own role migration.
"""

from django.db import migrations

from ctps_common.roles import COUNTRY_STAFF, PROGRAMME_STAFF, group_name

COLLECTION_NAME = "Evidence"
# Country staff change only their own uploads (Wagtail's owner rule), so the document index
# never lists another country's evidence to them.
DOCUMENT_PERMISSIONS = {
    COUNTRY_STAFF: ("add_document", "choose_document"),
    PROGRAMME_STAFF: ("add_document", "change_document", "choose_document"),
}
COUNTRY_STAFF_ON_ROOT = ("add_document", "choose_document")


def create_evidence_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Document = apps.get_model("wagtaildocs", "Document")

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    collection = Collection.objects.filter(depth=2, name=COLLECTION_NAME).first()
    if collection is None:
        # Historical models have no treebeard API: append the child by hand.
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        step = 4  # treebeard's steplen for Collection
        number = int(last.path[-step:], 36) + 1 if last else 1
        path = root.path + format_base36(number, step)
        collection = Collection.objects.create(name=COLLECTION_NAME, path=path, depth=2, numchild=0)
        root.numchild = Collection.objects.filter(depth=2, path__startswith=root.path).count()
        root.save(update_fields=["numchild"])
    groups = {
        role: Group.objects.get_or_create(name=group_name(role))[0] for role in DOCUMENT_PERMISSIONS
    }
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type="groups", password=""
        )
        restriction.groups.set(groups.values())
    for role, group in groups.items():
        permissions = Permission.objects.filter(
            content_type__app_label="wagtaildocs", codename__in=DOCUMENT_PERMISSIONS[role]
        )
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    GroupCollectionPermission.objects.filter(
        group=groups[COUNTRY_STAFF],
        collection=root,
        permission__content_type__app_label="wagtaildocs",
        permission__codename__in=COUNTRY_STAFF_ON_ROOT,
    ).delete()
    cited = set()
    for model_name in ("Deliverable", "IndicatorValue"):
        model = apps.get_model("capability", model_name)
        cited |= set(
            model.objects.filter(evidence__isnull=False).values_list("evidence", flat=True)
        )
    Document.objects.filter(pk__in=cited).update(collection=collection)


def format_base36(number: int, width: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out.rjust(width, "0")


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0004_indicator_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_evidence_collection, migrations.RunPython.noop)]
