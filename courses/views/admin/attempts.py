"""Staff view: give a quiz attempt back to a trainee, with an audited reason."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ... import access
from ...forms import ResetForm
from ...models import QuizAttempt
from ...services.errors import CourseError
from ...services.quizzes import attempt_reset
from .base import require_permission, require_visible


def attempt_reset_view(request, pk: int):
    require_permission(request, access.ENROL_PERMISSION)
    attempt = get_object_or_404(QuizAttempt.objects.select_related("user", "quiz"), pk=pk)
    require_visible(request, QuizAttempt, pk)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attempt_reset(
                attempt=attempt, reset_by=request.user, reason=form.cleaned_data["reason"]
            )
        except CourseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The attempt was reset; the trainee can try again."))
        return redirect("courses_admin:report", page_id=attempt.course_id)
    return TemplateResponse(
        request,
        "courses/admin/attempt_reset.html",
        {
            "page_title": _("Reset an attempt"),
            "header_icon": "history",
            "attempt": attempt,
            "form": form,
        },
    )
