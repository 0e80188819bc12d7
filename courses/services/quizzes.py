"""Quiz attempts: start, time limit, submission and grading (once), scores, staff reset."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import access
from ..models import Answer, AttemptReset, CoursePage, Enrolment, Question, QuizAttempt
from ..numbers import NumberError, parse_number
from ..progress import progress_changed
from ..selectors.enrolment import enrolment_of
from ..selectors.progress import lessons_started, required_lessons_done
from ..selectors.quizzes import attempts_used
from ..xapi import statements
from .errors import AnswerErrors, AttemptClosed, BlankAnswers, CourseError
from .progress import enrolment_complete_if_done, enrolment_required

# Seconds accepted after a time limit, for a slow link between the click and the server.
TIME_LIMIT_GRACE = 60


@transaction.atomic
def attempt_start(
    *, user, course: CoursePage, kind: str, layout: list[dict] | None = None
) -> QuizAttempt:
    """Open an attempt (or return the one already open) after checking every rule.

    `layout`: the questions drawn beforehand (`layout_draw`, for a test taken offline);
    refused when the bank no longer holds them as drawn.
    """
    enrolment = enrolment_required(user=user, course=course)
    quiz = course.pre_test if kind == QuizAttempt.Kind.PRE else course.post_test
    if quiz is None:
        raise CourseError(_("This course has no such test."))
    # Lock the enrolment row so two tabs cannot open two attempts at once.
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    open_attempt = QuizAttempt.objects.filter(
        user=user, course_key=course.translation_key, kind=kind, status=QuizAttempt.Status.OPEN
    ).first()
    if open_attempt is not None and not attempt_expire_if_late(attempt=open_attempt):
        return open_attempt
    started = lessons_started(user_id=user.pk, course_key=course.translation_key)
    refusal = None
    if kind == QuizAttempt.Kind.PRE:
        refusal = access.pre_test_refusal(lessons_started=started)
    elif kind == QuizAttempt.Kind.POST:
        refusal = access.post_test_refusal(
            required_lessons_done=required_lessons_done(user_id=user.pk, course=course),
            completed=bool(enrolment.completed_at),
        )
    if not refusal and quiz.attempt_limit:
        used = attempts_used(user=user, course=course, kind=kind)
        refusal = access.attempt_limit_refusal(quiz=quiz, used=used)
    if refusal:
        raise CourseError(refusal)
    if layout is None:
        drawn, layout = _draw(user=user, course=course, quiz=quiz, kind=kind)
    else:
        drawn = _drawn_beforehand(quiz=quiz, layout=layout)
    matches = None
    if kind == QuizAttempt.Kind.POST:
        matches = _matches_pre_test(user=user, course=course, drawn=drawn)
    now = timezone.now()
    deadline = now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    attempt = QuizAttempt.objects.create(
        user=user,
        quiz=quiz,
        course=course,
        course_key=course.translation_key,
        kind=kind,
        layout=layout,
        deadline=deadline,
        matches_pre_test=matches,
    )
    statements.record_attempt_started(
        attempt=attempt, course=course, registration=enrolment.registration
    )
    return attempt


def _draw(*, user, course: CoursePage, quiz, kind: str) -> tuple[list, list[dict]]:
    """Draw an attempt's questions and order their options: (questions, layout)."""
    questions = list(quiz.bank.questions.prefetch_related("options"))
    if not questions:
        raise CourseError(_("This test has no questions yet."))
    earlier = QuizAttempt.objects.filter(user=user, course_key=course.translation_key).not_reset()
    seen = {"pre": set(), "post": set()}
    for earlier_kind, earlier_layout in earlier.values_list("kind", "layout"):
        seen[earlier_kind].update(item["question"] for item in earlier_layout)
    rng = random.SystemRandom()
    drawn = draw_questions(
        questions,
        count=quiz.draw_count,
        # A post-test avoids the pre-test's questions above all, then its own earlier ones.
        avoid=[seen["post"], seen["pre"]] if kind == QuizAttempt.Kind.POST else [seen["pre"]],
        rng=rng,
    )
    if quiz.shuffle_questions:
        rng.shuffle(drawn)
    layout = []
    for question in drawn:
        options = [option.pk for option in question.options.all()]
        if quiz.shuffle_options and question.kind != "true_false":
            rng.shuffle(options)
        layout.append({"question": question.pk, "options": options})
    return drawn, layout


