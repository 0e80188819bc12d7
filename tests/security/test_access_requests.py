"""Requests for access to a course (self-registration off): a visitor asks, staff of the
requester's country (only them) approve once, creating the account and the enrolment, or
decline with a reason; the requester reads the answer in their language (issue 18)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from capability.register.models import AccountCountry
from courses.models import Enrolment, RegistrationRequest
from courses.services.access_requests import access_request_approve, access_request_create
from courses.services.accounts import InvitationError
from tests.factories.courses import CoursePageFactory

User = get_user_model()
FORM = {
    "first_name": "Ama",
    "last_name": "Boateng",
    "email": "Ama.Boateng@example.org",
    "country": "GH",
    "organisation": "Accra Mall security",
    "message": "I lead the night shift.",
    "website": "",
}


@pytest.fixture
def course(db):
    return CoursePageFactory(title="Protecting crowded places", self_enrolment=False, lessons=1)


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    from django.core.cache import cache

    cache.clear()


def ask(client, course, language="en", **changes):
    return client.post(
        f"/{language}/learning/request-access/", {**FORM, "course": course.pk, **changes}
    )


def refused(response) -> bool:
    """Wagtail answers a refusal in its admin with a redirect to the dashboard (or sign-in)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.split("?")[0] in ("/admin/", "/admin/login/")
    )


def admin_url(name, *args):
    return reverse(f"courses_registrationrequest:{name}", args=args)


def test_a_visitor_asks_and_asking_again_merges(client, course):
    page = client.get(f"/en/learning/request-access/?course={course.pk}").content.decode()
    assert 'name="organisation"' in page and 'name="message"' in page
    assert f'<option value="{course.pk}" selected>' in page
    response = ask(client, course, language="fr")
    assert response.status_code == 200 and "Demande reçue" in response.content.decode()
    ask(client, course, message="Two guards need it too.", email="ama.boateng@example.org")
    request_obj = RegistrationRequest.objects.get()  # one request: merged
    assert request_obj.email == "ama.boateng@example.org" and request_obj.country == "GH"
    assert request_obj.times_requested == 2 and request_obj.language == "en"
    assert "night shift" in request_obj.message and "Two guards" in request_obj.message
    assert not User.objects.filter(email__iexact=FORM["email"]).exists()  # staff decide


def test_the_course_page_links_to_the_request_form(client, course, trainee, login):
    link = f"/en/learning/request-access/?course={course.pk}"
    assert link in client.get(course.url).content.decode()  # a visitor with no account
    html = login(trainee).get(course.url).content.decode()
    assert f"/en/learning/request-access/?course={course.pk}" in html
    form = client.get(f"/en/learning/request-access/?course={course.pk}").content.decode()
    assert f'value="{trainee.email}"' in form  # a signed-in trainee's details are filled in


