import pytest
from axes.models import AccessAttempt
from django.test import override_settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_failed_logins_are_throttled_per_username_and_address(client, demo):
    for _ in range(2):
        response = client.post(LOGIN, {"username": "manager@ctps.example", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post(LOGIN, {"username": "manager@ctps.example", "password": "wrong"})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    # Even the right password is refused while locked out.
    response = client.post(
        LOGIN, {"username": "manager@ctps.example", "password": "ctps-demo-2026"}
    )
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302
    assert AccessAttempt.objects.filter(username="manager@ctps.example").exists()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_locked_out_username_does_not_lock_out_others(client, demo):
    for _ in range(3):
        client.post(LOGIN, {"username": "manager@ctps.example", "password": "wrong"})
    response = client.post(
        LOGIN, {"username": "programme.staff@ctps.example", "password": "ctps-demo-2026"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_success_resets_the_failure_count(client, demo):
    for _ in range(2):
        client.post(LOGIN, {"username": "manager@ctps.example", "password": "wrong"})
    assert (
        client.post(
            LOGIN, {"username": "manager@ctps.example", "password": "ctps-demo-2026"}
        ).status_code
        == 302
    )
    client.logout()
    for _ in range(2):
        assert (
            client.post(
                LOGIN, {"username": "manager@ctps.example", "password": "wrong"}
            ).status_code
            == 200
        )


def test_public_pages_send_a_strict_content_security_policy(client, demo):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_public_html_has_no_inline_script_or_style(client, demo):
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
