"""Register listings run the same queries whether they show 5 rows or 50 (no N+1, no growth).

The person list is opened dozens of times a day by staff; its cost must not grow with the
register (bench: "staff person list" at scales 1 and 100).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from capability.register.models import Attendance, Country, Organisation, Person, Workshop

PERSON_LIST_CEILING = 16


def add_people(country, family_name, count, organisations=7):
    """`count` people of `family_name`, spread over several new organisations of `country`."""
    orgs = [
        Organisation.objects.create(
            name=f"{family_name} organisation {index}", country=country, type="police"
        )
        for index in range(organisations)
    ]
    for index in range(count):
        Person.objects.create(
            given_name=f"Given{index:03d}",
            family_name=family_name,
            country=country,
            organisation=orgs[index % organisations],
            sex="F" if index % 2 else "M",
        )


def queries_of(client, url):
    client.get(url)  # warm per-process caches (menus, permissions) once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("staff", ["programme_staff", "ghana_staff"])
def test_person_list_queries_do_not_depend_on_the_rows(
    request, login, register, staff, django_assert_max_num_queries
):
    ghana = Country.objects.get(code="GH")
    add_people(ghana, "Fewrows", 5)
    add_people(ghana, "Manyrows", 50)
    client = login(request.getfixturevalue(staff))
    index = reverse("capability_person:index")
    few, few_response = queries_of(client, f"{index}?q=Fewrows")
    many, many_response = queries_of(client, f"{index}?q=Manyrows")
    assert few_response.content.decode().count("/admin/capability_person/inspect/") == 5
    assert many_response.content.decode().count("/admin/capability_person/inspect/") == 50
    assert few == many
    for url in (
        index,
        f"{index}?organisation=Manyrows",
        f"{index}?organisation=Fewrows&sex=F",
        f"{index}?trained_from=2020-01-01&trained_to=2030-12-31",
        f"{index}?ordering=-family_name",
    ):
        client.get(url)
        with django_assert_max_num_queries(PERSON_LIST_CEILING):
            assert client.get(url).status_code == 200


def test_person_list_filters_by_organisation_name(login, register, programme_staff):
    ghana = Country.objects.get(code="GH")
    add_people(ghana, "Orgfilter", 14)
    html = login(programme_staff).get(
        reverse("capability_person:index") + "?organisation=orgfilter+organisation+3"
    )
    assert html.content.decode().count("/admin/capability_person/inspect/") == 2


def test_trained_between_keeps_each_person_once(login, register, programme_staff):
    """The date range is a semi-join: a person trained twice in the range is listed once."""
    ghana = Country.objects.get(code="GH")
    add_people(ghana, "Twicetrained", 1)
    person = Person.objects.get(family_name="Twicetrained")
    for code, day in (("twice-1", 3), ("twice-2", 20)):
        workshop = Workshop.objects.create(
            code=code,
            title=code,
            country=ghana,
            kind="table_top",
            result_area="01",
            start_date=datetime.date(2031, 5, day),
            end_date=datetime.date(2031, 5, day),
        )
        Attendance.objects.create(person=person, workshop=workshop)
    url = reverse("capability_person:index") + "?q=Twicetrained"
    client = login(programme_staff)
    inside = client.get(url + "&trained_from=2031-05-01&trained_to=2031-05-31")
    assert inside.content.decode().count("/admin/capability_person/inspect/") == 1
    between = client.get(url + "&trained_from=2031-05-05&trained_to=2031-05-15")
    assert between.content.decode().count("/admin/capability_person/inspect/") == 0


@pytest.mark.parametrize(
    "prefix",
    [
        "capability_organisation",
        "capability_person",
        "capability_workshop",
        "capability_attendance",
        "capability_evidence",
    ],
)
def test_register_listings_run_the_same_queries_as_the_register_grows(
    login, register, programme_staff, prefix
):
    client = login(programme_staff)
    url = reverse(f"{prefix}:index")
    before, _ = queries_of(client, url)
    ghana = Country.objects.get(code="GH")
    add_people(ghana, "Growth", 60)
    workshop = Workshop.objects.create(
        code="growth",
        title="Growth",
        country=ghana,
        kind="table_top",
        result_area="01",
        start_date=datetime.date(2031, 1, 1),
        end_date=datetime.date(2031, 1, 2),
    )
    for person in Person.objects.filter(family_name="Growth"):
        Attendance.objects.create(person=person, workshop=workshop)
    after, _ = queries_of(client, url)
    assert after == before


def test_attendance_workshop_filter_lists_recent_workshops_and_keeps_the_chosen_one(
    login, register, programme_staff, monkeypatch
):
    from capability.register.filters import RecentChoicesSelect

    monkeypatch.setattr(RecentChoicesSelect, "limit", 3)
    oldest = Workshop.objects.order_by("start_date", "pk").first()
    client = login(programme_staff)
    url = reverse("capability_attendance:index")
    html = client.get(url).content.decode()
    recent = list(Workshop.objects.order_by("-start_date", "title")[:3])
    select = html[
        html.index('name="workshop"') : html.index("</select>", html.index('name="workshop"'))
    ]
    assert select.count("<option") == 4  # the empty choice and the 3 most recent
    assert all(f'value="{workshop.pk}"' in select for workshop in recent)
    html = client.get(f"{url}?workshop={oldest.pk}").content.decode()
    select = html[
        html.index('name="workshop"') : html.index("</select>", html.index('name="workshop"'))
    ]
    assert f'value="{oldest.pk}" selected' in select
    listed = html.count("/admin/capability_attendance/inspect/")
    assert listed == min(Attendance.objects.filter(workshop=oldest).count(), 50) > 0
