"""Trainee accounts: invitations (an expiring link to set a password), password reset links
and self-registration. Their emails are background tasks (`ctps_common.tasks`): enqueued in
the transaction that creates the account or decides the request, so with the database
backend the email leaves exactly when the change commits, from the worker. The tasks get ids,
never a link: the password token is made when the email is sent, not stored in the queue.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ctps_common.roles import TRAINEE, group_name
from ctps_common.tasks import task

from .. import access
from ..models import RegistrationRequest
from ..signals import account_country_chosen

# Emails with a link to set a password: (subject template, body template).
ACCOUNT_EMAILS = {
    "invitation": (
        "courses/account/invitation_subject.txt",
        "courses/account/invitation_email.txt",
    ),
    "password_reset": (
        "courses/account/password_reset_subject.txt",
        "courses/account/password_reset_email.txt",
    ),
}


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@task(priority=10)
def account_email_send(*, user_id: int, kind: str, domain: str, use_https: bool, language: str):
    """Background task: email an invitation or a password reset link, made now."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "no such account"
    if kind == "invitation" and user.has_usable_password():
        return "password already set"
    if kind == "password_reset" and not user.has_usable_password():
        return "no password to reset"
    subject_template, body_template = ACCOUNT_EMAILS[kind]
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(language):
        PasswordResetForm().send_mail(subject_template, body_template, context, None, user.email)
    return "sent"


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form; its email is the background task `account_email_send`."""

    email_kind = "password_reset"

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        account_email_send.enqueue(
            user_id=context["user"].pk,
            kind=self.email_kind,
            domain=context["domain"],
            use_https=context["protocol"] == "https",
            language=_language(),
        )


class InvitationError(Exception):
    pass


def country_resolve(*, chooser, value: str, choices: list | None = None) -> str:
    """The code of the country `value` names (code or name, any case) among those `chooser`
    may give an account (their only one when `value` is empty); "" when no plugin knows
    countries. Raises InvitationError. `choices`: `access.country_choices(chooser)`, when
    the caller resolves many rows."""
    choices = access.country_choices(chooser) if choices is None else choices
    if not choices:
        return ""
    wanted = " ".join(str(value or "").split()).casefold()
    if not wanted and len(choices) == 1:
        return choices[0][0]
    if not wanted:
        raise InvitationError(_("Choose the trainee’s country."))
    for code, name in choices:
        if wanted in (code.casefold(), str(name).casefold()):
            return code
    raise InvitationError(
        _("“%(country)s” is not a country you may give an account.") % {"country": value}
    )


def _may_see(staff, user) -> bool:
    return access.visible_users(staff).filter(pk=user.pk).exists()


def _record_country(*, user, country: str) -> None:
    if country:
        account_country_chosen.send(sender=user.__class__, user=user, country=country)


@transaction.atomic
def user_invite(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    country: str = "",
    invited_by=None,
    request=None,
):
    """Create (or find) a trainee account and email them a link to set their password.

    The link is Django's password-reset token, so it expires after PASSWORD_RESET_TIMEOUT
    and stops working once the password is set. A new account gets `country` (a code or a
    name among those `invited_by` may give; required when a plugin offers countries); an
    existing account keeps its own, and one `invited_by` may not see is left alone.
    """
    User = get_user_model()
    email = (email or "").strip().lower()
    if "@" not in email:
        raise InvitationError(_("“%(email)s” is not an email address.") % {"email": email})
    user = User._default_manager.filter(email__iexact=email).first()
    created = user is None
    if created:
        country = country_resolve(chooser=invited_by, value=country)
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        group = Group.objects.filter(name=group_name(TRAINEE)).first()
        if group is not None:
            user.groups.add(group)
        _record_country(user=user, country=country)
    elif invited_by is not None and not _may_see(invited_by, user):
        raise InvitationError(
            _("An account outside your countries uses %(email)s: ask programme staff.")
            % {"email": email}
        )
    if user.has_usable_password():
        return user, False
    send_invitation(user=user, request=request)
    return user, created


class InvitationForm(QueuedPasswordResetForm):
    email_kind = "invitation"

    def get_users(self, email):
        # Invitees have no usable password yet: Django's reset form would skip them.
        User = get_user_model()
        return User._default_manager.filter(email__iexact=email, is_active=True)


def send_invitation(*, user, request=None) -> None:
    form = InvitationForm({"email": user.email})
    form.is_valid()
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    form.save(
        request=None,
        domain_override=base.netloc,
        use_https=base.scheme == "https",
        subject_template_name="courses/account/invitation_subject.txt",
        email_template_name="courses/account/invitation_email.txt",
    )


@transaction.atomic
def registration_request_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    organisation: str = "",
    country: str = "",
):
    """An inactive account plus a request that staff approve or decline; the staff of the
    account's `country` (required when a plugin offers countries) see the request."""
    User = get_user_model()
    email = email.strip().lower()
    country = country_resolve(chooser=None, value=country)
    if User._default_manager.filter(email__iexact=email).exists():
        raise InvitationError(
            _("An account already uses this address: sign in or reset your password.")
        )
    user = User(
        username=email, email=email, first_name=first_name, last_name=last_name, is_active=False
    )
    user.set_password(password)
    user.save()
    _record_country(user=user, country=country)
    return RegistrationRequest.objects.create(user=user, organisation=organisation)


