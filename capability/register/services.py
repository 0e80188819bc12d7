"""Writes of the register that touch several models."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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

NEW, UPDATED, UNCHANGED, ERROR, MERGED = "new", "updated", "unchanged", "error", "merged"
ATTENDANCE_FIELDS = ("role", "days_attended", "pre_test_score", "post_test_score", "certified")
SCORE_KEYS = ("pre_test", "post_test")
PERCENT, AS_WRITTEN = "percent", "as_written"


class ImportRejected(Exception):
    """The whole file was refused; nothing was written."""

    def __init__(self, message: str, plan: ImportPlan | None = None):
        super().__init__(message)
        self.plan = plan


@dataclass
class RowPlan:
    number: int
    values: dict
    percent_cells: frozenset = frozenset()
    status: str = NEW
    errors: dict[str, str] = field(default_factory=dict)
    messages: dict[str, tuple[str, str]] = field(default_factory=dict)  # key: (text, level)
    notes: list[str] = field(default_factory=list)
    match: str = ""
    person: Person | None = None
    organisation: Organisation | None = None
    attendance: Attendance | None = None
    merged_into: RowPlan | None = None
    clean: dict = field(default_factory=dict)


@dataclass
class OrganisationChoice:
    """An organisation the sheet names that the register does not know (in the workshop's
    country): the user picks one of the closest existing ones or confirms a new one and its
    type (guessed from the name, or given by the sheet)."""

    key: str
    name: str
    question: str
    guess: str
    suggestions: list[tuple[Organisation, int]]
    answer: str = ""
    organisation: Organisation | None = None
    rows: list[int] = field(default_factory=list)


@dataclass
class ImportPlan:
    workshop: Workshop
    rows: list[RowPlan]
    columns: list[str]
    ignored: list[str] = field(default_factory=list)
    organisations: dict[str, OrganisationChoice] = field(default_factory=dict)
    fractions: dict[str, list[RowPlan]] = field(default_factory=dict)  # score key: rows
    answers: dict = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.status for row in self.rows)
        return {s: counts.get(s, 0) for s in (NEW, UPDATED, UNCHANGED, MERGED, ERROR)}

    @property
    def has_errors(self) -> bool:
        return any(row.status == ERROR for row in self.rows)

    @property
    def unanswered(self) -> list[str]:
        """Questions without an answer: fraction readings, unknown organisations."""
        missing = [
            fraction_question(key)
            for key in self.fractions
            if self.answers.get(fraction_question(key)) not in (PERCENT, AS_WRITTEN)
        ]
        return missing + [c.question for c in self.organisations.values() if c.organisation is None]

    @property
    def new_organisations(self) -> list[Organisation]:
        return [
            choice.organisation
            for choice in self.organisations.values()
            if choice.organisation is not None and choice.organisation.pk is None
        ]


def fraction_question(key: str) -> str:
    return f"fractions_{key}"


def organisation_question(key: str) -> str:
    import hashlib

    return "organisation_" + hashlib.sha256(key.encode()).hexdigest()[:12]


def workshop_for_sheet(*, sheet, workshop: Workshop | None, user) -> Workshop:
    """The workshop chosen on the form, or named in the sheet; checked against the user's scope."""
    scoped = Workshop.objects.for_user(user)
    code = getattr(sheet, "workshop_code", "")
    if code:
        named = scoped.filter(code__iexact=code).first()
        if named is None:
            raise ImportRejected(
                _("The sheet names workshop “%(code)s”, which does not exist or is not yours.")
                % {"code": code}
            )
        if workshop is not None and workshop.pk != named.pk:
            raise ImportRejected(
                _("The sheet is for workshop “%(code)s”, not the one chosen.") % {"code": code}
            )
        return named
    if workshop is None:
        raise ImportRejected(_("Choose the workshop this sheet belongs to."))
    if not scoped.filter(pk=workshop.pk).exists():
        raise ImportRejected(_("You cannot import into this workshop."))
    return workshop


