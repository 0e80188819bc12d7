"""Data-subject rights on the register (GDPR articles 15 and 17): export everything held on
one person, and erase a person without breaking the programme's figures.

Erasure pseudonymises: the person row stays, with its sex, country, organisation, a birth
decade instead of the year, and every attendance and evidence row, so indicators and
dashboards (counts by sex, organisation type, country, year; attendance; levels) give the same
numbers. Names, contacts, rank and free-text notes go. A linked user account stays linked, as
a pseudonymous key (online-learning figures find the learner's country through it), and is
itself erased (`ctps_common.erasure.account_erase`: username, e-mail, names, password,
sign-in records; the courses plugin's certificate names and xAPI e-mails).
Both actions are written to Wagtail's audit log (who, when, which record; never the data).
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ctps_common.erasure import account_erase, log_labels_replace, sign_in_records
from ctps_common.imports.base import pending_discard
from ctps_common.imports.reading import raw_rows
from ctps_common.models import PendingImport

from .models import Attendance, CompetencyEvidence, Person, StaffCountry
from .normalise import email_key, name_key
from .signals import person_erasing

ERASED_NAME = "—"


class ErasureError(Exception):
    pass


def person_data(person: Person) -> dict:
    """Everything the register (and the courses plugin, when installed) holds on `person`."""
    user = person.user
    data = {
        "person": {
            "id": person.pk,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "sex": person.get_sex_display(),
            "year_of_birth": person.year_of_birth,
            "country": person.country.name,
            "organisation": person.organisation.name if person.organisation_id else "",
            "rank": person.rank,
            "email": person.email,
            "phone": person.phone,
            "consent_given": person.consent_given,
            "consent_date": person.consent_date,
            "created_at": person.created_at,
        },
        "attendance": [
            {
                "workshop_code": a.workshop.code,
                "workshop": a.workshop.title,
                "start_date": a.workshop.start_date,
                "end_date": a.workshop.end_date,
                "role": a.get_role_display(),
                "days_attended": a.days_attended,
                "pre_test_score": a.pre_test_score,
                "post_test_score": a.post_test_score,
                "certified": a.certified,
            }
            for a in Attendance.objects.filter(person=person)
            .select_related("workshop")
            .order_by("workshop__start_date")
        ],
        "evidence": [
            {
                "competency_code": e.competency.code,
                "competency": e.competency.name,
                "level": e.level,
                "source": e.get_source_display(),
                "date": e.date,
                "workshop": e.workshop.code if e.workshop_id else "",
                "note": e.note,
            }
            for e in CompetencyEvidence.objects.filter(person=person)
            .select_related("competency", "workshop")
            .order_by("date")
        ],
        "account": None,
        "pending_imports": [
            {
                "file": pending.filename,
                "uploaded_by": pending.user.get_username(),
                "uploaded_at": pending.created_at,
                "rows": ", ".join(str(number) for number in rows),
            }
            for pending, rows in pending_imports_naming(person)
        ],
    }
    if user is not None:
        data["account"] = {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
        data["sign_ins"] = sign_in_records(user)
        data |= _course_data(user)
    return data


def pending_imports_naming(person: Person) -> list[tuple[PendingImport, list[int]]]:
    """Uploads waiting for confirmation with rows naming `person`: the same e-mail address,
    or a cell holding the given name and one the family name (accents and case ignored)."""
    wanted_email = email_key(person.email)
    given, family = name_key(person.given_name), name_key(person.family_name)
    found = []
    waiting = PendingImport.objects.filter(state=PendingImport.State.PREVIEWED).select_related(
        "user"
    )
    for pending in waiting:
        rows = []
        for number, cells in raw_rows(bytes(pending.content), pending.filename):
            keys = {name_key(cell) for cell in cells}
            if (wanted_email and wanted_email in {email_key(cell) for cell in cells}) or (
                given and family and given in keys and family in keys
            ):
                rows.append(number)
        if rows:
            found.append((pending, rows))
    return found


def _course_data(user) -> dict:
    """The linked account's online learning, read through the app registry (no import)."""
    if not apps.is_installed("courses"):
        return {}
    Enrolment = apps.get_model("courses", "Enrolment")
    LessonCompletion = apps.get_model("courses", "LessonCompletion")
    QuizAttempt = apps.get_model("courses", "QuizAttempt")
    Certificate = apps.get_model("courses", "Certificate")
    return {
        "enrolments": [
            {
                "course": e.course.title,
                "enrolled_at": e.enrolled_at,
                "pre_score": e.pre_score,
                "post_score": e.post_score,
                "completed_at": e.completed_at,
            }
            for e in Enrolment.objects.filter(user=user).select_related("course")
        ],
        "lessons_completed": [
            {"lesson_key": str(c.lesson_key), "completed_at": c.completed_at}
            for c in LessonCompletion.objects.filter(user=user).order_by("completed_at")
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.title if a.quiz_id else "",
                "kind": a.kind,
                "status": a.status,
                "score": a.score,
                "passed": a.passed,
                "submitted_at": a.submitted_at,
            }
            for a in QuizAttempt.objects.filter(user=user).select_related("quiz")
        ],
        "certificates": [
            {
                "code": c.code_display,
                "holder_name": c.holder_name,
                "course": c.course_title,
                "language": c.language,
                "hours": c.hours,
                "completed_at": c.completed_at,
                "issued_at": c.issued_at,
                "expires_at": c.expires_at,
                "revoked_at": c.revoked_at,
                "revoke_reason": c.revoke_reason,
            }
            for c in Certificate.objects.filter(user=user).order_by("issued_at")
        ],
    }


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def person_data_json(data: dict) -> str:
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=2)


