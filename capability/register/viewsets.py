"""The register in the Wagtail admin: one ModelViewSet per model, grouped in one menu.

Every view of every viewset goes through the model's scoped permission policy
(`ctps_common.permissions`, scope `Model.objects.for_user(user)`): listings and exports
leave out, and inspect, edit, delete, history and usage answer 403 for, records outside the
user's countries; form choices only offer the user's countries' records.
"""

from django import forms
from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from ctps_common.imports.views import import_urlpatterns
from ctps_common.permissions import ScopedModelViewSet
from ctps_common.spreadsheets import FormulaSafeExportMixin

from . import filters, views
from .forms import ScopedAdminForm
from .imports import AttendanceImporter, RegisterResourceImporter
from .models import (
    Attendance,
    Competency,
    CompetencyEvidence,
    CompetencyFramework,
    Country,
    Organisation,
    Person,
    StaffCountry,
    Workshop,
)
from .querysets import country_ids_for
from .tables import FastColumn, FastDateColumn, FastTitleColumn

URL_SENTINEL = 918273645  # a primary key no URL prefix contains


class RegisterIndexView(FormulaSafeExportMixin, generic.IndexView):
    """Listings and exports (scoped by the viewset's policy), with fast cells and links."""

    import_url_name = None

    # Cells written in Python (capability.tables): the same markup at a fraction of the cost.
    def _get_title_column(self, field_name, column_class=FastTitleColumn, **kwargs):
        return super()._get_title_column(field_name, column_class, **kwargs)

    def _get_custom_column(self, field_name, column_class=FastColumn, **kwargs):
        return super()._get_custom_column(field_name, column_class, **kwargs)

    # Every row's link and buttons ask the same permission questions and reverse the same
    # URL patterns: answered once per request.
    @cached_property
    def _request_memo(self):
        return {}

    def user_has_permission(self, permission):
        key = ("perm", permission)
        if key not in self._request_memo:
            self._request_memo[key] = super().user_has_permission(permission)
        return self._request_memo[key]

    def user_has_any_permission(self, permissions):
        key = ("any", frozenset(permissions))
        if key not in self._request_memo:
            self._request_memo[key] = super().user_has_any_permission(permissions)
        return self._request_memo[key]

    def _row_url(self, url_name, pk):
        """reverse(url_name, args=[pk]) for integer keys, from one reversal per request."""
        if not isinstance(pk, int):
            return reverse(url_name, args=(quote(pk),))
        key = ("url", url_name)
        if key not in self._request_memo:
            template = reverse(url_name, args=(URL_SENTINEL,))
            self._request_memo[key] = (
                template.split(str(URL_SENTINEL))
                if template.count(str(URL_SENTINEL)) == 1
                else None
            )
        parts = self._request_memo[key]
        if parts is None:
            return reverse(url_name, args=(pk,))
        return f"{parts[0]}{pk}{parts[1]}"

    def get_edit_url(self, instance):
        if self.edit_url_name and self.user_has_permission("change"):
            return self._row_url(self.edit_url_name, instance.pk)

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_any_permission(
            {"add", "change", "delete", "view"}
        ):
            return self._row_url(self.inspect_url_name, instance.pk)

    def get_delete_url(self, instance):
        if self.delete_url_name and self.user_has_permission("delete"):
            return self._row_url(self.delete_url_name, instance.pk)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        policy = self.permission_policy
        if (
            self.import_url_name
            and policy.user_has_permission(self.request.user, "add")
            and policy.user_has_permission(self.request.user, "change")
        ):
            buttons.append(
                HeaderButton(_("Import"), url=reverse(self.import_url_name), icon_name="upload")
            )
        return buttons


class RecordedByMixin:
    """Keep who entered the record (Wagtail's history keeps every change as well)."""

    def save_instance(self):
        if any(field.name == "recorded_by" for field in self.model._meta.fields):
            self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class RegisterCreateView(RecordedByMixin, generic.CreateView):
    def get_initial(self):
        """A staff member who works for one country finds it chosen already."""
        initial = super().get_initial()
        if any(field.name == "country" for field in self.model._meta.fields):
            ids = country_ids_for(self.request.user)
            if ids is not None and len(ids) == 1:
                initial.setdefault("country", next(iter(ids)))
        return initial


