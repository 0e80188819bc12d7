"""Forms of the courses views (public and admin); the xAPI period form is in `xapi.export`."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy

from .access import visible_users
from .selectors.surveys import QUESTIONS

RATINGS = [(i, str(i)) for i in range(1, 6)]


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


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept for audit)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
