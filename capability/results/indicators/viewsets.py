"""The logical framework and its evidence in the Wagtail admin (menu "Indicators").

Deliverables, follow-ups and manual values are country-scoped like the register (the same
`for_user` rule through RegisterViewSet's policy); indicators themselves are programme-wide.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from capability.register.viewsets import RecordedByMixin, RegisterViewSet

from ..models import Deliverable, FollowUp, Indicator, IndicatorValue
from . import resources  # noqa: F401 (registers the deliverable and follow-up resources)


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "list-ol"
    menu_label = _("Indicators")
    menu_order = 100
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["code", "title", "level", "unit", "computation"]
    list_filter = ["level", "unit"]
    list_export = ["code", "title", "title_fr", "get_level_display", "get_unit_display",
                   "computation", "definition", "source_of_verification"]  # fmt: skip
    export_headings = {"get_level_display": _("Result area"), "get_unit_display": _("Unit")}
    search_fields = ["code", "title", "title_fr", "definition"]
    ordering = ["level", "sort_order", "code"]


class ValueEditView(RecordedByMixin, generic.EditView):
    """Who last entered a manual value is who answers for it."""


class IndicatorValueViewSet(RegisterViewSet):
    resource_import = True
    model = IndicatorValue
    edit_view_class = ValueEditView
    icon = "edit"
    menu_label = _("Manual values")
    menu_order = 110
    list_display = ["indicator", "country", "year", "quarter", "value"]
    list_filter = ["indicator", "year"]
    list_export = ["indicator.code", "country", "year", "quarter", "value", "comment"]
    export_headings = {"indicator.code": _("Indicator")}
    ordering = ["indicator", "-year"]
    panels = [
        FieldPanel("indicator"),
        FieldRowPanel(
            [FieldPanel("country"), FieldPanel("year"), FieldPanel("quarter"), FieldPanel("value")]
        ),
        FieldPanel("comment"),
        FieldPanel("evidence"),
    ]

    def listing_queryset(self):
        return IndicatorValue.objects.select_related("indicator", "country")


class DeliverableViewSet(RegisterViewSet):
    resource_import = True
    model = Deliverable
    icon = "doc-full"
    menu_label = _("Deliverables")
    menu_order = 200
    list_display = ["title", "kind", "venue_type", "country", "status",
                    DateColumn("adopted_on", label=_("Adopted"))]  # fmt: skip
    list_filter = ["kind", "status", "venue_type", "country"]
    list_export = ["title", "get_kind_display", "get_venue_type_display", "country",
                   "get_status_display", "validated_on", "adopted_on", "note"]  # fmt: skip
    export_headings = {
        "get_kind_display": _("Kind"),
        "get_venue_type_display": _("Venue type"),
        "get_status_display": _("Status"),
    }
    search_fields = ["title", "note"]
    ordering = ["country", "kind", "title"]
    panels = Deliverable.panels

    def listing_queryset(self):
        return Deliverable.objects.select_related("country")


class FollowUpViewSet(RegisterViewSet):
    resource_import = True
    model = FollowUp
    icon = "history"
    menu_label = _("Follow-ups")
    menu_order = 300
    list_display = ["person", "workshop", DateColumn("date", label=_("Date")), "method",
                    BooleanColumn("applies_learning", label=_("Applies learning"))]  # fmt: skip
    list_filter = ["method", "applies_learning"]
    list_export = ["person.given_name", "person.family_name", "person.country", "workshop.code",
                   "date", "get_method_display", "applies_learning", "note"]  # fmt: skip
    export_headings = {
        "person.given_name": _("Given name"),
        "person.family_name": _("Family name"),
        "person.country": _("Country"),
        "workshop.code": _("Workshop code"),
        "get_method_display": _("Checked by"),
    }
    search_fields = ["person__given_name", "person__family_name", "workshop__code"]
    ordering = ["-date"]
    panels = FollowUp.panels

    def listing_queryset(self):
        return FollowUp.objects.for_listing()


class IndicatorViewSetGroup(ViewSetGroup):
    menu_label = _("Indicators")
    menu_icon = "list-ol"
    menu_order = 260
    items = (
        IndicatorViewSet("capability_indicator"),
        IndicatorValueViewSet("capability_indicatorvalue"),
        DeliverableViewSet("capability_deliverable"),
        FollowUpViewSet("capability_followup"),
    )