def layout_draw(*, user, course: CoursePage, kind: str) -> list[dict]:
    """Questions drawn for a test the trainee will answer offline (nothing is written)."""
    quiz = course.pre_test if kind == QuizAttempt.Kind.PRE else course.post_test
    if quiz is None:
        raise CourseError(_("This course has no such test."))
    return _draw(user=user, course=course, quiz=quiz, kind=kind)[1]


def _drawn_beforehand(*, quiz, layout: list[dict]) -> list:
    """The questions of a layout drawn earlier, if the bank still holds them as drawn."""
    questions = quiz.bank.questions.prefetch_related("options").in_bulk(
        [item.get("question") for item in layout]
    )
    drawn = []
    for item in layout:
        question = questions.get(item.get("question"))
        if question is None or sorted(item.get("options") or []) != sorted(
            option.pk for option in question.options.all()
        ):
            raise CourseError(_("This test changed after you downloaded it: take it again online."))
        drawn.append(question)
    if not drawn:
        raise CourseError(_("This test has no questions yet."))
    return drawn


def draw_questions(questions: list, *, count: int | None, avoid: list[set], rng) -> list:
    """Draw `count` questions (all when empty), each competency in proportion to its share
    of the bank, preferring questions not in `avoid` (sets, the most avoided last).

    The pre-test and the post-test drawn from one bank thus measure the same competencies,
    and the post-test asks other questions as long as the bank holds enough of them.
    Returned in bank order.
    """
    if not count or count >= len(questions):
        return list(questions)
    groups: dict[str, list] = {}
    for question in questions:
        groups.setdefault(question.competency, []).append(question)
    # Largest remainder: quotas sum to `count`, ties go to the competency listed first.
    shares = {code: Fraction(len(group) * count, len(questions)) for code, group in groups.items()}
    quotas = {code: int(share) for code, share in shares.items()}
    by_remainder = sorted(groups, key=lambda code: -(shares[code] - quotas[code]))
    for code in by_remainder[: count - sum(quotas.values())]:
        quotas[code] += 1

    def rank(question) -> int:
        return sum(1 << i for i, ids in enumerate(avoid) if question.pk in ids)

    drawn = []
    for code, group in groups.items():
        group = list(group)
        rng.shuffle(group)
        group.sort(key=rank)  # stable: random among questions of equal rank
        drawn.extend(group[: quotas[code]])
    order = {question.pk: i for i, question in enumerate(questions)}
    return sorted(drawn, key=lambda question: order[question.pk])


