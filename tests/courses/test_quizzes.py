"""Grading, attempt rules, pre/post storage and knowledge gain, through the real services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from courses.models import Answer, Enrolment, Question, QuizAttempt
from courses.services.enrolment import enrolment_create
from courses.services.errors import AttemptClosed, CourseError
from courses.services.progress import lesson_complete
from courses.services.quizzes import (
    TIME_LIMIT_GRACE,
    attempt_reset,
    attempt_start,
    attempt_submit,
    grade,
)

from .conftest import answers_for, make_bank


def _q(kind, **filters):
    return Question.objects.filter(kind=kind, **filters).first()


def _option_ids(question, correct):
    return [o.pk for o in question.options.all() if o.is_correct is correct]


@pytest.mark.django_db
class TestGrading:
    @pytest.fixture(autouse=True)
    def _course(self, make_course):
        make_course()

    def test_single_choice(self):
        q = _q("single")
        assert grade(question=q, selected=_option_ids(q, True), number=None) == 1
        assert grade(question=q, selected=_option_ids(q, False), number=None) == 0
        both = _option_ids(q, True) + _option_ids(q, False)
        assert grade(question=q, selected=both, number=None) == 0
        assert grade(question=q, selected=[], number=None) == 0

    def test_true_false(self):
        q = _q("true_false")
        assert grade(question=q, selected=_option_ids(q, True), number=None) == 1
        assert grade(question=q, selected=_option_ids(q, False), number=None) == 0

    def test_multiple_all_or_nothing(self):
        q = _q("multiple", partial_credit=False)
        right = _option_ids(q, True)
        assert grade(question=q, selected=right, number=None) == 1
        assert grade(question=q, selected=right[:1], number=None) == 0
        wrong = _option_ids(q, False)
        assert grade(question=q, selected=right + wrong[:1], number=None) == 0

    def test_multiple_partial_credit(self):
        q = _q("multiple", partial_credit=True)
        right, wrong = _option_ids(q, True), _option_ids(q, False)
        assert grade(question=q, selected=right, number=None) == 1
        assert grade(question=q, selected=right[:1], number=None) == Decimal("0.5")
        # one right (+1/2) and one wrong (−1/2) cancel out; never below zero
        assert grade(question=q, selected=[right[0], wrong[0]], number=None) == 0
        assert grade(question=q, selected=wrong, number=None) == 0

    def test_numeric_with_tolerance(self):
        q = _q("numeric")
        for value, credit in [("10", 1), ("10.5", 1), ("9.5", 1), ("10.51", 0), ("-10", 0)]:
            assert grade(question=q, selected=[], number=Decimal(value)) == credit
        assert grade(question=q, selected=[], number=None) == 0


def _enrolled(course, user):
    enrolment_create(user=user, course=course)


def _finish_lessons(course, user):
    for lesson in course.lessons():
        lesson_complete(user=user, lesson=lesson)


def test_submission_scores_and_stores_answers(make_course, trainee):
    course = make_course()
    _enrolled(course, trainee)
    attempt = attempt_start(user=trainee, course=course, kind="pre")
    assert len(attempt.layout) == 5
    data = answers_for(attempt, right=True)
    single = _q("single")
    data.setlist(f"q{single.pk}", [str(_option_ids(single, False)[0])])  # one wrong out of 5
    attempt_submit(attempt=attempt, user=trainee, data=data)
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert attempt.score == Decimal("80.00")
    assert attempt.passed is True  # pre-test quiz pass mark 70
    assert Answer.objects.filter(attempt=attempt).count() == 5
    assert Enrolment.objects.get(user=trainee).pre_score == Decimal("80.00")


def test_pre_and_post_scores_give_exact_knowledge_gain(make_course, trainee):
    # The post-test is an equivalent form (its own bank): the gain compares matched forms.
    course = make_course(bank=make_bank("Post form"))
    _enrolled(course, trainee)
    pre = attempt_start(user=trainee, course=course, kind="pre")
    data = answers_for(pre, right=False)
    attempt_submit(attempt=pre, user=trainee, data=data)
    _finish_lessons(course, trainee)
    post = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=post, user=trainee, data=answers_for(post, right=True))
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.pre_score == Decimal("0.00")
    assert enrolment.post_score == Decimal("100.00")
    assert enrolment.knowledge_gain == Decimal("100.00")


def test_pre_test_cannot_be_taken_after_lessons_begin(make_course, trainee):
    course = make_course()
    _enrolled(course, trainee)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    with pytest.raises(CourseError, match="once lessons have begun"):
        attempt_start(user=trainee, course=course, kind="pre")


def test_post_test_needs_every_required_lesson(make_course, trainee):
    course = make_course(lessons=2)
    _enrolled(course, trainee)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    with pytest.raises(CourseError, match="Finish every required lesson"):
        attempt_start(user=trainee, course=course, kind="post")


def test_attempt_limit(make_course, trainee):
    course = make_course(lessons=1, attempt_limit=2)
    _enrolled(course, trainee)
    _finish_lessons(course, trainee)
    for _ in range(2):
        attempt = attempt_start(user=trainee, course=course, kind="post")
        attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt, right=False))
    with pytest.raises(CourseError, match="used all 2 attempts"):
        attempt_start(user=trainee, course=course, kind="post")
    assert QuizAttempt.objects.filter(kind="post", course=course).count() == 2


def test_starting_twice_returns_the_open_attempt(make_course, trainee):
    course = make_course()
    _enrolled(course, trainee)
    first = attempt_start(user=trainee, course=course, kind="pre")
    second = attempt_start(user=trainee, course=course, kind="pre")
    assert first.pk == second.pk


def test_time_limit_is_enforced_on_the_server(make_course, trainee):
    course = make_course(lessons=1, time_limit_minutes=10, attempt_limit=3)
    _enrolled(course, trainee)
    _finish_lessons(course, trainee)
    attempt = attempt_start(user=trainee, course=course, kind="post")
    assert attempt.deadline is not None
    # within the limit plus grace: accepted
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=TIME_LIMIT_GRACE - 10)
    )
    attempt.refresh_from_db()
    attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt, right=False))
    assert QuizAttempt.objects.get(pk=attempt.pk).status == "submitted"
    # after the limit: closed, scored 0, answers refused
    late = attempt_start(user=trainee, course=course, kind="post")
    QuizAttempt.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    late.refresh_from_db()
    with pytest.raises(AttemptClosed, match="time limit"):
        attempt_submit(attempt=late, user=trainee, data=answers_for(late, right=True))
    late.refresh_from_db()
    assert (late.status, late.score, late.passed) == ("expired", 0, False)
    assert not Answer.objects.filter(attempt=late).exists()
    assert Enrolment.objects.get(user=trainee).completed_at is None


def test_double_submission_is_counted_once(make_course, trainee):
    course = make_course()
    _enrolled(course, trainee)
    attempt = attempt_start(user=trainee, course=course, kind="pre")
    data = answers_for(attempt, right=True)
    attempt_submit(attempt=attempt, user=trainee, data=data)
    stale = QuizAttempt.objects.get(pk=attempt.pk)
    stale.status = "open"  # the second tab still holds the open attempt in memory
    with pytest.raises(AttemptClosed, match="first submission"):
        attempt_submit(attempt=stale, user=trainee, data=answers_for(attempt, right=False))
    assert Answer.objects.filter(attempt=attempt).count() == 5
    assert QuizAttempt.objects.get(pk=attempt.pk).score == 100


@pytest.mark.parametrize("tamper", ["foreign_question", "foreign_option", "not_a_number"])
def test_tampered_ids_are_refused_and_the_attempt_stays_open(make_course, trainee, tamper):
    course = make_course()
    other = make_course()
    _enrolled(course, trainee)
    attempt = attempt_start(user=trainee, course=course, kind="pre")
    data = answers_for(attempt, right=True)
    foreign = Question.objects.filter(bank=other.pre_test.bank, kind="single").first()
    if tamper == "foreign_question":
        data[f"q{foreign.pk}"] = str(foreign.options.first().pk)
    elif tamper == "foreign_option":
        data[f"q{_q('single').pk}"] = str(foreign.options.first().pk)
    else:
        data[f"q{_q('numeric').pk}"] = "ten"
    with pytest.raises(CourseError):
        attempt_submit(attempt=attempt, user=trainee, data=data)
    attempt.refresh_from_db()
    assert attempt.status == "open"
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_another_users_attempt_is_refused(make_course, trainee, make_user):
    course = make_course()
    _enrolled(course, trainee)
    attempt = attempt_start(user=trainee, course=course, kind="pre")
    intruder = make_user("intruder@example.org", "Trainee")
    with pytest.raises(CourseError, match="someone else"):
        attempt_submit(attempt=attempt, user=intruder, data=QueryDict())
    assert QuizAttempt.objects.get(pk=attempt.pk).status == "open"


def test_draw_n_questions_and_shuffle(make_course, trainee):
    course = make_course(lessons=1, draw_count=3)
    _enrolled(course, trainee)
    _finish_lessons(course, trainee)
    attempt = attempt_start(user=trainee, course=course, kind="post")
    ids = attempt.question_ids()
    assert len(ids) == 3 == len(set(ids))
    assert set(ids) <= set(course.post_test.bank.questions.values_list("pk", flat=True))


def test_attempt_reset_is_audited_and_gives_an_attempt_back(make_course, trainee, make_user):
    course = make_course()
    _enrolled(course, trainee)
    attempt = attempt_start(user=trainee, course=course, kind="pre")
    attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt))
    with pytest.raises(CourseError):
        attempt_start(user=trainee, course=course, kind="pre")  # limit 1
    staff = make_user("staff@example.org", "Programme staff")
    with pytest.raises(CourseError, match="reason"):
        attempt_reset(attempt=attempt, reset_by=staff, reason="  ")
    reset = attempt_reset(attempt=attempt, reset_by=staff, reason="Power cut")
    assert (reset.reset_by, reset.reason) == (staff, "Power cut")
    assert Enrolment.objects.get(user=trainee).pre_score is None
    assert attempt_start(user=trainee, course=course, kind="pre").pk != attempt.pk


def test_a_question_deleted_during_an_attempt_is_not_counted(make_course, trainee):
    course = make_course()
    _enrolled(course, trainee)
    attempt = attempt_start(user=trainee, course=course, kind="pre")
    data = answers_for(attempt, right=True)
    _q("numeric").delete()  # an editor removes a question meanwhile
    attempt_submit(attempt=attempt, user=trainee, data=data)
    attempt.refresh_from_db()
    assert attempt.score == 100 and Answer.objects.filter(attempt=attempt).count() == 4
