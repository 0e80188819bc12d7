"""Writes of the register that touch several models."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctps_common.cache import batch
from ctps_common.spreadsheets import FORMULA_PREFIXES

from . import spreadsheets
from .models import (
    AccountCountry,
    Attendance,
    Competency,
    CompetencyEvidence,
    Country,
    Organisation,
    Person,
    Workshop,
)
from .models.choices import EvidenceSource, OrganisationType
from .normalise import email_key, name_key
from .querysets import country_ids_for

NEW, UPDATED, SKIPPED, ERROR = "new", "updated", "skipped", "error"
ATTENDANCE_FIELDS = ("role", "days_attended", "pre_test_score", "post_test_score", "certified")


class ImportRejected(Exception):
    """The whole file was refused; nothing was written."""

    def __init__(self, message: str, plan: ImportPlan | None = None):
        super().__init__(message)
        self.plan = plan


@dataclass
class RowPlan:
    number: int
    values: dict
    status: str = NEW
    errors: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    person: Person | None = None
    organisation: Organisation | None = None
    attendance: Attendance | None = None
    clean: dict = field(default_factory=dict)


@dataclass
class ImportPlan:
    workshop: Workshop
    rows: list[RowPlan]
    new_organisations: dict[str, Organisation]
    columns: list[str]

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.status for row in self.rows)
        return {status: counts.get(status, 0) for status in (NEW, UPDATED, SKIPPED, ERROR)}

    @property
    def has_errors(self) -> bool:
        return any(row.status == ERROR for row in self.rows)


def workshop_for_sheet(*, sheet: spreadsheets.Sheet, workshop: Workshop | None, user) -> Workshop:
    """The workshop chosen on the form, or named in the sheet; checked against the user's scope."""
    scoped = Workshop.objects.for_user(user)
    if sheet.workshop_code:
        named = scoped.filter(code__iexact=sheet.workshop_code).first()
        if named is None:
            raise ImportRejected(
                _("The sheet names workshop “%(code)s”, which does not exist or is not yours.")
                % {"code": sheet.workshop_code}
            )
        if workshop is not None and workshop.pk != named.pk:
            raise ImportRejected(
                _("The sheet is for workshop “%(code)s”, not the one chosen.")
                % {"code": sheet.workshop_code}
            )
        return named
    if workshop is None:
        raise ImportRejected(_("Choose the workshop this sheet belongs to."))
    if not scoped.filter(pk=workshop.pk).exists():
        raise ImportRejected(_("You cannot import into this workshop."))
    return workshop


def attendance_import_plan(
    *, sheet: spreadsheets.Sheet, workshop: Workshop, user, create_organisations: bool
) -> ImportPlan:
    """Decide, without writing, what each row would do: a fixed number of queries."""
    country = workshop.country
    organisations = {org.name_key: org for org in Organisation.objects.filter(country=country)}
    new_organisations: dict[str, Organisation] = {}
    sheet_emails = {
        email_key(values["email"]) for _n, values in sheet.rows if values.get("email")
    } - {""}
    by_email = {
        person.email_key: person
        for person in Person.objects.filter(email_key__in=sheet_emails).select_related("country")
    }
    sheet_names = {
        name_key(values.get("given_name"), values.get("family_name")) for _n, values in sheet.rows
    }
    by_name = {
        (person.name_key, person.organisation_id): person
        for person in Person.objects.filter(country=country, name_key__in=sheet_names)
    }
    existing = {
        attendance.person_id: attendance
        for attendance in Attendance.objects.filter(workshop=workshop)
    }
    visible_countries = country_ids_for(user)
    seen: dict[object, int] = {}
    rows = []
    for number, values in sheet.rows:
        row = RowPlan(number=number, values=values)
        _clean_row(row)
        _resolve_organisation(row, organisations, new_organisations, country, create_organisations)
        if not row.errors:
            _match_person(row, by_email, by_name, country, visible_countries)
        if not row.errors:
            key = (
                row.person.pk
                if row.person.pk
                else ("new", row.clean["email_key"] or row.clean["name_key"], id(row.organisation))
            )
            if key in seen:
                row.errors["given_name"] = _("Same person as row %(row)s.") % {"row": seen[key]}
            else:
                seen[key] = number
        if row.errors:
            row.status = ERROR
        else:
            _decide_attendance(row, existing)
        rows.append(row)
    return ImportPlan(
        workshop=workshop, rows=rows, new_organisations=new_organisations, columns=sheet.columns
    )


