"""Builders for the results tests: a programme's results in Ghana, Kenya and Senegal, and the
hand-counted world of indicator_fixtures.py, from the factories of tests/factories/results.py."""

import datetime
from dataclasses import dataclass

import pytest

from tests.factories.register import small_register
from tests.factories.results import DeliverableFactory, FollowUpFactory, logframe

from .indicator_fixtures import build_world

# Deliverables of each country: kind, venue type, title, status.
DELIVERABLES = {
    "GH": [
        ("sop", "", "SOP for event security coordination", "adopted"),
        ("risk_assessment", "stadium", "Accra Sports Stadium", "adopted"),
        ("risk_assessment", "shopping_centre", "Accra Mall", "validated"),
    ],
    "KE": [
        ("security_plan", "airport", "JKIA terminal security plan", "validated"),
        ("risk_assessment", "port", "Port of Mombasa", "draft"),
    ],
    "SN": [("risk_assessment", "tourist_site", "Île de Gorée", "adopted")],
}


@dataclass
class Programme:
    register: object
    indicators: list
    deliverables: dict  # country code -> [Deliverable]


@pytest.fixture
def register(db):
    """The register of the three partner countries (see tests.factories.register)."""
    return small_register(("GH", "KE", "SN"))


@pytest.fixture
def programme(register):
    """The logical framework (every computation, the manual "OO.2" with values per country
    and year), deliverables of each country with two of its organisations, and follow-ups
    of each workshop's first two participants (one applies what was learned, one not)."""
    countries = list(register.countries.values())
    deliverables = {}
    for code, plans in DELIVERABLES.items():
        deliverables[code] = [
            DeliverableFactory(
                kind=kind,
                venue_type=venue,
                title=title,
                country=register.countries[code],
                status=status,
                organisations=register.organisations[code][:2],
            )
            for kind, venue, title, status in plans
        ]
    for workshops in register.workshops.values():
        for workshop in workshops:
            participants = workshop.attendances.filter(role="participant").order_by("pk")
            for number, attendance in enumerate(participants[:2]):
                FollowUpFactory(
                    person=attendance.person,
                    workshop=workshop,
                    date=workshop.end_date + datetime.timedelta(days=120),
                    applies_learning=number == 0,
                )
    return Programme(register, logframe(countries), deliverables)


@pytest.fixture
def world(programme):
    """The hand-counted world of country "ZZ" beside the programme (indicator_fixtures.py)."""
    return build_world()