def person_data_xlsx(data: dict) -> bytes:
    """One sheet per section; text cells typed as text (never formulas)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for section, content in data.items():
        rows = [content] if isinstance(content, dict) else content or []
        sheet = workbook.create_sheet(title=section[:31])
        headers = list(rows[0]) if rows else []
        sheet.append(headers)
        for row in rows:
            cells = []
            for key in headers:
                value = row[key]
                if isinstance(value, datetime.datetime):
                    value = value.replace(tzinfo=None)
                cell = WriteOnlyCell(sheet, value)
                if cell.data_type == "f":
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_export(*, person: Person, user, fmt: str) -> bytes | str:
    """The person's data as xlsx bytes or JSON text; the export is audited."""
    data = person_data(person)
    log(instance=person, action="capability.person_export", user=user, data={"format": fmt})
    return person_data_xlsx(data) if fmt == "xlsx" else person_data_json(data)


@transaction.atomic
def person_erase(*, person: Person, user) -> Person:
    """Pseudonymise `person` in place, keeping what the figures need; audited.

    Uploads waiting for confirmation that name the person are deleted with their parsed
    rows; the linked account stays linked (figures find the learner through it) and is
    erased. Raises ErasureError for the account `user` signs in with: nobody erases
    themselves by mistake.
    """
    account = person.user
    if account is not None and user is not None and account.pk == user.pk:
        raise ErasureError(_("This person is you: ask another member of staff to erase you."))
    identifiers = {str(person), person.email, person.phone}
    for pending, _rows in pending_imports_naming(person):
        pending_discard(pending)
    person_erasing.send(sender=Person, person=person)
    person.given_name = ERASED_NAME
    person.family_name = _("Erased person %(id)s") % {"id": person.pk}
    person.email = ""
    person.phone = ""
    person.rank = ""
    if person.year_of_birth:
        person.year_of_birth = max(1920, person.year_of_birth - person.year_of_birth % 10)
    person.save()
    CompetencyEvidence.objects.filter(person=person).update(note="")
    if account is not None:
        StaffCountry.objects.filter(user=account).delete()
        account_erase(user=account)
    # Earlier audit entries carry the person's name as their label (the person's own, and
    # those of their attendance, evidence and follow-ups).
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).update(label=str(person))
    log_labels_replace({value.strip() for value in identifiers if value})
    log(instance=person, action="capability.person_erase", user=user)
    return person
