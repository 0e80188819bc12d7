"""Numbers typed by trainees, read the way the page's language writes them.

English writes 2,000.5 and French 2 000,5; trainees also type what their phone or habit
gives them ("2000", "2.5" on a French page). A string is read only when one reading is
certain; a string two conventions would read differently ("2.000" on a French page: two
thousand, or two?) is refused with a message that says how to write it, never guessed.
No exponents: "1e999999999" is not a number a trainee types, and bounds keep every
accepted value storable (`Answer.number`: 10 integer digits, 4 decimals).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_LENGTH = 30
# Largest magnitude accepted; Answer.number holds up to 10 integer digits.
MAX_MAGNITUDE = Decimal("1000000000")
DECIMALS = Decimal("0.0001")

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_SHAPE = re.compile(r"^[+\-\u2212]?[0-9.,]*[0-9][0-9.,]*$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:[,.][0-9]{3})+$")


class NumberError(ValueError):
    """A typed number refused; the message says why and how to write it."""


def _grouped(integer: str, separator: str) -> str:
    """Digits of an integer part written with `separator` between thousands, or raise."""
    if separator not in integer:
        return integer
    if not re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(separator)}[0-9]{{3}})+", integer):
        raise NumberError(_("Thousands are grouped by three digits: write it without separators."))
    return integer.replace(separator, "")


def parse_number(text: str, language: str) -> Decimal:
    """The value of `text` typed on a page in `language` ("en", "fr"…), or NumberError."""
    raw = (text or "").strip()
    if len(raw) > MAX_LENGTH:
        raise NumberError(
            _("This answer is too long: type at most %(n)s characters.") % {"n": MAX_LENGTH}
        )
    if not raw:
        raise NumberError(_("Type a number."))
    french = (language or "").split("-")[0].lower() == "fr"
    # Spaces (also no-break and narrow no-break ones) group thousands in both languages.
    grouped_by_spaces = bool(_SPACES.search(raw.strip("+-\u2212")))
    if grouped_by_spaces:
        sign = raw[0] if raw[0] in "+-\u2212" else ""
        body = raw[len(sign) :]
        parts = _SPACES.split(body)
        head, *rest = parts
        if not (
            re.fullmatch(r"[0-9]{1,3}", head)
            and all(re.fullmatch(r"[0-9]{3}", p) for p in rest[:-1])
            and re.fullmatch(r"[0-9]{3}(?:[.,][0-9]*)?", rest[-1])
        ):
            raise NumberError(_("“%(value)s” is not a number: please correct it.") % {"value": raw})
        raw = sign + "".join(parts)
    if not _SHAPE.match(raw):
        raise NumberError(_("“%(value)s” is not a number: please correct it.") % {"value": raw})
    negative = raw[0] in "-\u2212"
    body = raw.lstrip("+-\u2212")
    commas, points = body.count(","), body.count(".")
    if commas and points:
        # Both: the last one is the decimal separator, the other groups thousands.
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        integer, _sep, fraction = body.rpartition(decimal_sep)
        if group_sep in fraction or decimal_sep in integer:
            raise NumberError(_("“%(value)s” is not a number: please correct it.") % {"value": raw})
        integer = _grouped(integer, group_sep)
    elif commas + points > 1:
        # One separator, several times: thousands (1,000,000 or 1.000.000).
        if not _GROUPED.match(body):
            raise NumberError(
                _("Thousands are grouped by three digits: write it without separators.")
            )
        integer, fraction = body.replace(",", "").replace(".", ""), ""
    elif commas + points == 1:
        separator = "," if commas else "."
        integer, _sep, fraction = body.partition(separator)
        native_decimal = "," if french else "."
        if len(fraction) == 3 and integer and not grouped_by_spaces:
            # "2,000" / "2.000": thousands in one convention, a decimal in the other.
            if separator == native_decimal:
                pass  # the page's own decimal separator: 2.000 in English is two
            elif not french and separator == ",":
                integer, fraction = integer + fraction, ""  # English 2,000 is two thousand
            else:
                raise NumberError(
                    _(
                        "“%(value)s” could mean two numbers. Write %(thousands)s for the "
                        "thousands or %(decimal)s for the decimal."
                    )
                    % {
                        "value": raw,
                        "thousands": integer + fraction,
                        "decimal": f"{integer},{fraction}" if french else f"{integer}.{fraction}",
                    }
                )
    else:
        integer, fraction = body, ""
    value = Decimal(f"{integer or '0'}.{fraction or '0'}")
    if negative:
        value = -value
    if abs(value) >= MAX_MAGNITUDE:
        raise NumberError(
            _("This number is too large: the answer is below %(max)s.")
            % {"max": number_format(MAX_MAGNITUDE, force_grouping=True)}
        )
    return value.quantize(DECIMALS, ROUND_HALF_UP)
