"""Vocabularies shared by the register and the indicators built on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    NATIONAL_AUTHORITY = "national_authority", _("National authority")
    POLICE = "police", _("Police")
    GENDARMERIE = "gendarmerie", _("Gendarmerie")
    MILITARY = "military", _("Military")
    EMERGENCY_SERVICES = "emergency_services", _("Emergency services")
    VENUE_OPERATOR = "venue_operator", _("Venue operator")
    PRIVATE_SECURITY = "private_security", _("Private security")
    TRANSPORT_OPERATOR = "transport_operator", _("Transport operator")
    OTHER = "other", _("Other")


# Organisation types counted as "private" by the public-private indicators (issue 6).
PRIVATE_ORGANISATION_TYPES = (
    OrganisationType.VENUE_OPERATOR,
    OrganisationType.PRIVATE_SECURITY,
    OrganisationType.TRANSPORT_OPERATOR,
)


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    UNDISCLOSED = "X", _("Not stated")


class ResultArea(models.TextChoices):
    RESULT_01 = "01", _("Result 01")
    RESULT_02 = "02", _("Result 02")
    RESULT_03 = "03", _("Result 03")


class CompetencyArea(models.TextChoices):
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    COMMAND_AND_CONTROL = "command_control", _("Command and control")
    PROTECTIVE_TACTICS = "protective_tactics", _("Protective tactics")
    REACTION = "reaction", _("Reaction")
    RECOVERY = "recovery", _("Recovery")
    PUBLIC_PRIVATE = "public_private", _("Public–private cooperation")


class WorkshopKind(models.TextChoices):
    TRAINING_COURSE = "training_course", _("Training course")
    WORKSHOP = "workshop", _("Workshop")
    TABLE_TOP = "table_top", _("Table-top exercise")
    FIELD_EXERCISE = "field_exercise", _("Field exercise")
    AWARENESS_SEMINAR = "awareness_seminar", _("Awareness seminar")
    STUDY_VISIT = "study_visit", _("Study visit")


class TargetType(models.TextChoices):
    OPEN_PUBLIC_SPACE = "open_public_space", _("Open public space")
    LARGE_SCALE_EVENT = "large_scale_event", _("Large-scale event")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")


class AttendanceRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    TRAINER = "trainer", _("Trainer")
    OBSERVER = "observer", _("Observer")


class EvidenceSource(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop attendance")
    ONLINE_COURSE = "online_course", _("Online course completion")
    ASSESSOR = "assessor", _("Assessor rating")
