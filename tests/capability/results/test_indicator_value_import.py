"""Manual indicator values through the shared import workflow (issue 15): French headers,
ignored columns, all or nothing, scoped to the user's countries."""

from capability.results.models import IndicatorValue
from tests.capability.register.test_resources import import_file, xlsx
from tests.factories.register import CountryStaffFactory
from tests.factories.results import IndicatorFactory


def test_values_import_with_french_headers_all_or_nothing(login, db):
    IndicatorFactory(code="R1.2")
    staff = login(CountryStaffFactory(countries=["GH"]))
    headers = ["Indicateur", "Pays", "Année", "Trimestre", "Valeur", "Commentaire", "N°"]
    good = ["R1.2", "GH", 2025, "", "12.5", "relevé terrain", 1]
    kenya = ["R1.2", "KE", 2025, "", "3", "", 2]  # not this user's country
    url, html = import_file(staff, "capability_indicatorvalue", xlsx([headers, good, kenya]))
    assert "Ignored columns: N°" in html and "1 new, 0 updated, 0 unchanged, 1 with errors" in html
    staff.post(url, {"confirm": "1"})
    assert not IndicatorValue.objects.exists()
    url, html = import_file(staff, "capability_indicatorvalue", xlsx([headers, good]))
    assert "1 new, 0 updated" in html
    staff.post(url, {"confirm": "1"})
    value = IndicatorValue.objects.get()
    assert (value.country.code, float(value.value), value.comment) == ("GH", 12.5, "relevé terrain")
