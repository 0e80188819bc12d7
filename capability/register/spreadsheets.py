"""Attendance sheets as they really come: the columns the register reads (English or French
headers), the cell parsers, display names, and the template workbook.

Reading the file itself (container checks, headers, ignored columns) is the shared reader's
(`ctps_common.imports.reading`); this module says what the cells mean.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctps_common.imports.reading import Column, SheetError, Table, preamble_value, read_table

from .normalise import name_key

__all__ = ["COLUMNS", "SheetError", "Table", "read_attendance"]

DAY_COLUMNS = 10  # "Day 1" … "Day 10" / "Jour 1" …: one mark per day signed in

COLUMNS = (
    Column("given_name", gettext_lazy("Given name"), ("first name", "prenom", "prenoms"), True),
    Column(
        "family_name",
        gettext_lazy("Family name"),
        ("last name", "surname", "nom", "nom de famille"),
        True,
    ),
    Column("sex", gettext_lazy("Sex"), ("gender", "sexe", "genre"), True),
    Column(
        "organisation",
        gettext_lazy("Organisation"),
        ("organization", "structure", "institution", "service"),
        required=True,
    ),
    Column(
        "organisation_type",
        gettext_lazy("Organisation type"),
        ("organization type", "type d organisation", "type de structure"),
    ),
    Column(
        "rank",
        gettext_lazy("Rank or role"),
        (
            "rank",
            "rank role",
            "role or rank",
            "grade",
            "fonction",
            "grade fonction",
            "grade ou fonction",
            "titre",
        ),
    ),
    Column(
        "email",
        gettext_lazy("Email"),
        ("e mail", "courriel", "adresse email", "adresse e mail", "mail"),
    ),
    Column("phone", gettext_lazy("Phone"), ("telephone", "tel", "mobile", "contact")),
    Column("year_of_birth", gettext_lazy("Year of birth"), ("annee de naissance",)),
    Column("role", gettext_lazy("Workshop role"), ("role", "role atelier", "role dans l atelier")),
    Column(
        "days",
        gettext_lazy("Days attended"),
        ("days", "jours", "jours de presence", "nombre de jours"),
    ),
    Column(
        "pre_test",
        gettext_lazy("Pre-test score (%)"),
        ("pre test", "score pre test", "pre test score", "pre test %"),
        percent=True,
    ),
    Column(
        "post_test",
        gettext_lazy("Post-test score (%)"),
        ("post test", "score post test", "post test score", "post test %"),
        percent=True,
    ),
    Column("certified", gettext_lazy("Certified"), ("certifie", "certifiee", "certificat")),
    Column(
        "consent_date",
        gettext_lazy("Consent date"),
        ("date of consent", "date du consentement", "consentement"),
    ),
    *(
        Column(
            f"day_{n}",
            format_lazy("{} {}", gettext_lazy("Day"), n),
            (f"day {n}", f"jour {n}", f"j{n}", f"d{n}"),
        )
        for n in range(1, DAY_COLUMNS + 1)
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
DAY_KEYS = tuple(f"day_{n}" for n in range(1, DAY_COLUMNS + 1))
WORKSHOP_LABELS = {"workshop", "workshop code", "atelier", "code atelier", "code de l atelier"}


def read_attendance(content: bytes, filename: str = "sheet.xlsx") -> Table:
    """The participant rows of an attendance sheet (and the workshop code above its headers)."""
    table = read_table(content, filename=filename, columns=COLUMNS)
    table.workshop_code = preamble_value(table, WORKSHOP_LABELS)
    return table


# --- cell parsers: each returns a clean value or raises ValueError with a user message ---

SEX_VALUES = {
    "f": "F", "female": "F", "woman": "F", "femme": "F", "feminin": "F",
    "m": "M", "male": "M", "man": "M", "h": "M", "homme": "M", "masculin": "M",
    "x": "X", "other": "X", "not stated": "X", "autre": "X", "non precise": "X",
}  # fmt: skip
ROLE_VALUES = {
    "participant": "participant", "participante": "participant",
    "trainer": "trainer", "formateur": "trainer", "formatrice": "trainer",
    "observer": "observer", "observateur": "observer", "observatrice": "observer",
}  # fmt: skip
YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "x"}
NO = {"no", "n", "non", "false", "faux", "0"}


def parse_choice(value, table: dict, what: str) -> str:
    key = name_key(str(value))
    if key not in table:
        raise ValueError(_("“%(value)s” is not a valid %(what)s.") % {"value": value, "what": what})
    return table[key]


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = name_key(str(value))
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("Write yes or no (oui or non)."))


def parse_decimal(value, *, low: float, high: float) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".").replace("%", "").strip())
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from error
    if not number.is_finite() or not low <= number <= high:
        raise ValueError(
            _("%(value)s is outside %(low)s–%(high)s.") % {"value": value, "low": low, "high": high}
        )
    return number.quantize(Decimal("0.1"))


SCORE_TEXT = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*(%?)$")


def parse_score(value, *, percent_cell: bool = False) -> tuple[Decimal, Decimal | None]:
    """A test score in percent, and the number itself when it is a bare fraction (0.7)
    whose reading the user must choose: `45`, `45%`, `45 %`, `45,5` and cells formatted as
    percent (0.45 shown as 45 %) are read as written; a bare 0–1 is never guessed."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if percent_cell:
            return _percent(number * 100, value), None
        has_sign = False
    else:
        text = str(value).replace("\u00a0", " ").replace("\u202f", " ").strip()
        match = SCORE_TEXT.match(text)
        if not match:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        number = Decimal(match.group(1).replace(",", "."))
        has_sign = bool(match.group(2))
    score = _percent(number, value)
    return score, (number if not has_sign and 0 < number <= 1 else None)


