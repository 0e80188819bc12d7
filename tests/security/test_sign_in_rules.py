"""Sign-in throttling by the normalised e-mail, one client-address rule for throttling and
every rate limit (forged X-Forwarded-For included), and sign-out by POST only."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings

from ctps_common.client_ip import client_ip
from tests.factories.accounts import PASSWORD, ManagerFactory, TraineeFactory

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
PUBLIC_LOGIN = "/en/learning/login/"
EMAIL = "someone@example.org"
VERIFY = "/en/learning/verify/AAAA-AAAA-AAAA-AAAB/"


@pytest.fixture
def manager(db):
    return ManagerFactory(email=EMAIL, username="someone")


# --- throttling counts the lower-cased e-mail ---------------------------------------------


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_case_variants_share_one_failure_count_and_lockout(client, manager):
    for spelling in ("someone@example.org", "Someone@example.org", "sOmeone@EXAMPLE.org"):
        response = client.post(ADMIN_LOGIN, {"username": spelling, "password": "wrong"})
    assert response.status_code == 429  # the third failure, whatever the spelling
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {EMAIL}
    for spelling in ("SOMEONE@EXAMPLE.ORG", " Someone@example.org ", EMAIL):
        # The right password in any spelling is refused while the address is locked out.
        response = client.post(ADMIN_LOGIN, {"username": spelling, "password": PASSWORD})
        assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_public_sign_in_shares_the_lockout(client, db):
    TraineeFactory(email=EMAIL)
    for spelling in ("someone@example.org", "SOMEONE@example.org", "Someone@Example.org"):
        client.post(PUBLIC_LOGIN, {"username": spelling, "password": "wrong"})
    response = client.post(PUBLIC_LOGIN, {"username": "SomeOne@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_below_the_limit_any_spelling_with_the_right_password_signs_in(client, manager):
    client.post(ADMIN_LOGIN, {"username": "SOMEONE@example.org", "password": "wrong"})
    response = client.post(ADMIN_LOGIN, {"username": "Someone@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not AccessAttempt.objects.exists()  # the success reset the count


# --- one client-address rule ---------------------------------------------------------------


def request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy: the socket address, whatever the header claims.
        (0, "203.0.113.9", None, "203.0.113.9"),
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # One proxy: the address it appended (the last), not what the client wrote before it.
        (1, "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Two proxies: the second entry from the right.
        (2, "10.0.0.3", "1.2.3.4, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        # Fewer entries than proxies, or garbage: the socket address.
        (2, "10.0.0.3", "198.51.100.7", "10.0.0.3"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_rule(settings, proxies, remote, forwarded, expected):
    settings.CTPS_TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request(remote, forwarded)) == expected


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, CTPS_TRUSTED_PROXY_COUNT=0)
def test_a_forged_forwarded_header_does_not_escape_the_lockout(client, manager):
    for n in range(3):
        client.post(
            ADMIN_LOGIN,
            {"username": EMAIL, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        ADMIN_LOGIN, {"username": EMAIL, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.77"
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, CTPS_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_throttling_keys_on_the_forwarded_client(client, manager):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(3):
        client.post(
            ADMIN_LOGIN,
            {"username": EMAIL, "password": "wrong"},
            HTTP_X_FORWARDED_FOR="forged, 198.51.100.7",
            **proxy,
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    locked = client.post(
        ADMIN_LOGIN,
        {"username": EMAIL, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7",
        **proxy,
    )
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out.
    other = client.post(
        ADMIN_LOGIN,
        {"username": EMAIL, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
        **proxy,
    )
    assert other.status_code == 302


def test_verification_limit_ignores_a_forged_header_without_proxy(client, settings):
    settings.CERTIFICATE_VERIFY_RATE = (2, 60)
    settings.CTPS_TRUSTED_PROXY_COUNT = 0
    for n in range(2):
        assert client.get(VERIFY, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 200
    assert client.get(VERIFY, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_verification_limit_behind_a_proxy_is_per_client(client, settings):
    settings.CERTIFICATE_VERIFY_RATE = (2, 60)
    settings.CTPS_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        assert client.get(VERIFY, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 200
    # The same client, whatever it writes in front of the proxy's entry, is over the limit...
    forged = client.get(VERIFY, HTTP_X_FORWARDED_FOR="192.0.2.5, 198.51.100.7", **proxy)
    assert forged.status_code == 429
    # ...and another client behind the same proxy is not: they do not share one bucket.
    assert client.get(VERIFY, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200


# --- sign-out by POST only -----------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_admin_logout_other_than_post_changes_nothing(client, manager, method):
    client.force_login(manager)
    response = getattr(client, method)("/admin/logout/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "sessionid" not in response.cookies  # the session cookie is not deleted
    assert client.get("/admin/").status_code == 200


def test_admin_logout_by_post_signs_out(client, manager):
    client.force_login(manager)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_public_logout_other_than_post_changes_nothing(client, db, method):
    trainee = TraineeFactory()
    client.force_login(trainee)
    response = getattr(client, method)("/en/learning/logout/")
    assert response.status_code == (200 if method == "options" else 405)  # OPTIONS: the methods
    assert "sessionid" not in response.cookies
    assert client.session.get("_auth_user_id") == str(trainee.pk)


def test_public_logout_by_post_signs_out(client, db):
    client.force_login(TraineeFactory())
    assert client.post("/en/learning/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_public_site_signs_out_with_a_form_that_posts(client, db):
    from tests.factories.site import home_page

    home_page(languages=("en",))
    assert b"site-nav__form" not in client.get("/en/").content  # anonymous: nothing
    client.force_login(TraineeFactory())
    html = client.get("/en/").content.decode()
    form = html.split('class="site-nav__form"', 1)
    assert len(form) == 2
    assert 'action="/en/learning/logout/"' in html and 'method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in form[1].split("</form>", 1)[0]
    assert 'href="/en/learning/logout/"' not in html  # never a link
