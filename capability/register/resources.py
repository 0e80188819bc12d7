"""django-import-export resources: attendance sheets, people, organisations and
competencies, country-scoped.

Each resource is built for one user (`resource_for(model, user)`): its queryset, the
countries and organisations its widgets accept are that user's, so an import can neither
read nor write another country's records. Foreign keys are looked up once per import by a
caching widget (the stock ForeignKeyWidget runs one query per row), and rows are written
with the library's bulk paths.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ctps_common.imports.resources import PreviewNotes

from .models import Attendance, Competency, CompetencyFramework, Country, Organisation, Person
from .normalise import email_key, name_key
from .services import (
    ATTENDANCE_FIELDS,
    ERROR,
    MERGED,
    UNCHANGED,
    attendance_import_plan,
    attendance_people_create,
    attendance_values,
    workshop_evidence_award,
)


class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A ForeignKeyWidget that loads its whole (scoped) queryset once, keyed by `field`."""

    def __init__(self, model, field="pk", *, queryset=None, normalise=str, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self._queryset = queryset
        self._normalise = normalise
        self._cache: dict | None = None

    def get_queryset(self, value, row, *args, **kwargs):
        return self._queryset if self._queryset is not None else self.model.objects.all()

    def lookup(self, key, row):
        if self._cache is None:
            self._cache = {
                self._normalise(getattr(obj, self.field)): obj
                for obj in self.get_queryset(None, row)
            }
        return self._cache.get(key)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        obj = self.lookup(self._normalise(value), row)
        if obj is None:
            raise ValueError(
                _("“%(value)s” is unknown or not in your countries.") % {"value": value}
            )
        return obj


class OrganisationWidget(CachedForeignKeyWidget):
    """Organisations are named per country: look up (country code, normalised name)."""

    def __init__(self, *, queryset):
        super().__init__(Organisation, "name", queryset=queryset.select_related("country"))

    def lookup(self, key, row):
        if self._cache is None:
            self._cache = {
                (org.country.code, org.name_key): org for org in self.get_queryset(None, row)
            }
        return self._cache.get((str(row.get("country", "")).strip().upper(), key))

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        obj = self.lookup(name_key(str(value)), row or {})
        if obj is None:
            raise ValueError(
                _("Organisation “%(value)s” is unknown in this country.") % {"value": value}
            )
        return obj

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class ScopedResource(resources.ModelResource):
    """Base: the user's queryset, known ids precomputed, bulk writes, all-or-nothing."""

    def __init__(self, *, user, **kwargs):
        self.user = user
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = self._meta.model.objects.all()
        return queryset.for_user(self.user) if hasattr(queryset, "for_user") else queryset

    def before_import(self, dataset, **kwargs):
        self._known_ids = {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}

    def before_import_row(self, row, **kwargs):
        given = str(row.get("id") or "").strip()
        if not given:
            row.pop("id", None)  # a new record (or one matched otherwise), never id=None
        elif given not in self._known_ids:
            raise ValidationError(
                {"id": _("No record %(id)s in your countries; leave id empty to add one.")
                 % {"id": given}}
            )  # fmt: skip


class OrganisationResource(ScopedResource):
    def dehydrate_country(self, organisation):
        return organisation.country.code

    country = fields.Field(attribute="country", column_name="country")

    class Meta:
        model = Organisation
        fields = ("id", "name", "type", "country")
        import_id_fields = ("id",)
        use_bulk = True
        skip_diff = True
        clean_model_instances = True

    def __init__(self, *, user, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["country"].widget = CachedForeignKeyWidget(
            Country, "code", queryset=Country.objects.for_user(user), normalise=_upper
        )

    def before_save_instance(self, instance, row, **kwargs):
        instance.name_key = name_key(instance.name)


class PersonResource(ScopedResource):
    country = fields.Field(attribute="country", column_name="country")
    organisation = fields.Field(attribute="organisation", column_name="organisation")

    class Meta:
        model = Person
        fields = (
            "id", "given_name", "family_name", "sex", "year_of_birth", "country",
            "organisation", "rank", "email", "phone", "consent_given", "consent_date",
        )  # fmt: skip
        import_id_fields = ("id",)
        use_bulk = True
        skip_diff = True
        clean_model_instances = True

    def __init__(self, *, user, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["country"].widget = CachedForeignKeyWidget(
            Country, "code", queryset=Country.objects.for_user(user), normalise=_upper
        )
        self.fields["organisation"].widget = OrganisationWidget(
            queryset=Organisation.objects.for_user(user)
        )

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._by_email = {
            person.email_key: person for person in self.get_queryset().exclude(email_key="")
        }

    def get_instance(self, instance_loader, row):
        """By id when given; else the person with the same email (no duplicates)."""
        if str(row.get("id") or "").strip():
            return super().get_instance(instance_loader, row)
        return self._by_email.get(email_key(str(row.get("email") or "")))

    def before_save_instance(self, instance, row, **kwargs):
        instance.refresh_keys()

    def dehydrate_country(self, person):
        return person.country.code

    def dehydrate_organisation(self, person):
        return person.organisation.name if person.organisation_id else ""


class CompetencyResource(ScopedResource):
    framework = fields.Field(attribute="framework", column_name="framework")

    class Meta:
        model = Competency
        fields = ("framework", "code", "name", "area", "result_area", "description")
        import_id_fields = ("code",)
        use_bulk = True
        skip_diff = True
        clean_model_instances = True

    def __init__(self, *, user, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["framework"].widget = CachedForeignKeyWidget(CompetencyFramework, "code")

    def before_import_row(self, row, **kwargs):
        pass  # identified by code, not id


class AttendanceResource(resources.ModelResource):
    """An attendance sheet into one workshop. `before_import` decides every row at once
    (`services.attendance_import_plan`: people matched by e-mail, else name and
    organisation; duplicates merged; organisations recognised; scores read; a fixed number
    of queries) and tells the preview what it understood; each row is then the library's:
    a row in error is a validation error on its cells, a merged or unchanged row is
    skipped, the others are new or updated attendances, written in bulk. The real run writes
    nothing while a row is in error or a question unanswered (how to read 0.7, what a new
    organisation is); otherwise it first creates the confirmed organisations and the new
    people, and after the rows awards the workshop's evidence to the certified."""

    class Meta:
        model = Attendance
        fields = ()
        import_id_fields = ()
        skip_diff = True
        use_bulk = True
        batch_size = None  # one INSERT (and one UPDATE) for the whole sheet

    def __init__(self, *, user, workshop, sheet, answers: dict):
        super().__init__()
        self.user = user
        self.workshop = workshop
        self.sheet = sheet
        self.answers = answers
        self.preview_notes = PreviewNotes()

    def before_import(self, dataset, **kwargs):
        self.plan = attendance_import_plan(
            sheet=self.sheet, workshop=self.workshop, user=self.user, answers=self.answers
        )
        self.blocked = self.plan.has_errors or bool(self.plan.unanswered)
        notes = self.preview_notes
        for number, row in enumerate(self.plan.rows, start=1):
            for key, (text, level) in row.messages.items():
                notes.cell(number, key, text, level)
            if row.match:
                notes.match[number] = str(row.match)
            for note in row.notes:
                notes.note(number, note)
        if not kwargs.get("dry_run") and not self.blocked:
            attendance_people_create(plan=self.plan)

    def before_import_row(self, row, **kwargs):
        self._row = self.plan.rows[kwargs["row_number"] - 1]
        if self._row.status == ERROR:
            raise ValidationError({key: str(error) for key, error in self._row.errors.items()})

    def get_or_init_instance(self, instance_loader, row):
        if self._row.attendance is not None:
            return self._row.attendance, False
        return Attendance(workshop=self.workshop, recorded_by=self.user), True

    def import_instance(self, instance, row, **kwargs):
        planned = self._row
        if planned.attendance is not None:  # loaded objects: the row's label costs no query
            instance.workshop = self.workshop
        instance.person = planned.person
        if planned.status != MERGED:
            for name, value in attendance_values(planned.clean).items():
                setattr(instance, name, value)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return self._row.status in (MERGED, UNCHANGED)

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run") or self.blocked:
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def get_bulk_update_fields(self):
        return list(ATTENDANCE_FIELDS)

    def after_import(self, dataset, result, **kwargs):
        """The workshop's evidence; no sequence reset (ids are never given: a reset under
        concurrent imports could hand one out twice)."""
        if not kwargs.get("dry_run") and not self.blocked and not result.has_errors():
            workshop_evidence_award(plan=self.plan, user=self.user)


def _upper(value) -> str:
    return str(value).strip().upper()


RESOURCES = {
    Organisation: OrganisationResource,
    Person: PersonResource,
    Competency: CompetencyResource,
}


def resource_for(model, user) -> ScopedResource:
    return RESOURCES[model](user=user)
