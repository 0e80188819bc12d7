"""Files are served only to users allowed to see them, never from a public media URL.

Documents go through Wagtail's permission-checked serve view (WAGTAILDOCS_SERVE_METHOD =
"serve_view"), which honours collection privacy; uploaded attendance sheets live in the
database (PendingImport.content), readable only through their uploader's preview.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from ctps_common.models import PendingImport
from tests.factories.register import WorkshopFactory

from .access import DENIED, LOGIN, OK, outcome
from .malformed_sheets import GOOD_ROW, HEADERS, workbook_bytes


def _private_document():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Evidence (staff only)")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Country staff"))
    return Document.objects.create(
        title="Signed attendance sheet",
        collection=collection,
        file=ContentFile(b"name,sex\nAma,F\n", name="evidence-sheet.csv"),
    )


def test_private_documents_reach_only_allowed_users(client, login, trainee, ghana_staff):
    document = _private_document()
    assert document.url.startswith("/documents/")  # the serve view, not MEDIA_URL
    assert outcome(client.get(document.url)) == LOGIN
    assert outcome(login(trainee).get(document.url)) in (LOGIN, DENIED)
    response = login(ghana_staff).get(document.url)
    assert outcome(response) == OK
    assert b"".join(response.streaming_content) == b"name,sex\nAma,F\n"


def test_media_files_have_no_public_url(client, db):
    document = _private_document()
    public = settings.MEDIA_URL + document.file.name
    assert client.get(public, follow=True).status_code == 404


def test_uploaded_sheets_stay_in_the_database_and_with_their_uploader(
    login, ghana_staff, programme_staff
):
    media_before = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    workshop = WorkshopFactory()  # in Ghana
    client = login(ghana_staff)
    response = client.post(
        reverse("capability_attendance:import"),
        {
            "workshop": workshop.pk,
            "file": SimpleUploadedFile("sheet.xlsx", workbook_bytes([HEADERS, GOOD_ROW])),
        },
    )
    assert response.status_code == 302
    pending = PendingImport.objects.latest("created_at")
    assert bytes(pending.content)[:2] == b"PK"
    assert {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()} == media_before
    preview = reverse("capability_attendance:import_preview", args=[pending.pk])
    assert outcome(client.get(preview)) == OK
    other = login(programme_staff)
    assert outcome(other.get(preview)) == DENIED
