"""Wagtail admin for the courses plugin's records: question banks, quizzes, enrolments."""

import json

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet

from ctps_common.permissions import ScopedModelViewSet, ScopedReadOnlyPolicy
from ctps_common.spreadsheets import FormulaSafeExportMixin

from .access import (
    ENROL_PERMISSION,
    RETRY_XAPI,
    country_choices,
    for_visible_users,
    visible_requests,
    visible_users,
)
from .models import (
    AttemptReset,
    Enrolment,
    Question,
    QuestionBank,
    Quiz,
    QuizAttempt,
    RegistrationRequest,
    XapiStatement,
)
from .views.admin import access_requests as access_request_views
from .views.admin import xapi as xapi_views


class RecordsIndexView(FormulaSafeExportMixin, generic.IndexView):
    """Listings of trainees' records and their CSV/xlsx exports, formula-safe."""


class TraineeRecordsViewSet(ScopedModelViewSet):
    """A viewset over trainees' records: every view reaches only the records of accounts the
    staff member may see (`courses.access.visible_users`), through the model's policy."""

    user_field = "user"
    index_view_class = RecordsIndexView

    def scope(self, user, queryset):
        return for_visible_users(user, queryset, self.user_field)


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields and self.for_user is not None:  # only accounts staff may see
            self.fields["user"].queryset = visible_users(
                self.for_user, self.fields["user"].queryset
            )

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


class XapiStatementIndexView(RecordsIndexView):
    """The statements with their delivery status; failed ones can be retried."""

    def may_retry(self) -> bool:
        return self.request.user.has_perm(RETRY_XAPI)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.may_retry():
            failed = for_visible_users(self.request.user, XapiStatement.objects.failed())
            if failed.exists():
                buttons.append(
                    HeaderButton(
                        _("Retry failed statements"),
                        url=reverse("courses_xapistatement:retry_failed"),
                        icon_name="resubmit",
                    )
                )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status == XapiStatement.Status.FAILED and self.may_retry():
            buttons.append(
                MenuItem(
                    _("Retry"),
                    url=reverse("courses_xapistatement:retry", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=5,
                )
            )
        return buttons


class XapiStatementInspectView(generic.InspectView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        statement = self.object
        if statement.status == XapiStatement.Status.FAILED and self.request.user.has_perm(
            RETRY_XAPI
        ):
            buttons.append(
                HeaderButton(
                    _("Retry"),
                    url=reverse("courses_xapistatement:retry", args=[statement.pk]),
                    icon_name="resubmit",
                )
            )
        return buttons

    def get_statement_display_value(self):
        text = json.dumps(self.object.statement, indent=2, ensure_ascii=False)
        return format_html("<pre>{}</pre>", text)


class XapiStatementViewSet(TraineeRecordsViewSet):
    """The outbox towards the LRS: pending, sent and failed statements, scoped like every
    trainee record. Statements are written by learning events only: listing and inspect
    here, and "Retry" for those the LRS refused (permission `courses.change_xapistatement`)."""

    name = "courses_xapistatement"
    url_prefix = "courses/xapi-statements"
    model = XapiStatement
    policy_class = ScopedReadOnlyPolicy
    icon = "resubmit"
    menu_label = _("Learning records (xAPI)")
    index_view_class = XapiStatementIndexView
    inspect_view_class = XapiStatementInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_display = ["__str__", "user", "status", "timestamp", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    list_export = [
        "id",
        "user.email",
        "verb",
        "status",
        "timestamp",
        "attempts",
        "sent_at",
        "last_error",
    ]
    export_filename = "xapi_statements"
    search_fields = ["user__email", "last_error"]
    ordering = "-timestamp"
    inspect_view_fields = [
        "id",
        "user",
        "verb",
        "status",
        "timestamp",
        "stored",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "statement",
    ]

    def get_queryset(self, request):
        return XapiStatement.objects.select_related("user")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("retry/<uuid:pk>/", xapi_views.statement_retry, name="retry"),
            path("retry-failed/", xapi_views.statements_retry_failed, name="retry_failed"),
        ]


class RegistrationRequestFilterSet(WagtailFilterSet):
    pending = django_filters.BooleanFilter(
        field_name="decided_at",
        lookup_expr="isnull",
        label=_("Waiting for a decision"),
    )

    class Meta:
        model = RegistrationRequest
        fields = ["approved", "country"]


class RegistrationRequestIndexView(RecordsIndexView):
    @cached_property
    def columns(self):
        """The requester's country by name: those the staff member gives accounts to (one
        query), which are the countries of every request they see."""
        names = dict(country_choices(self.request.user))
        return [
            Column(
                "country",
                label=column.label,
                accessor=lambda row: names.get(row.country, row.country),
            )
            if column.name == "country"
            else column
            for column in super().columns
        ]

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.decided_at is None and self.request.user.has_perm(ENROL_PERMISSION):
            for label, name, icon in (
                (_("Approve"), "approve", "tick"),
                (_("Decline"), "decline", "cross"),
            ):
                buttons.append(
                    MenuItem(
                        label,
                        url=reverse(f"courses_registrationrequest:{name}", args=[instance.pk]),
                        icon_name=icon,
                        priority=5,
                    )
                )
        return buttons


class RegistrationRequestInspectView(generic.InspectView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object.decided_at is None and self.request.user.has_perm(ENROL_PERMISSION):
            for label, name, icon in (
                (_("Approve"), "approve", "tick"),
                (_("Decline"), "decline", "cross"),
            ):
                buttons.append(
                    HeaderButton(
                        label,
                        url=reverse(f"courses_registrationrequest:{name}", args=[self.object.pk]),
                        icon_name=icon,
                    )
                )
        return buttons


class RegistrationRequestViewSet(ScopedModelViewSet):
    """Self-registrations and requests for access to a course, each seen only by staff of
    the requester's country (`access.visible_requests`); approved or declined by the
    plugin's own views (permission `courses.manage_enrolments`), never edited here."""

    name = "courses_registrationrequest"
    url_prefix = "courses/registration-requests"
    model = RegistrationRequest
    policy_class = ScopedReadOnlyPolicy
    icon = "mail"
    menu_label = _("Registration requests")
    index_view_class = RegistrationRequestIndexView
    inspect_view_class = RegistrationRequestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    filterset_class = RegistrationRequestFilterSet
    list_display = [
        "__str__",
        "requester_name",
        "course",
        "country",
        "organisation",
        "times_requested",
        "status",
    ]
    list_export = [
        "requester_email",
        "requester_name",
        "course.title",
        "country",
        "organisation",
        "message",
        "requested_at",
        "status",
        "decided_at",
        "decline_reason",
    ]
    export_filename = "registration_requests"
    search_fields = ["email", "last_name", "user__email", "organisation"]
    ordering = ["-requested_at"]
    inspect_view_fields = [
        "requester_email",
        "requester_name",
        "course",
        "country",
        "organisation",
        "message",
        "times_requested",
        "requested_at",
        "status",
        "decided_at",
        "decided_by",
        "decline_reason",
        "enrolment",
    ]

    def scope(self, user, queryset):
        return visible_requests(user, queryset)

    def get_queryset(self, request):
        return RegistrationRequest.objects.select_related("user", "course", "decided_by")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", access_request_views.request_approve, name="approve"),
            path("decline/<int:pk>/", access_request_views.request_decline, name="decline"),
        ]


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
        XapiStatementViewSet,
        RegistrationRequestViewSet,
    )
