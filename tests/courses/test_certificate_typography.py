"""French typography in the certificate PDF (issue 18): narrow no-break spaces before : ; ? !
and %, inside « » and between digit groups, as French pages get them from
`ctps_common.typography`; a no-break space when the embedded font has no narrow one."""

import io

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pypdf import PdfReader

from courses.models import Certificate
from courses.services.certificate_pdf import FONT_FILES, certificate_pdf, fonts_have, typeset
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete

NNBSP, NBSP = "\u202f", "\u00a0"


def test_french_lines_get_narrow_no_break_spaces():
    line = typeset("Code de vérification : AB12 ; « Sûr » ! 12 345 heures, 95 %", "fr")
    assert line == (
        f"Code de vérification{NNBSP}: AB12{NNBSP}; «{NNBSP}Sûr{NNBSP}»{NNBSP}! "
        f"12{NNBSP}345 heures, 95{NNBSP}%"
    )
    assert typeset("Verification code: AB12", "en") == "Verification code: AB12"
    assert typeset("https://example.org/fr/learning/verify/", "fr").endswith("verify/")


def test_the_embedded_font_draws_the_narrow_space():
    assert fonts_have(NNBSP, FONT_FILES)


def _font_without_narrow_space(path):
    """A real TrueType font that draws only the space and "A" (no U+202F)."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "space", "A", "nbspace"])
    builder.setupCharacterMap({0x20: "space", 0x41: "A", 0xA0: "nbspace"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 700))
    pen.lineTo((0, 700))
    pen.closePath()
    glyph, empty = pen.glyph(), TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, "space": empty, "A": glyph, "nbspace": empty})
    metrics = dict.fromkeys((".notdef", "space", "A", "nbspace"), (500, 0))
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def test_a_font_without_the_narrow_space_gets_a_no_break_space(tmp_path):
    font = _font_without_narrow_space(tmp_path / "plain.ttf")
    assert not fonts_have(NNBSP, (font,))
    assert typeset("Valable jusqu’au : demain !", "fr", (font,)) == (
        f"Valable jusqu’au{NBSP}: demain{NBSP}!"
    )


def test_the_french_pdf_has_narrow_spaces(make_course, trainee, french):
    person = trainee
    course = make_course(lessons=1, pre=False, post=False)
    course_fr = course.copy_for_translation(french, copy_parents=True)
    course_fr.title = "Sécurité des foules : les bases"
    course_fr.save_revision().publish()
    enrolment_create(user=person, course=course_fr)
    for lesson in course.lessons():
        lesson_complete(user=person, lesson=lesson)
    certificate = Certificate.objects.get(user=person)
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(certificate_pdf(certificate))).pages
    )
    assert f"Sécurité des foules{NNBSP}: les bases" in text
    assert text.count(f"{NNBSP}:") >= 3  # the title, the verification code, its address
    assert " :" not in text  # no ordinary space left before a colon
