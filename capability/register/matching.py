"""Recognising organisations written differently: the closest existing ones (RapidFuzz) and
a type guessed from the name, both shown to the user, never applied unseen."""

from __future__ import annotations

import re

from .models.choices import OrganisationType
from .normalise import name_key

# Closest existing organisations proposed for an unknown one: at most this many, at least
# this similar (RapidFuzz's WRatio, 0–100).
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 70

# Words (accent-free, lower case) that give an organisation's type away; first match wins,
# so the more specific come first ("police des frontières de l'aéroport" is police).
TYPE_WORDS: tuple[tuple[str, str], ...] = (
    (OrganisationType.GENDARMERIE, r"gendarmerie|gendarmes?"),
    (OrganisationType.POLICE, r"police|policiers?|commissariats?|surete nationale|dgsn|cid"),
    (
        OrganisationType.EMERGENCY_SERVICES,
        r"pompiers?|sapeurs?|fire|firefighters?|protection civile|civil protection|secours"
        r"|ambulances?|samu|emergency|red cross|croix rouge|disaster|nadmo|ndma",
    ),
    (
        OrganisationType.MILITARY,
        r"army|armee|armed forces|forces armees|military|militaire|defence|defense|navy"
        r"|marine nationale|air force|armee de l air|kdf|gaf",
    ),
    (
        OrganisationType.TRANSPORT_OPERATOR,
        r"airports?|aeroports?|aviation|airlines?|ports?|harbours?|harbors?|maritime"
        r"|railways?|rail|chemins? de fer|ferroviaire|transports?|bus|metro|brt|ter|terminal",
    ),
    (
        OrganisationType.PRIVATE_SECURITY,
        r"security services?|private security|securite privee|gardiennage|guards?|guarding"
        r"|vigiles?|g4s|securicor",
    ),
    (
        OrganisationType.VENUE_OPERATOR,
        r"hotels?|malls?|shopping|centre commercial|stadium|stades?|arena|markets?|marches?"
        r"|museums?|musees?|theatres?|cinemas?|resort|plaza|venues?|parc|park",
    ),
    (
        OrganisationType.NATIONAL_AUTHORITY,
        r"ministry|ministere|authority|autorite|agency|agence|directorate|direction"
        r"|commission|council|conseil|office|national|nationale|prefecture|gouvernance"
        r"|governorate|county|municipal|mairie|city|government|gouvernement",
    ),
)
_PATTERNS = [(kind, re.compile(rf"\b(?:{words})\b")) for kind, words in TYPE_WORDS]


def guess_type(name: str) -> str:
    """The organisation type its name suggests ("Sapeurs-pompiers de Dakar" → emergency
    services), or "other" when nothing does."""
    key = name_key(name)
    for kind, pattern in _PATTERNS:
        if pattern.search(key):
            return str(kind)
    return str(OrganisationType.OTHER)


def closest(name: str, candidates: dict[int, str]) -> list[tuple[int, float]]:
    """The existing organisations most like `name`: [(id, score)], best first.

    `candidates` maps ids to normalised names (`name_key`) of one country's organisations.
    """
    from rapidfuzz import fuzz, process

    if not candidates:
        return []
    found = process.extract(
        name_key(name),
        candidates,
        scorer=fuzz.WRatio,
        limit=SUGGESTIONS,
        score_cutoff=SUGGESTION_CUTOFF,
    )
    return [(key, round(score)) for _choice, score, key in found]
