"""Forms of the courses views (public and admin); the xAPI period form is in `xapi.export`."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy

from ctps_common.imports.views import UploadForm

from .access import country_choices, visible_users
from .selectors.surveys import QUESTIONS

RATINGS = [(i, str(i)) for i in range(1, 6)]


def add_country_field(form, chooser, *, help_text="", required=True) -> None:
    """A country choice for a new trainee account, when a plugin offers countries: those
    `chooser` may give (preselected when there is only one)."""
    choices = country_choices(chooser)
    if not choices:
        return
    form.fields["country"] = forms.ChoiceField(
        choices=[("", "---------"), *choices],
        required=required and len(choices) > 1,  # the only one is taken when left empty
        label=gettext_lazy("Country"),
        help_text=help_text,
        initial=choices[0][0] if len(choices) == 1 else None,
    )


class SurveyForm(forms.Form):
    relevance = forms.TypedChoiceField(
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, label=QUESTIONS[0][1]
    )
    clarity = forms.TypedChoiceField(
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, label=QUESTIONS[1][1]
    )
    applicability = forms.TypedChoiceField(
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, label=QUESTIONS[2][1]
    )
    comment = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=gettext_lazy("Anything else you want to tell us? (optional)"),
    )


class RegistrationForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Email"))
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"), max_length=200, required=False
    )
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_country_field(self, None, help_text=gettext_lazy("The country you work in."))

    def clean(self):
        data = super().clean()
        if data.get("password"):
            candidate = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class AccessRequestForm(forms.Form):
    """Ask staff of one's country for access to a course (no self-registration). `website`
    is a honeypot: hidden from people, filled by robots, never stored."""

    course = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Course"), empty_label="---------"
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Email"))
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=200)
    message = forms.CharField(
        label=gettext_lazy("Your role, and why you need this course (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(
        required=False,
        label=gettext_lazy("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        add_country_field(self, None, help_text=gettext_lazy("The country you work in."))
        if "country" in self.fields:  # country after the organisation, like on paper
            self.order_fields(
                ["course", "first_name", "last_name", "email", "country", "organisation"]
            )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class BulkEnrolForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("email"),
        required=False,
        label=gettext_lazy("Choose people"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = visible_users(user, self.fields["users"].queryset)


class EnrolmentUploadForm(UploadForm):
    """The people's sheet and, when a plugin offers countries, the country of those it
    invites whose row names none."""

    def __init__(self, *args, importer, **kwargs):
        super().__init__(*args, importer=importer, **kwargs)
        add_country_field(
            self,
            importer.user,
            required=False,  # rows may each name their country; checked row by row
            help_text=gettext_lazy(
                "The country of the people the file invites, unless their row has a "
                "“country” column."
            ),
        )


class ResetForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Reason (kept for audit)"),
        max_length=1000,
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"))
    first_name = forms.CharField(label=gettext_lazy("First name"), required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        add_country_field(self, user)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept for audit)"),
        help_text=gettext_lazy(
            "Shown on the certificate and on its public verification page: no personal details."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
