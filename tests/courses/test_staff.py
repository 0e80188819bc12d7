"""Staff views in the Wagtail admin: reports, exports, bulk enrolment, attempt reset, invites."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import AttemptReset, Enrolment, QuizAttempt
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit

from .conftest import PASSWORD, answers_for, make_bank


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


@pytest.fixture
def staff(make_user):
    return make_user("staff@example.org", "Programme staff")


@pytest.fixture
def course_with_results(make_course, make_user):
    # The post-test is an equivalent form (its own bank), so the gains count.
    course = make_course(lessons=1, attempt_limit=0, bank=make_bank("Post form"))
    for n, right in enumerate([True, False, True]):
        user = make_user(f"t{n}@example.org", "Trainee")
        enrolment_create(user=user, course=course)
        pre = attempt_start(user=user, course=course, kind="pre")
        attempt_submit(attempt=pre, user=user, data=answers_for(pre, right=False))
        lesson_complete(user=user, lesson=course.lessons().first())
        post = attempt_start(user=user, course=course, kind="post")
        attempt_submit(attempt=post, user=user, data=answers_for(post, right=right))
    return course


@pytest.mark.parametrize(
    ("group", "status"),
    [("Trainee", 302), ("Manager", 302), ("Country staff", 200), ("Programme staff", 200)],
)
def test_report_needs_the_report_permission(client, course_with_results, make_user, group, status):
    _login(client, make_user("someone@example.org", group))
    response = client.get(f"/admin/courses-reports/{course_with_results.pk}/")
    assert response.status_code == status
    export = client.get(f"/admin/courses-reports/{course_with_results.pk}/export/csv/")
    assert export.status_code == status


def test_report_shows_pass_rate_gain_and_question_statistics(
    client, course_with_results, staff, django_assert_max_num_queries
):
    _login(client, staff)
    url = f"/admin/courses-reports/{course_with_results.pk}/"
    client.get(url)
    with django_assert_max_num_queries(40):
        html = client.get(url).content.decode()
    assert "66.7% (2/3)" in html  # post-test pass rate
    assert re.search(r"Mean knowledge gain \(points\)</th><td>66\.7", html)
    assert "Single?" in html and "Discrimination" in html


def test_xlsx_export_is_a_real_spreadsheet(client, course_with_results, staff):
    _login(client, staff)
    response = client.get(f"/admin/courses-reports/{course_with_results.pk}/export/xlsx/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Email" and len(rows) == 4
    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["t0@example.org"][4] == 100  # progress
    assert float(by_email["t0@example.org"][7]) == 100.0  # gain
    assert by_email["t1@example.org"][8] is None  # not completed


def test_bulk_enrol_chosen_users(client, make_course, staff, make_user):
    course = make_course()
    a, b = make_user("a@example.org", "Trainee"), make_user("b@example.org", "Trainee")
    enrolment_create(user=a, course=course)
    _login(client, staff)
    response = client.post(
        f"/admin/courses-reports/{course.pk}/enrol/", {"users": [a.pk, b.pk]}, follow=True
    )
    assert "1 enrolled, 1 were already enrolled." in response.content.decode()
    assert Enrolment.objects.filter(course_key=course.translation_key).count() == 2
    assert Enrolment.objects.get(user=b).source == "staff"


def _xlsx(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("people.xlsx", buffer.getvalue())


def test_bulk_enrol_from_a_spreadsheet_with_preview_and_invitations(
    client, make_course, staff, make_user
):
    course = make_course()
    make_user("known@example.org", "Trainee")
    upload = _xlsx(
        [
            ["email", "first_name", "last_name"],
            ["Known@example.org", "Kofi", "Known"],
            ["new.person@example.org", "Esi", "New"],
            ["not-an-email", "X", "Y"],
            ["new.person@example.org", "Esi", "Again"],
        ]
    )
    _login(client, staff)
    url = f"/admin/courses-reports/{course.pk}/enrol/import/"
    response = client.post(url, {"file": upload, "country": "GH"})
    preview_url = response["Location"]
    html = client.get(preview_url).content.decode()
    assert "Will be enrolled" in html and "will be invited" in html
    assert "Not an email address" in html and "Duplicate" in html
    assert (
        not Enrolment.objects.filter(course=course).exists() and len(mail.outbox) == 0
    )  # preview writes nothing
    # all or nothing: the row in error refuses the file
    response = client.post(preview_url, {"confirm": "1"})
    assert "nothing was imported" in response.content.decode()
    assert not Enrolment.objects.filter(course=course).exists() and len(mail.outbox) == 0
    upload = _xlsx(
        [
            ["Courriel", "Prénom", "Nom", "Signature"],
            ["Known@example.org", "Kofi", "Known", "x"],
            ["new.person@example.org", "Esi", "New", "x"],
            ["new.person@example.org", "Esi", "Again", "x"],
        ]
    )
    preview_url = client.post(url, {"file": upload, "country": "GH"})["Location"]
    assert "Signature" in client.get(preview_url).content.decode()  # listed as ignored
    response = client.post(preview_url, {"confirm": "1"}, follow=True)
    assert "2 enrolled (1 invited), 0 were already enrolled." in response.content.decode()
    new = User.objects.get(email="new.person@example.org")
    assert not new.has_usable_password() and new.groups.filter(name="Trainee").exists()
    assert Enrolment.objects.filter(source="import", course=course).count() == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.org"]
    link = re.search(r"http://testserver(/en/learning/password/\S+/)", mail.outbox[0].body)[1]
    # the invitee sets a password through the emailed link, then signs in with the email
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    pw = "Kakum-canopy-walk-42"
    response = client.post(form_url, {"new_password1": pw, "new_password2": pw}, follow=True)
    assert "Password saved" in response.content.decode()
    client.logout()
    assert client.login(username="NEW.person@example.org", password=pw)
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_bulk_enrol_rejects_bad_files_with_a_message(client, make_course, staff):
    course = make_course()
    _login(client, staff)
    url = f"/admin/courses-reports/{course.pk}/enrol/import/"
    bad = SimpleUploadedFile("people.xlsx", b"this is not a spreadsheet")
    assert "not an Excel workbook" in client.post(url, {"file": bad}).content.decode()
    no_column = SimpleUploadedFile("people.csv", b"name\nKofi\n")
    assert "needs the columns: Email" in client.post(url, {"file": no_column}).content.decode()
    pdf = SimpleUploadedFile("people.pdf", b"%PDF")
    assert "Upload an .xlsx or .csv file." in client.post(url, {"file": pdf}).content.decode()
    csv = SimpleUploadedFile("people.csv", b"email\nama@example.org\n")
    response = client.post(url, {"file": csv, "country": "GH"})
    assert "will be invited" in client.get(response["Location"]).content.decode()
    assert not Enrolment.objects.filter(course=course).exists()


def test_bulk_enrol_needs_the_enrolment_permission(client, make_course, make_user):
    course = make_course()
    _login(client, make_user("m@example.org", "Manager"))
    assert client.get(f"/admin/courses-reports/{course.pk}/enrol/").status_code == 302
    assert client.get(f"/admin/courses-reports/{course.pk}/enrol/", follow=True).status_code == 200


def test_staff_reset_an_attempt_with_a_reason(client, course_with_results, staff):
    attempt = QuizAttempt.objects.filter(kind="pre").first()
    _login(client, staff)
    url = f"/admin/courses-reports/attempts/{attempt.pk}/reset/"
    assert client.post(url, {"reason": ""}).status_code == 200  # form error, nothing reset
    assert QuizAttempt.objects.get(pk=attempt.pk).status == "submitted"
    client.post(url, {"reason": "Trainee's phone died during the test"})
    assert QuizAttempt.objects.get(pk=attempt.pk).status == "reset"
    audit = AttemptReset.objects.get()
    assert audit.reset_by == staff and "phone died" in audit.reason


def test_email_login_on_the_public_site(client, make_user):
    make_user("Abena@Example.org", "Trainee")
    response = client.post(
        "/en/learning/login/", {"username": "abena@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/en/learning/my/"
    client.logout()
    response = client.post(
        "/en/learning/login/", {"username": "abena@example.org", "password": "x"}
    )
    assert "did not match" in response.content.decode()


def test_password_reset_sends_an_expiring_link(client, make_user, settings):
    make_user("reset@example.org", "Trainee")
    client.post("/en/learning/password-reset/", {"email": "reset@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/en/learning/password/\S+/)", mail.outbox[0].body)[1]
    settings.PASSWORD_RESET_TIMEOUT = -1  # the link has expired
    assert client.get(link, follow=True).context["validlink"] is False


def test_exports_run_a_fixed_number_of_queries(
    client, course_with_results, staff, make_user, django_assert_max_num_queries
):
    _login(client, staff)
    url = f"/admin/courses-reports/{course_with_results.pk}/export/csv/"
    client.get(url)
    with django_assert_max_num_queries(12):
        small = client.get(url)
    for n in range(20):
        enrolment_create(
            user=make_user(f"more{n}@example.org", "Trainee"), course=course_with_results
        )
    with django_assert_max_num_queries(12):
        large = client.get(url)
    assert large.content.decode().count("\n") == small.content.decode().count("\n") + 20
