"""Bulk enrolment from a spreadsheet, on the shared import workflow (`ctps_common.imports`):
upload → preview (who is enrolled, who is invited, what is wrong) → confirm, all or nothing."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctps_common.imports.base import (
    ERROR,
    NEW,
    UNCHANGED,
    Cell,
    Importer,
    ImportRefused,
    Preview,
    PreviewRow,
)
from ctps_common.imports.reading import Column

from . import access
from .forms import EnrolmentUploadForm
from .models import CoursePage
from .selectors.enrolment import bulk_enrol_preview
from .services.accounts import InvitationError, country_resolve
from .services.enrolment import enrolments_import

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


class EnrolmentImporter(Importer):
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

    def _rows(self, table, choices: list) -> list[dict]:
        """The sheet's rows, each with its country code (its own column, else the upload
        form's) or the reason it has none; `choices`: the countries `user` may give."""
        default = self.options.get("country", "")
        rows = []
        for row in table.rows:
            value = str(row.values.get("country") or "").strip() or default
            try:
                country, error = (
                    country_resolve(chooser=self.user, value=value, choices=choices),
                    "",
                )
            except InvitationError as refused:
                country, error = "", str(refused)
            rows.append(
                {
                    "line": row.number,
                    "email": str(row.values.get("email") or "").strip().lower(),
                    "first_name": str(row.values.get("first_name") or "").strip(),
                    "last_name": str(row.values.get("last_name") or "").strip(),
                    "country": country,
                    **({"country_error": error} if error else {}),
                }
            )
        return rows

    def preview(self, table, *, answers: dict) -> Preview:
        course = self.course()
        choices = access.country_choices(self.user)  # once per file
        planned = bulk_enrol_preview(course=course, rows=self._rows(table, choices), user=self.user)
        rows = []
        for source, row in zip(table.rows, planned, strict=True):
            if row["state"] in ("invalid", "hidden", "country"):
                status, level = ERROR, "error"
            elif row["ok"]:
                status, level = NEW, ""
            else:
                status, level = UNCHANGED, "info"
            # a country's error goes on the country cell when the sheet has one
            on = "country" if row["state"] == "country" and "country" in table.columns else "email"
            cells = [
                Cell(source.values.get(key, ""), row["action"] if key == on else "", level)
                for key in table.columns
            ]
            rows.append(PreviewRow(number=source.number, status=status, cells=cells))
        return Preview(
            columns=[(c.key, str(c.label)) for c in COLUMNS if c.key in table.columns],
            rows=rows,
            subject=course.title,
            ignored_columns=table.ignored,
            legend=[
                (_("New"), _("enrolled now (invited first when the person has no account)")),
                (_("Unchanged"), _("already enrolled, or the same address on an earlier row")),
                *self._country_legend(choices),
            ],
        )

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

    def apply(self, table, *, preview: Preview, answers: dict) -> None:
        course = self.course()
        rows = self._rows(table, access.country_choices(self.user))
        planned = bulk_enrol_preview(course=course, rows=rows, user=self.user)
        result = enrolments_import(
            rows=[row for row in planned if row["ok"]], course=course, enrolled_by=self.user
        )
        if result["errors"]:
            raise ImportRefused("; ".join(result["errors"]), preview)
        self.result = result

    def success_message(self, preview: Preview, filename: str) -> str:
        return (
            _("%(created)s enrolled (%(invited)s invited), %(existing)s were already enrolled.")
            % self.result
        )

    def done_url(self) -> str:
        return reverse("courses_admin:report", args=[self.target])
