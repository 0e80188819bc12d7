"""The development server serves no private file under MEDIA_URL: documents only ever pass
through Wagtail's checked view, in development as in production; images stay public."""

import importlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import clear_url_caches
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_urls(settings):
    """The site's URLs as the development server (DEBUG) builds them."""
    import ctps.urls

    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(ctps.urls)
    yield
    settings.DEBUG = False
    clear_url_caches()
    importlib.reload(ctps.urls)


def private_collection(name: str) -> Collection:
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def files(db):
    """Documents in the private Evidence collection, another private one and the root, and an
    image: what the media folder of `make run` holds."""
    evidence = Collection.objects.get(depth=2, name="Evidence")
    collections = [evidence, private_collection("Board papers"), Collection.get_first_root_node()]
    for n, collection in enumerate(collections):
        for extension in ("pdf", "txt"):
            Document.objects.create(
                title=f"doc {n}",
                collection=collection,
                file=ContentFile(b"Ama Mensah, Inspector", name=f"plan-{n}.{extension}"),
            )
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    image = Image.objects.create(title="poster", file=ImageFile(buffer, name="poster.png"))
    return image


def private_documents():
    restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    return [
        document
        for document in Document.objects.select_related("collection")
        if any(document.collection.path.startswith(path) for path in restricted)
    ]


def test_no_private_file_downloads_from_its_media_url(client, dev_urls, files):
    private = private_documents()
    assert len(private) == 4
    for document in private:
        assert document.file.storage.exists(document.file.name)  # it is on disk...
        assert document.file.url.startswith("/media/documents/")
        response = client.get(document.file.url)
        assert response.status_code == 404, document.file.url  # ...but not under /media/


def test_no_private_file_downloads_through_an_image_path(client, dev_urls, files):
    for document in private_documents():
        for prefix in ("images/../", "images/%2e%2e/", "original_images/..%2f", "images//../"):
            url = "/media/" + prefix + document.file.name
            assert client.get(url).status_code == 404, url


def test_public_documents_also_pass_through_the_checked_view(client, dev_urls, files):
    public = Document.objects.get(title="doc 2", file__endswith=".pdf")
    assert client.get(public.file.url).status_code == 404
    response = client.get(public.url)  # /documents/<id>/<name>
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Ama Mensah, Inspector"


def test_images_are_served_in_development(client, dev_urls, files):
    response = client.get(files.file.url)
    assert response.status_code == 200
    rendition = files.get_rendition("width-4")
    assert client.get(rendition.url).status_code == 200


def test_no_media_route_without_debug(client, files):
    assert client.get(files.file.url).status_code == 404
