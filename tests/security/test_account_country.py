"""Every trainee account has a country: the inviter's, the file's, the one chosen at sign-up or
in the register profile; older accounts take their register entry's (issue 14)."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Site

from capability.register.models import AccountCountry, Country, Person
from courses.models import CoursesSettings, Enrolment
from tests.factories.courses import CoursePageFactory
from tests.factories.register import PersonFactory, UnlinkedTraineeFactory, country

User = get_user_model()
INVITE = "/admin/courses-reports/invite/"


def country_of(email: str) -> str | None:
    record = AccountCountry.objects.filter(user__email=email).select_related("country").first()
    return record.country.code if record else None


def test_country_staff_invite_into_their_own_country_only(login, ghana_staff, kenya_staff):
    client = login(ghana_staff)
    html = client.get(INVITE).content.decode()
    assert 'name="country"' in html and "Kenya" not in html  # only Ghana is offered
    client.post(INVITE, {"email": "yaw@example.org", "first_name": "Yaw"})
    assert country_of("yaw@example.org") == "GH"  # their one country, preselected
    response = client.post(INVITE, {"email": "ouma@example.org", "country": "KE"})
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email="ouma@example.org").exists()
    # An account of another country is neither re-invited nor pulled into Ghana.
    kenyan = UnlinkedTraineeFactory(country="KE", email="wanjiru@example.org")
    kenyan.set_unusable_password()
    kenyan.save()
    mail.outbox.clear()
    response = client.post(INVITE, {"email": "Wanjiru@example.org", "country": "GH"})
    assert "outside your countries" in response.content.decode()
    assert country_of("wanjiru@example.org") == "KE" and not mail.outbox


def test_programme_staff_choose_the_country(login, programme_staff):
    client = login(programme_staff)
    response = client.post(INVITE, {"email": "amadou@example.org"})
    assert "This field is required" in response.content.decode()
    assert not User.objects.filter(email="amadou@example.org").exists()
    client.post(INVITE, {"email": "amadou@example.org", "country": "SN"})
    assert country_of("amadou@example.org") == "SN"


def test_bulk_invitation_takes_the_country_column_or_the_form(login, programme_staff):
    course = CoursePageFactory(lessons=1)
    client = login(programme_staff)
    url = f"/admin/courses-reports/{course.pk}/enrol/import/"
    assert 'name="country"' in client.get(url).content.decode()  # the default country
    rows = (
        "ke1@example.org,Achieng,Otieno,Kenya\n"
        "sn1@example.org,Moussa,Ndiaye,sn\n"
        "gh1@example.org,Akosua,Mensah,\n"
    )
    csv = "email,first_name,last_name,country\n" + rows + "xx1@example.org,Nobody,Nowhere,Narnia\n"
    upload = SimpleUploadedFile("people.csv", csv.encode())
    preview_url = client.post(url, {"file": upload, "country": "GH"})["Location"]
    html = client.get(preview_url).content.decode()
    assert "“Narnia” is not a country you may give an account." in html
    assert "Ghana, for the people invited whose row names no country" in html
    # a row in error refuses the whole file: nobody is invited
    assert "nothing was imported" in client.post(preview_url, {"confirm": "1"}).content.decode()
    assert (
        not User.objects.filter(email__endswith="1@example.org")
        .exclude(pk=programme_staff.pk)
        .exists()
    )
    assert len(mail.outbox) == 0
    # French headers; the corrected file goes through, each account with its country
    csv = "Courriel,Prénom,Nom,Pays\n" + rows
    upload = SimpleUploadedFile("personnes.csv", csv.encode())
    preview_url = client.post(url, {"file": upload, "country": "GH"})["Location"]
    response = client.post(preview_url, {"confirm": "1"}, follow=True)
    assert "3 enrolled (3 invited)" in response.content.decode()
    assert [country_of(f"{code}1@example.org") for code in ("ke", "sn", "gh")] == [
        "KE",
        "SN",
        "GH",
    ]
    assert len(mail.outbox) == 3


def test_bulk_invitation_needs_a_country_when_there_are_several(login, programme_staff):
    course = CoursePageFactory(lessons=1)
    client = login(programme_staff)
    url = f"/admin/courses-reports/{course.pk}/enrol/import/"
    upload = SimpleUploadedFile("people.csv", b"email\nnew@example.org\n")
    preview_url = client.post(url, {"file": upload})["Location"]
    assert "Choose the trainee’s country." in client.get(preview_url).content.decode()
    client.post(preview_url, {"confirm": "1"})
    assert not User.objects.filter(email="new@example.org").exists()


def test_bulk_enrolment_refuses_accounts_of_other_countries(login, ghana_staff):
    course = CoursePageFactory(lessons=1)
    UnlinkedTraineeFactory(country="KE", email="kenyan@example.org")
    UnlinkedTraineeFactory(country="GH", email="ghanaian@example.org")
    client = login(ghana_staff)
    url = f"/admin/courses-reports/{course.pk}/enrol/import/"
    html = client.get(url).content.decode()
    assert "Kenya" not in html  # only their own country is offered (and taken when left empty)
    upload = SimpleUploadedFile(
        "people.csv", b"email\nkenyan@example.org\nghanaian@example.org\nnew@example.org\n"
    )
    preview_url = client.post(url, {"file": upload})["Location"]
    html = client.get(preview_url).content.decode()
    assert "An account outside your countries uses this address" in html
    assert "Kenya" not in html and "kenyan@example.org" in html  # whose account is not said
    assert "nothing was imported" in client.post(preview_url, {"confirm": "1"}).content.decode()
    assert not Enrolment.objects.exists() and not User.objects.filter(email="new@example.org")
    # Without the Kenyan row the file goes through; the new account is Ghanaian.
    upload = SimpleUploadedFile("people.csv", b"email\nghanaian@example.org\nnew@example.org\n")
    preview_url = client.post(url, {"file": upload})["Location"]
    client.post(preview_url, {"confirm": "1"})
    enrolled = set(Enrolment.objects.values_list("user__email", flat=True))
    assert enrolled == {"ghanaian@example.org", "new@example.org"}
    assert country_of("new@example.org") == "GH"


def test_self_registration_records_the_country_and_its_staff_decide(
    client, login, ghana_staff, kenya_staff
):
    settings = CoursesSettings.for_site(Site.objects.get(is_default_site=True))
    settings.allow_self_registration = True
    settings.save()
    form = {
        "first_name": "Fatou",
        "last_name": "Sarr",
        "email": "fatou@example.org",
        "password": "Goree-island-2026",
    }
    response = client.post("/en/learning/register/", form)
    assert "This field is required" in response.content.decode()
    assert not User.objects.filter(email="fatou@example.org").exists()
    client.post("/en/learning/register/", {**form, "country": "KE"})
    assert country_of("fatou@example.org") == "KE"
    registrations = "/admin/courses-reports/registrations/"
    assert "fatou@example.org" not in login(ghana_staff).get(registrations).content.decode()
    assert "fatou@example.org" in login(kenya_staff).get(registrations).content.decode()


def test_the_profile_step_records_the_register_entry_country(login, db):
    user = UnlinkedTraineeFactory(country="GH", email="kwame@example.org")
    client = login(user)
    html = client.get("/en/register/profile/").content.decode()
    ghana = Country.objects.get(code="GH")
    assert f'<option value="{ghana.pk}" selected>' in html  # the account's country
    # The register already knows this person, in Kenya: the register entry wins.
    kenyan = PersonFactory(country=country("KE"), email="Kwame@example.org")
    client.post(
        "/en/register/profile/",
        {
            "given_name": "Kwame",
            "family_name": "Mensah",
            "country": ghana.pk,
            "sex": "M",
            "consent": "on",
        },
    )
    kenyan.refresh_from_db()
    assert kenyan.user == user and country_of("kwame@example.org") == "KE"


def test_the_migration_gives_linked_accounts_their_person_country(db):
    migration = importlib.import_module("capability.register.migrations.0008_account_country")
    linked = PersonFactory(country=country("SN"), user=UnlinkedTraineeFactory(country=""))
    unlinked = UnlinkedTraineeFactory(country="")
    AccountCountry.objects.all().delete()
    migration.countries_from_people(global_apps, None)
    assert country_of(linked.user.email) == "SN"
    assert country_of(unlinked.email) is None
    assert AccountCountry.objects.count() == Person.objects.filter(user__isnull=False).count()


@pytest.mark.parametrize("code", ["GH", "KE"])
def test_only_programme_staff_see_accounts_without_a_country(
    code, ghana_staff, kenya_staff, programme_staff
):
    from courses.access import visible_users

    countryless = UnlinkedTraineeFactory(country="")
    theirs = UnlinkedTraineeFactory(country=code)
    staff = {"GH": ghana_staff, "KE": kenya_staff}[code]
    assert set(visible_users(staff).filter(pk__in=[countryless.pk, theirs.pk])) == {theirs}
    assert visible_users(programme_staff).filter(pk=countryless.pk).exists()