class RegisterViewSet(ScopedModelViewSet):
    """Base of the register's viewsets: every view scoped to the user's countries through the
    model's policy (`Model.objects.for_user`), scoped forms, inspect and export."""

    index_view_class = RegisterIndexView
    add_view_class = RegisterCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["id", "name_key", "email_key"]
    add_to_admin_menu = False
    list_per_page = 50

    def scope(self, user, queryset):
        """The records of the user's countries (every model with a `for_user` queryset)."""
        return queryset.for_user(user) if hasattr(queryset, "for_user") else queryset

    def listing_queryset(self):
        """The listing's (and export's) queryset before scoping: joins and annotations."""
        return self.model._default_manager.all()

    resource_import = False  # True: import (ctps_common.imports) and export through resources

    def get_urlpatterns(self):
        urlpatterns = super().get_urlpatterns()
        if not self.resource_import:
            return urlpatterns
        names = {
            "model": self.model,
            "index_url_name": self.get_url_name("index"),
        }
        importer = RegisterResourceImporter.for_model(
            self.model,
            index_url_name=names["index_url_name"],
            export_url_name=self.get_url_name("export_for_import"),
        )
        return [
            *urlpatterns,
            *import_urlpatterns(importer, index_url_name=names["index_url_name"]),
            path(
                "export-for-import/",
                views.resource_export,
                {"model": self.model},
                name="export_for_import",
            ),
        ]

    def get_index_view_kwargs(self, **kwargs):
        if self.resource_import:
            kwargs["import_url_name"] = self.get_url_name("import")
        return super().get_index_view_kwargs(queryset=self.listing_queryset(), **kwargs)

    def get_edit_handler(self):
        panels = getattr(self, "panels", None)
        if panels is None:
            return super().get_edit_handler()
        return ObjectList(panels, base_form_class=ScopedAdminForm).bind_to_model(self.model)


class CountryViewSet(RegisterViewSet):
    model = Country
    icon = "globe"
    menu_label = _("Countries")
    menu_order = 900
    list_display = ["name", "code", BooleanColumn("is_partner", label=_("Partner"))]
    list_export = ["code", "name", "is_partner"]
    search_fields = ["name", "code"]
    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("is_partner"),
        FieldPanel("contact_email"),
    ]


class StaffCountryViewSet(RegisterViewSet):
    model = StaffCountry
    icon = "user"
    menu_label = _("Staff countries")
    menu_order = 910
    list_display = ["user", "country"]
    list_export = ["user", "country"]
    search_fields = ["user.username", "user.email", "country.name"]
    panels = [FieldPanel("user"), FieldPanel("country")]


class OrganisationViewSet(RegisterViewSet):
    resource_import = True
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 100
    filterset_class = filters.OrganisationFilterSet
    list_display = ["name", "type", "country", FastColumn("people_count", label=_("People"))]
    list_export = ["name", "get_type_display", "country"]
    export_headings = {"name": _("Name"), "get_type_display": _("Type"), "country": _("Country")}
    search_fields = ["name"]
    ordering = ["name"]
    panels = [FieldPanel("name"), FieldPanel("country"), FieldPanel("type")]

    def listing_queryset(self):
        return Organisation.objects.for_listing()


class PersonViewSet(RegisterViewSet):
    resource_import = True
    model = Person
    icon = "user"
    menu_label = _("People")
    menu_order = 200
    filterset_class = filters.PersonFilterSet
    inspect_view_class = views.PersonInspectView
    list_display = [
        "family_name",
        "given_name",
        "sex",
        "organisation",
        "country",
        "rank",
        FastDateColumn("created_at", label=_("Added")),
    ]
    list_export = [
        "given_name",
        "family_name",
        "sex",
        "year_of_birth",
        "country",
        "organisation",
        "organisation_type",
        "rank",
        "email",
        "phone",
        "consent_given",
        "consent_date",
    ]
    export_headings = {"organisation_type": _("Organisation type")}
    search_fields = ["given_name", "family_name", "email", "organisation__name", "rank"]
    ordering = ["family_name", "given_name"]
    panels = [
        FieldRowPanel([FieldPanel("given_name"), FieldPanel("family_name")]),
        FieldRowPanel([FieldPanel("sex"), FieldPanel("year_of_birth")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("organisation")]),
        FieldPanel("rank"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        # The user account is linked by the trainee's own profile form, never chosen here:
        # a user picker would list every account's name and email to country staff.
        MultiFieldPanel(
            [FieldPanel("consent_given"), FieldPanel("consent_date")],
            heading=_("Consent"),
        ),
    ]

    def listing_queryset(self):
        return Person.objects.for_listing()


class CompetencyFrameworkViewSet(RegisterViewSet):
    model = CompetencyFramework
    icon = "list-ul"
    menu_label = _("Competency frameworks")
    menu_order = 500
    list_display = ["name", "code"]
    list_export = ["code", "name", "description"]
    search_fields = ["name", "code"]


class CompetencyViewSet(RegisterViewSet):
    resource_import = True
    model = Competency
    icon = "tick-inverse"
    menu_label = _("Competencies")
    menu_order = 510
    filterset_class = filters.CompetencyFilterSet
    list_display = ["code", "name", "area", "result_area", "framework"]
    list_export = ["framework", "code", "name", "area", "result_area", "description"]
    search_fields = ["code", "name", "description"]
    ordering = ["code"]
    panels = [
        FieldPanel("framework"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("area"), FieldPanel("result_area")]),
        FieldPanel("name"),
        FieldPanel("description"),
    ]

    def listing_queryset(self):
        return Competency.objects.select_related("framework")