@transaction.atomic
def registration_request_decide(*, request_obj, approve: bool, decided_by) -> None:
    """Decide a self-registration once: the conditional UPDATE lets one click win."""
    claimed = RegistrationRequest.objects.filter(pk=request_obj.pk, decided_at__isnull=True).update(
        approved=approve, decided_at=timezone.now(), decided_by=decided_by
    )
    if not claimed:
        raise InvitationError(_("This request was already decided."))
    request_obj.refresh_from_db()
    user = request_obj.user
    if approve:
        user.is_active = True
        user.save(update_fields=["is_active"])
        group = Group.objects.filter(name=group_name(TRAINEE)).first()
        if group is not None:
            user.groups.add(group)
        registration_approved_send.enqueue(request_id=request_obj.pk, language=_language())


@task(priority=10)
def registration_approved_send(*, request_id: int, language: str):
    """Background task: tell the trainee their self-registration was approved."""
    request_obj = (
        RegistrationRequest.objects.select_related("user")
        .filter(pk=request_id, approved=True)
        .first()
    )
    if request_obj is None or not request_obj.user.email:
        return "no approved request"
    with translation.override(language):
        send_mail(
            _("Your CT Public Spaces Learning account is ready"),
            _("Your account was approved. Sign in with your email address: %(url)s")
            % {"url": _login_url()},
            None,
            [request_obj.user.email],
        )
    return "sent"


def _login_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("courses:login")


@transaction.atomic
def account_erase(*, user, **_signal_kwargs) -> None:
    """Erase what the courses plugin holds that names `user` (receiver of
    `ctps_common.erasure.account_erasing`, sent while the account still has its e-mail).

    Enrolments, completions, attempts and certificates stay: the figures count them, through
    the account kept as a pseudonymous key. Certificate holder names go (verification then
    says the name was erased and the PDF is no longer made), free text (survey comments,
    the reasons staff gave for resetting an attempt) goes,
    xAPI statements that carry the e-mail (`XAPI_ACTOR = "mbox"`) identify the actor by the
    account id instead, and the trainee's cached progress starts afresh.
    """
    from ..models import (
        AttemptReset,
        Certificate,
        Enrolment,
        RegistrationRequest,
        SurveyResponse,
        XapiStatement,
    )
    from ..xapi.statements import account_actor

    now = timezone.now()
    Certificate.objects.filter(user=user).update(holder_name="", holder_erased_at=now)
    SurveyResponse.objects.filter(user=user).exclude(comment="").update(comment="")
    AttemptReset.objects.filter(attempt__user=user).exclude(reason="").update(reason="")
    statements = list(XapiStatement.objects.filter(user=user, statement__actor__has_key="mbox"))
    for row in statements:
        row.statement = {**row.statement, "actor": account_actor(user)}
    XapiStatement.objects.bulk_update(statements, ["statement"], batch_size=500)
    if user.email:  # an LRS's answer may quote the statement it refused
        XapiStatement.objects.filter(user=user, last_error__icontains=user.email).update(
            last_error=""
        )
    Enrolment.objects.filter(user=user).update(progress_version=uuid.uuid4())
    # Requests for access name the requester: those made under the address go; the account's
    # own self-registration request stays as a record of the decision, without what named them.
    if user.email:
        RegistrationRequest.objects.filter(course__isnull=False, email__iexact=user.email).delete()
    RegistrationRequest.objects.filter(user=user).update(
        email="", first_name="", last_name="", organisation="", message="", decline_reason=""
    )
