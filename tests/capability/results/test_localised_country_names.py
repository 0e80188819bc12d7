"""Country names in the reader's language beyond the dashboards (issue 18): the indicator
table's xlsx and the IATI file, from the same CLDR names as /fr/results/
(`capability.results.models.translation`)."""

import datetime

from django.utils import translation
from lxml import etree

from capability.register.models import Country
from capability.results.iati import XML_LANG, activities_schema, iati_activities_xml
from capability.results.indicators.export import iati_activity, report_table
from capability.results.indicators.queries import Scope
from capability.results.models.translation import country_names
from tests.factories.register import AttendanceFactory, WorkshopFactory, country
from tests.factories.results import logframe

D = datetime.date


def test_every_language_gets_its_name():
    assert country_names("SN", "Senegal") == {"en": "Senegal", "fr": "Sénégal"}
    assert country_names("ZY", "Zyland") == {"en": "Zyland", "fr": "Zyland"}  # CLDR has none


def _world():
    logframe()
    AttendanceFactory.create_batch(
        6, workshop=WorkshopFactory(country=country("SN"), start_date=D(2025, 3, 10))
    )
    return Scope(None, D(2024, 1, 1), D(2025, 12, 31))


def test_the_iati_file_names_countries_in_english_and_french(db):
    scope = _world()
    document = etree.fromstring(iati_activities_xml(iati_activity(scope)))
    activities_schema().assertValid(document)
    senegal = document.find(".//recipient-country[@code='SN']")
    names = {n.get(XML_LANG): n.text for n in senegal.findall("narrative")}
    assert names == {"en": "Senegal", "fr": "Sénégal"}
    location = document.find(".//iati-activity/location[@ref='SN']/name")
    assert {n.get(XML_LANG): n.text for n in location.findall("narrative")} == names
    ghana = document.find(".//recipient-country[@code='GH']")
    assert [n.get(XML_LANG) for n in ghana.findall("narrative")] == ["en"]  # same in French
    assert Country.objects.get(code="SN").name == "Senegal"  # the register keeps its name


def test_the_indicator_table_names_countries_in_the_readers_language(db):
    scope = _world()
    with translation.override("fr"):
        places = {row[4] for row in report_table(scope).rows}
    assert "Sénégal" in places and "Senegal" not in places
    with translation.override("en"):
        assert "Senegal" in {row[4] for row in report_table(scope).rows}
