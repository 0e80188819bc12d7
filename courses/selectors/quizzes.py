"""Reads of quiz attempts: attempts used, and an attempt's questions as the trainee sees them."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import FloatField
from django.db.models.functions import Cast

from ..models import Option, Question, QuizAttempt


def attempts_used(*, user, course, kind: str) -> int:
    """Attempts at a course's test that count against its limit (reset ones do not)."""
    return (
        QuizAttempt.objects.filter(user=user, course_key=course.translation_key, kind=kind)
        .not_reset()
        .count()
    )


def attempt_questions(attempt: QuizAttempt, selected=None, errors=None) -> list[dict]:
    """Questions and options in the attempt's order, without any correctness data.

    `selected`: {question id: [posted values]} to show a refused submission again;
    `errors`: {question id: message} shown under the answer that was refused.
    """
    errors = errors or {}
    questions = Question.objects.in_bulk(attempt.question_ids())
    option_ids = [pk for item in attempt.layout for pk in item["options"]]
    options = Option.objects.only("id", "text", "question_id").in_bulk(option_ids)
    selected = selected or {}
    items = []
    for number, item in enumerate(attempt.layout, start=1):
        question = questions.get(item["question"])
        if question is None:
            continue
        chosen = selected.get(question.pk, [])
        items.append(
            {
                "number": number,
                "id": question.pk,
                "kind": question.kind,
                "text": question.text,
                "points": question.points,
                "value": chosen[0][:100] if question.kind == "numeric" and chosen else "",
                "error": errors.get(question.pk, ""),
                "blank": not [value for value in chosen if value.strip()],
                "options": [
                    {"id": pk, "text": options[pk].text, "checked": str(pk) in chosen}
                    for pk in item["options"]
                    if pk in options
                ],
            }
        )
    return items


def attempt_review(attempt: QuizAttempt) -> list[dict]:
    """A graded attempt question by question: the answer, its credit and every option."""
    # The number is read as a float: a value stored before answers were bounded (infinity,
    # NaN) cannot be read as a Decimal and must not break the page.
    answers = {
        a.question_id: a
        for a in attempt.answers.defer("number").annotate(number_read=Cast("number", FloatField()))
    }
    questions = Question.objects.in_bulk(attempt.question_ids())
    option_ids = [pk for item in attempt.layout for pk in item["options"]]
    options = Option.objects.in_bulk(option_ids)
    review = []
    for number, item in enumerate(attempt.layout, start=1):
        question = questions.get(item["question"])
        if question is None:
            continue
        answer = answers.get(question.pk)
        chosen = set(answer.selected) if answer else set()
        review.append(
            {
                "number": number,
                "typed": _readable(answer.number_read) if answer else None,
                "question": question,
                "answer": answer,
                "credit_percent": int(answer.credit * 100) if answer else 0,
                "options": [
                    {"option": options[pk], "chosen": pk in chosen}
                    for pk in item["options"]
                    if pk in options
                ],
            }
        )
    return review


def _readable(value) -> Decimal | None:
    """A stored numeric answer fit to show: None for an empty or non-finite one."""
    if value is None or value != value or abs(value) >= 1e15:  # NaN, infinity, overflow
        return None
    return Decimal(repr(value)).quantize(Decimal("0.0001"))
