"""Wagtail's user management, with e-mail addresses unique whatever their letter case.

The database refuses a second account with an address already in use (migration home/0004);
these forms say so next to the field instead of failing. The site lists
`home.users_app.UsersAppConfig` in place of `wagtail.users` to use them.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet


class UniqueEmailMixin:
    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        others = get_user_model()._default_manager.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another account uses this address."))
        return email


class UniqueEmailUserCreationForm(UniqueEmailMixin, UserCreationForm):
    pass


class UniqueEmailUserEditForm(UniqueEmailMixin, UserEditForm):
    pass


class UniqueEmailUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return UniqueEmailUserEditForm if for_update else UniqueEmailUserCreationForm
