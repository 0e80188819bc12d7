"""Uploads in development: only what production serves publicly, never a private file.

Production has no public URL for documents: they always pass through Wagtail's checked view
(`/documents/<id>/`, collection privacy and the evidence rules), so `/media/documents/…` must
not hand them out on `make run` either. Images are public content (pages show them), and
staff avatars are shown in the admin: both are served from their media URL in development as
by the storage in production.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

PUBLIC_MEDIA_PREFIXES = ("original_images/", "images/", "avatar_images/")


def public_media(request, path: str):
    """Serve an image, a rendition or an avatar from MEDIA_ROOT; anything else is not found."""
    prefixes = tuple(getattr(settings, "CTPS_PUBLIC_MEDIA_PREFIXES", PUBLIC_MEDIA_PREFIXES))
    # Judge the path `serve` will open: images/../documents/… is a document.
    path = posixpath.normpath(path).lstrip("/")
    if ".." in path.split("/") or not path.startswith(prefixes):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def media_urlpatterns() -> list:
    """The development media route (DEBUG only; production serves images from its storage)."""
    if not settings.DEBUG or "://" in settings.MEDIA_URL:
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", public_media)]
