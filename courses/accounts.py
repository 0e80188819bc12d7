"""Sign-in with an email address, invitations and password resets for trainees."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

TRAINEE_GROUP = "Trainee"


class EmailBackend(ModelBackend):
    """Authenticate with the email address (case-insensitive) or the username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        user = (
            User._default_manager.filter(email__iexact=username.strip()).order_by("pk").first()
            or User._default_manager.filter(username=username).first()
        )
        if user is None:
            User().set_password(password)  # same time as a real check: no user enumeration
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


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
        group = Group.objects.filter(name=TRAINEE_GROUP).first()
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
    from urllib.parse import urlsplit

    from django.conf import settings

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
