"""Spreadsheet import/export of deliverables, follow-ups and manual indicator values,
country-scoped like the register.

The resources join the register's table (`capability.register.resources.RESOURCES`) when
this module is imported by the indicator viewsets, so the register's upload/preview/confirm
views serve them unchanged.
"""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from capability.register.models import Country, Organisation, Person, Workshop
from capability.register.normalise import name_key
from capability.register.resources import (
    RESOURCES,
    CachedForeignKeyWidget,
    OrganisationWidget,
    ScopedResource,
    _upper,
)

from ..models import Deliverable, FollowUp, Indicator, IndicatorValue

SEPARATOR = ";"


class OrganisationsWidget(widgets.ManyToManyWidget):
    """The organisations involved: names separated by ";", looked up in the row's country."""

    def __init__(self, *, queryset):
        super().__init__(Organisation, separator=SEPARATOR, field="name")
        self._one = OrganisationWidget(queryset=queryset)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(SEPARATOR) if name.strip()]
        found, unknown = [], []
        for name in names:
            organisation = self._one.lookup(name_key(name), row or {})
            (found if organisation else unknown).append(organisation or name)
        if unknown:
            raise ValueError(
                _("Organisations unknown in this country: %(names)s.")
                % {"names": ", ".join(f"“{name}”" for name in unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return f"{SEPARATOR} ".join(sorted(org.name for org in value.all())) if value else ""


class DeliverableResource(ScopedResource):
    country = fields.Field(attribute="country", column_name="country")
    organisations = fields.Field(
        attribute="organisations", column_name="organisations", m2m_add=False
    )

    class Meta:
        model = Deliverable
        fields = ("id", "kind", "title", "venue_type", "country", "organisations", "status",
                  "validated_on", "adopted_on", "note")  # fmt: skip
        import_id_fields = ("id",)
        use_bulk = False  # a few dozen rows, and bulk mode drops many-to-many fields
        skip_diff = True
        clean_model_instances = True

    def __init__(self, *, user, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["country"].widget = CachedForeignKeyWidget(
            Country, "code", queryset=Country.objects.for_user(user), normalise=_upper
        )
        self.fields["organisations"].widget = OrganisationsWidget(
            queryset=Organisation.objects.for_user(user)
        )

    def get_queryset(self):
        return super().get_queryset().select_related("country").prefetch_related("organisations")

    def dehydrate_country(self, deliverable):
        return deliverable.country.code


class FollowUpResource(ScopedResource):
    person = fields.Field(attribute="person", column_name="person")
    workshop = fields.Field(attribute="workshop", column_name="workshop")

    class Meta:
        model = FollowUp
        fields = ("id", "person", "workshop", "date", "applies_learning", "method", "note")
        import_id_fields = ("id",)
        use_bulk = True
        skip_diff = True
        clean_model_instances = True

    def __init__(self, *, user, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["person"].widget = CachedForeignKeyWidget(
            Person, "pk", queryset=Person.objects.for_user(user)
        )
        self.fields["workshop"].widget = CachedForeignKeyWidget(
            Workshop, "code", queryset=Workshop.objects.for_user(user)
        )

    def dehydrate_person(self, follow_up):
        return follow_up.person_id

    def dehydrate_workshop(self, follow_up):
        return follow_up.workshop.code


class IndicatorValueResource(ScopedResource):
    """Manual indicator values: indicator by code, country by ISO code (empty: programme)."""

    indicator = fields.Field(attribute="indicator", column_name="indicator")
    country = fields.Field(attribute="country", column_name="country")

    class Meta:
        model = IndicatorValue
        fields = ("id", "indicator", "country", "year", "quarter", "value", "comment")
        import_id_fields = ("id",)
        use_bulk = True
        skip_diff = True
        clean_model_instances = True

    def __init__(self, *, user, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["indicator"].widget = CachedForeignKeyWidget(
            Indicator, "code", queryset=Indicator.objects.all(), normalise=_upper
        )
        self.fields["country"].widget = CachedForeignKeyWidget(
            Country, "code", queryset=Country.objects.for_user(user), normalise=_upper
        )

    def get_queryset(self):
        return super().get_queryset().select_related("indicator", "country")

    def before_save_instance(self, instance, row, **kwargs):
        instance.recorded_by = self.user

    def dehydrate_indicator(self, value):
        return value.indicator.code

    def dehydrate_country(self, value):
        return value.country.code if value.country_id else ""


RESOURCES.setdefault(IndicatorValue, IndicatorValueResource)
RESOURCES.setdefault(Deliverable, DeliverableResource)
RESOURCES.setdefault(FollowUp, FollowUpResource)
