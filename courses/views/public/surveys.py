"""Public view of the reaction survey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ... import access
from ...forms import SurveyForm
from ...models import CoursePage
from ...selectors.surveys import course_completed, survey_answered
from ...services.surveys import SurveyError, survey_response_create


@login_required
def survey(request, page_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    answered = survey_answered(user=request.user, course=course)
    completed = not answered and course_completed(user=request.user, course=course)
    refusal = access.survey_refusal(completed=completed, answered=answered)
    if refusal:
        (messages.info if answered else messages.error)(request, refusal)
        return redirect(course.get_url(request=request))
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_response_create(user=request.user, course=course, data=form.cleaned_data)
        except SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you for your feedback."))
        return redirect(course.get_url(request=request))
    return render(
        request,
        "courses/survey.html",
        {"form": form, "course": course},
        status=400 if form.is_bound else 200,
    )
