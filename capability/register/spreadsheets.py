"""Reading attendance sheets safely: bad files become a clear message, never an exception.

The reader only trusts what it checks: the size, that the file is a real xlsx (a zip, not
an encrypted OLE container or an old .xls), the uncompressed size (zip bombs), the number of
rows, the length of each cell, and that no cell holds a formula.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .normalise import name_key

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED_RATIO = 20  # 5 MB of xlsx may unpack to 100 MB: real sheets stay far below
HEADER_SCAN_ROWS = 10


class SheetError(Exception):
    """The file as a whole cannot be imported; the message says why, for the user."""


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy English label, written in the template
    aliases: tuple[str, ...]
    required: bool = False


COLUMNS = (
    Column("given_name", gettext_lazy("Given name"), ("first name", "prenom", "prenoms"), True),
    Column("family_name", gettext_lazy("Family name"), ("last name", "surname", "nom"), True),
    Column("sex", gettext_lazy("Sex"), ("gender", "sexe", "genre"), True),
    Column(
        "organisation", gettext_lazy("Organisation"), ("organization", "structure"), required=True
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
        ),
    ),
    Column("email", gettext_lazy("Email"), ("e mail", "courriel", "adresse email")),
    Column("phone", gettext_lazy("Phone"), ("telephone", "tel", "mobile")),
    Column("year_of_birth", gettext_lazy("Year of birth"), ("annee de naissance",)),
    Column("role", gettext_lazy("Workshop role"), ("role", "role atelier", "role dans l atelier")),
    Column("days", gettext_lazy("Days attended"), ("days", "jours", "jours de presence")),
    Column("pre_test", gettext_lazy("Pre-test score (%)"), ("pre test", "score pre test")),
    Column("post_test", gettext_lazy("Post-test score (%)"), ("post test", "score post test")),
    Column("certified", gettext_lazy("Certified"), ("certifie", "certifiee", "certificat")),
    Column(
        "consent_date",
        gettext_lazy("Consent date"),
        ("date of consent", "date du consentement", "consentement"),
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
WORKSHOP_LABELS = {"workshop", "workshop code", "atelier", "code atelier", "code de l atelier"}


def header_key(text) -> str:
    """ "Score pré-test (%)" → "score pre test": how headers are compared."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name_key(str(text or ""))).split())


def _alias_table() -> dict[str, str]:
    table = {}
    for column in COLUMNS:
        table[header_key(column.key.replace("_", " "))] = column.key
        table[header_key(str(column.label))] = column.key
        for alias in column.aliases:
            table[header_key(alias)] = column.key
    return table


@dataclass
class Sheet:
    """The participant rows of a sheet: `rows` are (sheet row number, {column key: value})."""

    columns: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)
    workshop_code: str = ""


def check_container(content: bytes) -> None:
    """Refuse what is not a plain, reasonably sized xlsx before openpyxl sees it."""
    limit = settings.CAPABILITY_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise SheetError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(content) / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)}
        )
    if content.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d" in content:
            raise SheetError(
                _("The file is password-protected. Remove the password in Excel and upload again.")
            )
        raise SheetError(
            _("This is an old Excel (.xls) file. Save it as an Excel workbook (.xlsx) first.")
        )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise SheetError(_("The file is not an Excel workbook (.xlsx)."))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        if "xl/workbook.xml" not in names:
            raise SheetError(_("The file is not an Excel workbook (.xlsx)."))
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max(limit, 1_048_576) * MAX_UNCOMPRESSED_RATIO:
        raise SheetError(_("The file unpacks to an unreasonable size and was refused."))


