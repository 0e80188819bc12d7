"""The admin's check for a 2FA account (asked on every request of an unverified session)
answers as django-otp's `user_has_device` over both device tables, in one query."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.two_factor import two_factor_on
from tests.factories.accounts import ProgrammeStaffFactory


@pytest.mark.parametrize(
    ("totp", "static", "expected"),
    [
        (None, None, False),
        (False, None, False),  # set up but never confirmed
        (True, None, True),
        (None, True, True),  # recovery codes left without an authenticator still count
        (None, False, False),
        (True, True, True),
    ],
)
def test_two_factor_on_agrees_with_django_otp_in_one_query(
    db, totp, static, expected, django_assert_num_queries
):
    user = ProgrammeStaffFactory()
    if totp is not None:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=totp)
    if static is not None:
        StaticDevice.objects.create(user=user, name="recovery codes", confirmed=static)
    with django_assert_num_queries(1):
        answer = two_factor_on(user)
    assert answer is expected
    assert user_has_device(user, confirmed=True) is expected


def test_an_anonymous_visitor_has_no_two_factor(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert two_factor_on(AnonymousUser()) is False
