from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ctps_common.imports.views import UploadForm

from .models import Country, Organisation, Workshop
from .models.choices import Sex
from .querysets import users_for


def scope_choice_fields(form, user) -> None:
    """Limit every model-choice field whose queryset knows `for_user` to the user's countries.

    Account choices (a person's user account) leave out accounts of other countries.
    """
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "for_user"):
            field.queryset = queryset.for_user(user)
        elif queryset is not None and queryset.model is get_user_model():
            field.queryset = users_for(user, queryset)


class ScopedAdminForm(WagtailAdminModelForm):
    """Admin form whose choices (country, organisation, person, workshop) are country-scoped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_choice_fields(self, self.for_user)


class AttendanceUploadForm(UploadForm):
    """The sheet and its workshop (or the workshop named in the sheet's first rows)."""

    workshop = forms.ModelChoiceField(
        queryset=Workshop.objects.all(),
        required=False,
        label=_("Workshop"),
        help_text=_("Leave empty when the sheet names its workshop (cell B1 of the template)."),
    )

    def __init__(self, *args, importer, **kwargs):
        super().__init__(*args, importer=importer, **kwargs)
        self.fields["file"].label = _("Attendance sheet (.xlsx or .csv)")
        scope_choice_fields(self, importer.user)


class ProfileForm(forms.Form):
    """What the register needs from an online trainee, asked once before the first enrolment."""

    given_name = forms.CharField(max_length=100, label=_("Given name"))
    family_name = forms.CharField(max_length=100, label=_("Family name"))
    country = forms.ModelChoiceField(queryset=Country.objects.all(), label=_("Country"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.select_related("country"),
        required=False,
        label=_("Organisation"),
        help_text=_("Leave empty if yours is not listed."),
    )
    # An explicit empty first choice: nobody is recorded as female (the first option) by
    # skipping the list. "Prefer not to say" is recorded as not stated (X), apart from F and M.
    sex = forms.ChoiceField(
        choices=[
            ("", _("— Choose —")),
            (Sex.FEMALE, Sex.FEMALE.label),
            (Sex.MALE, Sex.MALE.label),
            (Sex.UNDISCLOSED, _("Prefer not to say")),
        ],
        label=_("Sex"),
        error_messages={"required": _("Choose one, or “Prefer not to say”.")},
    )
    rank = forms.CharField(max_length=100, required=False, label=_("Rank or role"))
    consent = forms.BooleanField(
        label=_(
            "I agree that the programme records my training and results to report on it "
            "(aggregated, never published by name)."
        )
    )

    def clean(self):
        data = super().clean()
        organisation, country = data.get("organisation"), data.get("country")
        if organisation and country and organisation.country_id != country.pk:
            self.add_error("organisation", _("This organisation is in another country."))
        return data