def attendance_import_plan(*, sheet, workshop: Workshop, user, answers: dict) -> ImportPlan:
    """Decide, without writing, what each row would do: a fixed number of queries.

    Nothing is guessed silently: bare fractions in a score column, and organisations the
    register does not know, become questions the plan lists until `answers` settles them.
    """
    country = workshop.country
    known = {org.name_key: org for org in Organisation.objects.filter(country=country)}
    plan = ImportPlan(
        workshop=workshop,
        rows=[],
        columns=list(sheet.columns),
        ignored=list(sheet.ignored),
        answers=dict(answers or {}),
    )
    parsers, labels = _parsers(), _labels()  # translated once per sheet, not once per row
    for source in sheet.rows:
        row = RowPlan(
            number=source.number, values=source.values, percent_cells=source.percent_cells
        )
        _clean_row(row, plan, parsers)
        plan.rows.append(row)
    _resolve_organisations(plan, known, country)
    _merge_duplicates(plan)
    sheet_emails = {row.clean["email_key"] for row in plan.rows if row.clean.get("email_key")}
    by_email = {
        person.email_key: person
        for person in Person.objects.filter(email_key__in=sheet_emails).select_related("country")
    }
    sheet_names = {row.clean.get("name_key") for row in plan.rows} - {None, ""}
    by_name = {
        (person.name_key, person.organisation_id): person
        for person in Person.objects.filter(country=country, name_key__in=sheet_names)
    }
    existing = {a.person_id: a for a in Attendance.objects.filter(workshop=workshop)}
    visible_countries = country_ids_for(user)
    for row in plan.rows:
        if row.status == MERGED:
            continue
        if not row.errors:
            _match_person(row, by_email, by_name, country, visible_countries, labels)
        if row.errors:
            row.status = ERROR
        else:
            _decide_attendance(row, existing)
    for row in plan.rows:  # a merged row shares the fate of the row it went into
        if row.status == MERGED and row.merged_into.status == ERROR:
            row.status = ERROR
            row.errors.setdefault(
                "given_name",
                _("Same person as row %(row)s, which has errors.")
                % {"row": row.merged_into.number},
            )
    return plan


def _labels() -> dict[str, str]:
    return {
        "email": _("existing person (e-mail)"),
        "name": _("existing person (name and organisation)"),
        "new": _("new person"),
    }


