"""Tests that measure learning: numbers read per language and bounded, answers revealed only
when they can no longer be copied into a later attempt, post-tests drawn from other questions
on the same competencies, and the knowledge gain counted on matched forms only."""

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import translation

from courses.models import Answer, CoursePage, Enrolment, Question, Quiz, QuizAttempt
from courses.numbers import NumberError, parse_number
from courses.selectors.reports import course_summary
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit
from tests.factories.courses import OptionFactory, QuestionBankFactory, QuestionFactory

from .conftest import answers_for, make_bank


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("2,000", "en", "2000"),
        ("2000", "en", "2000"),
        ("2,000.5", "en", "2000.5"),
        ("1,234,567", "en", "1234567"),
        ("2.5", "en", "2.5"),
        ("2.000", "en", "2"),  # the English decimal point
        ("2,5", "en", "2.5"),  # cannot be thousands: a decimal comma
        ("2 000", "en", "2000"),
        ("-12", "en", "-12"),
        ("2 000", "fr", "2000"),
        ("2\u202f000", "fr", "2000"),  # narrow no-break space, as French typography writes it
        ("2\u00a0000,75", "fr", "2000.75"),
        ("2000", "fr", "2000"),
        ("2,5", "fr", "2.5"),
        ("2,000", "fr", "2"),  # the French decimal comma
        ("2.5", "fr", "2.5"),  # cannot be thousands: a decimal point
        ("1.234,5", "fr", "1234.5"),
        (" 15 ", "fr", "15"),
    ],
)
def test_numbers_are_read_the_way_the_page_language_writes_them(text, language, value):
    assert parse_number(text, language) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("2.000", "fr", "could mean two numbers"),  # two thousand, or two?
        ("1e999999999", "en", "not a number"),
        ("9" * 5000, "en", "too long"),
        ("99999999999", "en", "too large"),
        ("12,34,567", "en", "grouped by three"),
        ("2 00", "fr", "not a number"),
        ("deux", "fr", "not a number"),
        ("1,000.000,5", "en", "not a number"),
        ("NaN", "en", "not a number"),
        ("Infinity", "en", "not a number"),
    ],
)
def test_ambiguous_malformed_and_huge_numbers_are_refused_with_a_message(text, language, message):
    # The message is in the page's language; these are the English ones.
    with translation.override("en"), pytest.raises(NumberError, match=message):
        parse_number(text, language)


def _numeric_course(make_course, answer=2000):
    """A course whose pre- and post-test ask one numeric question (answer 2000)."""
    bank = QuestionBankFactory(title="Numbers")
    QuestionFactory(bank=bank, kind="numeric", text="How many visitors?", numeric_answer=answer)
    return make_course(lessons=1, pre=False, bank=bank)


def _post_attempt(course, trainee):
    enrolment_create(user=trainee, course=course)
    for lesson in course.lessons():
        lesson_complete(user=trainee, lesson=lesson)
    return attempt_start(user=trainee, course=course, kind="post")


@pytest.mark.parametrize(
    ("language", "typed", "credit"),
    [("en", "2,000", 1), ("en", "2000", 1), ("fr", "2 000", 1), ("fr", "2000", 1)],
)
def test_typed_numbers_are_graded_in_the_page_language(
    client, login, make_course, trainee, language, typed, credit
):
    course = _numeric_course(make_course)
    attempt = _post_attempt(course, trainee)
    question = Question.objects.get(text="How many visitors?")
    login(trainee)
    response = client.post(
        f"/{language}/learning/attempts/{attempt.pk}/", {f"q{question.pk}": typed}
    )
    assert response.status_code == 302
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.number, answer.credit) == (Decimal("2000"), credit)