def _percent(number: Decimal, value) -> Decimal:
    if not number.is_finite() or not 0 <= number <= 100:
        raise ValueError(_("%(value)s is outside 0–100 %%.") % {"value": value})
    return number.quantize(Decimal("0.1"))


def fraction_as_percent(fraction: Decimal) -> Decimal:
    return (fraction * 100).quantize(Decimal("0.1"))


def day_present(value) -> bool:
    """A mark in a per-day column: anything but empty, 0, no/non, absent."""
    key = name_key(str(value))
    return key not in ("", "0", "no", "non", "n", "absent", "absente", "false", "faux", "-")


# Family-name particles kept in lower case when the name comes in capitals ("DE SOUZA").
PARTICLES = {"de", "du", "des", "la", "le", "da", "das", "do", "dos", "di", "van", "von",
             "der", "den", "ter", "ten", "d"}  # fmt: skip


def display_name(text: str, *, family: bool = False) -> str:
    """How a name is shown: `DIOP` → `Diop`, `GUÈYE` → `Guèye`, `N'DIAYE` → `N'Diaye`,
    `DE SOUZA` → `de Souza` (family names); accents kept; names written in mixed case
    (`McCarthy`, `de Souza`) stay as typed. Matching never depends on it (`name_key`)."""
    words = " ".join(str(text or "").split()).split(" ")
    shown = []
    for index, word in enumerate(words):
        letters = [char for char in word if char.isalpha()]
        if not letters or not (word == word.upper() or word == word.lower()):
            shown.append(word)
            continue
        if family and word.lower() in PARTICLES and index < len(words) - 1:
            shown.append(word.lower())
            continue
        parts = re.split(r"([-'’])", word.lower())
        shown.append("".join(part[:1].upper() + part[1:] for part in parts))
    return " ".join(shown)


def parse_year(value) -> int:
    try:
        year = int(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError, OverflowError) as error:  # OverflowError: "Infinity"
        raise ValueError(_("“%(value)s” is not a year.") % {"value": value}) from error
    if not 1920 <= year <= 2015:
        raise ValueError(_("%(value)s is not a plausible year of birth.") % {"value": value})
    return year


def parse_date(value) -> datetime.date:
    """Real Excel dates, or text written dd/mm/yyyy (also dd-mm-yyyy and dd.mm.yyyy)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", str(value).strip())
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(_("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": value})


TEMPLATE_COLUMNS = (
    "given_name",
    "family_name",
    "sex",
    "organisation",
    "organisation_type",
    "rank",
    "email",
    "phone",
    "role",
    "days",
    "pre_test",
    "post_test",
    "certified",
    "consent_date",
)


def attendance_workbook(*, workshop_code: str = "", rows: list[dict] | None = None) -> bytes:
    """An attendance sheet: workshop code in B1, headers in row 3, one row per participant.

    Headers are written in the active language; either language reads back.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Attendance")[:31]
    sheet["A1"] = str(_("Workshop code"))
    sheet["A1"].font = Font(bold=True)
    sheet["B1"] = workshop_code
    sheet["A2"] = str(
        _("Sex: F, M or X. Role: participant, trainer or observer. Dates: dd/mm/yyyy.")
    )
    sheet.append([str(COLUMN_BY_KEY[key].label) for key in TEMPLATE_COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 2)
    for row in rows or []:
        sheet.append([row.get(key) for key in TEMPLATE_COLUMNS])
    sex = DataValidation(type="list", formula1='"F,M,X"', allow_blank=True)
    sheet.add_data_validation(sex)
    sex.add("C4:C2000")
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
