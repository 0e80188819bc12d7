"""Wagtail admin for the courses plugin's records: question banks, quizzes, enrolments."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import for_visible_users, may_see_record, visible_users
from .exports import FormulaSafeExportMixin
from .models import AttemptReset, Enrolment, Question, QuestionBank, Quiz, QuizAttempt


class VisibleUsersMixin:
    """Only trainees' records the staff member may see (`courses.access`): others are 403,
    and account choices leave them out."""

    user_field = "user"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_see_record(self.request.user, self.model, obj.pk, self.user_field):
            raise PermissionDenied
        return obj

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        field = form.fields.get("user")
        if field is not None:
            field.queryset = visible_users(self.request.user, field.queryset)
        return form


class VisibleUsersIndexMixin(FormulaSafeExportMixin):
    """The listing and its exports: only trainees' records the staff member may see."""

    user_field = "user"

    def get_base_queryset(self):
        return for_visible_users(self.request.user, super().get_base_queryset(), self.user_field)


def _visible_views(user_field: str) -> dict:
    """View classes of a ModelViewSet over trainees' records, scoped by `user_field`."""
    bases = {
        "add_view_class": generic.CreateView,
        "edit_view_class": generic.EditView,
        "delete_view_class": generic.DeleteView,
        "inspect_view_class": generic.InspectView,
        "history_view_class": history.HistoryView,
        "usage_view_class": usage.UsageView,
        "copy_view_class": generic.CopyView,
    }
    views = {
        attr: type(base.__name__, (VisibleUsersMixin, base), {"user_field": user_field})
        for attr, base in bases.items()
    }
    views["index_view_class"] = type(
        "IndexView", (VisibleUsersIndexMixin, generic.IndexView), {"user_field": user_field}
    )
    return views


class TraineeRecordsViewSet(ModelViewSet):
    """A viewset over trainees' records: every view scoped by `user_field`."""

    user_field = "user"

    def __init__(self, *args, **kwargs):
        for attr, view_class in _visible_views(self.user_field).items():
            setattr(self, attr, view_class)
        super().__init__(*args, **kwargs)


class QuestionBankViewSet(ModelViewSet):
    name = "courses_questionbank"
    url_prefix = "courses/question-banks"
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    form_fields = ["title", "description"]
    list_display = ["title", "description"]
    search_fields = ["title"]
    ordering = "title"
    add_to_admin_menu = False


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["text", "bank", "kind", "points"]
    list_filter = ["bank", "kind"]
    search_fields = ["text"]
    ordering = ["bank", "sort_order"]


class QuizViewSet(SnippetViewSet):
    """A snippet, so that a translated course can pick its own quiz in wagtail-localize."""

    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "bank", "pass_mark", "attempt_limit", "time_limit_minutes"]
    search_fields = ["title"]
    ordering = ["title"]


class EnrolmentForm(WagtailAdminModelForm):
    """Enrolment by staff: one per person and course, whatever the language version."""

    class Meta:
        model = Enrolment
        fields = ["user", "course", "source"]

    def clean(self):
        data = super().clean()
        user, course = data.get("user"), data.get("course")
        if user and course:
            duplicates = Enrolment.objects.filter(user=user, course_key=course.translation_key)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                raise forms.ValidationError(_("This person is already enrolled in this course."))
            self.instance.course_key = course.translation_key
            if not self.instance.pk:
                self.instance.enrolled_by = getattr(self, "for_user", None)
        return data


class EnrolmentViewSet(TraineeRecordsViewSet):
    name = "courses_enrolment"
    url_prefix = "courses/enrolments"
    model = Enrolment
    icon = "user"
    menu_label = _("Enrolments")

    def get_form_class(self, for_update=False):
        return EnrolmentForm

    list_display = ["user", "course", "enrolled_at", "pre_score", "post_score", "completed_at"]
    list_filter = ["source", "completed_at"]
    list_export = [
        "user.email",
        "course.title",
        "source",
        "enrolled_at",
        "pre_score",
        "post_score",
        "knowledge_gain",
        "completed_at",
    ]
    export_filename = "enrolments"
    search_fields = ["user__email", "user__last_name"]
    ordering = "-enrolled_at"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Enrolment.objects.select_related("user", "course")


class QuizAttemptViewSet(TraineeRecordsViewSet):
    name = "courses_quizattempt"
    url_prefix = "courses/attempts"
    model = QuizAttempt
    icon = "list-ol"
    menu_label = _("Quiz attempts")
    form_fields = ["status"]
    list_display = ["user", "quiz", "kind", "status", "score", "passed", "submitted_at"]
    list_filter = ["kind", "status", "passed"]
    list_export = [
        "user.email",
        "quiz.title",
        "kind",
        "status",
        "score",
        "passed",
        "submitted_at",
    ]
    export_filename = "quiz_attempts"
    search_fields = ["user__email"]
    ordering = "-started_at"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return QuizAttempt.objects.select_related("user", "quiz")


class AttemptResetViewSet(TraineeRecordsViewSet):
    name = "courses_attemptreset"
    url_prefix = "courses/attempt-resets"
    model = AttemptReset
    icon = "history"
    menu_label = _("Attempt resets (audit)")
    form_fields = ["reason"]
    list_display = ["attempt", "reset_by", "reason", "reset_at"]
    ordering = "-reset_at"
    inspect_view_enabled = True
    user_field = "attempt__user"


class CoursesViewSetGroup(ViewSetGroup):
    menu_label = _("Courses")
    menu_icon = "doc-full-inverse"
    menu_order = 300
    items = (
        QuestionBankViewSet,
        QuestionViewSet,
        QuizViewSet,
        EnrolmentViewSet,
        QuizAttemptViewSet,
        AttemptResetViewSet,
    )
