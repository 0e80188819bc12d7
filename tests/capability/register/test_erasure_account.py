"""Erasing a person erases the linked account too, with the register alone (no courses, no
results: `ctps.settings.test_register_only` runs this file as well): the account stays
linked as a pseudonymous key, loses every identifier and its sign-in records, and can never
sign in again; the subject export lists the sign-ins first."""

import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from capability.register.gdpr import ErasureError, person_erase
from capability.register.models import Person, StaffCountry
from ctps_common.erasure import is_erased
from tests.factories.accounts import PASSWORD, CountryStaffFactory, TraineeFactory
from tests.factories.register import PersonFactory, country

pytestmark = pytest.mark.django_db

EMAIL = "wanjiku.otieno@example.org"


@override_settings(AXES_ENABLED=True)
def _sign_in(email: str, password: str) -> int:
    return Client().post(reverse(settings.LOGIN_URL), {"username": email, "password": password})


def test_the_linked_account_is_erased_and_never_signs_in_again(login, kenya_staff):
    # Country staff: the admin's sign-in page (the register alone has no other) lets them in.
    account = CountryStaffFactory(
        email=EMAIL, username=EMAIL, first_name="Wanjiku", last_name="Otieno"
    )
    person = PersonFactory(country=country("KE"), user=account, email=EMAIL)
    StaffCountry.objects.create(user=account, country=person.country)
    assert _sign_in(EMAIL, PASSWORD).status_code == 302
    _sign_in(EMAIL.upper(), "wrong")
    TOTPDevice.objects.create(user=account, name="phone")
    open_session = Client()
    open_session.force_login(account)
    assert AccessLog.objects.filter(username=EMAIL).exists()
    assert AccessAttempt.objects.filter(username=EMAIL).exists()

    client = login(kenya_staff)
    export = client.get(reverse("capability_gdpr:export", args=[person.pk, "json"]))
    assert {record["username"] for record in json.loads(export.content)["sign_ins"]} == {EMAIL}

    person_erase(person=person, user=kenya_staff)
    account.refresh_from_db()
    assert Person.objects.get(pk=person.pk).user == account  # still the figures' key
    assert is_erased(account) and not account.is_active and not account.has_usable_password()
    assert (account.email, account.first_name, account.last_name) == ("", "", "")
    assert not account.groups.exists() and not StaffCountry.objects.filter(user=account)
    assert not TOTPDevice.objects.filter(user=account).exists()
    assert not AccessLog.objects.filter(username__iexact=EMAIL).exists()
    assert not AccessAttempt.objects.filter(username__iexact=EMAIL).exists()
    for name in (EMAIL, account.username):
        assert _sign_in(name, PASSWORD).status_code == 200  # the form again, refused
    # A session opened before the erasure is signed out.
    response = open_session.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_queued_e_mails_to_the_address_go(settings, kenya_staff):
    """With the database task backend, a notice queued to the old address (an e-mail change)
    is removed with the account's identifiers; other tasks stay."""
    from django_tasks_db.models import DBTaskResult

    from home.email_change import email_changed_notice_send

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    person = PersonFactory(country=country("KE"), user=TraineeFactory(email=EMAIL), email=EMAIL)
    email_changed_notice_send.enqueue(old_email=EMAIL, new_email="new@example.org", language="en")
    email_changed_notice_send.enqueue(
        old_email="someone@example.org", new_email="else@example.org", language="en"
    )
    person_erase(person=person, user=kenya_staff)
    # (other plugins may have queued tasks of their own: only the notices are compared)
    notices = DBTaskResult.objects.filter(task_path__endswith="email_changed_notice_send")
    assert ["someone@example.org" in str(row.args_kwargs) for row in notices] == [True]


def test_erasing_twice_changes_nothing_more(kenya_staff):
    person = PersonFactory(country=country("KE"), user=TraineeFactory())
    person_erase(person=person, user=kenya_staff)
    first = Person.objects.values().get(pk=person.pk)
    person_erase(person=Person.objects.get(pk=person.pk), user=kenya_staff)
    assert Person.objects.values().get(pk=person.pk) == first


def test_nobody_erases_their_own_account(kenya_staff):
    person = PersonFactory(country=country("KE"), user=kenya_staff)
    with pytest.raises(ErasureError):
        person_erase(person=person, user=kenya_staff)
    kenya_staff.refresh_from_db()
    assert kenya_staff.is_active and not is_erased(kenya_staff)
