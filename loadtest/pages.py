"""What the load test's users read in the product's pages: the form's token, answers to a
test, and whether the server accepted a lesson completion. Apart from the locustfile so that
tests/loadtest/test_pages.py checks it against pages the real views render: a harness that
misreads a page reports lost writes that are not (a refused completion also redirects)."""

import re

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# a choice (radio or checkbox) and a free answer (a number typed in a text box)
OPTION = re.compile(r'<input[^>]+name="(q\d+)"[^>]+value="(\d+)"')
FREE = re.compile(r'<input[^>]+inputmode="decimal"[^>]+name="(q\d+)"')
# the success message the lesson's completion leaves on the page it redirects to
LESSON_DONE = re.compile(r'class="message message--success">Lesson .+ marked complete\.')


def csrf(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


def answers(html: str) -> dict[str, str]:
    """An answer to every question of an attempt page: the first option of each choice,
    10 for each number."""
    result: dict[str, str] = {}
    for name, value in OPTION.findall(html):
        result.setdefault(name, value)
    for name in FREE.findall(html):
        result.setdefault(name, "10")
    return result


def lesson_accepted(html: str) -> bool:
    """The page a completion redirected to says the lesson was marked complete (a refusal,
    e.g. the pre-test not taken yet, redirects to the course page with its reason)."""
    return bool(LESSON_DONE.search(html))
