"""Certificates: issued once, PDF content, verification states, expiry, renewal, revocation."""

import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from pypdf import PdfReader

from courses.models import Certificate, Enrolment, LessonCompletion
from courses.services.certificate_pdf import certificate_pdf
from courses.services.certificates import CertificateError, certificate_issue, certificate_revoke
from courses.services.enrolment import enrolment_create
from courses.services.progress import enrolment_complete_if_done, lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit

from .records import complete, log_in


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def person(make_user):
    user = make_user("ama.boateng@example.org", "Trainee")
    user.first_name, user.last_name = "Ama", "Boateng-Adjéi"
    user.save()
    return user


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_completion_issues_one_certificate(make_course, person):
    course = make_course(lessons=2, attempt_limit=0)
    enrolment = complete(course, person)
    certificate = Certificate.objects.get(user=person)
    assert certificate.completed_at == enrolment.completed_at
    assert certificate.holder_name == "Ama Boateng-Adjéi"
    assert certificate.course_title == course.title
    assert certificate.expires_at is None and certificate.status() == "valid"
    assert re.fullmatch(r"[A-Z2-7]{16}", certificate.code)
    # Re-checking completion or issuing again never creates a second one.
    enrolment_complete_if_done(enrolment=enrolment, course=course)
    again = certificate_issue(user=person, course=course, completed_at=enrolment.completed_at)
    assert again.pk == certificate.pk
    assert Certificate.objects.filter(user=person).count() == 1


def test_codes_are_unguessable_and_distinct(make_course, make_user):
    course = make_course(lessons=1, pre=False, post=False)
    codes = {
        complete(course, make_user(f"c{n}@example.org")).user.certificates.get().code
        for n in range(5)
    }
    assert len(codes) == 5


def test_pdf_holds_everything_and_is_regenerated_identically(client, make_course, person):
    course = make_course(lessons=1, attempt_limit=0)
    course.estimated_hours = 2.5
    course.certificate_validity_months = 24
    course.save_revision().publish()
    complete(course, person)
    certificate = Certificate.objects.get(user=person)
    log_in(client, person)
    response = client.get(f"/en/learning/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in [
        "Certificate of completion",
        "Ama Boateng-Adjéi",
        course.title,
        "2.5 hours",
        "RISK-ASSESS (level 2)",
        certificate.code_display,
        f"http://testserver/en/learning/verify/{certificate.code_display}/",
        "Funded by the European Union",
        "Valid until",
    ]:
        assert expected in text, expected
    assert timezone.localtime(certificate.completed_at).strftime("%Y") in text
    # Downloaded again later: byte-for-byte the same file.
    assert client.get(f"/en/learning/certificates/{certificate.pk}/pdf/").content == (
        response.content
    )


def test_pdf_is_in_the_language_of_the_course(make_course, person, french):
    course = make_course(lessons=1, pre=False, post=False)
    course_fr = course.copy_for_translation(french, copy_parents=True)
    course_fr.title = "Évaluation des risques"
    course_fr.save_revision().publish()
    enrolment_create(user=person, course=course_fr)
    for lesson in course.lessons():
        lesson_complete(user=person, lesson=lesson)
    certificate = Certificate.objects.get(user=person)
    assert certificate.language == "fr"
    text = pdf_text(certificate_pdf(certificate))
    assert "Attestation de formation" in text
    assert "Évaluation des risques" in text
    assert "/fr/learning/verify/" in text
    assert "Financé par" in text and "niveau 2" in text


def test_a_trainee_downloads_only_their_own_certificate(client, make_course, person, make_user):
    course = make_course(lessons=1, pre=False, post=False)
    complete(course, person)
    url = f"/en/learning/certificates/{person.certificates.get().pk}/pdf/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    log_in(client, make_user("other@example.org", "Trainee"))
    response = client.get(url)
    assert response.status_code == 403
    assert b"%PDF" not in response.content
    client.logout()
    log_in(client, make_user("staff@example.org", "Programme staff"))
    assert client.get(url).status_code == 200
    assert client.get("/en/learning/certificates/999999/pdf/").status_code == 404


def test_verification_answers_each_state(client, make_course, person, make_user):
    course = make_course(lessons=1, pre=False, post=False)
    complete(course, person)
    certificate = person.certificates.get()
    url = f"/en/learning/verify/{certificate.code_display}/"
    html = client.get(url).content.decode()
    assert "Valid" in html and "Ama Boateng-Adjéi" in html and course.title in html
    assert person.email not in html
    # Lower case, without dashes, through the form: the same answer.
    html = client.get("/en/learning/verify/", {"code": certificate.code.lower()}).content.decode()
    assert "verify--valid" in html
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    assert "verify--expired" in client.get(url).content.decode()
    certificate_revoke(
        certificate=certificate, revoked_by=make_user("s@example.org"), reason="Fraud"
    )
    html = client.get(url).content.decode()
    assert "verify--revoked" in html and "Revoked" in html
    # Issue 14: the verification page gives the revocation's date and reason, no validity.
    assert "Fraud" in html and "Valid until" not in html


