"""Evidence documents of deliverables and indicator values: private, and within country scope.

They are filed in the "Evidence" collection (view restricted to the staff groups) and served
only to users who may see a record citing them (capability/documents.py).
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from capability.results.models import Deliverable, IndicatorValue
from tests.factories.register import country
from tests.factories.results import DeliverableFactory, IndicatorValueFactory

from .access import DENIED, LOGIN, OK, outcome


@pytest.fixture
def records(db):
    """A deliverable and a manual indicator value in Ghana and in Kenya, citing nothing."""
    for code in ("GH", "KE"):
        DeliverableFactory(country=country(code))
        IndicatorValueFactory(country=country(code))


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
    """Cite `document` from a deliverable of the country, through the model's save()."""
    deliverable = Deliverable.objects.filter(country__code=country_code).order_by("pk").first()
    deliverable.evidence = document
    deliverable.save()
    document.refresh_from_db()
    return deliverable


def test_the_evidence_collection_admits_staff_groups_only(db):
    restriction = CollectionViewRestriction.objects.get(collection=evidence())
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert {g.name for g in restriction.groups.all()} == {"Country staff", "Programme staff"}
    country_staff = GroupCollectionPermission.objects.filter(group__name="Country staff")
    # Country staff file documents only as evidence: nothing in the root collection.
    assert {
        p.collection.name for p in country_staff.filter(permission__codename__endswith="_document")
    } == {"Evidence"}


def test_a_cited_document_moves_into_the_evidence_collection(records):
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


def test_evidence_reaches_only_staff_who_may_see_its_record(
    client, login, records, trainee, manager, ghana_staff, kenya_staff, programme_staff
):
    ghana_plan = document("Ghana plan")
    cite(ghana_plan, "GH")
    kenya_plan = document("Kenya plan")
    cite(kenya_plan, "KE")
    assert ghana_plan.url.startswith("/documents/")
    assert outcome(client.get(ghana_plan.url)) == LOGIN
    assert outcome(login(trainee).get(ghana_plan.url)) in (LOGIN, DENIED)
    assert outcome(login(manager).get(ghana_plan.url)) in (LOGIN, DENIED)
    ghana = login(ghana_staff)
    response = ghana.get(ghana_plan.url)
    assert outcome(response) == OK
    assert b"".join(response.streaming_content).startswith(b"Ghana plan: Ama Mensah")
    assert outcome(ghana.get(kenya_plan.url)) == DENIED
    assert outcome(login(kenya_staff).get(kenya_plan.url)) == OK
    assert outcome(login(kenya_staff).get(ghana_plan.url)) == DENIED
    programme = login(programme_staff)
    assert outcome(programme.get(ghana_plan.url)) == OK
    assert outcome(programme.get(kenya_plan.url)) == OK


def test_evidence_cited_before_it_was_filed_is_still_checked(
    login, records, ghana_staff, kenya_staff
):
    """A cited document left in the public root (e.g. by a bulk update) is still scoped."""
    kenya_plan = document("Kenya plan")
    deliverable = Deliverable.objects.filter(country__code="KE").order_by("pk").first()
    Deliverable.objects.filter(pk=deliverable.pk).update(evidence=kenya_plan)  # no save()
    kenya_plan.refresh_from_db()
    assert kenya_plan.collection.depth == 1
    assert outcome(login(ghana_staff).get(kenya_plan.url)) == DENIED
    assert outcome(login(kenya_staff).get(kenya_plan.url)) == OK


def test_course_material_in_the_root_stays_public(client, db):
    handout = document("Course handout")
    assert outcome(client.get(handout.url)) == OK


def test_country_staff_upload_into_the_evidence_collection_only(login, ghana_staff, kenya_staff):
    client = login(ghana_staff)
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
    assert outcome(login(kenya_staff).get(uploaded.url)) == DENIED


def test_the_document_chooser_shows_country_staff_their_countries_evidence(
    login, records, ghana_staff, programme_staff
):
    ghana_plan = document("Ghana plan GH-EVIDENCE")
    cite(ghana_plan, "GH")
    kenya_plan = document("Kenya plan KE-EVIDENCE")
    cite(kenya_plan, "KE")
    chooser = reverse("wagtaildocs_chooser:choose")
    ghana = login(ghana_staff).get(chooser).content.decode()
    assert "GH-EVIDENCE" in ghana
    assert "KE-EVIDENCE" not in ghana
    programme = login(programme_staff).get(chooser).content.decode()
    assert "GH-EVIDENCE" in programme and "KE-EVIDENCE" in programme


def test_citing_a_document_through_the_admin_files_it_as_evidence(
    login, records, programme_staff, ghana_staff, kenya_staff
):
    client = login(programme_staff)
    value = IndicatorValue.objects.filter(country__code="GH").order_by("pk").first()
    report = document("Quarterly report", uploaded_by=programme_staff)
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
    assert outcome(login(ghana_staff).get(report.url)) == OK
    assert outcome(login(kenya_staff).get(report.url)) == DENIED


@pytest.mark.parametrize("staff", ["ghana_staff", "kenya_staff"])
def test_country_staff_document_listing_hides_other_uploads(request, login, records, staff):
    kenya_plan = document("Kenya plan KE-LISTED")
    cite(kenya_plan, "KE")
    listing = (
        login(request.getfixturevalue(staff)).get(reverse("wagtaildocs:index")).content.decode()
    )
    assert "KE-LISTED" not in listing  # only their own uploads are listed to country staff
