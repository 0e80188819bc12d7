"""Trainee accounts: invitations (an expiring link to set a password) and self-registration."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctps_common.roles import TRAINEE, group_name

from ..models import RegistrationRequest


class InvitationError(Exception):
    pass


@transaction.atomic
def user_invite(*, email: str, first_name: str = "", last_name: str = "", request=None):
    """Create (or find) a trainee account and email them a link to set their password.

    The link is Django's password-reset token, so it expires after PASSWORD_RESET_TIMEOUT
    and stops working once the password is set.
    """
    User = get_user_model()
    email = (email or "").strip().lower()
    if "@" not in email:
        raise InvitationError(_("“%(email)s” is not an email address.") % {"email": email})
    user = User._default_manager.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        group = Group.objects.filter(name=group_name(TRAINEE)).first()
        if group is not None:
            user.groups.add(group)
    if user.has_usable_password():
        return user, False
    send_invitation(user=user, request=request)
    return user, created


class InvitationForm(PasswordResetForm):
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
    *, email: str, first_name: str, last_name: str, password: str, organisation: str = ""
):
    """An inactive account plus a request that staff approve or decline."""
    User = get_user_model()
    email = email.strip().lower()
    if User._default_manager.filter(email__iexact=email).exists():
        raise InvitationError(
            _("An account already uses this address: sign in or reset your password.")
        )
    user = User(
        username=email, email=email, first_name=first_name, last_name=last_name, is_active=False
    )
    user.set_password(password)
    user.save()
    return RegistrationRequest.objects.create(user=user, organisation=organisation)


@transaction.atomic
def registration_request_decide(*, request_obj, approve: bool, decided_by) -> None:
    if request_obj.decided_at:
        raise InvitationError(_("This request was already decided."))
    request_obj.approved = approve
    request_obj.decided_at = timezone.now()
    request_obj.decided_by = decided_by
    request_obj.save()
    user = request_obj.user
    if approve:
        user.is_active = True
        user.save(update_fields=["is_active"])
        group = Group.objects.filter(name=group_name(TRAINEE)).first()
        if group is not None:
            user.groups.add(group)
        send_mail(
            _("Your CT Public Spaces Learning account is ready"),
            _("Your account was approved. Sign in with your email address: %(url)s")
            % {"url": _login_url()},
            None,
            [user.email],
        )


def _login_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("courses:login")