@pytest.mark.parametrize(
    "code", ["AAAA-AAAA-AAAA-AAAA", "not a code", "'; DROP TABLE x;--", "A" * 500, "0000"]
)
def test_unknown_and_malformed_codes_get_the_same_answer(client, code, db):
    response = client.get("/en/learning/verify/", {"code": code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "verify--unknown" in html
    assert "no certificate matches this code" in html


def test_verification_is_rate_limited(client, settings, db):
    settings.CERTIFICATE_VERIFY_RATE = (3, 60)
    for _ in range(3):
        assert client.get("/en/learning/verify/AAAA-AAAA-AAAA-AAAB/").status_code == 200
    response = client.get("/en/learning/verify/AAAA-AAAA-AAAA-AAAB/")
    assert response.status_code == 429
    assert "verify--unknown" not in response.content.decode()
    other = client.get("/en/learning/verify/AAAA-AAAA-AAAA-AAAB/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_expiry_renew_by_and_renewal(client, make_course, person):
    course = make_course(lessons=2, attempt_limit=0)
    course.certificate_validity_months = 24
    course.save_revision().publish()
    enrolment = complete(course, person)
    first = person.certificates.get()
    expected = enrolment.completed_at.replace(year=enrolment.completed_at.year + 2)
    assert first.expires_at.date() == expected.date()
    log_in(client, person)
    html = client.get("/en/learning/my/").content.decode()
    assert "renew by" in html and "Renew now" not in html
    # Too early to renew.
    response = client.post(f"/en/learning/certificates/{first.pk}/renew/", follow=True)
    assert "cannot be renewed yet" in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
    # Sixty days before expiry the trainee may renew.
    Certificate.objects.filter(pk=first.pk).update(expires_at=timezone.now() + timedelta(days=60))
    assert "Renew now" in client.get("/en/learning/my/").content.decode()
    client.post(f"/en/learning/certificates/{first.pk}/renew/")
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not LessonCompletion.objects.filter(user=person).exists()
    # Completing the course again issues a new certificate; the first one stays as it was.
    for lesson in course.lessons():
        lesson_complete(user=person, lesson=lesson)
    from .conftest import answers_for

    attempt = attempt_start(user=person, course=course, kind="post")
    attempt_submit(attempt=attempt, user=person, data=answers_for(attempt))
    assert person.certificates.count() == 2
    second = person.certificates.order_by("-completed_at").first()
    assert second.pk != first.pk and second.expires_at > first.expires_at
    assert Certificate.objects.get(pk=first.pk).status() == "valid"


def test_nobody_renews_a_certificate_of_someone_else(client, make_course, person, make_user):
    course = make_course(lessons=1, pre=False, post=False)
    complete(course, person)
    certificate = person.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(expires_at=timezone.now())
    log_in(client, make_user("other@example.org", "Trainee"))
    client.post(f"/en/learning/certificates/{certificate.pk}/renew/")
    assert Enrolment.objects.get(user=person).completed_at is not None


def test_staff_revoke_with_a_reason_and_the_revocation_is_kept(
    client, make_course, person, make_user
):
    course = make_course(lessons=1, pre=False, post=False)
    complete(course, person)
    certificate = person.certificates.get()
    url = f"/admin/courses-reports/certificates/{certificate.pk}/revoke/"
    # Country staff see the list but may not revoke; trainees see nothing.
    log_in(client, make_user("trainee2@example.org", "Trainee"))
    assert client.get("/admin/courses-reports/certificates/").status_code in (302, 403)
    client.logout()
    log_in(client, make_user("country@example.org", "Country staff"))
    assert client.get("/admin/courses-reports/certificates/?status=all").status_code == 200
    assert client.post(url, {"reason": "x"}).status_code in (302, 403)  # Wagtail redirects
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
    client.logout()
    staff = make_user("programme@example.org", "Programme staff")
    log_in(client, staff)
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
    client.post(url, {"reason": "Identity could not be confirmed"})
    certificate.refresh_from_db()
    assert certificate.status() == "revoked"
    assert certificate.revoked_by == staff
    assert certificate.revoke_reason == "Identity could not be confirmed"
    html = client.get("/admin/courses-reports/certificates/?status=revoked").content.decode()
    assert certificate.code_display in html and "Identity could not be confirmed" in html
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, revoked_by=staff, reason="again")


def test_expiring_list_and_its_query_ceiling(
    client, make_course, make_user, django_assert_max_num_queries
):
    course = make_course(lessons=1, pre=False, post=False)
    course.certificate_validity_months = 12
    course.save_revision().publish()
    staff = make_user("programme@example.org", "Programme staff")
    log_in(client, staff)
    url = "/admin/courses-reports/certificates/"
    for size in (2, 8):
        for n in range(
            size - Certificate.objects.filter(course_key=course.translation_key).count()
        ):
            user = make_user(f"exp{size}-{n}@example.org", "Trainee")
            complete(course, user)
        Certificate.objects.filter(course_key=course.translation_key).update(
            expires_at=timezone.now() + timedelta(days=30)
        )
        client.get(url)
        with django_assert_max_num_queries(30):
            html = client.get(url).content.decode()
        assert html.count("exp") >= size
    never = make_user("never@example.org", "Trainee")
    complete(make_course(lessons=1, pre=False, post=False), never)
    assert "never@example.org" not in client.get(url).content.decode()