def _matches_pre_test(*, user, course: CoursePage, drawn: list) -> bool:
    """A post-test form matches the pre-test the trainee took when it shares none of its
    questions and measures the same competencies."""
    pre = (
        QuizAttempt.objects.filter(
            user=user, course_key=course.translation_key, kind=QuizAttempt.Kind.PRE
        )
        .closed()
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if pre is None:
        return False
    pre_ids = set(pre.question_ids())
    if pre_ids & {question.pk for question in drawn}:
        return False
    pre_competencies = set(
        Question.objects.filter(pk__in=pre_ids).values_list("competency", flat=True)
    )
    return pre_competencies == {question.competency for question in drawn}


def attempt_expire_if_late(*, attempt: QuizAttempt) -> bool:
    """Close an open attempt whose time limit (plus grace) has passed; it scores 0."""
    if attempt.status != QuizAttempt.Status.OPEN or attempt.deadline is None:
        return False
    if timezone.now() <= attempt.deadline + timedelta(seconds=TIME_LIMIT_GRACE):
        return False
    updated = QuizAttempt.objects.filter(pk=attempt.pk, status=QuizAttempt.Status.OPEN).update(
        status=QuizAttempt.Status.EXPIRED,
        submitted_at=timezone.now(),
        score=Decimal("0"),
        passed=False,
    )
    attempt.refresh_from_db()
    if updated:  # an UPDATE sends no signal: the cached progress must still change
        progress_changed(user_id=attempt.user_id, course_key=attempt.course_key)
        statements.record_attempt_graded(attempt=attempt, course=attempt.course.specific)
    if updated and attempt.kind == QuizAttempt.Kind.PRE:
        _store_score(attempt=attempt)
    return bool(updated)


def parse_answers(*, attempt: QuizAttempt, data, language: str | None = None) -> dict[int, dict]:
    """Read the posted answers; refuse ids that are not part of this attempt.

    Numbers are read the way `language` (the page's) writes them; each refused one is
    reported against its question (`AnswerErrors`), nothing is written.
    """
    language = language or get_language() or "en"
    questions = {item["question"]: set(item["options"]) for item in attempt.layout}
    answers: dict[int, dict] = {pk: {"selected": [], "number": None} for pk in questions}
    errors: dict[int, str] = {}
    for key in data:
        if not key.startswith("q"):
            continue
        try:
            question_id = int(key[1:])
        except ValueError as error:
            raise CourseError(_("The form was changed; reload the test and try again.")) from error
        if question_id not in questions:
            raise CourseError(_("The form was changed; reload the test and try again."))
        values = [v for v in data.getlist(key) if v.strip() != ""]
        if not questions[question_id]:  # numeric question
            if values:
                try:
                    answers[question_id]["number"] = parse_number(values[0], language)
                except NumberError as error:
                    errors[question_id] = str(error)
            continue
        try:
            selected = [int(v) for v in values]
        except ValueError as error:
            raise CourseError(_("The form was changed; reload the test and try again.")) from error
        if not set(selected) <= questions[question_id]:
            raise CourseError(_("The form was changed; reload the test and try again."))
        answers[question_id]["selected"] = sorted(set(selected))
    if errors:
        raise AnswerErrors(errors)
    return answers


def unanswered(*, attempt: QuizAttempt, answers: dict) -> list[int]:
    """Positions (1, 2…) of the questions left blank, to warn before grading them 0."""
    return [
        position
        for position, item in enumerate(attempt.layout, start=1)
        if not answers[item["question"]]["selected"] and answers[item["question"]]["number"] is None
    ]


def grade(*, question, selected: list[int], number) -> Decimal:
    """Fraction of the question's points earned (0 to 1)."""
    kind = question.kind
    if kind == "numeric":
        if number is None or question.numeric_answer is None:
            return Decimal(0)
        within = abs(number - question.numeric_answer) <= question.tolerance
        return Decimal(1) if within else Decimal(0)
    options = list(question.options.all())
    correct = {o.pk for o in options if o.is_correct}
    chosen = set(selected)
    if kind in ("single", "true_false"):
        return Decimal(1) if len(chosen) == 1 and chosen <= correct else Decimal(0)
    if not question.partial_credit:
        return Decimal(1) if chosen == correct else Decimal(0)
    wrong = {o.pk for o in options} - correct
    gained = Decimal(len(chosen & correct)) / len(correct) if correct else Decimal(0)
    lost = Decimal(len(chosen & wrong)) / len(wrong) if wrong else Decimal(0)
    return max(Decimal(0), gained - lost).quantize(Decimal("0.0001"))


def attempt_submit(
    *, attempt: QuizAttempt, user, data, language: str | None = None, allow_blank: bool = True
) -> QuizAttempt:
    """Grade an attempt once; a second submission (two tabs, a double click) changes nothing.

    `allow_blank=False`: blank answers raise `BlankAnswers` first, so that the trainee
    confirms them (the form's second button); after the time limit blanks are graded.
    """
    if not access.owns(user, attempt):
        raise CourseError(_("This attempt belongs to someone else."))
    if attempt_expire_if_late(attempt=attempt):
        raise AttemptClosed(_("The time limit had passed: this attempt was closed and scores 0."))
    if attempt.status != QuizAttempt.Status.OPEN:
        raise AttemptClosed(
            _("This attempt is already closed; your first submission is the one that counts.")
        )
    # Raises before anything is written.
    answers = parse_answers(attempt=attempt, data=data, language=language)
    blanks = unanswered(attempt=attempt, answers=answers)
    if blanks and not allow_blank:
        raise BlankAnswers(blanks)
    with transaction.atomic():
        return _attempt_grade(attempt=attempt, user=user, answers=answers)


def _attempt_grade(*, attempt: QuizAttempt, user, answers: dict) -> QuizAttempt:
    claimed = QuizAttempt.objects.filter(pk=attempt.pk, status=QuizAttempt.Status.OPEN).update(
        status=QuizAttempt.Status.SUBMITTED, submitted_at=timezone.now()
    )
    if not claimed:
        raise AttemptClosed(
            _("This attempt is already closed; your first submission is the one that counts.")
        )
    questions = {
        q.pk: q
        for q in attempt.quiz.bank.questions.filter(pk__in=answers).prefetch_related("options")
    }
    earned = Decimal(0)
    total = Decimal(0)
    rows = []
    for question_id, answer in answers.items():
        question = questions.get(question_id)
        if question is None:  # deleted from the bank since the attempt began: not counted
            continue
        credit = grade(question=question, selected=answer["selected"], number=answer["number"])
        earned += credit * question.points
        total += question.points
        rows.append(
            Answer(
                attempt=attempt,
                question=question,
                selected=answer["selected"],
                number=answer["number"],
                credit=credit,
            )
        )
    Answer.objects.bulk_create(rows)
    score = (earned * 100 / total).quantize(Decimal("0.01"), ROUND_HALF_UP) if total else 0
    course = attempt.course.specific
    pass_mark = (
        course.pass_mark if attempt.kind == QuizAttempt.Kind.POST else attempt.quiz.pass_mark
    )
    attempt.score = Decimal(score)
    attempt.passed = attempt.score >= pass_mark
    attempt.status = QuizAttempt.Status.SUBMITTED
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["score", "passed", "status", "submitted_at"])
    statements.record_attempt_graded(attempt=attempt, course=course)
    _store_score(attempt=attempt)
    if attempt.kind == QuizAttempt.Kind.POST and attempt.passed:
        enrolment = Enrolment.objects.get(user=user, course_key=attempt.course_key)
        enrolment_complete_if_done(enrolment=enrolment, course=course)
    return attempt


