"""The certificate as a PDF, rendered anew on every download from the stored row alone.

Why fpdf2 (see README): pure Python (no Cairo/Pango like WeasyPrint, no C extension like
ReportLab's accelerators), actively maintained, embeds and subsets TrueType fonts for every
accented name, and with a fixed creation date its output is byte-for-byte reproducible.
"""

from __future__ import annotations

import functools
import io
import re
from decimal import Decimal
from pathlib import Path

import segno
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont
from fpdf import FPDF

from ctps_common.typography import NNBSP, french_text

from ..models import Certificate
from .certificates import CertificateError, verify_url

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = (FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf")
# A space between digit groups ("12 345"), as Django's French number format writes it.
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")


@functools.cache
def fonts_have(char: str, fonts: tuple[Path, ...] = FONT_FILES) -> bool:
    """Whether every font of `fonts` draws `char` (else the PDF would show a blank box)."""
    return all(ord(char) in TTFont(path, lazy=True).getBestCmap() for path in fonts)


def typeset(text: str, language: str, fonts: tuple[Path, ...] = FONT_FILES) -> str:
    """French spacing for a line of the PDF (`ctps_common.typography`, as the pages get it):
    a narrow no-break space before : ; ? ! and %, inside « », between digit groups; a
    no-break space where the embedded `fonts` have no narrow one."""
    if not language.startswith("fr"):
        return text
    text = _GROUP_SPACE.sub(NNBSP, french_text(text))
    return text if fonts_have(NNBSP, fonts) else text.replace(NNBSP, "\u00a0")


class _CertificatePdf(FPDF):
    def file_id(self):
        return -1  # content-derived id: identical input gives an identical file


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes, entirely from the stored row (reproducible). Never for
    a holder erased at their request: the file would no longer say who holds it."""
    if certificate.holder_erased_at:
        raise CertificateError(
            _("The holder’s personal data was erased: this certificate can no longer be made.")
        )
    url = verify_url(certificate)
    language = certificate.language or ""

    def t(text: str) -> str:
        return typeset(text, language)

    with translation.override(certificate.language):
        pdf = _CertificatePdf(orientation="landscape", format="A4")
        pdf.set_creation_date(certificate.issued_at)
        pdf.set_producer("CT Public Spaces Learning")
        pdf.set_title(
            _("Certificate of completion (revoked)")
            if certificate.revoked_at
            else _("Certificate of completion")
        )
        pdf.set_author("CT Public Spaces Learning")
        pdf.set_auto_page_break(False)
        pdf.add_font("DejaVu", "", str(FONT_FILES[0]))
        pdf.add_font("DejaVu", "B", str(FONT_FILES[1]))
        pdf.add_page()
        pdf.set_draw_color(0, 51, 153)
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, 277, 190)
        width = 257
        pdf.set_xy(20, 24)
        pdf.set_font("DejaVu", "B", 26)
        pdf.cell(width, 14, t(_("Certificate of completion")), align="C")
        pdf.set_xy(20, 46)
        pdf.set_font("DejaVu", "", 13)
        pdf.cell(width, 8, t(_("This certifies that")), align="C")
        pdf.set_xy(20, 56)
        pdf.set_font("DejaVu", "B", 22)
        pdf.cell(width, 12, certificate.holder_name, align="C")
        pdf.set_xy(20, 72)
        pdf.set_font("DejaVu", "", 13)
        pdf.cell(width, 8, t(_("has completed the course")), align="C")
        pdf.set_xy(20, 82)
        pdf.set_font("DejaVu", "B", 17)
        pdf.multi_cell(width, 9, t(certificate.course_title), align="C")
        pdf.set_font("DejaVu", "", 11)
        hours = Decimal(certificate.hours).normalize()
        lines = [
            _("Completed on %(date)s · %(hours)s hours of learning")
            % {"date": _date(certificate.completed_at), "hours": formats.number_format(hours)},
        ]
        if certificate.revoked_at:
            lines.append(
                _("Revoked on %(date)s: %(reason)s")
                % {"date": _date(certificate.revoked_at), "reason": certificate.revoke_reason}
            )
        elif certificate.expires_at:
            lines.append(_("Valid until %(date)s") % {"date": _date(certificate.expires_at)})
        if certificate.competencies:
            codes = ", ".join(
                _("%(code)s (level %(level)s)")
                % {"code": c.get("name") or c["code"], "level": c["level"]}
                for c in certificate.competencies
            )
            lines.append(_("Competencies: %(list)s") % {"list": codes})
        pdf.set_xy(20, pdf.get_y() + 4)
        for line in lines:
            pdf.set_x(20)
            pdf.multi_cell(width, 7, t(line), align="C")
        # Verification block: QR code on the left, code and URL on the right.
        qr = io.BytesIO()
        segno.make(url, error="m").save(qr, kind="png", scale=6, border=2)
        qr.seek(0)
        pdf.image(qr, x=24, y=138, w=42, h=42)
        pdf.set_xy(72, 142)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(200, 7, t(_("Verification code: %(code)s") % {"code": certificate.code_display}))
        pdf.set_xy(72, 150)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(200, 6, t(_("Check this certificate at:")))
        pdf.set_xy(72, 156)
        pdf.cell(200, 6, url, link=url)
        pdf.set_xy(72, 166)
        pdf.set_font("DejaVu", "", 8)
        disclaimer = _(
            "Funded by the European Union. Views and opinions expressed are however those "
            "of the author(s) only and do not necessarily reflect those of the European "
            "Union or the Service for Foreign Policy Instruments (FPI). Neither the European "
            "Union nor the granting authority can be held responsible for them."
        )
        pdf.multi_cell(200, 4, t(disclaimer), align="L")
        if certificate.revoked_at:
            _stamp_revoked(pdf)
        return bytes(pdf.output())


def _stamp_revoked(pdf: FPDF) -> None:
    """A red "REVOKED" across the page, so a printed or forwarded copy cannot pass as valid."""
    red = (200, 0, 0)
    with (
        pdf.local_context(text_color=red, draw_color=red, line_width=2),
        pdf.rotation(25, x=148.5, y=105),
    ):
        pdf.set_font("DejaVu", "B", 72)
        pdf.set_xy(28.5, 90)
        pdf.cell(240, 30, _("REVOKED"), border=1, align="C")
