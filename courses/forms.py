"""Forms of the courses views (public and admin); the xAPI period form is in `xapi.export`."""

import io
import zipfile

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats.base_formats import CSV, XLSX

from .access import country_choices, visible_users
from .selectors.surveys import QUESTIONS
from .services.accounts import InvitationError, country_resolve

RATINGS = [(i, str(i)) for i in range(1, 6)]
# Bulk enrolment uploads.
MAX_UPLOAD = 2 * 1024 * 1024
MAX_UNPACKED = 10 * MAX_UPLOAD  # an xlsx of 2 MB unpacks to far less: more is a zip bomb
MAX_ROWS = 5_000


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


def check_xlsx_container(content: bytes) -> None:
    """Refuse what is not a plain, reasonably sized xlsx before openpyxl opens it."""
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: .xls or encrypted
        raise forms.ValidationError(
            _("Old Excel (.xls) and password-protected files cannot be read: save as .xlsx.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise forms.ValidationError(_("This file cannot be read as a spreadsheet.")) from error
    if "xl/workbook.xml" not in names:
        raise forms.ValidationError(_("This file cannot be read as a spreadsheet."))
    if unpacked > MAX_UNPACKED:
        raise forms.ValidationError(_("The file unpacks to an unreasonable size and was refused."))


class BulkEnrolForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("email"),
        required=False,
        label=gettext_lazy("Choose people"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    file = forms.FileField(
        required=False,
        label=gettext_lazy("Or upload a spreadsheet (xlsx or csv)"),
        help_text=gettext_lazy(
            "One row per person, with a column “email” and optional “first_name”, “last_name”. "
            "People without an account are invited by email."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["users"].queryset = visible_users(user, self.fields["users"].queryset)
        add_country_field(
            self,
            user,
            required=False,
            help_text=gettext_lazy(
                "The country of the people the file invites, unless it has a “country” column."
            ),
        )

    def clean(self):
        """Give each row of the file its country: its own column, else the form's choice."""
        data = super().clean()
        choices = country_choices(self.user)  # once for the whole file
        for row in data.get("file") or []:
            value = row.pop("country_column", "") or data.get("country", "")
            try:
                row["country"] = country_resolve(chooser=self.user, value=value, choices=choices)
            except InvitationError as error:
                row["country"], row["country_error"] = "", str(error)
        return data

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        name = upload.name.lower()
        try:
            if name.endswith(".xlsx"):
                content = upload.read()
                check_xlsx_container(content)
                data = XLSX().create_dataset(content)
            elif name.endswith(".csv"):
                data = CSV().create_dataset(upload.read().decode("utf-8-sig"))
            else:
                raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        except (ValueError, KeyError, UnicodeDecodeError, OSError) as error:
            raise forms.ValidationError(
                _("This file cannot be read: %(e)s") % {"e": error}
            ) from error
        except Exception as error:  # openpyxl raises its own errors for damaged files
            if isinstance(error, forms.ValidationError):
                raise
            raise forms.ValidationError(_("This file cannot be read as a spreadsheet.")) from error
        headers = [str(h or "").strip().lower() for h in (data.headers or [])]
        if "email" not in headers:
            raise forms.ValidationError(_("The file has no “email” column."))
        if data.height > MAX_ROWS:
            raise forms.ValidationError(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": MAX_ROWS}
            )
        rows = []
        for line, values in enumerate(data, start=2):
            row = dict(zip(headers, values, strict=False))
            rows.append(
                {
                    "line": line,
                    "email": str(row.get("email") or "").strip().lower(),
                    "first_name": str(row.get("first_name") or "").strip(),
                    "last_name": str(row.get("last_name") or "").strip(),
                    "country_column": str(row.get("country") or "").strip(),
                }
            )
        return rows


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
