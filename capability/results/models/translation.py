"""Names shown in the reader's language.

Indicator titles are the programme's own words: editors keep a French title beside the
English one (`Indicator.title_fr`). Country names are standard: they come from the Unicode
CLDR (through Babel) by ISO code, so every country reads right in every language with nothing
to maintain; the name stored in the register stays the one shown in the site's default
language, and the fallback wherever CLDR has none.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def localised(default: str, translations: dict[str, str]) -> str:
    """The translation for the active language when there is one, else `default`."""
    return translations.get(current_language()) or default


@functools.cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(code: str, name: str) -> str:
    """A country's name in the active language (`name`: the register's, in the default one)."""
    language = current_language()
    if language == settings.LANGUAGE_CODE.split("-")[0]:
        return name
    return _territories(language).get((code or "").upper()) or name


def country_names(code: str, name: str) -> dict[str, str]:
    """The country's name in every language of the site, {language: name} (for files read
    in several languages, such as IATI narratives)."""
    default = settings.LANGUAGE_CODE.split("-")[0]
    names = {}
    for language, _label in settings.LANGUAGES:
        language = language.split("-")[0]
        names[language] = (
            name if language == default else _territories(language).get(code.upper()) or name
        )
    return names