def test_french_decimal_comma_is_graded(client, login, make_course, trainee):
    course = _numeric_course(make_course, answer=Decimal("2.5"))
    attempt = _post_attempt(course, trainee)
    question = Question.objects.get(text="How many visitors?")
    login(trainee)
    client.post(f"/fr/learning/attempts/{attempt.pk}/", {f"q{question.pk}": "2,5"})
    assert Answer.objects.get(attempt=attempt).credit == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e999999999", "is not a number"),
        ("9" * 5000, "too long"),
        ("99999999999", "too large"),
    ],
)
def test_unreadable_numbers_are_a_form_error_and_nothing_is_written(
    client, login, make_course, trainee, typed, message
):
    course = _numeric_course(make_course)
    attempt = _post_attempt(course, trainee)
    question = Question.objects.get(text="How many visitors?")
    login(trainee)
    url = f"/en/learning/attempts/{attempt.pk}/"
    response = client.post(url, {f"q{question.pk}": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="q{question.pk}-error"' in html and 'aria-invalid="true"' in html
    attempt.refresh_from_db()
    assert attempt.status == "open" and not Answer.objects.exists()


def test_an_ambiguous_french_number_is_refused_not_guessed(client, login, make_course, trainee):
    course = _numeric_course(make_course)
    attempt = _post_attempt(course, trainee)
    question = Question.objects.get(text="How many visitors?")
    login(trainee)
    response = client.post(f"/fr/learning/attempts/{attempt.pk}/", {f"q{question.pk}": "2.000"})
    assert response.status_code == 400
    assert 'value="2.000"' in response.content.decode()  # kept, to be corrected
    assert not Answer.objects.exists()


@pytest.mark.parametrize("stored", [float("inf"), float("-inf"), 1e300])
def test_result_page_survives_any_stored_number(client, login, make_course, trainee, stored):
    """Values stored before answers were bounded (5,000 nines became infinity)."""
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL's numeric column refuses these values: none can be stored there")
    course = _numeric_course(make_course)
    attempt = _post_attempt(course, trainee)
    question = Question.objects.get(text="How many visitors?")
    attempt_submit(attempt=attempt, user=trainee, data=QueryDict(f"q{question.pk}=2000"))
    answer = Answer.objects.get(attempt=attempt)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE courses_answer SET number = %s WHERE id = %s", [stored, answer.pk])
    login(trainee)
    response = client.get(f"/en/learning/attempts/{attempt.pk}/result/")
    assert response.status_code == 200
    assert "Your answer: —" in response.content.decode()


# --- correct answers shown only when they can no longer help -----------------------------


def _marks(html: str) -> bool:
    """Whether a result page shows which answers were right."""
    return any(mark in html for mark in ("— correct", "Expected", "Yes!", "think again"))


def _result(client, attempt):
    return client.get(f"/en/learning/attempts/{attempt.pk}/result/").content.decode()


def test_pre_test_result_never_shows_the_answers(client, login, make_course, trainee):
    course = make_course()
    enrolment_create(user=trainee, course=course)
    pre = attempt_start(user=trainee, course=course, kind="pre")
    attempt_submit(attempt=pre, user=trainee, data=answers_for(pre, right=False))
    login(trainee)
    html = _result(client, pre)
    assert "Your score: 0%" in html
    assert not _marks(html) and "Single?" not in html
    assert "post-test will ask other questions" in html


def test_post_test_answers_shown_once_passed_or_attempts_used(client, login, make_course, trainee):
    course = make_course(lessons=1, attempt_limit=2)
    enrolment_create(user=trainee, course=course)
    pre = attempt_start(user=trainee, course=course, kind="pre")
    attempt_submit(attempt=pre, user=trainee, data=answers_for(pre, right=False))
    lesson_complete(user=trainee, lesson=course.lessons().first())
    login(trainee)
    first = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=first, user=trainee, data=answers_for(first, right=False))
    html = _result(client, first)
    assert "Not passed yet" in html and not _marks(html)  # one attempt left
    assert "You have 1 attempt left." in html
    second = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=second, user=trainee, data=answers_for(second, right=False))
    html = _result(client, second)
    assert _marks(html)  # every attempt used: nothing left to copy into
    assert _marks(_result(client, first))
    assert "You have used every attempt" in html


def test_post_test_answers_shown_when_passed_unless_the_quiz_says_never(
    client, login, make_course, trainee
):
    course = make_course(lessons=1, pre=False, attempt_limit=0)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    login(trainee)
    failed = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=failed, user=trainee, data=answers_for(failed, right=False))
    assert not _marks(_result(client, failed))  # unlimited attempts never run out
    passed = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=passed, user=trainee, data=answers_for(passed, right=True))
    assert _marks(_result(client, passed))
    course.post_test.reveal_answers = "never"
    course.post_test.save()
    html = _result(client, passed)
    assert not _marks(html) and "are not shown" in html


# --- pools and matched forms ---------------------------------------------------------------


def _tagged_bank(title="Pool") -> list[Question]:
    """Ten single-choice questions: six on RISK-ASSESS, four on PROTECT-PLAN."""
    bank = QuestionBankFactory(title=title)
    questions = []
    for n, code in enumerate(["RISK-ASSESS"] * 6 + ["PROTECT-PLAN"] * 4):
        question = QuestionFactory(bank=bank, text=f"{code} {n}?", competency=code)
        OptionFactory(question=question, text="right", is_correct=True)
        OptionFactory(question=question, text="wrong")
        questions.append(question)
    return questions