def _clean_row(row: RowPlan) -> None:
    values, clean, errors = row.values, row.clean, row.errors
    parsers = {
        "sex": lambda v: spreadsheets.parse_choice(v, spreadsheets.SEX_VALUES, _("sex")),
        "role": lambda v: spreadsheets.parse_choice(v, spreadsheets.ROLE_VALUES, _("role")),
        "days": lambda v: spreadsheets.parse_decimal(v, low=0, high=365),
        "pre_test": lambda v: spreadsheets.parse_decimal(v, low=0, high=100),
        "post_test": lambda v: spreadsheets.parse_decimal(v, low=0, high=100),
        "certified": spreadsheets.parse_bool,
        "year_of_birth": spreadsheets.parse_year,
        "consent_date": spreadsheets.parse_date,
        "organisation_type": lambda v: spreadsheets.parse_choice(
            v,
            {name_key(str(label)): value for value, label in OrganisationType.choices}
            | {name_key(value): value for value in OrganisationType.values},
            _("organisation type"),
        ),
    }
    for key in ("given_name", "family_name", "organisation"):
        text = str(values.get(key) or "").strip()
        if not text:
            errors[key] = _("Required.")
        clean[key] = " ".join(text.split())[:200]
    for key in ("given_name", "family_name", "organisation", "rank"):
        if str(values.get(key) or "").lstrip(" ")[:1] in FORMULA_PREFIXES:
            errors[key] = _("A name cannot start with =, +, - or @ (Excel would run it).")
    for key, parse in parsers.items():
        if values.get(key) in (None, ""):
            clean[key] = None
            continue
        try:
            clean[key] = parse(values[key])
        except ValueError as error:
            errors[key] = str(error)
    if "sex" not in errors and clean["sex"] is None:
        errors["sex"] = _("Required.")
    for key in ("rank", "email", "phone"):
        clean[key] = str(values.get(key) or "").strip()[: 100 if key == "rank" else 254]
    if clean["email"]:
        from django.core.validators import validate_email

        try:
            validate_email(clean["email"])
        except Exception:
            errors["email"] = _("“%(value)s” is not an email address.") % {"value": clean["email"]}
    clean["email_key"] = email_key(clean["email"])
    clean["name_key"] = name_key(clean["given_name"], clean["family_name"])


def _resolve_organisation(row, organisations, new_organisations, country, create) -> None:
    if "organisation" in row.errors:
        return
    key = name_key(row.clean["organisation"])
    organisation = organisations.get(key) or new_organisations.get(key)
    if organisation is None:
        if not create:
            row.errors["organisation"] = _(
                "Unknown organisation in %(country)s. Tick “create unknown organisations” "
                "to add it, or correct the name."
            ) % {"country": country.name}
            return
        organisation = Organisation(
            name=row.clean["organisation"],
            country=country,
            type=row.clean["organisation_type"] or OrganisationType.OTHER,
            name_key=key,
        )
        new_organisations[key] = organisation
        row.notes.append(_("New organisation: %(name)s") % {"name": organisation.name})
    row.organisation = organisation


def _match_person(row, by_email, by_name, country, visible_countries) -> None:
    clean = row.clean
    person = by_email.get(clean["email_key"]) if clean["email_key"] else None
    if person is None and row.organisation.pk:
        person = by_name.get((clean["name_key"], row.organisation.pk))
    if person is not None:
        if visible_countries is not None and person.country_id not in visible_countries:
            row.errors["email"] = _(
                "This email belongs to a person registered in another country; "
                "ask programme staff to import this row."
            )
            return
        row.notes.append(_("Existing person"))
        row.person = person
        return
    row.person = Person(
        given_name=clean["given_name"],
        family_name=clean["family_name"],
        sex=clean["sex"],
        year_of_birth=clean["year_of_birth"],
        country=country,
        rank=clean["rank"],
        email=clean["email"],
        phone=clean["phone"],
        consent_given=clean["consent_date"] is not None,
        consent_date=clean["consent_date"],
        name_key=clean["name_key"],
        email_key=clean["email_key"],
    )
    row.notes.append(_("New person"))


def _attendance_values(clean: dict) -> dict:
    return {
        "role": clean["role"] or "participant",
        "days_attended": clean["days"],
        "pre_test_score": clean["pre_test"],
        "post_test_score": clean["post_test"],
        "certified": bool(clean["certified"]),
    }


def _decide_attendance(row: RowPlan, existing: dict) -> None:
    wanted = _attendance_values(row.clean)
    current = existing.get(row.person.pk) if row.person.pk else None
    if current is None:
        row.status = NEW
        return
    row.attendance = current
    if all(getattr(current, name) == value for name, value in wanted.items()):
        row.status = SKIPPED
        row.notes.append(_("Already recorded, unchanged"))
    else:
        row.status = UPDATED


