"""What "make available offline" downloads for a course: its URLs, their size, a version.

The package holds the course page, its lessons with their images (every width the page
offers), uploaded videos, captions and documents, the post-test's questions drawn for offline
use (never the answers), My learning, and the static files those pages load. Its version
changes when the course or a lesson is republished, or the trainee's post-test attempts
change: the browser then downloads the package again.
"""

from __future__ import annotations

import hashlib
import json
import os

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .. import access
from ..models import LessonPage
from .enrolment import enrolment_of
from .progress import lesson_access_facts
from .quizzes import attempts_used

# The widths the image block's srcset offers, and the video poster's.
IMAGE_FILTERS = ("width-400", "width-800", "width-1200")
POSTER_FILTER = "width-640"
# A page's size is estimated from its stored body: the text plus the page around it (header,
# navigation, footer), so the figure is the same every time and costs no rendering.
PAGE_OVERHEAD_BYTES = 12_000
STATIC_FILES = (
    "ctps/css/site.css",
    "courses/courses.css",
    "courses/offline.js",
    "courses/offline-queue.js",
)


def offline_refusal(*, user, course) -> tuple[int, str] | None:
    """(HTTP status, reason) when the trainee may not keep this course offline."""
    facts = lesson_access_facts(user=user, course=course)
    if not facts["enrolled"]:
        return 403, access.not_enrolled_refusal(None)
    refusal = access.lesson_refusal(**facts)
    if refusal:
        return 409, refusal
    return None


def offline_test_available(*, user, course, enrolment) -> bool:
    """The post-test goes offline while it can still be taken and has no time limit.

    `user` None: a trainee who has just enrolled (the bench's figure).
    """
    quiz = course.post_test
    if quiz is None or quiz.time_limit_minutes or (enrolment and enrolment.completed_at):
        return False
    if user is None:
        return True
    used = attempts_used(user=user, course=course, kind="post")
    return access.attempts_left(quiz=quiz, used=used) != 0


def offline_package(*, course, user=None, request=None) -> dict:
    """The trainee's offline package of an enrolled course (see the module docstring).

    `user` None: the package of a trainee who has just enrolled (the bench reports its size).
    """
    enrolment = user and enrolment_of(user_id=user.pk, course_key=course.translation_key)
    lessons = list(LessonPage.objects.live().public().child_of(course).order_by("path"))
    pages = [(course.get_url(request=request), _page_bytes([course.summary, course.objectives]))]
    pages += [
        (lesson.get_url(request=request), _page_bytes(list(lesson.body.raw_data)))
        for lesson in lessons
    ]
    pages.append((reverse("courses:my_learning"), PAGE_OVERHEAD_BYTES))
    test = offline_test_available(user=user, course=course, enrolment=enrolment)
    if test:
        pages.append((reverse("courses:offline_test", args=[course.pk]), PAGE_OVERHEAD_BYTES * 2))
    files = _media_files(lessons) + _static_files()
    post_used = 0
    if user is not None and course.post_test_id:
        post_used = attempts_used(user=user, course=course, kind="post")
    version_source = [
        get_language(),
        course.pk,
        course.live_revision_id,
        [(lesson.pk, lesson.live_revision_id) for lesson in lessons],
        course.post_test_id,
        post_used,
        bool(enrolment and enrolment.completed_at),
        test,
    ]
    version = hashlib.sha256(json.dumps(version_source, default=str).encode()).hexdigest()[:16]
    entries = pages + files
    return {
        "course": course.pk,
        "title": course.title,
        "version": version,
        "urls": [url for url, _size in entries],
        "bytes": sum(size for _url, size in entries),
        "lessons": len(lessons),
        "test": test,
    }


def _page_bytes(raw) -> int:
    return PAGE_OVERHEAD_BYTES + len(json.dumps(raw, ensure_ascii=False).encode())


def _media_files(lessons) -> list[tuple[str, int]]:
    """(URL, bytes) of the images, videos, captions and documents the lessons show."""
    image_ids, poster_ids, document_ids = [], [], []
    for lesson in lessons:
        for block in lesson.body.raw_data:
            value = block.get("value") or {}
            if block.get("type") == "image" and value.get("image"):
                image_ids.append(value["image"])
            elif block.get("type") == "video":
                document_ids += [value.get("video"), value.get("captions")]
                if value.get("poster"):
                    poster_ids.append(value["poster"])
            elif block.get("type") == "document" and value.get("document"):
                document_ids.append(value["document"])
    files: list[tuple[str, int]] = []
    seen: set[str] = set()
    Image = get_image_model()
    for ids, filters in ((image_ids, IMAGE_FILTERS), (poster_ids, (POSTER_FILTER,))):
        images = Image.objects.filter(pk__in=set(ids)).prefetch_renditions(*filters)
        for image in sorted(images, key=lambda image: image.pk):
            for rendition in image.get_renditions(*filters).values():
                files.append((rendition.url, _file_size(rendition.file)))
    documents = get_document_model().objects.filter(pk__in={pk for pk in document_ids if pk})
    for document in sorted(documents, key=lambda document: document.pk):
        files.append((document.url, document.file_size or _file_size(document.file)))
    unique = []
    for url, size in files:
        if url not in seen:
            seen.add(url)
            unique.append((url, size))
    return unique


def _file_size(file) -> int:
    try:
        return file.size
    except (OSError, ValueError):
        return 0


def _static_files() -> list[tuple[str, int]]:
    files = []
    for path in STATIC_FILES:
        found = finders.find(path)
        files.append((static(path), os.path.getsize(found) if found else 0))
    return files
