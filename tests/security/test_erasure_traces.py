"""Erasure leaves no trace (issue 20): after erasing a person, no table of the database holds
her names, e-mail, username or phone; her account can never sign in again; her certificate
verifies without a name and no longer makes a PDF. Before erasure, the subject export
(article 20) holds her certificates and sign-in records. Who may export and erase."""

import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from capability.register.models import Person
from courses.models import Certificate, XapiStatement
from ctps_common.models import PendingImport
from tests.factories.accounts import PASSWORD, TraineeFactory
from tests.factories.register import PersonFactory, small_register

from .access import DENIED, LOGIN, OK, REDIRECT, outcome
from .erasure_world import SUBJECT, build_world

pytestmark = pytest.mark.django_db


def database_holding(identifiers: list[str]) -> set[tuple[str, str, str]]:
    """(table, column, identifier) for every cell of every table that contains one of
    `identifiers` (letter case ignored; binary cells read as Latin-1)."""
    wanted = [value.casefold() for value in identifiers]
    found = set()
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            columns = [column.name for column in introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        text = bytes(value).decode("latin-1")
                    else:
                        text = str(value)
                    text = text.casefold()
                    for identifier, key in zip(identifiers, wanted, strict=True):
                        if key in text:
                            found.add((table, column, identifier))
    return found


IDENTIFIERS = [
    SUBJECT["given_name"],
    SUBJECT["family_name"],
    SUBJECT["email"],
    SUBJECT["phone"],
]


@override_settings(AXES_ENABLED=True)
def _signs_in(email: str) -> bool:
    response = Client().post(reverse("courses:login"), {"username": email, "password": PASSWORD})
    return response.status_code == 302


def test_erasure_leaves_no_identifier_in_any_table(login, kenya_staff):
    world = build_world(kenya_staff)
    account = world.subject.user
    certificate = Certificate.objects.get(user=account)
    tables = {table for table, _column, _identifier in database_holding(IDENTIFIERS)}
    # The dump sees every place the subject was named (the test can fail).
    assert {
        "auth_user",
        "capability_person",
        "capability_followup",
        "capability_competencyevidence",
        "courses_certificate",
        "courses_surveyresponse",
        "courses_attemptreset",
        "courses_xapistatement",
        "axes_accesslog",
        "axes_accessattempt",
        "otp_totp_totpdevice",
        "wagtailcore_modellogentry",
    } <= tables, tables

    client = login(kenya_staff)
    export = json.loads(
        client.get(reverse("capability_gdpr:export", args=[world.subject.pk, "json"])).content
    )
    assert [c["holder_name"] for c in export["certificates"]] == [certificate.holder_name]
    assert export["certificates"][0]["code"] == certificate.code_display
    kinds = [record["kind"] for record in export["sign_ins"]]
    assert "sign-in" in kinds and "failed attempts (throttling)" in kinds, kinds

    pdf_url = reverse("courses:certificate_pdf", args=[certificate.pk])
    assert client.get(pdf_url)["Content-Type"] == "application/pdf"  # staff of her country

    response = client.post(reverse("capability_gdpr:erase", args=[world.subject.pk]))
    assert outcome(response) == REDIRECT

    assert database_holding(IDENTIFIERS) == set()
    account.refresh_from_db()
    assert account.username == f"erased-{account.pk}" and not account.is_active
    assert not _signs_in(SUBJECT["email"]) and not _signs_in(account.username)
    assert not PendingImport.objects.exists()  # the upload that listed her went
    assert not XapiStatement.objects.filter(user=account, statement__actor__has_key="mbox")
    # The figures still reach her learning through the account.
    assert Person.objects.get(pk=world.subject.pk).user == account
    assert account.enrolments.get().completed_at is not None

    # The verification page answers without a name; the PDF is no longer made.
    page = Client().get(reverse("courses:verify_code", args=[certificate.code]))
    assert page.status_code == 200
    assert b"Erased at the holder" in page.content
    assert SUBJECT["family_name"].encode() not in page.content
    download = client.get(pdf_url)
    assert download.status_code == 403
    assert b"can no longer be made" in download.content


def test_export_and_erase_permissions(client, login, kenya_staff, ghana_staff, programme_staff):
    register = small_register(("GH", "KE"), people=2, workshops=1)
    kenyan = register.people["KE"][0]
    kenyan.user = TraineeFactory()
    kenyan.save()
    urls = {
        "export": reverse("capability_gdpr:export", args=[kenyan.pk, "json"]),
        "erase": reverse("capability_gdpr:erase", args=[kenyan.pk]),
    }
    for url in urls.values():
        client.logout()
        assert outcome(client.get(url)) == LOGIN, url
        assert outcome(client.post(url)) == LOGIN, url
        assert outcome(login(kenyan.user).get(url)) in (DENIED, LOGIN), url
        assert outcome(login(ghana_staff).get(url)) == DENIED, url
    client.logout()
    assert outcome(login(kenya_staff).get(urls["export"])) == OK
    assert outcome(login(kenya_staff).get(urls["erase"])) == OK  # the confirmation only
    assert Person.objects.get(pk=kenyan.pk).family_name == kenyan.family_name
    assert outcome(login(programme_staff).get(urls["export"])) == OK
    assert outcome(login(programme_staff).post(urls["erase"])) == REDIRECT
    assert Person.objects.get(pk=kenyan.pk).family_name != kenyan.family_name


def test_staff_cannot_erase_themselves(login, kenya_staff):
    register = small_register(("KE",), people=1, workshops=1)
    me = PersonFactory(country=register.countries["KE"], user=kenya_staff)
    client = login(kenya_staff)
    response = client.post(reverse("capability_gdpr:erase", args=[me.pk]), follow=True)
    assert b"This person is you" in response.content
    me.refresh_from_db()
    kenya_staff.refresh_from_db()
    assert me.family_name != "—" and kenya_staff.is_active and kenya_staff.email
