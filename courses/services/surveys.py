"""The reaction survey (Kirkpatrick level 1): one answer per trainee and course."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import access
from ..models import CoursePage, SurveyResponse
from ..selectors.surveys import course_completed


class SurveyError(Exception):
    """A rule refused the answer; the message is shown as is."""


@transaction.atomic
def survey_response_create(*, user, course: CoursePage, data: dict) -> SurveyResponse:
    # A second answer is refused by the database constraint (below), in any race.
    refusal = access.survey_refusal(
        completed=course_completed(user=user, course=course), answered=False
    )
    if refusal:
        raise SurveyError(refusal)
    response = SurveyResponse(
        user=user,
        course=course,
        course_key=course.translation_key,
        relevance=data["relevance"],
        clarity=data["clarity"],
        applicability=data["applicability"],
        comment=data.get("comment", "").strip(),
    )
    response.full_clean(exclude=["user", "course"])
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise SurveyError(_("You have already answered the survey for this course.")) from error
    return response
