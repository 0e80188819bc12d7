"""Demo content of the courses plugin: a catalogue, two courses in English and French with
lessons, pre- and post-tests, and trainees at various stages.

Idempotent: everything is looked up first and only what is missing is created.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from wagtail.models import Locale, Site

from ctps_common.roles import TRAINEE, group_name

from .models import (
    Certificate,
    CourseCompetency,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    Option,
    Question,
    QuestionBank,
    Quiz,
    QuizAttempt,
    SurveyResponse,
    XapiStatement,
)
from .services.certificates import certificate_issue, months_later
from .services.enrolment import enrolment_create
from .services.progress import lesson_complete
from .services.quizzes import attempt_start, attempt_submit
from .signals import account_country_chosen
from .xapi.statements import statements_restamp

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "courses"
COURSES = ["risk_assessment.json", "command_control.json"]
PASSWORD = "ctps-demo-2026"  # noqa: S105 - published demo password

# email, first name, last name, language, course slug, stage
TRAINEES = [
    ("amina.owusu@ctps.example", "Amina", "Owusu", "en", "risk-assessment-crowded-places", "done"),
    ("john.otieno@ctps.example", "John", "Otieno", "en", "risk-assessment-crowded-places", "half"),
    ("trainee@ctps.example", "Kwame", "Mensah", "en", "command-and-control-large-events", "pre"),
    ("awa.diop@ctps.example", "Awa", "Diop", "fr", "risk-assessment-crowded-places", "half"),
    ("moussa.ndiaye@ctps.example", "Moussa", "Ndiaye", "fr", None, None),
    (
        "grace.wanjiru@ctps.example",
        "Grace",
        "Wanjiru",
        "en",
        "risk-assessment-crowded-places",
        "old",
    ),
]
# Where each demo trainee works: told to the plugins that know countries (`courses` does not).
COUNTRIES = {
    "amina.owusu@ctps.example": "GH",
    "john.otieno@ctps.example": "KE",
    "trainee@ctps.example": "GH",
    "awa.diop@ctps.example": "SN",
    "moussa.ndiaye@ctps.example": "SN",
    "grace.wanjiru@ctps.example": "KE",
}
# Reaction survey answers of demo trainees who completed: relevance, clarity, applicability.
SURVEYS = {
    "amina.owusu@ctps.example": (5, 4, 5, "The checklist will be used at our mall next week."),
    "grace.wanjiru@ctps.example": (4, 3, 4, ""),
}


def _read(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_demo(*, stdout=None) -> list[dict]:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }
    home = site.root_page
    catalogue = _read("catalogue.json")
    index = _ensure_index(home, catalogue["index"], locales)
    courses = {}
    for name in COURSES:
        spec = _read(name)
        courses[spec["slug"]] = _ensure_course(index, spec, locales)
    logins = _ensure_trainees(courses)
    _ensure_records()
    return logins


def _ensure_index(home, content: dict, locales: dict) -> CourseIndexPage:
    default = settings.LANGUAGE_CODE
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = CourseIndexPage(**content[default])
        home.add_child(instance=index)
        index.save_revision().publish()
    for code, locale in locales.items():
        if code != default and index.get_translation_or_none(locale) is None:
            _translate(index, locale, content[code])
    return index


def _translate(page, locale, fields: dict):
    translation = page.copy_for_translation(locale)
    for field, value in fields.items():
        setattr(translation, field, value)
    translation.save_revision().publish()
    return translation


def _ensure_quizzes(spec: dict, code: str) -> tuple[Quiz, Quiz]:
    test = spec["tests"][code]
    bank, created = QuestionBank.objects.get_or_create(
        title=f"{test['title']} ({code})",
        defaults={"description": "Demo bank shared by the pre-test and the post-test."},
    )
    if created:
        for order, item in enumerate(test["questions"]):
            question = Question.objects.create(
                bank=bank,
                kind=item["kind"],
                text=item["text"],
                partial_credit=item.get("partial_credit", False),
                numeric_answer=item.get("numeric_answer"),
                tolerance=item.get("tolerance", 0),
                feedback=item.get("feedback", ""),
                sort_order=order,
            )
            Option.objects.bulk_create(
                Option(question=question, text=text, is_correct=ok, feedback=fb, sort_order=i)
                for i, (text, ok, fb) in enumerate(item.get("options", []))
            )
    pre, _ = Quiz.objects.get_or_create(
        title=f"Pre-test: {test['title']} ({code})",
        defaults={"bank": bank, "attempt_limit": 1, "pass_mark": 70},
    )
    post, _ = Quiz.objects.get_or_create(
        title=f"Post-test: {test['title']} ({code})",
        defaults={"bank": bank, "attempt_limit": 3, "pass_mark": 70, "time_limit_minutes": 30},
    )
    return pre, post


def _ensure_course(index: CourseIndexPage, spec: dict, locales: dict) -> CoursePage:
    default = settings.LANGUAGE_CODE
    course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if course is None:
        pre, post = _ensure_quizzes(spec, default)
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
        index.add_child(instance=course)
        course.save_revision().publish()
    for lesson_spec in spec["lessons"]:
        lesson = LessonPage.objects.child_of(course).filter(slug=lesson_spec["slug"]).first()
        if lesson is None:
            lesson = LessonPage(
                slug=lesson_spec["slug"],
                estimated_minutes=lesson_spec["minutes"],
                title=lesson_spec[default]["title"],
                body=json.dumps(lesson_spec[default]["body"]),
            )
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
    for code, locale in locales.items():
        if code == default:
            continue
        translated = course.get_translation_or_none(locale)
        if translated is None:
            pre, post = _ensure_quizzes(spec, code)
            translated = _translate(
                course, locale, {**spec[code], "pre_test": pre, "post_test": post}
            )
        for lesson_spec in spec["lessons"]:
            lesson = LessonPage.objects.child_of(course).get(slug=lesson_spec["slug"])
            if lesson.get_translation_or_none(locale) is None:
                _translate(
                    lesson,
                    locale,
                    {
                        "title": lesson_spec[code]["title"],
                        "body": json.dumps(lesson_spec[code]["body"]),
                    },
                )
    return course


def correct_answers(attempt: QuizAttempt, *, wrong: int = 0) -> QueryDict:
    """A form submission answering every question right except the first `wrong` ones."""
    data = QueryDict(mutable=True)
    questions = Question.objects.prefetch_related("options").in_bulk(attempt.question_ids())
    for position, item in enumerate(attempt.layout):
        question = questions[item["question"]]
        key = f"q{question.pk}"
        right = position >= wrong
        if question.kind == "numeric":
            value = question.numeric_answer if right else question.numeric_answer + 1000
            data[key] = str(value)
            continue
        options = list(question.options.all())
        chosen = [o.pk for o in options if o.is_correct == right]
        data.setlist(key, [str(pk) for pk in chosen[:1] if question.kind != "multiple"] or [])
        if question.kind == "multiple":
            data.setlist(key, [str(pk) for pk in chosen])
    return data


def _ensure_trainees(courses: dict) -> list[dict]:
    User = get_user_model()
    group = Group.objects.filter(name=group_name(TRAINEE)).first()
    logins = []
    now = timezone.now()
    for email, first, last, lang, slug, stage in TRAINEES:
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        # Every run: a database loaded before accounts had countries gets them (kept if set).
        account_country_chosen.send(sender=User, user=user, country=COUNTRIES[email])
        if group is not None:
            user.groups.add(group)
        if email != "trainee@ctps.example":
            logins.append({"role": f"Trainee ({lang})", "login": email, "password": PASSWORD})
        if slug is None or user.enrolments.exists():
            continue
        course = courses[slug]
        course = course.get_translation_or_none(Locale.objects.get(language_code=lang)) or course
        # Grace finished 22 months ago, so her certificate is due for renewal; the others'
        # last step is today.
        until = now - timedelta(days=round(22 * 30.44)) if stage == "old" else now
        _advance(user=user, course=course, stage=stage, until=until)
    return logins


class _Timeline:
    """Each step of a demo journey happens at its own moment in the past: the rows it wrote
    and its xAPI statements are stamped with that moment (`at`), not with the load time."""

    def __init__(self, user):
        self.user = user

    def at(self, when, step, **kwargs):
        before = set(XapiStatement.objects.filter(user=self.user).values_list("pk", flat=True))
        result = step(**kwargs)
        new = XapiStatement.objects.filter(user=self.user).exclude(pk__in=before)
        statements_restamp(new.values_list("pk", flat=True), when)
        return result


def _advance(*, user, course: CoursePage, stage: str, until) -> None:
    """Take a demo trainee through a course up to `stage` (pre, half, done, old), one step a
    day, the last one at `until`: enrolment and pre-test, a lesson a day, then the post-test."""
    lessons = list(course.lessons())
    upto = {"pre": 1, "half": len(lessons) // 2, "done": len(lessons), "old": len(lessons)}[stage]
    finishes = stage in ("done", "old")
    start = until - timedelta(days=upto + (1 if finishes else 0), hours=2)
    timeline = _Timeline(user)
    enrolment, _created = timeline.at(start, enrolment_create, user=user, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=start)
    _take_test(timeline, user, course, "pre", start + timedelta(minutes=5), wrong=5)
    for day, lesson in enumerate(lessons[:upto], start=1):
        when = start + timedelta(days=day, minutes=30)
        completion = timeline.at(when, lesson_complete, user=user, lesson=lesson)
        LessonCompletion.objects.filter(pk=completion.pk).update(completed_at=when)
    if finishes:
        _take_test(timeline, user, course, "post", until - timedelta(minutes=20), wrong=1)
        _date_completion(user=user, course=course, when=until)


def _take_test(timeline, user, course, kind: str, started, *, wrong: int) -> None:
    """A test started at `started` and submitted 20 minutes later."""
    attempt = timeline.at(started, attempt_start, user=user, course=course, kind=kind)
    submitted = started + timedelta(minutes=20)
    timeline.at(
        submitted,
        attempt_submit,
        attempt=attempt,
        user=user,
        data=correct_answers(attempt, wrong=wrong),
    )
    limit = attempt.quiz.time_limit_minutes
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=started,
        submitted_at=submitted,
        deadline=started + timedelta(minutes=limit) if limit else None,
    )


def _date_completion(*, user, course: CoursePage, when) -> None:
    """The completion (and its certificate) at the moment of the passing post-test."""
    Enrolment.objects.filter(user=user, course_key=course.translation_key).update(completed_at=when)
    for certificate in Certificate.objects.filter(user=user, course_key=course.translation_key):
        validity = course.certificate_validity_months
        certificate.completed_at = certificate.issued_at = when
        certificate.expires_at = months_later(when, validity) if validity else None
        certificate.save(update_fields=["completed_at", "issued_at", "expires_at"])


def _ensure_records() -> None:
    """Certificates for every completion (older databases) and a few survey answers."""
    for enrolment in Enrolment.objects.filter(completed_at__isnull=False).select_related(
        "user", "course"
    ):
        certificate_issue(
            user=enrolment.user,
            course=enrolment.course.specific,
            completed_at=enrolment.completed_at,
        )
    for email, (relevance, clarity, applicability, comment) in SURVEYS.items():
        enrolment = (
            Enrolment.objects.filter(user__username=email, completed_at__isnull=False)
            .select_related("user", "course")
            .first()
        )
        if enrolment is None:
            continue
        SurveyResponse.objects.get_or_create(
            user=enrolment.user,
            course_key=enrolment.course_key,
            defaults={
                "course": enrolment.course,
                "relevance": relevance,
                "clarity": clarity,
                "applicability": applicability,
                "comment": comment,
            },
        )