def read_sheet(content: bytes) -> Sheet:
    """Parse the first worksheet of an attendance xlsx into raw rows, or raise SheetError."""
    from openpyxl import load_workbook

    check_container(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise SheetError(_("The workbook could not be read: it may be damaged.")) from error
    try:
        worksheet = workbook.worksheets[0]
        if getattr(worksheet, "sheet_state", "visible") != "visible":
            raise SheetError(
                _("The first worksheet is hidden. Show it in Excel, or put the list first.")
            )
        return _read_rows(worksheet)
    except IndexError as error:
        raise SheetError(_("The workbook has no worksheet.")) from error
    finally:
        workbook.close()


def read_sheet_cached(content: bytes) -> Sheet:
    """`read_sheet`, parsed once per file: upload, preview and confirm read the same bytes.

    Keyed by the file's SHA-256, so an entry can never describe other bytes and needs no
    invalidation; a miss (another app server, an evicted entry) just parses again.
    """
    import hashlib

    from django.core.cache import cache

    key = "capability:sheet:" + hashlib.sha256(content).hexdigest()
    sheet = cache.get(key)
    if sheet is None:
        sheet = read_sheet(content)
        cache.set(key, sheet, SHEET_CACHE_SECONDS)
    return sheet


SHEET_CACHE_SECONDS = 60 * 60


def _read_rows(worksheet) -> Sheet:
    max_rows = settings.CAPABILITY_IMPORT_MAX_ROWS
    max_chars = settings.CAPABILITY_IMPORT_MAX_CELL_CHARS
    aliases = _alias_table()
    sheet = None
    preamble: list[list] = []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        values = []
        for cell in cells:
            if getattr(cell, "data_type", None) == "f":
                raise SheetError(
                    _("Cell %(cell)s holds a formula. Paste values only and upload again.")
                    % {"cell": cell.coordinate}
                )
            value = cell.value
            if isinstance(value, str):
                if len(value) > max_chars:
                    raise SheetError(
                        _("Cell %(cell)s is longer than %(limit)s characters.")
                        % {"cell": cell.coordinate, "limit": max_chars}
                    )
                if any(unicodedata.category(char) in ("Cc", "Cf") for char in value.strip()):
                    raise SheetError(
                        _("Cell %(cell)s holds invisible control characters; retype it.")
                        % {"cell": cell.coordinate}
                    )
                value = value.strip()
                if value.startswith("="):
                    raise SheetError(
                        _("Cell %(cell)s holds a formula. Paste values only and upload again.")
                        % {"cell": cell.coordinate}
                    )
            values.append(value)
        if sheet is None:
            keys = [
                aliases.get(header_key(value)) if value not in (None, "") else None
                for value in values
            ]
            if sum(1 for key in keys if key) >= 3:
                sheet = _start_sheet(values, keys, preamble)
                column_keys = keys
                continue
            preamble.append(values)
            if number >= HEADER_SCAN_ROWS:
                break
            continue
        if all(value in (None, "") for value in values):
            continue  # blank rows (Excel keeps many trailing ones) are ignored
        if len(sheet.rows) >= max_rows:
            raise SheetError(
                _("The sheet has over %(limit)s participant rows; split it into smaller files.")
                % {"limit": max_rows}
            )
        row = {
            key: values[index]
            for index, key in enumerate(column_keys)
            if key and index < len(values) and values[index] not in (None, "")
        }
        sheet.rows.append((number, row))
    if sheet is None:
        raise SheetError(
            _("No header row found. The sheet needs the columns: %(columns)s.")
            % {"columns": ", ".join(str(c.label) for c in COLUMNS if c.required)}
        )
    if not sheet.rows:
        raise SheetError(_("The sheet has no participant rows."))
    return sheet


def _start_sheet(values: list, keys: list, preamble: list[list]) -> Sheet:
    unknown = [str(value) for value, key in zip(values, keys, strict=True) if value and not key]
    if unknown:
        raise SheetError(
            _("Unknown columns: %(unknown)s. Accepted columns: %(accepted)s.")
            % {
                "unknown": ", ".join(unknown),
                "accepted": ", ".join(str(column.label) for column in COLUMNS),
            }
        )
    duplicated = sorted({key for key in keys if key and keys.count(key) > 1})
    if duplicated:
        raise SheetError(
            _("These columns appear twice: %(columns)s.")
            % {"columns": ", ".join(str(COLUMN_BY_KEY[key].label) for key in duplicated)}
        )
    missing = [column for column in COLUMNS if column.required and column.key not in keys]
    if missing:
        raise SheetError(
            _("Missing columns: %(columns)s.")
            % {"columns": ", ".join(str(column.label) for column in missing)}
        )
    workshop_code = ""
    for row in preamble:
        cells = [value for value in row if value not in (None, "")]
        if len(cells) >= 2 and header_key(cells[0]) in WORKSHOP_LABELS:
            workshop_code = str(cells[1]).strip()
    return Sheet(columns=[key for key in keys if key], workshop_code=workshop_code)


def read_table(content: bytes, *, filename: str):
    """A plain table (header row first) from .xlsx or .csv, as a tablib Dataset, checked."""
    import csv

    import tablib

    max_rows = settings.CAPABILITY_IMPORT_MAX_ROWS
    max_chars = settings.CAPABILITY_IMPORT_MAX_CELL_CHARS
    if filename.lower().endswith(".csv"):
        if len(content) > settings.CAPABILITY_IMPORT_MAX_BYTES:
            check_container(content)  # raises the size message
        try:
            lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        except (UnicodeDecodeError, csv.Error) as error:
            raise SheetError(_("The file is not a UTF-8 CSV file.")) from error
    else:
        from openpyxl import load_workbook

        check_container(content)
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True)
            lines = []
            for cells in workbook.worksheets[0].iter_rows():
                for cell in cells:
                    if getattr(cell, "data_type", None) == "f":
                        raise SheetError(
                            _("Cell %(cell)s holds a formula. Paste values only and upload again.")
                            % {"cell": cell.coordinate}
                        )
                lines.append([cell.value for cell in cells])
                if len(lines) > max_rows + 1:
                    break
            workbook.close()
        except SheetError:
            raise
        except Exception as error:
            raise SheetError(_("The workbook could not be read: it may be damaged.")) from error
    lines = [line for line in lines if any(value not in (None, "") for value in line)]
    if len(lines) < 2:
        raise SheetError(_("The sheet has no participant rows."))
    if len(lines) > max_rows + 1:
        raise SheetError(
            _("The sheet has over %(limit)s participant rows; split it into smaller files.")
            % {"limit": max_rows}
        )
    for line in lines:
        for value in line:
            if isinstance(value, str) and (len(value) > max_chars or value.startswith("=")):
                raise SheetError(
                    _("A cell is too long or holds a formula: “%(value)s”.") % {"value": value[:40]}
                )
    headers = [str(value or "").strip() for value in lines[0]]
    width = len(headers)
    rows = [
        [("" if v is None else v) for v in (line + [None] * width)[:width]] for line in lines[1:]
    ]
    return tablib.Dataset(*rows, headers=headers)


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