def _store_score(*, attempt: QuizAttempt) -> None:
    """Pre-test: the latest score before lessons; post-test: the best score."""
    closed = QuizAttempt.objects.filter(
        user_id=attempt.user_id, course_key=attempt.course_key, kind=attempt.kind
    ).closed()
    enrolments = Enrolment.objects.filter(user_id=attempt.user_id, course_key=attempt.course_key)
    if attempt.kind == QuizAttempt.Kind.PRE:
        latest = closed.order_by("-submitted_at", "-pk").first()
        enrolments.update(pre_score=latest.score if latest else None)
    else:
        best = closed.order_by("-score", F("matches_pre_test").desc(nulls_last=True), "-pk").first()
        enrolments.update(
            post_score=best.score if best else None,
            matched_forms=bool(best and best.matches_pre_test),
        )


@transaction.atomic
def attempt_reset(*, attempt: QuizAttempt, reset_by, reason: str) -> AttemptReset:
    """Give an attempt back to the trainee; the reason is kept for audit."""
    reason = (reason or "").strip()
    if not reason:
        raise CourseError(_("Give a reason for the reset."))
    if attempt.status == QuizAttempt.Status.RESET:
        raise CourseError(_("This attempt was already reset."))
    enrolment = enrolment_of(user_id=attempt.user_id, course_key=attempt.course_key)
    if enrolment and enrolment.completed_at and attempt.kind == QuizAttempt.Kind.POST:
        raise CourseError(_("The course is already complete; its post-test cannot be reset."))
    attempt.status = QuizAttempt.Status.RESET
    attempt.save(update_fields=["status"])
    _store_score(attempt=attempt)
    return AttemptReset.objects.create(attempt=attempt, reset_by=reset_by, reason=reason)