class WorkshopViewSet(RegisterViewSet):
    model = Workshop
    icon = "date"
    menu_label = _("Workshops")
    menu_order = 300
    filterset_class = filters.WorkshopFilterSet
    inspect_view_class = views.WorkshopInspectView
    list_display = [
        "title",
        "kind",
        "country",
        FastColumn("start_date", label=_("Start"), sort_key="start_date"),
        "result_area",
        FastColumn("attendance_count", label=_("Attendance")),
    ]
    list_export = [
        "code",
        "title",
        "get_kind_display",
        "result_area",
        "get_target_type_display",
        "country",
        "city",
        "venue",
        "start_date",
        "end_date",
        "hours",
        "attendance_count",
    ]
    export_headings = {
        "attendance_count": _("Attendance"),
        "get_kind_display": _("Kind"),
        "get_target_type_display": _("Target type"),
    }
    search_fields = ["title", "code", "city", "venue"]
    ordering = ["-start_date"]
    panels = [
        # a plain text input: Wagtail's slug widget would lower-case the code as it is typed
        FieldRowPanel([FieldPanel("code", widget=forms.TextInput), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("result_area"), FieldPanel("target_type")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city"), FieldPanel("venue")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("hours")]),
        FieldPanel("competencies"),
        FieldPanel("competency_level"),
        FieldPanel("online_course"),
    ]

    def listing_queryset(self):
        return Workshop.objects.for_listing()


class AttendanceIndexView(RegisterIndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            url = reverse("capability_attendance:import")
            buttons.append(HeaderButton(_("Import from Excel"), url=url, icon_name="upload"))
        return buttons


class AttendanceViewSet(RegisterViewSet):
    model = Attendance
    icon = "clipboard-list"
    menu_label = _("Attendance")
    menu_order = 400
    index_view_class = AttendanceIndexView
    filterset_class = filters.AttendanceFilterSet
    list_display = [
        "person",
        "workshop",
        "role",
        FastColumn("pre_test_score", label=_("Pre-test")),
        FastColumn("post_test_score", label=_("Post-test")),
        BooleanColumn("certified", label=_("Certified")),
    ]
    list_export = [
        "workshop.code",
        "workshop.title",
        "person.given_name",
        "person.family_name",
        "person.sex",
        "person.organisation",
        "person.country",
        "get_role_display",
        "days_attended",
        "pre_test_score",
        "post_test_score",
        "certified",
    ]
    export_headings = {
        "workshop.code": _("Workshop code"),
        "workshop.title": _("Workshop"),
        "person.given_name": _("Given name"),
        "person.family_name": _("Family name"),
        "person.sex": _("Sex"),
        "person.organisation": _("Organisation"),
        "person.country": _("Country"),
        "get_role_display": _("Role"),
    }
    search_fields = ["person__given_name", "person__family_name", "workshop__title"]
    ordering = ["-workshop__start_date", "person__family_name"]
    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("workshop"), FieldPanel("role")]),
        FieldRowPanel(
            [
                FieldPanel("days_attended"),
                FieldPanel("pre_test_score"),
                FieldPanel("post_test_score"),
                FieldPanel("certified"),
            ]
        ),
    ]

    def listing_queryset(self):
        return Attendance.objects.for_listing()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/template/", views.attendance_template, name="import_template"),
            *import_urlpatterns(AttendanceImporter, index_url_name=self.get_url_name("index")),
        ]


class CompetencyEvidenceViewSet(RegisterViewSet):
    model = CompetencyEvidence
    icon = "success"
    menu_label = _("Competency evidence")
    menu_order = 450
    filterset_class = filters.EvidenceFilterSet
    list_display = [
        "person",
        "competency",
        "level",
        "source",
        FastColumn("date", label=_("Date"), sort_key="date"),
    ]
    list_export = [
        "person.given_name",
        "person.family_name",
        "person.country",
        "competency.code",
        "competency.name",
        "level",
        "get_source_display",
        "date",
        "workshop",
        "recorded_by",
    ]
    export_headings = {
        "person.given_name": _("Given name"),
        "person.family_name": _("Family name"),
        "person.country": _("Country"),
        "competency.code": _("Competency code"),
        "competency.name": _("Competency"),
        "get_source_display": _("Source"),
    }
    search_fields = ["person__given_name", "person__family_name", "competency__code"]
    ordering = ["-date"]
    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("competency")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("source"), FieldPanel("date")]),
        FieldPanel("workshop"),
        FieldPanel("note"),
    ]

    def listing_queryset(self):
        return CompetencyEvidence.objects.for_listing()


class RegisterViewSetGroup(ViewSetGroup):
    menu_label = _("Register")
    menu_icon = "group"
    menu_order = 250
    items = (
        OrganisationViewSet("capability_organisation"),
        PersonViewSet("capability_person"),
        WorkshopViewSet("capability_workshop"),
        AttendanceViewSet("capability_attendance"),
        CompetencyEvidenceViewSet("capability_evidence"),
        CompetencyFrameworkViewSet("capability_framework"),
        CompetencyViewSet("capability_competency"),
        CountryViewSet("capability_country"),
        StaffCountryViewSet("capability_staffcountry"),
    )
