"""Optional TOTP two-factor sign-in for the Wagtail admin (django-otp).

Any admin user may turn it on from their account menu. From then on the admin login form asks
for the 6-digit code, and a session that was not verified with a code (one opened before the
device existed, say) is signed out of the admin.

Turning it on also gives ten one-time recovery codes (django-otp's static device), shown once:
one of them replaces the 6-digit code when the phone is lost, and is spent by that sign-in.
New codes can be generated at any time (the old ones then stop working); turning two-factor
sign-in off removes them.
"""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views.generic import WagtailAdminTemplateMixin


class TwoFactorLoginForm(LoginForm):
    """Wagtail's login form plus a one-time code, required once the user has a device."""

    otp_token = forms.CharField(
        label=_("Two-factor code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        help_text=_(
            "Only if you turned on two-factor sign-in: the 6 digits from your app, "
            "or one of your recovery codes."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not user_has_device(user, confirmed=True):
            return cleaned
        token = (cleaned.get("otp_token") or "").replace(" ", "")
        if not token:
            raise forms.ValidationError(
                _("Enter the 6-digit code from your authenticator app."), code="otp_required"
            )
        if not token.isdigit():
            device = recovery_code_use(user=user, code=token)
            if device is not None:
                user.otp_device = device  # django-otp marks the session verified on login
                return cleaned
            raise forms.ValidationError(
                _("That recovery code is wrong or was already used."), code="otp_invalid"
            )
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, StaticDevice):
                continue  # recovery codes are letters and digits, tried above
            if device.verify_token(token):
                user.otp_device = device  # django-otp marks the session verified on login
                return cleaned
        raise forms.ValidationError(
            _("That code is wrong or has expired. Try the current code."), code="otp_invalid"
        )


RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery codes"
SESSION_NEW_CODES = "home_two_factor_new_recovery_codes"


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones, and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def recovery_code_use(*, user, code: str) -> StaticDevice | None:
    """Spend one recovery code: the device it belongs to, or None (wrong, used, throttled).

    The code is deleted by the same statement that checks it, so two sign-ins racing with one
    code cannot both succeed: only the one whose DELETE removed the row does.
    """
    code = code.replace("-", "").replace(" ", "").lower()
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not code:
        return None
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return None
    deleted, _rows = StaticToken.objects.filter(device=device, token=code).delete()
    if not deleted:
        device.throttle_increment()
        return None
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return device


def two_factor_on(user) -> bool:
    """Whether `user` has a confirmed device (authenticator or recovery codes), as django-otp's
    `user_has_device`, in one query instead of one per device table: the admin asks it on
    every request of a session not verified with a code."""
    if not user.is_authenticated:
        return False
    return (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .filter(
            Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            | Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .exists()
    )


class RequireVerifiedAdminSessionMiddleware:
    """Sign out of the admin any session of a 2FA user that was not verified with a code."""

    EXEMPT = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/admin/")
            and not request.path.startswith(self.EXEMPT)
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and two_factor_on(user)
        ):
            logout(request)
            messages.warning(request, _("Please sign in again with your two-factor code."))
            return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("That code is wrong or has expired."))
        return token


class TwoFactorView(WagtailAdminTemplateMixin, FormView):
    """Turn two-factor sign-in on (scan, then confirm a code) or off (confirm a code)."""

    template_name = "home/two_factor.html"
    page_title = _("Two-factor sign-in")
    header_icon = "key"
    form_class = TokenForm

    def get_device(self) -> TOTPDevice:
        confirmed = TOTPDevice.objects.filter(user=self.request.user, confirmed=True).first()
        if confirmed:
            return confirmed
        device, _created = TOTPDevice.objects.get_or_create(
            user=self.request.user, confirmed=False, defaults={"name": "authenticator"}
        )
        return device

    def get_form_kwargs(self):
        self.device = self.get_device()
        return {**super().get_form_kwargs(), "device": self.device}

    def post(self, request, *args, **kwargs):
        if "regenerate" in request.POST:
            if not self.get_device().confirmed:
                return redirect("home_two_factor")
            request.session[SESSION_NEW_CODES] = recovery_codes_generate(user=request.user)
            messages.success(
                request, _("New recovery codes are ready. The previous ones no longer work.")
            )
            return redirect("home_two_factor")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["device"] = self.device
        # New codes are shown once: taken out of the session as the page is rendered.
        context["new_codes"] = self.request.session.pop(SESSION_NEW_CODES, None)
        context["codes_left"] = recovery_codes_left(self.request.user)
        if not self.device.confirmed:
            context["qr_svg"] = segno.make(self.device.config_url, error="m").svg_inline(
                scale=4, omitsize=False
            )
            context["secret"] = self.device.key
        return context

    def form_valid(self, form):
        device = self.device
        if device.confirmed:
            with transaction.atomic():
                device.delete()
                StaticDevice.objects.filter(user=self.request.user).delete()
            messages.success(self.request, _("Two-factor sign-in is now off."))
        else:
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = recovery_codes_generate(user=self.request.user)
            self.request.session[SESSION_NEW_CODES] = codes
            otp_login(self.request, device)
            messages.success(
                self.request, _("Two-factor sign-in is on. You will need a code at each sign-in.")
            )
        return redirect("home_two_factor")


def account_menu_item(request):
    return {
        "url": reverse("home_two_factor"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Protect your account with a code from an authenticator app."),
    }