def test_bad_input_is_explained_and_kept(client, course):
    response = ask(client, course, email="not an address", country="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in html and "This field is required." in html
    assert "I lead the night shift." in html and 'value="Accra Mall security"' in html
    assert not RegistrationRequest.objects.exists()


def test_robots_and_floods_are_turned_away(client, course, settings):
    response = ask(client, course, website="http://spam.example")
    assert response.status_code == 200 and not RegistrationRequest.objects.exists()
    settings.COURSES_ACCESS_REQUEST_RATE = (2, 3600)
    assert ask(client, course).status_code == 200
    assert ask(client, course, email="b@example.org").status_code == 200
    response = ask(client, course, email="c@example.org")
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    assert 'value="c@example.org"' in response.content.decode()  # nothing lost
    assert RegistrationRequest.objects.count() == 2


def test_one_waiting_request_per_address_and_course_in_the_database(course):
    access_request_create(
        course=course, email="x@example.org", first_name="X", last_name="Y", country="GH"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationRequest.objects.create(
            course=course, course_key=course.translation_key, email="x@example.org"
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # neither kind: refused
        RegistrationRequest.objects.create(email="z@example.org")


def test_only_staff_of_the_country_see_and_decide(
    client, login, course, ghana_staff, kenya_staff, programme_staff, manager, trainee
):
    ask(client, course)
    request_obj = RegistrationRequest.objects.get()
    index, inspect = admin_url("index"), admin_url("inspect", request_obj.pk)
    approve, decline = admin_url("approve", request_obj.pk), admin_url("decline", request_obj.pk)
    client.logout()
    for url in (index, inspect, approve, decline):  # signed out: the admin's sign-in
        assert refused(client.get(url)), url
    for user in (trainee, manager):
        login(user)
        for url in (index, inspect, approve, decline):
            assert refused(client.get(url)), (user, url)
        assert refused(client.post(approve))
        client.logout()
    login(kenya_staff)
    assert "ama.boateng@example.org" not in client.get(index).content.decode()
    for url in (inspect, approve, decline):
        assert refused(client.get(url)), url
    assert refused(client.post(approve))
    assert refused(client.post(decline, {"reason": "No."}))
    client.logout()
    for staff in (ghana_staff, programme_staff):
        login(staff)
        listing = client.get(index).content.decode()
        assert "ama.boateng@example.org" in listing and "Ghana" in listing
        assert "Accra Mall security" in client.get(inspect).content.decode()
        assert client.get(approve).status_code == 200
        client.logout()
    assert RegistrationRequest.objects.get().decided_at is None


def test_approval_creates_and_enrols_exactly_once(client, login, course, ghana_staff):
    ask(client, course, language="fr")
    request_obj = RegistrationRequest.objects.get()
    assert request_obj.language == "fr"
    mail.outbox.clear()
    login(ghana_staff)
    url = admin_url("approve", request_obj.pk)
    client.post(url)
    second = client.post(url, follow=True)  # a double click, or a second tab
    assert "already decided" in second.content.decode()
    user = User.objects.get(email="ama.boateng@example.org")
    assert user.first_name == "Ama" and not user.has_usable_password()
    assert AccountCountry.objects.get(user=user).country.code == "GH"
    enrolment = Enrolment.objects.get(user=user)
    assert enrolment.course_key == course.translation_key
    request_obj.refresh_from_db()
    assert request_obj.approved and request_obj.enrolment == enrolment
    assert request_obj.decided_by == ghana_staff
    subjects = [message.subject for message in mail.outbox]
    assert len(mail.outbox) == 2, subjects  # the invitation, and the answer
    answer = next(m for m in mail.outbox if "Protecting crowded places" in m.subject)
    assert answer.subject.startswith("Vous êtes inscrit")  # the language they asked in
    with pytest.raises(InvitationError):
        access_request_approve(request_id=request_obj.pk, decided_by=ghana_staff)
    assert Enrolment.objects.count() == 1


def test_an_existing_trainee_is_enrolled_without_a_new_account(
    client, login, course, programme_staff, trainee
):
    login(trainee)
    client.post(
        "/en/learning/request-access/",
        {**FORM, "email": trainee.email, "course": course.pk},
    )
    client.logout()
    request_obj = RegistrationRequest.objects.get()
    login(programme_staff)
    client.post(admin_url("approve", request_obj.pk))
    assert Enrolment.objects.filter(user=trainee, course_key=course.translation_key).exists()
    assert User.objects.filter(email__iexact=trainee.email).count() == 1


def test_declining_needs_a_reason_the_requester_reads(client, login, course, ghana_staff):
    ask(client, course, language="fr")
    request_obj = RegistrationRequest.objects.get()
    mail.outbox.clear()
    login(ghana_staff)
    url = admin_url("decline", request_obj.pk)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert RegistrationRequest.objects.get().decided_at is None
    client.post(url, {"reason": "Ce cours est réservé aux forces de police."})
    request_obj.refresh_from_db()
    assert request_obj.approved is False and "police" in request_obj.decline_reason
    assert not User.objects.filter(email="ama.boateng@example.org").exists()
    (answer,) = mail.outbox
    assert answer.to == ["ama.boateng@example.org"]
    assert "réservé aux forces de police" in answer.body and "refusée" in answer.body
    assert client.post(admin_url("approve", request_obj.pk)).status_code == 302
    assert not Enrolment.objects.exists()  # declined stays declined


def test_the_listing_stays_within_a_query_budget(
    client, login, course, programme_staff, django_assert_max_num_queries
):
    for n in range(8):
        access_request_create(
            course=course, email=f"p{n}@example.org", first_name="P", last_name=str(n), country="SN"
        )
    login(programme_staff)
    client.get(admin_url("index"))
    with django_assert_max_num_queries(30):
        assert client.get(admin_url("index")).status_code == 200
