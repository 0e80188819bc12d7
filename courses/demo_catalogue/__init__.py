"""The demo catalogue beyond the first two courses: four courses written for the programme's
audiences, in English and French, with images, a captioned video and equivalent pre- and
post-tests (`courses.demo.load_demo` calls `load_catalogue`).

Each course is a module holding `COURSE` (pages) and `TESTS` (questions per language, pre
and post). Idempotent: what exists is left as it is, only what is missing is created.
Media (images, the video, its captions and poster) are files of `fixtures/courses/media/`,
made by `courses/demo_catalogue/make_media.py`.
"""

from pathlib import Path

from django.conf import settings
from django.core.files import File

from . import authorities, cooperation, reaction_recovery, transport_hubs

MODULES = [transport_hubs, reaction_recovery, cooperation, authorities]


def media_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "courses" / "media"


def load_catalogue(*, index, locales: dict) -> dict:
    """Create what is missing of the four courses; {slug: English CoursePage}."""
    media = Media()
    return {
        module.COURSE["slug"]: ensure_course(
            index=index, spec=module.COURSE, tests=module.TESTS, locales=locales, media=media
        )
        for module in MODULES
    }


class Media:
    """Wagtail images and documents made from the media files, each created once."""

    def __init__(self):
        self._images, self._documents = {}, {}

    def image(self, name: str):
        from wagtail.images import get_image_model

        if name not in self._images:
            Image = get_image_model()
            title = f"Demo: {name}"
            image = Image.objects.filter(title=title).first()
            if image is None:
                path = media_dir() / f"{name}.webp"
                with path.open("rb") as handle:
                    image = Image(title=title, file=File(handle, name=path.name))
                    image.save()
            self._images[name] = image
        return self._images[name]

    def document(self, filename: str):
        from wagtail.documents import get_document_model

        if filename not in self._documents:
            Document = get_document_model()
            title = f"Demo: {filename}"
            document = Document.objects.filter(title=title).first()
            if document is None:
                path = media_dir() / filename
                with path.open("rb") as handle:
                    document = Document(title=title, file=File(handle, name=path.name))
                    document.save()
            self._documents[filename] = document
        return self._documents[filename]

    def resolve(self, body: list[dict], lang: str) -> list[dict]:
        """The body with media names replaced by the ids the blocks store."""
        resolved = []
        for block in body:
            value = block["value"]
            if block["type"] == "image":
                value = {**value, "image": self.image(f"{value['image']}.{lang}").pk}
            elif block["type"] == "video":
                name = value["video"]
                value = {
                    **value,
                    "video": self.document(f"{name}.{lang}.mp4").pk,
                    "captions": self.document(f"{name}.{lang}.vtt").pk,
                    "poster": self.image(f"{name}-poster.{lang}").pk,
                }
            resolved.append({"type": block["type"], "value": value})
        return resolved


def ensure_quizzes(*, tests: dict, lang: str):
    """The pre-test and the post-test of one language: two banks, different questions."""
    from ..models import Option, Question, QuestionBank, Quiz

    spec = tests[lang]
    quizzes = []
    for kind, label, defaults in (
        ("pre", "Pre-test", {"attempt_limit": 1, "pass_mark": 70}),
        ("post", "Post-test", {"attempt_limit": 3, "pass_mark": 70, "time_limit_minutes": 20}),
    ):
        bank, created = QuestionBank.objects.get_or_create(
            title=f"{label}: {spec['title']} ({lang})",
            defaults={
                "description": "Demo bank; the pre-test and the post-test are equivalent "
                "forms: different questions measuring the same competencies."
            },
        )
        if created:
            for order, item in enumerate(spec[kind]):
                question = Question.objects.create(
                    bank=bank,
                    competency=item["measures"],
                    kind=item["kind"],
                    text=item["text"],
                    numeric_answer=item.get("numeric_answer"),
                    tolerance=item.get("tolerance", 0),
                    feedback=item.get("feedback", ""),
                    sort_order=order,
                )
                Option.objects.bulk_create(
                    Option(question=question, text=text, is_correct=ok, feedback=fb, sort_order=i)
                    for i, (text, ok, fb) in enumerate(item.get("options", []))
                )
        quiz, _ = Quiz.objects.get_or_create(
            title=f"{label}: {spec['title']} ({lang})", defaults={"bank": bank, **defaults}
        )
        quizzes.append(quiz)
    return quizzes


def ensure_course(*, index, spec: dict, tests: dict, locales: dict, media: Media):
    from ..models import CourseAudience, CourseCompetency, CoursePage, LessonPage

    default = settings.LANGUAGE_CODE
    course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if course is None:
        pre, post = ensure_quizzes(tests=tests, lang=default)
        course = CoursePage(
            slug=spec["slug"],
            topic=spec["topic"],
            audience=spec["audience"],
            estimated_hours=spec["estimated_hours"],
            pass_mark=spec["pass_mark"],
            certificate_validity_months=spec.get("certificate_validity_months"),
            pre_test=pre,
            post_test=post,
            **spec[default],
        )
        course.competencies = [CourseCompetency(**c) for c in spec["competencies"]]
        course.extra_audiences = [CourseAudience(audience=a) for a in spec["also_for"]]
        index.add_child(instance=course)
        course.save_revision().publish()
    for lesson_spec in spec["lessons"]:
        if not LessonPage.objects.child_of(course).filter(slug=lesson_spec["slug"]).exists():
            lesson = LessonPage(
                slug=lesson_spec["slug"],
                estimated_minutes=lesson_spec["minutes"],
                title=lesson_spec[default]["title"],
                body=media.resolve(lesson_spec[default]["body"], default),
            )
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
    for code, locale in locales.items():
        if code != default:
            _ensure_translation(course, spec, tests, code, locale, media)
    return course


def _ensure_translation(course, spec, tests, code, locale, media):
    from ..models import LessonPage

    translated = course.get_translation_or_none(locale)
    if translated is None:
        pre, post = ensure_quizzes(tests=tests, lang=code)
        _translate(course, locale, {**spec[code], "pre_test": pre, "post_test": post})
    for lesson_spec in spec["lessons"]:
        lesson = LessonPage.objects.child_of(course).get(slug=lesson_spec["slug"])
        if lesson.get_translation_or_none(locale) is None:
            fields = lesson_spec[code]
            _translate(
                lesson,
                locale,
                {
                    "slug": fields["slug"],
                    "title": fields["title"],
                    "body": media.resolve(fields["body"], code),
                },
            )


def _translate(page, locale, fields: dict):
    translation = page.copy_for_translation(locale)
    for field, value in fields.items():
        setattr(translation, field, value)
    translation.save_revision().publish()
    return translation
