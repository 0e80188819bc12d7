"""Actions a trainee took offline, received once each and graded here.

The browser queues each action with a UUID of its own; `offline_submission_receive` acts on it
once. The UUID is unique in the database: a replay (a retried sync, two tabs syncing at the
same moment) finds the first submission and returns its result, never acts twice. A refusal
(attempts used up meanwhile, unenrolled, course unpublished) is a result too, kept and said
in plain words.
"""

from __future__ import annotations

import uuid as uuid_module

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import access
from ..models import CoursePage, LessonPage, OfflineSubmission, QuizAttempt
from ..selectors.progress import lesson_access_facts
from .errors import CourseError
from .progress import lesson_complete
from .quizzes import attempt_start, attempt_submit, layout_draw

# Signs the questions drawn for an offline test, so the trainee answers the draw made for them.
DRAW_SALT = "courses.offline.draw"


def draw_token(*, user, course: CoursePage, kind: str) -> tuple[str, list[dict]]:
    """Draw a test's questions for offline use: (signed token, layout). Nothing is written."""
    quiz = course.pre_test if kind == QuizAttempt.Kind.PRE else course.post_test
    refusal = offline_test_refusal(quiz=quiz)
    if refusal:
        raise CourseError(refusal)
    layout = layout_draw(user=user, course=course, kind=kind)
    token = signing.dumps(
        {"user": user.pk, "course": course.pk, "kind": kind, "quiz": quiz.pk, "layout": layout},
        salt=DRAW_SALT,
        compress=True,
    )
    return token, layout


def offline_test_refusal(*, quiz) -> str | None:
    """A timed test cannot be taken offline: its clock runs on the server."""
    if quiz is None:
        return _("This course has no such test.")
    if quiz.time_limit_minutes:
        return _(
            "This test has a time limit, so it cannot be taken offline: take it when you are "
            "connected."
        )
    return None


def offline_submission_receive(
    *, user, uuid: str, kind: str, payload: dict, language: str
) -> tuple[OfflineSubmission, bool]:
    """Act once on a queued offline action: (submission, replayed).

    A UUID already received returns the first submission unchanged (`replayed` True); one
    received from another account is refused. The action and its record commit together:
    a crash leaves neither.
    """
    try:
        key = uuid_module.UUID(str(uuid))
    except ValueError as error:
        raise CourseError(_("This offline action has no valid identifier.")) from error
    if kind not in OfflineSubmission.Kind.values:
        raise CourseError(_("This offline action is of an unknown kind."))
    existing = OfflineSubmission.objects.filter(uuid=key).first()
    if existing is not None:
        return _replayed(existing, user=user)
    try:
        with transaction.atomic():
            submission = OfflineSubmission.objects.create(
                uuid=key, user=user, kind=kind, payload=payload, outcome="", result={}
            )
            try:
                with transaction.atomic():  # a refusal undoes the action, not the record
                    result = _act(user=user, kind=kind, payload=payload, language=language)
            except CourseError as error:
                submission.outcome = OfflineSubmission.Outcome.REFUSED
                submission.result = {"message": str(error)}
            else:
                submission.outcome = OfflineSubmission.Outcome.ACCEPTED
                submission.result = result
            submission.save(update_fields=["outcome", "result"])
    except IntegrityError:
        # Another request inserted the same UUID first and has committed: its result stands.
        return _replayed(OfflineSubmission.objects.get(uuid=key), user=user)
    return submission, False


class SubmissionPending(CourseError):
    """The first copy of this action is still being received (the browser tries again)."""


def _replayed(submission: OfflineSubmission, *, user) -> tuple[OfflineSubmission, bool]:
    if submission.user_id != user.pk:
        raise CourseError(_("This offline action belongs to another account."))
    if not submission.outcome:  # seen before its transaction ended (a database that lets it)
        raise SubmissionPending(_("This offline action is being received; it will be retried."))
    return submission, True


def _act(*, user, kind: str, payload: dict, language: str) -> dict:
    if kind == OfflineSubmission.Kind.LESSON:
        return _lesson_finished(user=user, payload=payload)
    return _test_answered(user=user, payload=payload, language=language)


def _live_course(page_id) -> CoursePage:
    course = CoursePage.objects.live().public().filter(pk=_int(page_id)).first()
    if course is None:
        raise CourseError(_("This course is no longer published."))
    return course


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _lesson_finished(*, user, payload: dict) -> dict:
    lesson = LessonPage.objects.live().public().filter(pk=_int(payload.get("lesson"))).first()
    if lesson is None:
        raise CourseError(_("This lesson is no longer published."))
    course = _live_course(lesson.get_parent().pk)
    refusal = access.lesson_refusal(**lesson_access_facts(user=user, course=course))
    if refusal:
        raise CourseError(refusal)
    lesson_complete(user=user, lesson=lesson)
    return {
        "message": _("Lesson “%(title)s” marked complete.") % {"title": lesson.title},
        "url": course.get_url(),
    }


class _Answers(dict):
    """Answers as `parse_answers` reads a posted form: name -> list of values."""

    def getlist(self, key):
        return self[key]


def _test_answered(*, user, payload: dict, language: str) -> dict:
    try:
        draw = signing.loads(str(payload.get("draw", "")), salt=DRAW_SALT)
    except signing.BadSignature as error:
        raise CourseError(
            _("This test changed after you downloaded it: take it again online.")
        ) from error
    if draw["user"] != user.pk:
        raise CourseError(_("This offline action belongs to another account."))
    course = _live_course(draw["course"])
    kind = draw["kind"]
    quiz = course.pre_test if kind == QuizAttempt.Kind.PRE else course.post_test
    refusal = offline_test_refusal(quiz=quiz)
    if refusal:
        raise CourseError(refusal)
    if quiz.pk != draw["quiz"]:
        raise CourseError(_("This test changed after you downloaded it: take it again online."))
    attempt = attempt_start(user=user, course=course, kind=kind, layout=draw["layout"])
    if attempt.layout != draw["layout"]:
        raise CourseError(
            _(
                "You had already started this test online: finish it there. Your offline "
                "answers were not counted."
            )
        )
    answers = payload.get("answers") or {}
    if not isinstance(answers, dict):
        raise CourseError(_("The form was changed; reload the test and try again."))
    data = _Answers(
        (str(name), [str(v) for v in (values if isinstance(values, list) else [values])])
        for name, values in answers.items()
    )
    attempt = attempt_submit(attempt=attempt, user=user, data=data, language=language)
    score = f"{attempt.score.normalize():f}" if attempt.score is not None else "0"
    if attempt.passed:
        message = _("%(test)s graded: %(score)s%%, passed.")
    else:
        message = _("%(test)s graded: %(score)s%%, not passed.")
    return {
        "message": message % {"test": attempt.get_kind_display(), "score": score},
        "url": reverse("courses:attempt_result", kwargs={"pk": attempt.pk}),
        "attempt": attempt.pk,
        "passed": bool(attempt.passed),
    }