@transaction.atomic
@batch()
def attendance_import(
    *,
    sheet: spreadsheets.Sheet,
    workshop: Workshop | None,
    user,
    create_organisations: bool,
) -> ImportPlan:
    """Import a whole attendance sheet, or nothing: any row in error refuses the file.

    Bulk writes (one INSERT per table, one UPDATE for changed attendance) keep a 10,000-row
    sheet within seconds; the caches built on these rows (dashboards) get one new version at
    the end (`batch()`), not one per write. Certified participants receive workshop evidence
    for each competency the workshop addresses, at the workshop's level.
    """
    workshop = workshop_for_sheet(sheet=sheet, workshop=workshop, user=user)
    plan = attendance_import_plan(
        sheet=sheet, workshop=workshop, user=user, create_organisations=create_organisations
    )
    if plan.has_errors:
        raise ImportRejected(_("Some rows have errors; nothing was imported."), plan)
    Organisation.objects.bulk_create(plan.new_organisations.values())
    new_people = []
    for row in plan.rows:
        if row.person.pk is None:
            row.person.organisation = row.organisation
            new_people.append(row.person)
    Person.objects.bulk_create(new_people)
    to_create, to_update = [], []
    for row in plan.rows:
        values = _attendance_values(row.clean)
        if row.status == NEW:
            to_create.append(
                Attendance(person=row.person, workshop=workshop, recorded_by=user, **values)
            )
        elif row.status == UPDATED:
            for name, value in values.items():
                setattr(row.attendance, name, value)
            to_update.append(row.attendance)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ATTENDANCE_FIELDS)
    _award_workshop_evidence(plan, user)
    return plan


def _award_workshop_evidence(plan: ImportPlan, user) -> None:
    workshop = plan.workshop
    competencies = list(workshop.competencies.all())
    certified = [row.person for row in plan.rows if row.status != ERROR and row.clean["certified"]]
    if not competencies or not certified:
        return
    already = set(
        CompetencyEvidence.objects.filter(workshop=workshop).values_list(
            "person_id", "competency_id"
        )
    )
    CompetencyEvidence.objects.bulk_create(
        CompetencyEvidence(
            person=person,
            competency=competency,
            level=workshop.competency_level,
            source=EvidenceSource.WORKSHOP,
            date=workshop.end_date,
            workshop=workshop,
            recorded_by=user,
        )
        for person in certified
        for competency in competencies
        if (person.pk, competency.pk) not in already
    )


@transaction.atomic
def evidence_record(
    *,
    person: Person,
    competencies: list[dict],
    source: str,
    date: datetime.date | None = None,
    course=None,
    workshop: Workshop | None = None,
    recorded_by=None,
) -> list[CompetencyEvidence]:
    """Record evidence for `person` for each {"code", "level"}; unknown codes are ignored.

    Recording the same source (same course or workshop) twice for a competency does not add
    a second row: only a higher level replaces the earlier one.
    """
    date = date or timezone.localdate()
    by_code = {
        c.code: c for c in Competency.objects.filter(code__in=[c["code"] for c in competencies])
    }
    recorded = []
    for item in competencies:
        competency = by_code.get(item["code"])
        if competency is None:
            continue
        evidence, created = CompetencyEvidence.objects.get_or_create(
            person=person,
            competency=competency,
            source=source,
            course=course,
            workshop=workshop,
            defaults={"level": int(item["level"]), "date": date, "recorded_by": recorded_by},
        )
        if not created and int(item["level"]) > evidence.level:
            evidence.level = int(item["level"])
            evidence.date = date
            evidence.save(update_fields=["level", "date"])
        recorded.append(evidence)
    return recorded


@transaction.atomic
def person_for_user(
    *,
    user,
    country: Country,
    organisation: Organisation | None,
    sex: str,
    rank: str,
    consent: bool,
    given_name: str = "",
    family_name: str = "",
) -> Person:
    """Link `user` to the register: the person with the same email if any, else a new one."""
    existing = Person.objects.filter(user=user).first()
    if existing is not None:
        return existing
    person = None
    if user.email:
        person = (
            Person.objects.select_for_update()
            .filter(email_key=email_key(user.email), user__isnull=True)
            .first()
        )
    today = timezone.localdate()
    if person is None:
        person = Person(
            given_name=given_name or user.first_name or user.get_username(),
            family_name=family_name or user.last_name,
            email=user.email,
            country=country,
            organisation=organisation,
            sex=sex,
            rank=rank,
        )
    else:
        person.organisation = person.organisation or organisation
        person.rank = person.rank or rank
        if person.sex == "X":
            person.sex = sex
    person.user = user
    if consent and not person.consent_given:
        person.consent_given, person.consent_date = True, today
    person.full_clean(exclude=["organisation"])
    person.save()
    account_country_record(user=user, country=person.country, replace=True)
    return person


def account_country_record(*, user, country: Country, replace: bool = False) -> AccountCountry:
    """Record the country of `user`'s account, once (`replace`: the register entry says so).

    An invitation or a request never moves an account that already has a country: whoever
    re-invites someone of another country cannot pull them into their own scope.
    """
    record, created = AccountCountry.objects.get_or_create(user=user, defaults={"country": country})
    if not created and replace and record.country_id != country.pk:
        record.country = country
        record.save(update_fields=["country", "recorded_at"])
    return record


def account_country_choices(user) -> list[tuple[str, str]]:
    """(code, name) of the countries `user` may give an account: their own countries (all
    for programme staff); to someone signing up, the programme's partner countries."""
    countries = Country.objects.order_by("name")
    if user is None or not user.is_authenticated:
        partners = countries.partners()
        countries = partners if partners.exists() else countries
    else:
        countries = countries.for_user(user)
    return list(countries.values_list("code", "name"))
