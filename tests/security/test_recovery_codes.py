"""Staff two-factor recovery codes: made when TOTP is turned on, shown once, each usable once,
replaced on demand, removed with two-factor sign-in."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.two_factor import recovery_code_use
from tests.factories.accounts import PASSWORD, ProgrammeStaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
SETUP = "/admin/account/two-factor/"
EMAIL = "programme.staff@example.org"


@pytest.fixture
def staff(db):
    return ProgrammeStaffFactory(email=EMAIL)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def codes_on(page) -> list[str]:
    section = page.content.decode().split("ctps-recovery-codes__list", 1)
    if len(section) < 2:
        return []
    return re.findall(r"<code>([a-z2-7]{8})</code>", section[1].split("</ul>", 1)[0])


def turn_on(client) -> tuple[TOTPDevice, list[str]]:
    client.get(SETUP)
    device = TOTPDevice.objects.get(user__username=EMAIL, confirmed=False)
    response = client.post(SETUP, {"token": current_code(device)}, follow=True)
    device.refresh_from_db()
    return device, codes_on(response)


def sign_in(client, code: str):
    client.logout()
    return client.post(LOGIN, {"username": EMAIL, "password": PASSWORD, "otp_token": code})


def test_turning_on_shows_ten_codes_once(staff, login):
    client = login(EMAIL)
    device, codes = turn_on(client)
    assert device.confirmed
    assert len(codes) == len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert stored == set(codes)
    again = client.get(SETUP)
    assert codes_on(again) == []  # shown once
    assert b"10 unused recovery codes" in again.content


def test_a_recovery_code_signs_in_once(staff, login, client):
    _device, codes = turn_on(login(EMAIL))
    response = sign_in(client, codes[0].upper())  # as typed from paper, any case
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200  # the session is verified
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert b"9 unused recovery codes" in client.get(SETUP).content

    refused = sign_in(client, codes[0])
    assert refused.status_code == 200
    assert b"already used" in refused.content
    assert client.get("/admin/").status_code == 302


def test_a_wrong_recovery_code_is_refused_and_throttled(staff, login, client):
    _device, codes = turn_on(login(EMAIL))
    assert sign_in(client, "aaaaaaaa").status_code == 200
    assert client.get("/admin/").status_code == 302
    # The static device now waits before the next try: even a right code is refused at once.
    assert sign_in(client, codes[1]).status_code == 200
    assert StaticToken.objects.filter(token=codes[1]).exists()


def test_one_code_cannot_be_spent_twice(staff, login):
    _device, codes = turn_on(login(EMAIL))
    assert recovery_code_use(user=staff, code=codes[2]) is not None
    assert recovery_code_use(user=staff, code=codes[2]) is None


def test_new_codes_replace_the_old_ones(staff, login, client):
    client = login(EMAIL)
    _device, old = turn_on(client)
    page = client.post(SETUP, {"regenerate": "1"}, follow=True)
    new = codes_on(page)
    assert len(new) == 10 and not set(new) & set(old)
    assert b"previous ones no longer work" in page.content
    assert StaticDevice.objects.filter(user=staff).count() == 1
    assert sign_in(client, old[0]).status_code == 200  # refused
    StaticDevice.objects.filter(user=staff).update(throttling_failure_count=0)
    assert sign_in(client, new[0]).status_code == 302


def test_regenerating_needs_two_factor_on_and_a_verified_session(staff, login, client):
    login(EMAIL)
    client.post(SETUP, {"regenerate": "1"})
    assert not StaticDevice.objects.filter(user=staff).exists()
    client.logout()
    assert client.post(SETUP, {"regenerate": "1"}).status_code == 302  # to the login page
    assert not StaticDevice.objects.filter(user=staff).exists()


def test_turning_off_removes_the_codes(staff, login):
    client = login(EMAIL)
    device, codes = turn_on(client)
    device.last_t = -1
    device.save()
    client.post(SETUP, {"token": current_code(device)})
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    response = sign_in(client, codes[0])
    # Without two-factor, the password alone signs in; the code field is ignored.
    assert response.status_code == 302
