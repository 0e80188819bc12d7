"""The register: places, people, competencies, workshops and the evidence of competence."""

from .competencies import Competency, CompetencyFramework, ProficiencyLevel
from .deliverables import Deliverable, FollowUp
from .evidence import CompetencyEvidence
from .imports import PendingImport
from .indicators import Indicator, IndicatorBaseline, IndicatorTarget, IndicatorValue
from .pages import DashboardPage
from .people import Person
from .places import Country, Organisation, StaffCountry
from .workshops import Attendance, Workshop

__all__ = [
    "Attendance",
    "Competency",
    "CompetencyEvidence",
    "CompetencyFramework",
    "DashboardPage",
    "Deliverable",
    "FollowUp",
    "Indicator",
    "IndicatorBaseline",
    "IndicatorTarget",
    "IndicatorValue",
    "Country",
    "Organisation",
    "PendingImport",
    "Person",
    "ProficiencyLevel",
    "StaffCountry",
    "Workshop",
]
