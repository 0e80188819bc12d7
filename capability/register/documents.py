"""Evidence documents: kept in a private collection, served only to who may see their record.

Records cite a Wagtail document as their evidence (signed plans, exercise reports, attendance
sheets): the results app's deliverables and manual indicator values do. Such files carry names
of security personnel, so they are filed in the "Evidence" collection, whose view restriction
admits the staff groups only, and the serve view also requires a record citing the document
within the user's country scope: Ghana's staff never download Kenya's evidence by guessing its
address.

A citing model is any installed model with the `FilesEvidence` mixin, an `evidence` foreign
key to the document and a country-scoped manager (`for_user`); the register finds them among
the installed models and never imports the apps that define them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ctps_common.roles import COUNTRY_STAFF, PROGRAMME_STAFF, group_name

from .querysets import country_ids_for

# Imported by the models module: Wagtail's and auth's models are imported where used.

COLLECTION_NAME = "Evidence"
STAFF_ROLES = (COUNTRY_STAFF, PROGRAMME_STAFF)


def evidence_collection():
    """The private collection evidence is filed in, created with its restriction if missing."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction

    collection = existing_evidence_collection()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(
            Group.objects.filter(name__in=[group_name(role) for role in STAFF_ROLES])
        )
    return collection


def existing_evidence_collection():
    from wagtail.models import Collection

    return Collection.objects.filter(depth=2, name=COLLECTION_NAME).first()


def in_evidence_tree(collection) -> Q:
    """Documents filed in `collection` or below it."""
    if collection is None:
        return Q(pk__in=[])
    return Q(collection__path__startswith=collection.path)


def citing_models():
    """The installed models citing evidence documents, in INSTALLED_APPS order."""
    from django.apps import apps

    return tuple(model for model in apps.get_models() if issubclass(model, FilesEvidence))


def file_as_evidence(document) -> None:
    """Move a cited document into the private collection (nothing to do if already there)."""
    if document is None:
        return
    collection = evidence_collection()
    if not document.collection.path.startswith(collection.path):
        document.collection = collection
        document.save(update_fields=["collection"])


def is_evidence(document) -> bool:
    if document.collection.path.startswith(getattr(existing_evidence_collection(), "path", "-")):
        return True
    return any(model.objects.filter(evidence=document).exists() for model in citing_models())


def may_download(user, document) -> bool:
    """Whether `user` uploaded `document` or may see a record that cites it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or document.uploaded_by_user_id == user.pk:
        return True
    for model in citing_models():
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}") and (
            model.objects.for_user(user).filter(evidence=document).exists()
        ):
            return True
    return False


def check_download(document, request):
    """`before_serve_document` hook: evidence reaches only users who may see its record."""
    if not is_evidence(document):
        return None
    if not request.user.is_authenticated:
        from wagtail.wagtail_hooks import require_wagtail_login

        return require_wagtail_login(next=request.get_full_path())
    if not may_download(request.user, document):
        raise PermissionDenied
    return None


def visible_in_chooser(documents, user):
    """Country staff choose among their own uploads and the evidence of their countries."""
    if country_ids_for(user) is None:
        return documents
    cited = Q(uploaded_by_user=user)
    for model in citing_models():
        in_scope = model.objects.for_user(user).filter(evidence__isnull=False)
        cited |= Q(pk__in=in_scope.values("evidence"))
    return documents.filter(~in_evidence_tree(existing_evidence_collection()) | cited)


class FilesEvidence:
    """Mixin of the records citing an `evidence` document: saving files it as private."""

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.evidence_id:
            file_as_evidence(self.evidence)
