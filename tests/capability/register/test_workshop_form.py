"""The workshop form: a one-country staff member's country is chosen already; the code is
kept as typed and unique whatever its case (issue 15)."""

from capability.register.models import Workshop
from tests.factories.register import CountryStaffFactory, WorkshopFactory, country

ADD_URL = "/admin/capability_workshop/new/"


def form_data(**extra):
    return {
        "code": "GH-Accra-2026-01", "title": "Crowded places", "kind": "workshop",
        "result_area": "01", "country": country("GH").pk, "start_date": "2026-02-02",
        "end_date": "2026-02-03", "hours": "12", "competency_level": "1",
    } | extra  # fmt: skip


def test_the_only_country_is_preselected(login, db):
    client = login(CountryStaffFactory(countries=["GH"]))
    form = client.get(ADD_URL).context["form"]
    assert form.initial.get("country") == country("GH").pk


def test_two_countries_preselect_nothing(login, db):
    client = login(CountryStaffFactory(countries=["GH", "KE"]))
    assert "country" not in client.get(ADD_URL).context["form"].initial


def test_the_code_is_kept_as_typed_and_unique_whatever_its_case(login, db):
    client = login(CountryStaffFactory(countries=["GH"]))
    response = client.post(ADD_URL, form_data())
    assert response.status_code == 302, response.context["form"].errors
    assert Workshop.objects.get().code == "GH-Accra-2026-01"
    response = client.post(ADD_URL, form_data(code="gh-accra-2026-01", title="Again"))
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors)
    assert Workshop.objects.count() == 1
    WorkshopFactory(code="gh-other")
    assert Workshop.objects.filter(code__iexact="GH-OTHER").count() == 1
