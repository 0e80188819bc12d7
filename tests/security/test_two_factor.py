import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import PASSWORD, ProgrammeStaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
SETUP = "/admin/account/two-factor/"
EMAIL = "programme.staff@example.org"


@pytest.fixture
def staff(db):
    """Programme staff (EMAIL, PASSWORD): they reach the admin."""
    return ProgrammeStaffFactory(email=EMAIL)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def enable_two_factor(client) -> TOTPDevice:
    page = client.get(SETUP)
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code to scan
    device = TOTPDevice.objects.get(user__username=EMAIL, confirmed=False)
    assert device.key in page.content.decode()  # the key for manual entry
    response = client.post(SETUP, {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_setup_page_needs_admin_access(client, staff, trainee, login):
    assert client.get(SETUP).status_code == 302  # anonymous: to the login page
    login(trainee)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_wrong_code_does_not_turn_on_two_factor(staff, login):
    client = login(EMAIL)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "000000"})
    assert response.status_code == 200
    assert b"wrong or has expired" in response.content
    assert not TOTPDevice.objects.filter(user__username=EMAIL, confirmed=True).exists()


def test_with_two_factor_on_the_login_needs_the_code(client, staff, login):
    device = enable_two_factor(login(EMAIL))
    # The session that turned it on stays verified.
    assert client.get("/admin/").status_code == 200
    client.logout()

    response = client.post(LOGIN, {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 200
    assert b"Enter the 6-digit code" in response.content
    assert client.get("/admin/").status_code == 302

    response = client.post(LOGIN, {"username": EMAIL, "password": PASSWORD, "otp_token": "123456"})
    assert b"wrong or has expired" in response.content
    assert client.get("/admin/").status_code == 302

    # A new 30-second step, and the one-second throttle after a wrong code has passed.
    device.refresh_from_db()
    device.last_t = -1
    device.throttle_reset(commit=False)
    device.save()
    response = client.post(
        LOGIN, {"username": EMAIL, "password": PASSWORD, "otp_token": current_code(device)}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_unverified_session_of_a_two_factor_user_is_signed_out(client, staff):
    user = staff
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)  # a session opened without a code
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/admin/").status_code == 302  # and it stays signed out


def test_users_without_two_factor_sign_in_with_a_password_only(client, staff):
    response = client.post(LOGIN, {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_two_factor_can_be_turned_off_with_a_current_code(staff, login):
    client = login(EMAIL)
    device = enable_two_factor(client)
    # A code is accepted once per 30-second step: move to the next step.
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = client.post(SETUP, {"token": current_code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user__username=EMAIL).exists()
