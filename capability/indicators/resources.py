"""Spreadsheet import/export of deliverables and follow-ups, country-scoped like the register.

The resources join the register's table (`capability.resources.RESOURCES`) when this module
is imported by the indicator viewsets, so the register's upload/preview/confirm views serve
them unchanged.
"""

from import_export import fields

from ..models import Country, Deliverable, FollowUp, Person, Workshop
from ..resources import RESOURCES, CachedForeignKeyWidget, ScopedResource, _upper


class DeliverableResource(ScopedResource):
    country = fields.Field(attribute="country", column_name="country")

    class Meta:
        model = Deliverable
        fields = ("id", "kind", "title", "venue_type", "country", "status", "validated_on",
                  "adopted_on", "note")  # fmt: skip
        import_id_fields = ("id",)
        use_bulk = True
        skip_diff = True
        clean_model_instances = True

    def __init__(self, *, user, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["country"].widget = CachedForeignKeyWidget(
            Country, "code", queryset=Country.objects.for_user(user), normalise=_upper
        )

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


RESOURCES.setdefault(Deliverable, DeliverableResource)
RESOURCES.setdefault(FollowUp, FollowUpResource)
