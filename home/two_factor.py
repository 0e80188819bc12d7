"""Optional TOTP two-factor sign-in for the Wagtail admin (django-otp).

Any admin user may turn it on from their account menu. From then on the admin login form asks
for the 6-digit code, and a session that was not verified with a code (one opened before the
device existed, say) is signed out of the admin.
"""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views.generic import WagtailAdminTemplateMixin


class TwoFactorLoginForm(LoginForm):
    """Wagtail's login form plus a one-time code, required once the user has a device."""

    otp_token = forms.CharField(
        label=_("Two-factor code"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Only if you turned on two-factor sign-in: the 6 digits from your app."),
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
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                user.otp_device = device  # django-otp marks the session verified on login
                return cleaned
        raise forms.ValidationError(
            _("That code is wrong or has expired. Try the current code."), code="otp_invalid"
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
            and user_has_device(user, confirmed=True)
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["device"] = self.device
        if not self.device.confirmed:
            context["qr_svg"] = segno.make(self.device.config_url, error="m").svg_inline(
                scale=4, omitsize=False
            )
            context["secret"] = self.device.key
        return context

    def form_valid(self, form):
        device = self.device
        if device.confirmed:
            device.delete()
            messages.success(self.request, _("Two-factor sign-in is now off."))
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
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
