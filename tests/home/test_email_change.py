"""Account e-mail addresses: unique whatever the case, changed only from a link sent to the new
address (no takeover of another person's address, nor of their register entry)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.test import TestCase

from tests.factories.accounts import PASSWORD, ManagerFactory, UserFactory
from tests.factories.register import CountryStaffFactory, PersonFactory, country

pytestmark = pytest.mark.django_db

ACCOUNT = "/admin/account/"
User = get_user_model()


@pytest.fixture
def staff(db):
    return CountryStaffFactory(email="ama@example.org", countries=[country("GH")])


def committed(call, *args, **kwargs):
    """Make a request and run the e-mail tasks it queued on commit, as its commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return call(*args, **kwargs)


def ask_for(client, email: str):
    return committed(
        client.post,
        ACCOUNT,
        {
            "name_email-first_name": "Ama",
            "name_email-last_name": "Mensah",
            "email_change-new_email": email,
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+/admin/account/email/\S+/", message.body).group(0)


def test_addresses_are_unique_whatever_their_case(db):
    UserFactory(email="Kofi@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="kofi@example.ORG")
    UserFactory(email="", username="first")  # accounts without an address are not concerned
    UserFactory(email="", username="second")


def test_the_account_form_no_longer_changes_the_address(staff, login):
    client = login(staff)
    page = client.get(ACCOUNT)
    assert page.status_code == 200
    assert b'name="name_email-email"' not in page.content
    assert b'name="email_change-new_email"' in page.content
    client.post(ACCOUNT, {"name_email-first_name": "A", "name_email-email": "x@example.org"})
    staff.refresh_from_db()
    assert staff.email == "ama@example.org"


def test_taking_another_users_address_is_refused(staff, login):
    ManagerFactory(email="kofi@example.org")
    client = login(staff)
    response = ask_for(client, "KOFI@example.org")
    assert response.status_code == 200
    assert b"Another account uses this address." in response.content
    assert mail.outbox == []
    staff.refresh_from_db()
    assert staff.email == "ama@example.org"


def test_change_takes_effect_only_from_the_link_sent_to_the_new_address(staff, login):
    client = login(staff)
    response = ask_for(client, "ama.new@example.org")
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.email == "ama@example.org"  # nothing changed yet
    (message,) = mail.outbox
    assert message.to == ["ama.new@example.org"]
    url = link_in(message)
    assert url.startswith("http://testserver/admin/account/email/")
    path = url.removeprefix("http://testserver")

    page = client.get(path)  # a GET (a mail scanner) changes nothing
    assert page.status_code == 200
    assert b"ama.new@example.org" in page.content
    staff.refresh_from_db()
    assert staff.email == "ama@example.org"

    assert committed(client.post, path).status_code == 302
    staff.refresh_from_db()
    assert staff.email == "ama.new@example.org"
    notice = mail.outbox[-1]
    assert notice.to == ["ama@example.org"]  # the old address is told
    # The link is spent: the address it was sent for changed.
    again = client.get(path)
    assert b"no longer valid" in again.content
    client.logout()
    assert client.login(username="AMA.NEW@example.org", password=PASSWORD)


def test_the_link_works_only_for_the_account_that_asked(staff, login, client):
    login(staff)
    ask_for(client, "ama.new@example.org")
    path = link_in(mail.outbox[0]).removeprefix("http://testserver")
    client.logout()
    other = ManagerFactory(email="kofi@example.org")
    login(other)
    page = client.get(path)
    assert b"sent for another account" in page.content
    client.post(path)
    other.refresh_from_db()
    staff.refresh_from_db()
    assert (other.email, staff.email) == ("kofi@example.org", "ama@example.org")


def test_a_forged_or_expired_link_changes_nothing(staff, login, settings):
    client = login(staff)
    forged = "/admin/account/email/" + signing.dumps(
        {"user": staff.pk, "new": "x@example.org", "old": "ama@example.org"}, salt="other"
    )
    assert b"not valid" in client.get(forged + "/").content
    settings.PASSWORD_RESET_TIMEOUT = -1
    ask_for(client, "ama.new@example.org")
    path = link_in(mail.outbox[0]).removeprefix("http://testserver")
    client.post(path)
    staff.refresh_from_db()
    assert staff.email == "ama@example.org"


def test_an_address_taken_before_the_link_is_followed_is_refused(staff, login):
    client = login(staff)
    ask_for(client, "ama.new@example.org")
    path = link_in(mail.outbox[0]).removeprefix("http://testserver")
    UserFactory(email="Ama.New@example.org")
    client.post(path)
    staff.refresh_from_db()
    assert staff.email == "ama@example.org"


def test_another_persons_register_entry_is_not_linked_by_asking_for_their_address(staff, login):
    kenyan = PersonFactory(country=country("KE"), email="wanjiru@example.org")
    client = login(staff)
    ask_for(client, "wanjiru@example.org")
    staff.refresh_from_db()
    assert staff.email == "ama@example.org"
    client.post(
        "/en/register/profile/",
        {
            "given_name": "Ama",
            "family_name": "Mensah",
            "country": country("GH").pk,
            "sex": "F",
            "consent": "on",
        },
    )
    kenyan.refresh_from_db()
    assert kenyan.user_id is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_the_address_with_the_oldest_account():
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("home.migrations.0004_unique_user_email")
    first = UserFactory(email="dup@example.org")
    with connection.schema_editor() as editor:
        migration.remove_constraint(apps, editor)
    try:
        second = UserFactory(email="DUP@example.org")
        third = UserFactory(email="Dup@Example.org")
        with connection.schema_editor() as editor:
            migration.settle_duplicates(apps, editor)
    finally:
        with connection.schema_editor() as editor:
            migration.add_constraint(apps, editor)
    emails = dict(User.objects.values_list("pk", "email"))
    assert emails[first.pk] == "dup@example.org"
    assert emails[second.pk] == emails[third.pk] == ""


def test_the_user_admin_refuses_an_address_in_use(client, db):
    from tests.factories.accounts import AdministratorFactory

    admin = AdministratorFactory()
    client.force_login(admin)
    UserFactory(email="kofi@example.org")
    response = client.post(
        "/admin/users/new/",
        {
            "username": "kofi2",
            "email": "KOFI@example.org",
            "first_name": "Kofi",
            "last_name": "Boateng",
            "password1": "Sahel-harbour-lantern-42",
            "password2": "Sahel-harbour-lantern-42",
        },
    )
    assert response.status_code == 200
    assert b"Another account uses this address." in response.content
    assert not User.objects.filter(username="kofi2").exists()
    edited = UserFactory(email="ama@example.org", username="ama")
    response = client.post(
        f"/admin/users/edit/{edited.pk}/",
        {
            "username": "ama",
            "email": "Kofi@Example.org",
            "first_name": "Ama",
            "last_name": "Mensah",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert b"Another account uses this address." in response.content
    edited.refresh_from_db()
    assert edited.email == "ama@example.org"
