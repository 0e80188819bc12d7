"""Country scope and role rules on every admin URL of the register (app `capability`).

The results app's URLs have their own matrix (tests/capability/results/test_scoping.py),
built with the helpers below.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from capability.register.models import (
    Attendance,
    Competency,
    CompetencyEvidence,
    CompetencyFramework,
    Country,
    Organisation,
    Person,
    StaffCountry,
    Workshop,
)
from capability.register.viewsets import RegisterViewSetGroup
from tests.factories.register import (
    AttendanceFactory,
    CompetencyEvidenceFactory,
    WorkshopFactory,
    country,
)

SCOPED = {
    "capability_organisation": (Organisation, "country__code"),
    "capability_person": (Person, "country__code"),
    "capability_workshop": (Workshop, "country__code"),
    "capability_attendance": (Attendance, "person__country__code"),
    "capability_evidence": (CompetencyEvidence, "person__country__code"),
}
REFERENCE = {
    "capability_framework": CompetencyFramework,
    "capability_competency": Competency,
}
OBJECT_VIEWS = ("edit", "delete", "history", "history_results", "inspect", "usage")
ROLES = ("anonymous", "trainee", "ghana", "programme", "manager")


def as_role(client, user):
    """Sign the client in as `user` (None: stay anonymous); see the `role_users` fixture."""
    if user is not None:
        client.force_login(user)
    return client


def denied(response):
    """Anonymous users go to the login page; signed-in users without rights get 403/redirect."""
    return response.status_code in (302, 403)


def refused(response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard with an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def admin_urls():
    """(label, url, {role: expected}) for every admin URL of the app, ids from two countries."""
    cases = []
    for prefix, (model, path) in SCOPED.items():
        own = model.objects.filter(**{path: "GH"}).order_by("pk").first()
        other = model.objects.filter(**{path: "KE"}).order_by("pk").first()
        for name in ("index", "index_results", "add"):
            cases.append((f"{prefix}:{name}", reverse(f"{prefix}:{name}"), "list"))
        cases.append((f"{prefix}:index export", reverse(f"{prefix}:index") + "?export=csv", "list"))
        for view in OBJECT_VIEWS:
            cases.append(
                (f"{prefix}:{view} own", reverse(f"{prefix}:{view}", args=[own.pk]), "own")
            )
            cases.append(
                (f"{prefix}:{view} other", reverse(f"{prefix}:{view}", args=[other.pk]), "other")
            )
    every_object_view = ("add", "edit", "delete", "history", "history_results", "inspect", "usage")
    for prefix, model in REFERENCE.items():
        obj = model.objects.order_by("pk").first()
        cases.append((f"{prefix}:index", reverse(f"{prefix}:index"), "reference"))
        cases.append((f"{prefix}:index_results", reverse(f"{prefix}:index_results"), "reference"))
        for view in every_object_view:
            args = [] if view == "add" else [obj.pk]
            kind = "reference" if view == "inspect" else "manage"
            cases.append((f"{prefix}:{view}", reverse(f"{prefix}:{view}", args=args), kind))
    ghana, kenya = Country.objects.get(code="GH"), Country.objects.get(code="KE")
    cases.append(("capability_country:index", reverse("capability_country:index"), "reference"))
    cases.append(
        (
            "capability_country:index_results",
            reverse("capability_country:index_results"),
            "reference",
        )
    )
    cases.append(
        (
            "capability_country:inspect own",
            reverse("capability_country:inspect", args=[ghana.pk]),
            "own",
        )
    )
    cases.append(
        (
            "capability_country:inspect other",
            reverse("capability_country:inspect", args=[kenya.pk]),
            "other",
        )
    )
    for view in every_object_view:
        if view != "inspect":
            args = [] if view == "add" else [ghana.pk]
            cases.append(
                (
                    f"capability_country:{view}",
                    reverse(f"capability_country:{view}", args=args),
                    "manage",
                )
            )
    membership = StaffCountry.objects.order_by("pk").first()
    for name in ("index", "index_results"):
        url = reverse(f"capability_staffcountry:{name}")
        cases.append((f"capability_staffcountry:{name}", url, "manage"))
    for view in every_object_view:
        args = [] if view == "add" else [membership.pk]
        cases.append(
            (
                f"capability_staffcountry:{view}",
                reverse(f"capability_staffcountry:{view}", args=args),
                "manage",
            )
        )
    unknown = "00000000-0000-4000-8000-000000000000"
    for prefix in ("capability_organisation", "capability_person"):
        cases.append((f"{prefix}:import", reverse(f"{prefix}:import"), "list"))
        cases.append(
            (f"{prefix}:export_for_import", reverse(f"{prefix}:export_for_import"), "list")
        )
        cases.append(
            (
                f"{prefix}:import_preview",
                reverse(f"{prefix}:import_preview", args=[unknown]),
                "nobody",
            )
        )
    cases.append(
        ("capability_competency:import", reverse("capability_competency:import"), "manage")
    )
    cases.append(
        (
            "capability_competency:import_preview",
            reverse("capability_competency:import_preview", args=[unknown]),
            "nobody",
        )
    )
    cases.append(
        (
            "capability_competency:export_for_import",
            reverse("capability_competency:export_for_import"),
            "reference",
        )
    )
    cases.append(
        (
            "capability_attendance:import_preview",
            reverse("capability_attendance:import_preview", args=[unknown]),
            "nobody",
        )
    )
    cases.append(("capability_attendance:import", reverse("capability_attendance:import"), "list"))
    # Data-subject rights (capability.register.gdpr): scoped like the person they are about.
    own = Person.objects.filter(country__code="GH").order_by("pk").first()
    other = Person.objects.filter(country__code="KE").order_by("pk").first()
    for person, kind in ((own, "own"), (other, "other")):
        for name, args in (("export", [person.pk, "json"]), ("erase", [person.pk])):
            url = reverse(f"capability_gdpr:{name}", args=args)
            cases.append((f"capability_gdpr:{name} {kind}", url, kind))
    cases.append(
        (
            "capability_attendance:import_template",
            reverse("capability_attendance:import_template"),
            "list",
        )
    )
    return cases


EXPECTED = {
    # kind: role -> "ok" | "denied" | "403"
    "list": {"programme": "ok", "ghana": "ok", "manager": "denied", "trainee": "denied"},
    "own": {"programme": "ok", "ghana": "ok", "manager": "denied", "trainee": "denied"},
    "other": {"programme": "ok", "ghana": "403", "manager": "denied", "trainee": "denied"},
    "reference": {"programme": "ok", "ghana": "ok", "manager": "denied", "trainee": "denied"},
    "manage": {"programme": "ok", "ghana": "denied", "manager": "denied", "trainee": "denied"},
    "nobody": {"programme": "403", "ghana": "403", "manager": "denied", "trainee": "denied"},
}


def check_urls(client, role, cases, expected) -> list[str]:
    """Request every (label, url, kind) as `role`: the failures, Kenyan names shown included."""
    kenyan_names = {
        f"{p.given_name} {p.family_name}" for p in Person.objects.filter(country__code="KE")
    }
    ghanaian_names = {
        f"{p.given_name} {p.family_name}" for p in Person.objects.filter(country__code="GH")
    }
    kenyan_only = kenyan_names - ghanaian_names
    failures = []
    for label, url, kind in cases:
        response = client.get(url)
        if role == "anonymous":
            wanted = "login"
            ok = response.status_code == 302 and "/login/" in response["Location"]
        else:
            wanted = expected[kind][role]
            ok = {
                "ok": response.status_code == 200,
                "denied": denied(response),
                "403": refused(response),
            }[wanted]
        if not ok:
            failures.append(f"{label}: expected {wanted}, got {response.status_code}")
        if role == "ghana" and response.status_code == 200:
            raw = b"".join(response) if response.streaming else response.content
            body = raw.decode(errors="replace")
            leaked = [name for name in kenyan_only if name in body]
            if leaked:
                failures.append(f"{label}: shows Kenyan people {leaked[:3]}")
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_for_every_role(client, register, kenya_staff, role_users, role):
    as_role(client, role_users[role])
    failures = check_urls(client, role, admin_urls(), EXPECTED)
    assert not failures, "\n".join(failures)


def url_names(resolver=None, namespace=""):
    """Every URL name of the site, with its namespaces."""
    from django.urls import get_resolver

    for pattern in (resolver or get_resolver()).url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


# The register's admin URL namespaces: its viewsets and the data-subject rights views.
REGISTER_NAMESPACES = {viewset.name for viewset in RegisterViewSetGroup.items} | {"capability_gdpr"}


def test_the_matrix_covers_every_admin_url_of_the_app(register, ghana_staff):
    """A new admin URL of the register fails here until it has a row in the matrix above."""
    names = set(url_names())
    existing = {name for name in names if name.split(":")[0] in REGISTER_NAMESPACES}
    covered = {label.split(" ")[0] for label, _url, _kind in admin_urls()}
    assert existing and existing - covered == set()
    if not apps.is_installed("capability.results"):
        # Alone, the register serves every capability_ admin URL (the results app's matrix
        # covers the rest when it is installed).
        assert {name for name in names if name.startswith("capability_")} <= existing


def test_ghana_staff_cannot_post_to_kenyan_records(client, ghana_staff, kenya_person):
    as_role(client, ghana_staff)
    response = client.post(reverse("capability_person:delete", args=[kenya_person.pk]))
    assert refused(response)
    assert Person.objects.filter(pk=kenya_person.pk).exists()


def test_form_choices_are_scoped(client, register, ghana_staff):
    as_role(client, ghana_staff)
    html = client.get(reverse("capability_person:add")).content.decode()
    assert "National Police Service Ghana" in html
    assert "National Police Service Kenya" not in html
    assert ">Kenya<" not in html


def test_ghana_staff_cannot_create_a_person_in_kenya(client, register, ghana_staff):
    as_role(client, ghana_staff)
    kenya = Country.objects.get(code="KE")
    before = Person.objects.count()
    response = client.post(
        reverse("capability_person:add"),
        {"given_name": "A", "family_name": "B", "sex": "F", "country": kenya.pk},
    )
    assert response.status_code == 200  # the form is shown again with an error
    assert Person.objects.count() == before


def test_export_contains_only_own_country(client, register, ghana_staff):
    as_role(client, ghana_staff)
    response = client.get(reverse("capability_person:index") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(b"".join(response))).active.iter_rows(values_only=True))
    assert len(rows) - 1 == Person.objects.filter(country__code="GH").count()
    assert {row[4] for row in rows[1:]} == {"Ghana"}


@pytest.mark.parametrize("size", [1, 3])
def test_listing_query_counts_do_not_grow(
    client, register, programme_staff, django_assert_max_num_queries, size
):
    """Listings run a fixed number of queries whatever the number of rows (no N+1)."""
    if size == 3:  # three times the register: more organisations, people, workshops, evidence
        competencies = list(register.competencies.values())[:3]
        for code in ("GH", "KE"):
            for workshop in WorkshopFactory.create_batch(
                6, country=country(code), competencies=competencies
            ):
                for attendance in AttendanceFactory.create_batch(4, workshop=workshop):
                    for competency in competencies:
                        CompetencyEvidenceFactory(
                            person=attendance.person, competency=competency, workshop=workshop
                        )
    as_role(client, programme_staff)
    for prefix in SCOPED:
        url = reverse(f"{prefix}:index")
        client.get(url)
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200


def test_person_form_lists_no_user_accounts(client, register, ghana_staff, manager, trainee):
    as_role(client, ghana_staff)
    html = client.get(reverse("capability_person:add")).content.decode()
    assert manager.email not in html and trainee.email not in html
