"""Releases in the Wagtail admin: listed with who and when; created, never edited."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import Release
from .services import closed_quarter_ends, release_create


class ReleaseForm(forms.ModelForm):
    end = forms.TypedChoiceField(label=_("Quarter ending"), coerce=lambda v: v)

    class Meta:
        model = Release
        fields = ["end"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        self.fields["end"].choices = [
            (end.isoformat(), end.isoformat()) for end in reversed(closed_quarter_ends())
        ]

    def clean_end(self):
        import datetime

        return datetime.date.fromisoformat(self.cleaned_data["end"])

    def validate_unique(self):
        """Checked by `release_create` (and the database)."""


class ReleaseCreateView(CreateView):
    def save_instance(self):
        try:
            return release_create(end=self.form.cleaned_data["end"], user=self.request.user)
        except ValidationError as error:
            self.form.add_error(None, error)
            raise

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            self.produced_error_message = " ".join(error.messages)
            return self.form_invalid(form)


class ReleaseViewSet(ModelViewSet):
    model = Release
    form_fields = ["end"]

    def get_form_class(self, for_update=False):
        return ReleaseForm

    add_view_class = ReleaseCreateView
    icon = "date"
    menu_label = _("Releases")
    add_to_admin_menu = True
    menu_order = 261
    list_display = ["__str__", "end", "created_by", "created_at"]
    ordering = ["-end"]
    inspect_view_enabled = True
    copy_view_enabled = False  # a release is made from the data, never from another one
    inspect_view_fields = ["end", "created_by", "created_at", "audit"]
