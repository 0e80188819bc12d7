"""Listing filters of the register, with choices narrowed to the user's countries."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .forms import scope_choice_fields
from .models import (
    Attendance,
    Competency,
    CompetencyEvidence,
    CompetencyFramework,
    Country,
    Organisation,
    Person,
    Workshop,
)
from .models.choices import (
    AttendanceRole,
    CompetencyArea,
    EvidenceSource,
    OrganisationType,
    ResultArea,
    Sex,
    TargetType,
    WorkshopKind,
)


class ScopedFilterSet(WagtailFilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if request is not None:
            scope_choice_fields(self.form, request.user)


def date_range(field_name, label):
    return django_filters.DateFromToRangeFilter(
        field_name=field_name, label=label, widget=DateRangePickerWidget
    )


class OrganisationFilterSet(ScopedFilterSet):
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all(), label=_("Country"))
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label=_("Type"))

    class Meta:
        model = Organisation
        fields = ["country", "type"]


class PersonFilterSet(ScopedFilterSet):
    """Filters that never join to-many relations (so no DISTINCT over the whole register).

    The organisation is matched by name rather than picked from a list: a select of every
    organisation (4,000 at scale 100) weighed more than the rest of the page.
    """

    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all(), label=_("Country"))
    organisation__type = django_filters.ChoiceFilter(
        choices=OrganisationType.choices, label=_("Organisation type")
    )
    organisation = django_filters.CharFilter(
        field_name="organisation__name", lookup_expr="icontains", label=_("Organisation")
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    workshop_kind = django_filters.ChoiceFilter(
        choices=WorkshopKind.choices, label=_("Attended a"), method="filter_workshop_kind"
    )
    result_area = django_filters.ChoiceFilter(
        choices=ResultArea.choices, label=_("Trained in result area"), method="filter_result_area"
    )
    trained = django_filters.DateFromToRangeFilter(
        label=_("Trained between"), widget=DateRangePickerWidget, method="filter_trained"
    )

    class Meta:
        model = Person
        fields = ["country", "organisation__type", "sex"]

    def filter_workshop_kind(self, queryset, name, value):
        return attended(queryset, workshop__kind=value)

    def filter_result_area(self, queryset, name, value):
        return attended(queryset, workshop__result_area=value)

    def filter_trained(self, queryset, name, value):
        bounds = {}
        if value.start is not None:
            bounds["workshop__start_date__gte"] = value.start
        if value.stop is not None:
            bounds["workshop__start_date__lte"] = value.stop
        return attended(queryset, **bounds) if bounds else queryset


def attended(queryset, **workshop):
    """People of `queryset` with an attendance matching `workshop` (a semi-join, no DISTINCT)."""
    return queryset.filter(pk__in=Attendance.objects.filter(**workshop).values("person_id"))


class WorkshopFilterSet(ScopedFilterSet):
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all(), label=_("Country"))
    kind = django_filters.ChoiceFilter(choices=WorkshopKind.choices, label=_("Kind"))
    result_area = django_filters.ChoiceFilter(choices=ResultArea.choices, label=_("Result area"))
    target_type = django_filters.ChoiceFilter(choices=TargetType.choices, label=_("Target type"))
    start_date = date_range("start_date", _("Start date"))

    class Meta:
        model = Workshop
        fields = ["country", "kind", "result_area", "target_type"]


class RecentChoicesSelect(forms.Select):
    """A model select offering the `limit` first choices (and the selected one), not all.

    Any record of the field's queryset is still accepted (`?workshop=<id>` links from the
    import); only the rendered list is cut, so the page does not grow with the register.
    """

    limit = 100

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        field = getattr(iterator, "field", None)
        if field is None:
            return super().optgroups(name, value, attrs)
        queryset = iterator.queryset
        shown = list(queryset[: self.limit])
        selected = {str(v) for v in value if v}
        missing = selected - {str(obj.pk) for obj in shown}
        if missing:
            shown = [*queryset.filter(pk__in=missing), *shown]
        choices = [("", field.empty_label)] if field.empty_label is not None else []
        choices += [(obj.pk, field.label_from_instance(obj)) for obj in shown]
        self.choices = choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator


class AttendanceFilterSet(ScopedFilterSet):
    workshop = django_filters.ModelChoiceFilter(
        queryset=Workshop.objects.all(),
        label=_("Workshop"),
        widget=RecentChoicesSelect,
        help_text=_("The 100 most recent workshops are listed; search finds the others."),
    )
    country = django_filters.ModelChoiceFilter(
        field_name="person__country", queryset=Country.objects.all(), label=_("Country")
    )
    organisation_type = django_filters.ChoiceFilter(
        field_name="person__organisation__type",
        choices=OrganisationType.choices,
        label=_("Organisation type"),
    )
    sex = django_filters.ChoiceFilter(field_name="person__sex", choices=Sex.choices, label=_("Sex"))
    kind = django_filters.ChoiceFilter(
        field_name="workshop__kind", choices=WorkshopKind.choices, label=_("Workshop kind")
    )
    result_area = django_filters.ChoiceFilter(
        field_name="workshop__result_area", choices=ResultArea.choices, label=_("Result area")
    )
    role = django_filters.ChoiceFilter(choices=AttendanceRole.choices, label=_("Role"))
    certified = django_filters.BooleanFilter(label=_("Certified"))
    dates = date_range("workshop__start_date", _("Workshop date"))

    class Meta:
        model = Attendance
        fields = ["workshop", "role", "certified"]


class EvidenceFilterSet(ScopedFilterSet):
    country = django_filters.ModelChoiceFilter(
        field_name="person__country", queryset=Country.objects.all(), label=_("Country")
    )
    organisation_type = django_filters.ChoiceFilter(
        field_name="person__organisation__type",
        choices=OrganisationType.choices,
        label=_("Organisation type"),
    )
    sex = django_filters.ChoiceFilter(field_name="person__sex", choices=Sex.choices, label=_("Sex"))
    area = django_filters.ChoiceFilter(
        field_name="competency__area", choices=CompetencyArea.choices, label=_("Area")
    )
    result_area = django_filters.ChoiceFilter(
        field_name="competency__result_area", choices=ResultArea.choices, label=_("Result area")
    )
    competency = django_filters.ModelChoiceFilter(
        queryset=Competency.objects.all(), label=_("Competency")
    )
    source = django_filters.ChoiceFilter(choices=EvidenceSource.choices, label=_("Source"))
    date = date_range("date", _("Date"))

    class Meta:
        model = CompetencyEvidence
        fields = ["competency", "source", "level"]


class CompetencyFilterSet(WagtailFilterSet):
    framework = django_filters.ModelChoiceFilter(
        queryset=CompetencyFramework.objects.all(), label=_("Framework")
    )
    area = django_filters.ChoiceFilter(choices=CompetencyArea.choices, label=_("Area"))
    result_area = django_filters.ChoiceFilter(choices=ResultArea.choices, label=_("Result area"))

    class Meta:
        model = Competency
        fields = ["framework", "area", "result_area"]
