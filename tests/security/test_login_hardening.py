import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from tests.factories.accounts import PASSWORD, ManagerFactory, ProgrammeStaffFactory
from tests.factories.site import home_page

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
MANAGER = "manager@example.org"


@pytest.fixture
def accounts(db):
    """A manager (MANAGER) and programme staff, who sign in with PASSWORD."""
    return {"manager": ManagerFactory(email=MANAGER), "staff": ProgrammeStaffFactory()}


@pytest.fixture
def public_pages(db):
    """The home page in English and French, the site's public pages."""
    return home_page(languages=("en", "fr"))


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_failed_logins_are_throttled_per_username_and_address(client, accounts):
    for _ in range(2):
        response = client.post(LOGIN, {"username": MANAGER, "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post(LOGIN, {"username": MANAGER, "password": "wrong"})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    # Even the right password is refused while locked out.
    response = client.post(LOGIN, {"username": MANAGER, "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302
    assert AccessAttempt.objects.filter(username=MANAGER).exists()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_locked_out_username_does_not_lock_out_others(client, accounts):
    for _ in range(3):
        client.post(LOGIN, {"username": MANAGER, "password": "wrong"})
    response = client.post(LOGIN, {"username": accounts["staff"].email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_success_resets_the_failure_count(client, accounts):
    for _ in range(2):
        client.post(LOGIN, {"username": MANAGER, "password": "wrong"})
    assert client.post(LOGIN, {"username": MANAGER, "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(2):
        assert client.post(LOGIN, {"username": MANAGER, "password": "wrong"}).status_code == 200


def test_public_pages_send_a_strict_content_security_policy(client, public_pages):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_public_html_has_no_inline_script_or_style(client, public_pages):
    html = client.get("/fr/").content.decode()
    assert "<script" not in html or 'src="' in html.split("<script", 1)[1].split(">", 1)[0]
    assert " style=" not in html
    assert "<style" not in html


def test_session_and_csrf_cookies_are_http_only_and_same_site(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_password_validators_refuse_weak_passwords(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("password", "12345678901", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Sahel-harbour-lantern-42")
