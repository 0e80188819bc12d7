"""Bulk enrolment from a spreadsheet, on the shared import workflow (`ctps_common.imports`):
upload → preview (the resource's dry run: who is enrolled, who is invited, what is wrong) →
confirm (its real run), all or nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources

from ctps_common.imports.base import Importer, ImportRefused, Preview
from ctps_common.imports.reading import Column
from ctps_common.imports.resources import PreviewNotes, ResourceImporter

from . import access
from .forms import EnrolmentUploadForm
from .models import CoursePage, Enrolment
from .selectors.enrolment import bulk_enrol_preview
from .services.accounts import InvitationError, country_resolve, user_invite
from .services.enrolment import enrolment_create
from .services.errors import CourseError

COLUMNS = (
    Column(
        "email",
        gettext_lazy("Email"),
        ("e mail", "courriel", "adresse email", "adresse e mail", "mail"),
        required=True,
    ),
    Column("first_name", gettext_lazy("First name"), ("given name", "prenom", "prenoms")),
    Column("last_name", gettext_lazy("Last name"), ("family name", "surname", "nom")),
    Column("country", gettext_lazy("Country"), ("pays", "country code", "code pays")),
)
REFUSED = ("invalid", "hidden", "country")  # states of `bulk_enrol_preview` that are errors
SKIPPED = ("duplicate", "enrolled")


class EnrolmentResource(resources.ModelResource):
    """Enrolments in one course from rows of people. `before_import` decides every row at
    once (`bulk_enrol_preview`: a fixed number of queries); a refused row is a validation
    error on its cell, a row already enrolled or repeated is skipped; the real run invites
    those without an account and enrols, and the dry run writes nothing (no invitation)."""

    class Meta:
        model = Enrolment
        fields = ()
        import_id_fields = ()
        skip_diff = True

    def __init__(self, *, user, course: CoursePage, default_country: str = ""):
        super().__init__()
        self.user = user
        self.course = course
        self.default_country = default_country
        self.preview_notes = PreviewNotes()
        self.counts = {"created": 0, "existing": 0, "invited": 0}

    def _person(self, row: dict) -> dict:
        """One sheet row with its country code (its own column, else the upload form's) or
        the reason it has none."""
        value = str(row.get("country") or "").strip() or self.default_country
        try:
            country, error = (
                country_resolve(chooser=self.user, value=value, choices=self.choices),
                "",
            )
        except InvitationError as refused:
            country, error = "", str(refused)
        return {
            "email": str(row.get("email") or "").strip().lower(),
            "first_name": str(row.get("first_name") or "").strip(),
            "last_name": str(row.get("last_name") or "").strip(),
            "country": country,
            **({"country_error": error} if error else {}),
        }

    def before_import(self, dataset, **kwargs):
        self.choices = access.country_choices(self.user)  # once per file
        people = [self._person(dict(zip(dataset.headers, row, strict=True))) for row in dataset]
        self.plan = bulk_enrol_preview(course=self.course, rows=people, user=self.user)
        emails = [row["email"] for row in self.plan if row["state"] == "enrol"]
        User = get_user_model()
        self.accounts = {
            account.email.lower(): account for account in User.objects.filter(email__in=emails)
        }
        # One refused row refuses the file: the real run then invites and enrols nobody
        # (an invitation e-mail, once sent, cannot be rolled back).
        self.blocked = any(row["state"] in REFUSED for row in self.plan)
        for number, row in enumerate(self.plan, start=1):
            if row["state"] not in REFUSED:
                level = "" if row["ok"] else "info"
                self.preview_notes.cell(number, "email", row["action"], level)

    def before_import_row(self, row, **kwargs):
        self._number = kwargs["row_number"]
        planned = self.plan[self._number - 1]
        if planned["state"] in REFUSED:
            # a country's error goes on the country cell when the sheet has one
            on = "country" if planned["state"] == "country" and "country" in row else "email"
            raise ValidationError({on: planned["action"]})

    def get_or_init_instance(self, instance_loader, row):
        return Enrolment(
            course=self.course,
            course_key=self.course.translation_key,
            source=Enrolment.Source.IMPORT,
            enrolled_by=self.user,
        ), True

    def import_instance(self, instance, row, **kwargs):
        """Nothing to copy from the row: the plan holds the person."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return self.plan[self._number - 1]["state"] in SKIPPED

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run") or self.blocked:
            return  # the preview invites nobody; nor does a refused file
        planned = self.plan[kwargs["row_number"] - 1]
        account = self.accounts.get(planned["email"])
        try:
            if account is None:
                account, _created = user_invite(
                    email=planned["email"],
                    first_name=planned["first_name"],
                    last_name=planned["last_name"],
                    country=planned.get("country", ""),
                    invited_by=self.user,
                )
                self.counts["invited"] += 1
            enrolment, created = enrolment_create(
                user=account,
                course=self.course,
                source=Enrolment.Source.IMPORT,
                enrolled_by=self.user,
            )
        except (InvitationError, CourseError) as error:
            raise ValidationError({"email": str(error)}) from error
        self.counts["created" if created else "existing"] += 1
        instance.pk = enrolment.pk

    def after_import(self, dataset, result, **kwargs):
        """No sequence reset: ids are never given, the database hands them out (a reset
        under concurrent imports could hand one out twice)."""


class EnrolmentImporter(ResourceImporter):
    """People to enrol in one course (the URL's `page_id`); those without an account are
    invited by e-mail."""

    kind = "courses.enrolment"
    title = gettext_lazy("Enrol people from a spreadsheet")
    columns = COLUMNS
    help_text = gettext_lazy(
        "One row per person, with an email column and optional first and last names. "
        "People without an account are invited by email, with the row's country (a code or "
        "a name) or else the country chosen here."
    )

    @classmethod
    def for_request(cls, *, user, url_kwargs: dict, **kwargs) -> Importer:
        kwargs.setdefault("target", str(url_kwargs.get("page_id", "")))
        return cls(user=user, **kwargs)

    def course(self) -> CoursePage:
        course = CoursePage.objects.filter(pk=self.target).first()
        if course is None:
            raise ImportRefused(_("This course no longer exists."))
        return course

    def has_permission(self) -> bool:
        return self.user.has_perm(access.ENROL_PERMISSION)

    def upload_form_class(self):
        return EnrolmentUploadForm

    def start(self, *, form, table) -> None:
        """Keep the form's country: the one of every invited person whose row names none."""
        self.options["country"] = form.cleaned_data.get("country") or ""

    def make_resource(self):
        return EnrolmentResource(
            user=self.user, course=self.course(), default_country=self.options.get("country", "")
        )

    def describe(self, preview: Preview, resource) -> Preview:
        preview.subject = resource.course.title
        preview.legend = [
            (_("New"), _("enrolled now (invited first when the person has no account)")),
            (_("Unchanged"), _("already enrolled, or the same address on an earlier row")),
            *self._country_legend(resource.choices),
        ]
        return preview

    def _country_legend(self, choices: list) -> list[tuple[str, str]]:
        """The country the invited get when their row names none (the form's, else the only
        one the staff member may give)."""
        names = dict(choices)
        default = self.options.get("country") or (choices[0][0] if len(choices) == 1 else "")
        if default not in names:
            return []
        return [
            (
                _("Country"),
                _("%(name)s, for the people invited whose row names no country")
                % {"name": names[default]},
            )
        ]

    def written(self, resource, preview: Preview) -> None:
        self.result = resource.counts

    def success_message(self, preview: Preview, filename: str) -> str:
        return (
            _("%(created)s enrolled (%(invited)s invited), %(existing)s were already enrolled.")
            % self.result
        )

    def done_url(self) -> str:
        return reverse("courses_admin:report", args=[self.target])
