"""Changing one's account e-mail address: only once the new address has confirmed it.

The e-mail address is how people sign in, get their password links and are matched to their
register entry, so an unconfirmed change would let anyone take over another person's address
(lock them out, or be linked to their register entry at the profile step). Wagtail's account
settings therefore no longer edit the address (`WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False`);
this panel asks for the new address and sends it a signed link; following the link while
signed in as the same user makes the change. Addresses are unique whatever their letter case
(a database constraint, migration home/0004) and the link stops working once the address
changed or after PASSWORD_RESET_TIMEOUT.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ctps_common.tasks import enqueue_on_commit, task

SALT = "home.email_change"


def email_taken(email: str, *, user) -> bool:
    """Whether another account already uses the address, in any letter case."""
    return (
        get_user_model()._default_manager.filter(email__iexact=email).exclude(pk=user.pk).exists()
    )


def email_change_token(*, user, new_email: str) -> str:
    """A signed token for this user, this new address, valid while the old address is current."""
    return signing.dumps(
        {"user": user.pk, "new": new_email, "old": user.email.lower()}, salt=SALT, compress=True
    )


def email_change_url(*, user, new_email: str) -> str:
    token = email_change_token(user=user, new_email=new_email)
    path = reverse("home_email_change_confirm", kwargs={"token": token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class EmailChangeError(Exception):
    pass


def email_change_check(*, user, token: str) -> str:
    """The new address the token confirms for `user`; EmailChangeError with the reason if not."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.SignatureExpired as error:
        raise EmailChangeError(_("This link has expired. Ask for a new one.")) from error
    except signing.BadSignature as error:
        raise EmailChangeError(_("This link is not valid.")) from error
    if data.get("user") != user.pk:
        raise EmailChangeError(
            _("This link was sent for another account. Sign in as that account to use it.")
        )
    if data.get("old") != user.email.lower():
        raise EmailChangeError(_("This link is no longer valid: your address changed since."))
    new_email = data["new"]
    if email_taken(new_email, user=user):
        raise EmailChangeError(_("Another account uses this address."))
    return new_email


@transaction.atomic
def email_change_confirm(*, user, token: str) -> str:
    """Make the change the token confirms (EmailChangeError if it cannot be made)."""
    User = get_user_model()
    user = User._default_manager.select_for_update().get(pk=user.pk)
    new_email = email_change_check(user=user, token=token)
    old_email = user.email
    user.email = new_email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as error:  # taken between the check and the save
        raise EmailChangeError(_("Another account uses this address.")) from error
    if old_email:
        enqueue_on_commit(
            email_changed_notice_send,
            old_email=old_email,
            new_email=new_email,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    return new_email


@task()
def email_change_link_send(*, user_id: int, new_email: str, language: str) -> str:
    """E-mail the confirmation link to the new address (background task)."""
    user = get_user_model()._default_manager.get(pk=user_id)
    with translation.override(language):
        context = {
            "user": user,
            "new_email": new_email,
            "url": email_change_url(user=user, new_email=new_email),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("home/email_change/confirm_subject.txt", context)
        body = render_to_string("home/email_change/confirm_email.txt", context)
        send_mail(" ".join(subject.split()), body, None, [new_email])
    return "sent"


@task()
def email_changed_notice_send(*, old_email: str, new_email: str, language: str) -> str:
    """Tell the previous address that the account's address changed (background task)."""
    with translation.override(language):
        context = {"new_email": new_email, "site_name": settings.WAGTAIL_SITE_NAME}
        subject = render_to_string("home/email_change/changed_subject.txt", context)
        body = render_to_string("home/email_change/changed_email.txt", context)
        send_mail(" ".join(subject.split()), body, None, [old_email])
    return "sent"


class EmailChangeForm(forms.ModelForm):
    """Asks for a new address; saving sends the link and leaves the account unchanged."""

    new_email = forms.EmailField(
        label=_("New e-mail address"),
        required=False,
        help_text=_(
            "We send a link to the new address; the change is made when you follow it. "
            "Until then you keep signing in with your current address."
        ),
    )

    class Meta:
        model = get_user_model()
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_new_email(self):
        new_email = (self.cleaned_data.get("new_email") or "").strip()
        if not new_email or new_email.lower() == (self.instance.email or "").lower():
            return ""
        if email_taken(new_email, user=self.instance):
            raise forms.ValidationError(_("Another account uses this address."))
        return new_email

    def save(self, commit=True):
        new_email = self.cleaned_data.get("new_email")
        if new_email:
            enqueue_on_commit(
                email_change_link_send,
                user_id=self.instance.pk,
                new_email=new_email,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            if self.request is not None:
                messages.info(
                    self.request,
                    _("We sent a link to %(email)s: follow it to confirm your new address.")
                    % {"email": new_email},
                )
        return self.instance


class EmailChangePanel(BaseSettingsPanel):
    """The account settings panel showing the current address and asking for a new one."""

    name = "email_change"
    order = 110
    title = _("E-mail address")
    form_class = EmailChangeForm
    template_name = "home/email_change/panel.html"

    def get_form(self):
        kwargs = {"instance": self.user, "prefix": self.name, "request": self.request}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)

    def get_context_data(self):
        return {**super().get_context_data(), "current_email": self.user.email}


class EmailChangeConfirmView(WagtailAdminTemplateMixin, TemplateView):
    """Shows the change a link asks for; a POST (the button) makes it.

    A GET changes nothing, so that mail scanners following links cannot confirm anything.
    """

    template_name = "home/email_change/confirm.html"
    page_title = _("Confirm your new e-mail address")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["new_email"] = email_change_check(
                user=self.request.user, token=self.kwargs["token"]
            )
        except EmailChangeError as error:
            context["error"] = str(error)
        return context

    def post(self, request, token: str):
        try:
            new_email = email_change_confirm(user=request.user, token=token)
        except EmailChangeError as error:
            messages.error(request, str(error))
            return redirect("home_email_change_confirm", token=token)
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": new_email})
        return redirect("wagtailadmin_account")
