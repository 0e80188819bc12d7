"""The register's imports on the shared workflow (`ctps_common.imports`): attendance sheets,
people, organisations and competencies, each through its django-import-export resource
(`resources.py`): the preview is the resource's dry run, the confirm its real run."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from ctps_common.cache import batch
from ctps_common.imports.base import (
    ImportRefused,
    Preview,
    Question,
)
from ctps_common.imports.resources import ResourceImporter

from . import spreadsheets
from .forms import AttendanceUploadForm
from .models import Attendance, Workshop
from .models.choices import OrganisationType
from .services import (
    AS_WRITTEN,
    PERCENT,
    ImportPlan,
    ImportRejected,
    fraction_question,
    workshop_for_sheet,
)


class AttendanceImporter(ResourceImporter):
    """An attendance sheet into one workshop, through `resources.AttendanceResource`: people
    matched (e-mail, else name and organisation), organisations recognised, scores read,
    never guessed."""

    kind = "attendance"
    title = gettext_lazy("Import attendance")
    index_label = gettext_lazy("Attendance")
    columns = spreadsheets.COLUMNS
    answer_prefixes = ("fractions_", "organisation_")
    unanswered_message = gettext_lazy(
        "Choose how to read fractions and what each new organisation is; nothing was imported."
    )

    def has_permission(self) -> bool:
        return ModelPermissionPolicy(Attendance).user_has_permission(self.user, "add")

    def upload_form_class(self):
        return AttendanceUploadForm

    def template_url(self) -> str:
        return reverse("capability_attendance:import_template")

    def read(self, content: bytes, filename: str):
        return spreadsheets.read_attendance(content, filename)

    def workshop(self, table) -> Workshop:
        chosen = (
            Workshop.objects.filter(pk=self.target).first() if str(self.target).isdigit() else None
        )
        try:
            return workshop_for_sheet(sheet=table, workshop=chosen, user=self.user)
        except ImportRejected as error:
            raise ImportRefused(str(error)) from error

    def start(self, *, form, table) -> None:
        chosen = form.cleaned_data.get("workshop")
        self.target = str(chosen.pk) if chosen else ""
        self.target = str(self.workshop(table).pk)

    def resource_for(self, table, *, answers: dict):
        from .resources import AttendanceResource

        return AttendanceResource(
            user=self.user, workshop=self.workshop(table), sheet=table, answers=answers
        )

    def dataset_headers(self, table, resource) -> list[str]:
        return list(table.columns)

    def describe(self, preview: Preview, resource) -> Preview:
        self.plan = plan = resource.plan
        preview.subject = f"{plan.workshop.title} ({plan.workshop.code})"
        preview.questions = attendance_questions(plan)
        preview.legend = [(str(term), str(meaning)) for term, meaning in LEGEND]
        return preview

    def written(self, resource, preview: Preview) -> None:
        self._workshop = resource.plan.workshop

    def log(self, preview: Preview, filename: str) -> None:
        log(
            instance=self._workshop,
            action="capability.import_attendance",
            user=self.user,
            data={"file": filename, **preview.counts},
        )

    def success_message(self, preview: Preview, filename: str) -> str:
        return _(
            "Imported %(file)s into %(workshop)s: %(new)s new, %(updated)s updated, "
            "%(unchanged)s unchanged."
        ) % {"file": filename, "workshop": self._workshop.title, **preview.counts}

    def done_url(self) -> str:
        url = reverse("capability_attendance:index")
        return f"{url}?workshop={self.target}" if str(self.target).isdigit() else url


@transaction.atomic
@batch()
def attendance_import(*, sheet, workshop: Workshop | None, user, answers: dict) -> ImportPlan:
    """Import a whole attendance sheet now, or nothing (scripts, tests): the confirm's own
    path (`AttendanceImporter.write`), without the upload step. Raises ImportRejected, with
    the plan when there is one: a row in error or a question unanswered refuses the file."""
    importer = AttendanceImporter(user=user, target=str(workshop.pk) if workshop else "")
    try:
        importer.write(sheet, answers=answers)
    except ImportRefused as error:
        raise ImportRejected(str(error), getattr(importer, "plan", None)) from error
    return importer.plan


LEGEND = (
    (gettext_lazy("New"), gettext_lazy("a new attendance at this workshop")),
    (gettext_lazy("Updated"), gettext_lazy("this person's attendance here changes")),
    (gettext_lazy("Unchanged"), gettext_lazy("already recorded as in the sheet, or merged")),
    (gettext_lazy("new person"), gettext_lazy("added to the register")),
    (
        gettext_lazy("existing person (e-mail)"),
        gettext_lazy("found in the register by e-mail address"),
    ),
    (
        gettext_lazy("existing person (name and organisation)"),
        gettext_lazy("found by name (accents and case ignored) in the same organisation"),
    ),
    (gettext_lazy("merged"), gettext_lazy("the same person on an earlier row: one attendance")),
)


def attendance_questions(plan: ImportPlan) -> list[Question]:
    """What the user must answer before confirming: how to read fractions, what each
    unknown organisation is (the rows and their cells come from the resource's run)."""
    questions = []
    for key, affected in plan.fractions.items():
        example = affected[0].values[key]
        questions.append(
            Question(
                name=fraction_question(key),
                label=_("%(column)s: %(count)s cells hold a number from 0 to 1 (e.g. %(value)s).")
                % {
                    "column": spreadsheets.COLUMN_BY_KEY[key].label,
                    "count": len(affected),
                    "value": example,
                },
                choices=[
                    (
                        PERCENT,
                        _("They are fractions: %(value)s → %(percent)s %%")
                        % {
                            "value": example,
                            "percent": spreadsheets.fraction_as_percent(
                                spreadsheets.parse_score(example)[1] or 0
                            ),
                        },
                    ),
                    (
                        AS_WRITTEN,
                        _("They are percentages: %(value)s → %(value)s %%") % {"value": example},
                    ),
                ],
                value=plan.answers.get(fraction_question(key), ""),
                group=_("How to read the scores"),
            )
        )
    for choice in plan.organisations.values():
        options = [
            (
                f"match:{organisation.pk}",
                _("It is “%(name)s” (%(score)s %% alike)")
                % {"name": organisation.name, "score": score},
            )
            for organisation, score in choice.suggestions
        ]
        types = sorted(
            OrganisationType.choices, key=lambda item: (item[0] != choice.guess, item[0] == "other")
        )
        options += [
            (
                f"new:{value}",
                _("A new organisation of type “%(type)s”%(guessed)s")
                % {
                    "type": label,
                    "guessed": _(" (guessed from its name)")
                    if value == choice.guess and value != OrganisationType.OTHER
                    else "",
                },
            )
            for value, label in types
        ]
        answer = choice.answer
        if not answer and choice.guess != OrganisationType.OTHER and not choice.suggestions:
            answer = f"new:{choice.guess}"  # shown checked: confirming is choosing it
        questions.append(
            Question(
                name=choice.question,
                label=_("“%(name)s” (rows %(rows)s) is not in the register of %(country)s.")
                % {
                    "name": choice.name,
                    "rows": ", ".join(str(n) for n in choice.rows[:10])
                    + ("…" if len(choice.rows) > 10 else ""),
                    "country": plan.workshop.country.name,
                },
                choices=options,
                value=answer,
                group=_("Organisations not in the register"),
            )
        )
    return questions


class RegisterResourceImporter(ResourceImporter):
    """A register (or results) model through its resource (`resources.resource_for`)."""

    model = None
    index_url_name = ""
    export_url_name = ""

    @classmethod
    def for_model(cls, model, *, index_url_name: str, export_url_name: str):
        return type(
            f"{model.__name__}Importer",
            (cls,),
            {
                "model": model,
                "kind": model._meta.label_lower,
                "title": _import_title(model),
                "index_label": capfirst(model._meta.verbose_name_plural),
                "index_url_name": index_url_name,
                "export_url_name": export_url_name,
            },
        )

    def make_resource(self):
        from .resources import resource_for

        return resource_for(self.model, self.user)

    def has_permission(self) -> bool:
        policy = ModelPermissionPolicy(self.model)
        return policy.user_has_permission(self.user, "add") and policy.user_has_permission(
            self.user, "change"
        )

    def template_url(self) -> str:
        return reverse(self.export_url_name)

    def done_url(self) -> str:
        return reverse(self.index_url_name)


def _import_title(model):
    from django.utils.functional import lazy

    return lazy(lambda: _("Import %(things)s") % {"things": model._meta.verbose_name_plural}, str)()