def _parsers():
    sex, role = _("sex"), _("role")
    return {
        "sex": lambda v: spreadsheets.parse_choice(v, spreadsheets.SEX_VALUES, sex),
        "role": lambda v: spreadsheets.parse_choice(v, spreadsheets.ROLE_VALUES, role),
        "days": lambda v: spreadsheets.parse_decimal(v, low=0, high=365),
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


def _clean_row(row: RowPlan, plan: ImportPlan, parsers: dict) -> None:
    values, clean, errors = row.values, row.clean, row.errors
    for key in ("given_name", "family_name", "organisation"):
        text = " ".join(str(values.get(key) or "").split())
        if not text:
            errors[key] = _("Required.")
        clean[key] = text[:200]
    for key in ("given_name", "family_name", "organisation", "rank"):
        if str(values.get(key) or "").lstrip(" ")[:1] in FORMULA_PREFIXES:
            errors[key] = _("A name cannot start with =, +, - or @ (Excel would run it).")
    for key in ("given_name", "family_name"):
        shown = spreadsheets.display_name(clean[key], family=key == "family_name")[:100]
        if shown != clean[key] and key not in errors:
            row.messages[key] = (_("→ %(name)s") % {"name": shown}, "info")
        clean[key] = shown
    for key, parse in parsers.items():
        if values.get(key) in (None, ""):
            clean[key] = None
            continue
        try:
            clean[key] = parse(values[key])
        except ValueError as error:
            errors[key] = str(error)
    for key in SCORE_KEYS:
        clean[key] = None
        if values.get(key) in (None, ""):
            continue
        try:
            score, fraction = spreadsheets.parse_score(
                values[key], percent_cell=key in row.percent_cells
            )
        except ValueError as error:
            errors[key] = str(error)
            continue
        if key in row.percent_cells:
            row.messages[key] = (
                _("%(score)s %% (cell formatted as percent)") % {"score": score},
                "info",
            )
        if fraction is not None:
            plan.fractions.setdefault(key, []).append(row)
            as_percent = spreadsheets.fraction_as_percent(fraction)
            answer = plan.answers.get(fraction_question(key))
            if answer == PERCENT:
                score = as_percent
            reading = _("%(value)s → %(percent)s %%") % {
                "value": values[key],
                "percent": as_percent,
            }
            if answer == AS_WRITTEN:
                reading = _("%(value)s → %(value)s %% (as written)") % {"value": values[key]}
            row.messages[key] = (reading, "warning")
        clean[key] = score
    days = [spreadsheets.day_present(values[k]) for k in spreadsheets.DAY_KEYS if k in values]
    clean["days_marked"] = {
        k for k in spreadsheets.DAY_KEYS if k in values and spreadsheets.day_present(values[k])
    }
    if clean.get("days") is None and days and "days" not in errors:
        clean["days"] = Decimal(len(clean["days_marked"]))
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
    clean["email_key"] = email_key(clean["email"]) if "email" not in errors else ""
    clean["name_key"] = name_key(clean["given_name"], clean["family_name"])


def _resolve_organisations(plan: ImportPlan, known: dict, country) -> None:
    from . import matching

    candidates = {org.pk: key for key, org in known.items()}
    by_pk = {org.pk: org for org in known.values()}
    for row in plan.rows:
        if "organisation" in row.errors:
            continue
        key = name_key(row.clean["organisation"])
        organisation = known.get(key)
        if organisation is not None:
            row.organisation = organisation
            continue
        choice = plan.organisations.get(key)
        if choice is None:
            choice = OrganisationChoice(
                key=key,
                name=row.clean["organisation"],
                question=organisation_question(key),
                guess=row.clean.get("organisation_type")
                or matching.guess_type(row.clean["organisation"]),
                suggestions=[
                    (by_pk[pk], score)
                    for pk, score in matching.closest(row.clean["organisation"], candidates)
                ],
            )
            choice.answer = plan.answers.get(choice.question, "")
            choice.organisation = _organisation_answer(choice, by_pk, country)
            plan.organisations[key] = choice
        choice.rows.append(row.number)
        row.organisation = choice.organisation
        if choice.organisation is None:
            row.messages["organisation"] = (
                _("Not in the register: choose above what it is."),
                "warning",
            )
        elif choice.organisation.pk is None:
            row.messages["organisation"] = (
                _("New organisation (%(type)s)") % {"type": choice.organisation.get_type_display()},
                "info",
            )
        else:
            row.messages["organisation"] = (
                _("→ %(name)s") % {"name": choice.organisation.name},
                "info",
            )


def _organisation_answer(choice: OrganisationChoice, by_pk: dict, country) -> Organisation | None:
    kind, _sep, value = choice.answer.partition(":")
    if kind == "match" and value.isdigit() and int(value) in by_pk:
        return by_pk[int(value)]
    if kind == "new" and value in OrganisationType.values:
        return Organisation(name=choice.name, country=country, type=value, name_key=choice.key)
    return None


def _identity(row: RowPlan):
    organisation = row.organisation
    org_key = (
        organisation.pk
        if organisation is not None and organisation.pk
        else name_key(row.clean.get("organisation"))
    )
    return (row.clean.get("name_key"), org_key)


def _merge_duplicates(plan: ImportPlan) -> None:
    """The same person twice in one sheet (signed in on two days) is one attendance: the
    later row is merged into the first, with a note on both."""
    by_email: dict[str, RowPlan] = {}
    by_name: dict[tuple, RowPlan] = {}
    for row in plan.rows:
        if row.errors:
            continue
        email = row.clean["email_key"]
        first = by_email.get(email) if email else None
        if first is None:
            candidate = by_name.get(_identity(row))
            if candidate is not None and (not email or not candidate.clean["email_key"]):
                first = candidate
        if first is None:
            if email:
                by_email[email] = row
            by_name.setdefault(_identity(row), row)
            continue
        _merge_into(first, row)


def _merge_into(first: RowPlan, row: RowPlan) -> None:
    row.status, row.merged_into = MERGED, first
    a, b = first.clean, row.clean
    if a["days_marked"] or b["days_marked"]:
        a["days_marked"] = a["days_marked"] | b["days_marked"]
        a["days"] = Decimal(len(a["days_marked"]))
        how = _("days attended: the days marked on either row")
    else:
        a["days"] = max((d for d in (a["days"], b["days"]) if d is not None), default=None)
        how = _("days attended: the larger")
    for key in ("pre_test", "post_test", "role", "year_of_birth", "consent_date"):
        if a.get(key) is None and b.get(key) is not None:
            a[key] = b[key]
    a["certified"] = bool(a.get("certified") or b.get("certified"))
    for key in ("email", "email_key", "phone", "rank"):
        a[key] = a[key] or b[key]
    row.match = _("merged into row %(row)s") % {"row": first.number}
    row.notes.append(
        _("Same person as row %(row)s: one attendance (%(how)s).")
        % {"row": first.number, "how": how}
    )
    first.notes.append(_("Also on row %(row)s (merged).") % {"row": row.number})


def _match_person(row, by_email, by_name, country, visible_countries, labels) -> None:
    clean = row.clean
    person = by_email.get(clean["email_key"]) if clean["email_key"] else None
    how = labels["email"]
    if person is None and row.organisation is not None and row.organisation.pk:
        person = by_name.get((clean["name_key"], row.organisation.pk))
        how = labels["name"]
    if person is not None:
        if visible_countries is not None and person.country_id not in visible_countries:
            row.errors["email"] = _(
                "This email belongs to a person registered in another country; "
                "ask programme staff to import this row."
            )
            return
        row.match = how
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
    row.match = labels["new"]


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
        row.status = UNCHANGED
        row.notes.append(_("Already recorded, unchanged"))
    else:
        row.status = UPDATED


def attendance_people_create(*, plan: ImportPlan) -> None:
    """Write what the attendance rows of a settled plan point to: the new organisations the
    user confirmed (those a row still uses) and the new people, one INSERT each. The rows
    themselves are written by the attendance resource (`resources.AttendanceResource`)."""
    used = {id(row.organisation) for row in plan.rows if row.status != MERGED}
    Organisation.objects.bulk_create(org for org in plan.new_organisations if id(org) in used)
    new_people = []
    for row in plan.rows:
        if row.status in (MERGED, ERROR) or row.person is None or row.person.pk is not None:
            continue
        row.person.organisation = row.organisation
        new_people.append(row.person)
    Person.objects.bulk_create(new_people)


def attendance_values(clean: dict) -> dict:
    """The attendance fields of a cleaned row."""
    return _attendance_values(clean)


def workshop_evidence_award(*, plan: ImportPlan, user) -> None:
    """Certified participants receive workshop evidence for each competency the workshop
    addresses, at the workshop's level (once per person and competency)."""
    _award_workshop_evidence(plan, user)


def _award_workshop_evidence(plan: ImportPlan, user) -> None:
    workshop = plan.workshop
    competencies = list(workshop.competencies.all())
    certified = [
        row.person
        for row in plan.rows
        if row.status not in (ERROR, MERGED) and row.clean["certified"]
    ]
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
        # an address another person holds (linked to another account) is not copied: the
        # register keeps one person per address
        taken = Person.objects.filter(email_key=email_key(user.email)).exists()
        person = Person(
            given_name=given_name or user.first_name or user.get_username(),
            family_name=family_name or user.last_name,
            email="" if taken else user.email,
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
