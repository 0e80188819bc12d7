"""French pages get French typography when rendered: narrow no-break spaces before : ; ? !
inside « » and before %, decimal commas; English pages and markup are left alone."""

from decimal import Decimal

from courses.models import CoursePage
from ctps_common.typography import NNBSP, french_html


def test_text_gets_narrow_no_break_spaces_and_markup_is_untouched():
    html = (
        '<p title="a : b">Score: 80 % à 10:30, voir http://x.fr/?a=1 !</p>'
        "<p>« Bonjour » ; A &amp; B ; l&#x27;Intérieur ?</p>"
        "<script>var a = {b: 1}; if (a) { f(); }</script><pre>x : y</pre>"
    )
    assert french_html(html) == (
        f'<p title="a : b">Score{NNBSP}: 80{NNBSP}% à 10:30, voir http://x.fr/?a=1{NNBSP}!</p>'
        f"<p>«{NNBSP}Bonjour{NNBSP}»{NNBSP}; A &amp; B{NNBSP}; l&#x27;Intérieur{NNBSP}?</p>"
        "<script>var a = {b: 1}; if (a) { f(); }</script><pre>x : y</pre>"
    )
    assert french_html(html) == french_html(french_html(html))  # idempotent


def test_french_pages_are_rewritten_english_pages_are_not(client, make_course):
    course = make_course()
    CoursePage.objects.filter(pk=course.pk).update(estimated_hours=Decimal("3.5"))
    french = client.get("/fr/courses/").content.decode()
    assert f"Pays partenaires{NNBSP}: Ghana" in french
    assert "3,5 h" in french and "3.5" not in french
    english = client.get("/en/courses/").content.decode()
    assert NNBSP not in english and "3.5 h" in english
    response = client.get("/fr/courses/")
    assert int(response["Content-Length"]) == len(response.content)
