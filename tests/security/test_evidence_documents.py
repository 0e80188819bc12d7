"""Evidence documents of deliverables and indicator values: private, and within country scope.

They are filed in the "Evidence" collection (view restricted to the staff groups) and served
only to users who may see a record citing them (capability/documents.py).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from capability.results.models import Deliverable, IndicatorValue

from .access import DENIED, LOGIN, OK, outcome

GHANA_STAFF = "country.staff@ctps.example"
KENYA_STAFF = "kenya.staff@ctps.example"
PROGRAMME_STAFF = "programme.staff@ctps.example"
TRAINEE = "trainee@ctps.example"
MANAGER = "manager@ctps.example"


def evidence():
    return Collection.objects.get(depth=2, name="Evidence")


def document(title, *, collection=None, uploaded_by=None):
    return Document.objects.create(
        title=title,
        collection=collection or Collection.get_first_root_node(),
        file=ContentFile(f"{title}: Ama Mensah, Inspector\n".encode(), name="plan.txt"),
        uploaded_by_user=uploaded_by,
    )


def cite(document, country_code):
    """Cite `document` from a demo deliverable of the country, through the model's save()."""
    deliverable = Deliverable.objects.filter(country__code=country_code).order_by("pk").first()
    deliverable.evidence = document
    deliverable.save()
    document.refresh_from_db()
    return deliverable


def test_the_evidence_collection_admits_staff_groups_only(demo):
    restriction = CollectionViewRestriction.objects.get(collection=evidence())
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert {g.name for g in restriction.groups.all()} == {"Country staff", "Programme staff"}
    country_staff = GroupCollectionPermission.objects.filter(group__name="Country staff")
    # Country staff file documents only as evidence: nothing in the root collection.
    assert {
        p.collection.name for p in country_staff.filter(permission__codename__endswith="_document")
    } == {"Evidence"}


def test_a_cited_document_moves_into_the_evidence_collection(demo):
    plan = document("Security plan, Accra stadium")
    assert plan.collection.depth == 1  # uploaded where course material lives
    cite(plan, "GH")
    assert plan.collection == evidence()
    value = IndicatorValue.objects.filter(country__code="KE").order_by("pk").first()
    report = document("Exercise report, Nairobi")
    value.evidence = report
    value.save()
    report.refresh_from_db()
    assert report.collection == evidence()


def test_evidence_reaches_only_staff_who_may_see_its_record(client, login, demo):
    ghana_plan = document("Ghana plan")
    cite(ghana_plan, "GH")
    kenya_plan = document("Kenya plan")
    cite(kenya_plan, "KE")
    assert ghana_plan.url.startswith("/documents/")
    assert outcome(client.get(ghana_plan.url)) == LOGIN
    assert outcome(login(TRAINEE).get(ghana_plan.url)) in (LOGIN, DENIED)
    assert outcome(login(MANAGER).get(ghana_plan.url)) in (LOGIN, DENIED)
    ghana = login(GHANA_STAFF)
    response = ghana.get(ghana_plan.url)
    assert outcome(response) == OK
    assert b"".join(response.streaming_content).startswith(b"Ghana plan: Ama Mensah")
    assert outcome(ghana.get(kenya_plan.url)) == DENIED
    assert outcome(login(KENYA_STAFF).get(kenya_plan.url)) == OK
    assert outcome(login(KENYA_STAFF).get(ghana_plan.url)) == DENIED
    programme = login(PROGRAMME_STAFF)
    assert outcome(programme.get(ghana_plan.url)) == OK
    assert outcome(programme.get(kenya_plan.url)) == OK


def test_evidence_cited_before_it_was_filed_is_still_checked(login, demo):
    """A cited document left in the public root (e.g. by a bulk update) is still scoped."""
    kenya_plan = document("Kenya plan")
    deliverable = Deliverable.objects.filter(country__code="KE").order_by("pk").first()
    Deliverable.objects.filter(pk=deliverable.pk).update(evidence=kenya_plan)  # no save()
    kenya_plan.refresh_from_db()
    assert kenya_plan.collection.depth == 1
    assert outcome(login(GHANA_STAFF).get(kenya_plan.url)) == DENIED
    assert outcome(login(KENYA_STAFF).get(kenya_plan.url)) == OK


def test_course_material_in_the_root_stays_public(client, demo):
    handout = document("Course handout")
    assert outcome(client.get(handout.url)) == OK


def test_country_staff_upload_into_the_evidence_collection_only(login, demo):
    client = login(GHANA_STAFF)
    form = client.get(reverse("wagtaildocs:add")).content.decode()
    assert 'name="collection"' not in form  # one collection to file in: Wagtail picks it
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Signed sign-in sheet",
            "file": SimpleUploadedFile("sheet.txt", b"Ama Mensah\n"),
            "collection": evidence().pk,
        },
    )
    assert response.status_code == 302
    uploaded = Document.objects.get(title="Signed sign-in sheet")
    assert uploaded.collection == evidence()
    # The uploader reaches it before any record cites it; other staff do not.
    assert outcome(client.get(uploaded.url)) == OK
    assert outcome(login(KENYA_STAFF).get(uploaded.url)) == DENIED


def test_the_document_chooser_shows_country_staff_their_countries_evidence(login, demo):
    ghana_plan = document("Ghana plan GH-EVIDENCE")
    cite(ghana_plan, "GH")
    kenya_plan = document("Kenya plan KE-EVIDENCE")
    cite(kenya_plan, "KE")
    chooser = reverse("wagtaildocs_chooser:choose")
    ghana = login(GHANA_STAFF).get(chooser).content.decode()
    assert "GH-EVIDENCE" in ghana
    assert "KE-EVIDENCE" not in ghana
    programme = login(PROGRAMME_STAFF).get(chooser).content.decode()
    assert "GH-EVIDENCE" in programme and "KE-EVIDENCE" in programme


def test_citing_a_document_through_the_admin_files_it_as_evidence(login, demo):
    client = login(PROGRAMME_STAFF)
    value = IndicatorValue.objects.filter(country__code="GH").order_by("pk").first()
    report = document(
        "Quarterly report", uploaded_by=get_user_model().objects.get(username=PROGRAMME_STAFF)
    )
    url = reverse("capability_indicatorvalue:edit", args=[value.pk])
    response = client.post(
        url,
        {
            "indicator": value.indicator_id,
            "country": value.country_id,
            "year": value.year,
            "quarter": value.quarter or "",
            "value": value.value,
            "comment": value.comment,
            "evidence": report.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.collection == evidence()
    assert outcome(login(GHANA_STAFF).get(report.url)) == OK
    assert outcome(login(KENYA_STAFF).get(report.url)) == DENIED


@pytest.mark.parametrize("email", [GHANA_STAFF, KENYA_STAFF])
def test_country_staff_document_listing_hides_other_uploads(login, demo, email):
    kenya_plan = document("Kenya plan KE-LISTED")
    cite(kenya_plan, "KE")
    listing = login(email).get(reverse("wagtaildocs:index")).content.decode()
    assert "KE-LISTED" not in listing  # only their own uploads are listed to country staff