def _competencies(attempt) -> Counter:
    return Counter(
        Question.objects.filter(pk__in=attempt.question_ids()).values_list("competency", flat=True)
    )


@pytest.mark.parametrize("run", range(5))
def test_post_test_draws_other_questions_on_the_same_competencies(make_course, make_user, run):
    bank = _tagged_bank().pop().bank
    course = make_course(lessons=1, bank=bank, draw_count=5)
    course.pre_test.bank, course.pre_test.draw_count = bank, 5  # one pool for both tests
    course.pre_test.save()
    trainee = make_user(f"pool{run}@example.org", "Trainee")
    enrolment_create(user=trainee, course=course)
    pre = attempt_start(user=trainee, course=course, kind="pre")
    attempt_submit(attempt=pre, user=trainee, data=answers_for(pre, right=False))
    lesson_complete(user=trainee, lesson=course.lessons().first())
    post = attempt_start(user=trainee, course=course, kind="post")
    assert not set(pre.question_ids()) & set(post.question_ids())
    assert _competencies(pre) == _competencies(post) == {"RISK-ASSESS": 3, "PROTECT-PLAN": 2}
    assert post.matches_pre_test is True
    attempt_submit(attempt=post, user=trainee, data=answers_for(post, right=True))
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.matched_forms is True
    assert enrolment.knowledge_gain == Decimal("100.00")


def test_a_repeated_form_does_not_count_as_knowledge_gain(make_course, trainee, make_user):
    """Pre- and post-test asking the same questions: the scores stand, the gain is not
    counted (course report), until a matched pair exists."""
    course = make_course(lessons=1)  # one bank, every question in both tests
    enrolment_create(user=trainee, course=course)
    pre = attempt_start(user=trainee, course=course, kind="pre")
    attempt_submit(attempt=pre, user=trainee, data=answers_for(pre, right=False))
    lesson_complete(user=trainee, lesson=course.lessons().first())
    post = attempt_start(user=trainee, course=course, kind="post")
    assert post.matches_pre_test is False
    attempt_submit(attempt=post, user=trainee, data=answers_for(post, right=True))
    enrolment = Enrolment.objects.get(user=trainee)
    assert (enrolment.pre_score, enrolment.post_score) == (Decimal("0.00"), Decimal("100.00"))
    assert enrolment.matched_forms is False and enrolment.knowledge_gain is None
    staff = make_user("programme@example.org", "Programme staff")  # the report sees everyone
    summary = course_summary(course, user=staff)
    assert summary["with_both"] == 0 and summary["mean_gain"] is None

    matched = make_course(lessons=1, bank=make_bank("Other form"))
    other = make_user("matched@example.org", "Trainee")
    enrolment_create(user=other, course=matched)
    pre = attempt_start(user=other, course=matched, kind="pre")
    attempt_submit(attempt=pre, user=other, data=answers_for(pre, right=False))
    lesson_complete(user=other, lesson=matched.lessons().first())
    post = attempt_start(user=other, course=matched, kind="post")
    attempt_submit(attempt=post, user=other, data=answers_for(post, right=True))
    summary = course_summary(matched, user=staff)
    assert summary["with_both"] == 1 and summary["mean_gain"] == Decimal("100")


def test_retaken_post_test_prefers_questions_not_yet_seen(make_course, trainee):
    questions = _tagged_bank()
    course = make_course(lessons=1, pre=False, bank=questions[0].bank, draw_count=5)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    first = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=first, user=trainee, data=answers_for(first, right=False))
    second = attempt_start(user=trainee, course=course, kind="post")
    assert not set(first.question_ids()) & set(second.question_ids())
    assert QuizAttempt.objects.filter(kind="post").count() == 2


def test_course_editor_refuses_a_post_test_repeating_the_pre_test(make_course, make_user):
    """Both tests on one bank of five: drawing all of it twice repeats every question."""
    course = make_course()
    staff = make_user("editor@example.org", "Programme staff")
    form_class = CoursePage.get_edit_handler().get_form_class()

    def post_test_errors():
        data = {"pre_test": course.pre_test.pk, "post_test": course.post_test.pk}
        form = form_class(data, instance=course, for_user=staff)
        form.is_valid()
        return " ".join(form.errors.get("post_test", []))

    assert "would ask some of them again" in post_test_errors()
    Quiz.objects.filter(pk__in=[course.pre_test.pk, course.post_test.pk]).update(draw_count=2)
    assert post_test_errors() == ""
    Quiz.objects.filter(pk=course.post_test.pk).update(bank=make_bank("Equivalent form"))
    Quiz.objects.filter(pk=course.pre_test.pk).update(draw_count=None)
    assert post_test_errors() == ""
