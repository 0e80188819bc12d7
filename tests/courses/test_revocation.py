"""A revoked certificate is visibly revoked everywhere: its PDF, its verification page, and the
caches built on certificates (issue 14)."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.db.models.signals import post_save
from django.utils import timezone
from pypdf import PdfReader

from courses.models import Certificate
from courses.services.certificate_pdf import certificate_pdf
from courses.services.certificates import CertificateError, certificate_revoke

from .records import complete, log_in
from .test_certificates import pdf_text

REASON = "Issued on a test taken by someone else"


@pytest.fixture
def certificate(make_course, trainee):
    course = make_course(lessons=1, pre=False, post=False)
    complete(course, trainee)
    certificate = Certificate.objects.get(user=trainee)
    certificate.expires_at = timezone.now() + timedelta(days=365)
    certificate.save(update_fields=["expires_at"])
    return certificate


@pytest.fixture
def staff(make_user):
    return make_user("programme@example.org", "Programme staff")


def test_the_pdf_of_a_revoked_certificate_is_stamped_and_says_why(
    client, certificate, trainee, staff
):
    valid = pdf_text(certificate_pdf(certificate))
    assert "REVOKED" not in valid and "Valid until" in valid
    certificate_revoke(certificate=certificate, revoked_by=staff, reason=REASON)
    response = log_in(client, trainee).get(f"/en/learning/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "REVOKED" in text and "Revoked on" in text and REASON in text
    assert "Valid until" not in text
    assert "revoked" in PdfReader(io.BytesIO(response.content)).metadata.title


def test_the_verification_page_gives_the_revocation_date_and_reason_not_a_validity(
    client, certificate, staff
):
    url = f"/en/learning/verify/{certificate.code_display}/"
    assert "Valid until" in client.get(url).content.decode()
    certificate_revoke(certificate=certificate, revoked_by=staff, reason=REASON)
    html = client.get(url).content.decode()
    assert "verify--revoked" in html and "Revoked on" in html and REASON in html
    assert "Valid until" not in html
    revoked_on = timezone.localtime(Certificate.objects.get().revoked_at)
    assert str(revoked_on.year) in html


def test_revocation_is_a_save_that_signals_and_happens_once(certificate, staff):
    saved = []
    stale = Certificate.objects.get()  # read before the revocation

    def listen(sender, instance, update_fields, **kwargs):
        saved.append((instance.pk, frozenset(update_fields or ())))

    post_save.connect(listen, sender=Certificate, dispatch_uid="test_revocation")
    try:
        certificate_revoke(certificate=certificate, revoked_by=staff, reason=REASON)
    finally:
        post_save.disconnect(dispatch_uid="test_revocation", sender=Certificate)
    assert saved == [(certificate.pk, {"revoked_at", "revoked_by", "revoke_reason"})]
    stored = Certificate.objects.get()
    assert stored.revoked_by == staff and stored.revoke_reason == REASON
    with pytest.raises(CertificateError, match="already revoked"):
        certificate_revoke(certificate=stored, revoked_by=staff, reason="again")
    # A stale copy of the row is refused too: the locked row is read again.
    with pytest.raises(CertificateError, match="already revoked"):
        certificate_revoke(certificate=stale, revoked_by=staff, reason="again")
    assert Certificate.objects.get().revoke_reason == REASON


def test_revocation_drops_the_dashboards_that_count_certificates(certificate, staff):
    if not apps.is_installed("capability.results"):
        pytest.skip("the results plugin is not installed with these settings")
    from capability.results.indicators.cache import cached

    assert cached("overview", "revocation-test", lambda: "before") == "before"
    assert cached("overview", "revocation-test", lambda: "again") == "before"
    certificate_revoke(certificate=certificate, revoked_by=staff, reason=REASON)
    assert cached("overview", "revocation-test", lambda: "after") == "after"
