"""Reads of the catalogue and of course outlines, shared by every trainee.

The outline of a course, its lesson URLs and page URLs are kept per page-tree version
(`courses.cache`): the same for every trainee, they change only when an editor changes a page.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

from ..cache import cached
from ..models import CoursePage, LessonPage
from ..models.pages import AUDIENCE_FILTERS, TOPICS


def catalogue_filters(params) -> dict:
    """Keep only known filter values, so a tampered query string shows the whole catalogue."""
    topic = params.get("topic", "")
    audience = params.get("audience", "")
    language = params.get("language", "")
    return {
        "topic": topic if topic in dict(TOPICS) else "",
        "audience": audience if audience in dict(AUDIENCE_FILTERS) else "",
        "language": language if language in dict(settings.LANGUAGES) else "",
    }


def catalogue(*, index, user, filters: dict):
    """The catalogue's courses (live, public, in one language) for `user`."""
    return CoursePage.objects.catalogue(index=index, user=user, **filters)


def course_lessons(course) -> list:
    """Live lessons of a course in order, with the fields the outline shows.

    One query per course and page-tree version: the outline is the same for every trainee.
    """
    return cached(
        "outline",
        course.pk,
        lambda: list(
            LessonPage.objects.live()
            .child_of(course)
            .order_by("path")
            .only(
                "id",
                "title",
                "url_path",
                "path",
                "depth",
                "translation_key",
                "locale_id",
                "required",
            )
        ),
    )


def lesson_urls(*, course, request) -> dict:
    """{lesson id: URL} of the course's live lessons, as `{% pageurl %}` gives them.

    Kept per page-tree version, language and host: building a page URL reverses Wagtail's
    route and compares sites, too slow to repeat for every lesson of every outline.
    """
    return cached(
        "lesson-urls",
        f"{course.pk}:{get_language()}:{request.get_host()}",
        lambda: {page.pk: page.get_url(request=request) for page in course_lessons(course)},
    )


def page_url(page, request) -> str:
    """`{% pageurl %}` of a course page, kept per page-tree version, language and host."""
    return cached(
        "page-url",
        f"{page.pk}:{get_language()}:{request.get_host()}",
        lambda: page.get_url(request=request),
    )


def following_lesson(lesson) -> LessonPage | None:
    """The next live lesson of the same course, in course order."""
    return (
        LessonPage.objects.live()
        .sibling_of(lesson, inclusive=False)
        .filter(path__gt=lesson.path)
        .order_by("path")
        .first()
    )
