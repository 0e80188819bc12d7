from django.urls import path
from wagtail import hooks

from .email_change import EmailChangeConfirmView, EmailChangePanel
from .two_factor import TwoFactorView, account_menu_item


@hooks.register("register_admin_urls")
def register_two_factor_url():
    return [path("account/two-factor/", TwoFactorView.as_view(), name="home_two_factor")]


@hooks.register("register_admin_urls")
def register_email_change_url():
    return [
        path(
            "account/email/<str:token>/",
            EmailChangeConfirmView.as_view(),
            name="home_email_change_confirm",
        )
    ]


hooks.register("register_account_menu_item", account_menu_item)
hooks.register("register_account_settings_panel", EmailChangePanel)
