"""The register: places, people, competencies, workshops and the evidence of competence."""

from .competencies import Competency, CompetencyFramework, ProficiencyLevel
from .evidence import CompetencyEvidence
from .people import Person
from .places import AccountCountry, Country, Organisation, StaffCountry
from .workshops import Attendance, Workshop

__all__ = [
    "AccountCountry",
    "Attendance",
    "Competency",
    "CompetencyEvidence",
    "CompetencyFramework",
    "Country",
    "Organisation",
    "Person",
    "ProficiencyLevel",
    "StaffCountry",
    "Workshop",
]
