"""Normalised keys used to recognise the same person or organisation written differently."""

import unicodedata


def name_key(*parts: str | None) -> str:
    """Lower-case, accent-free, single-spaced: "  Aïcha  NDIAYE " and "aicha ndiaye" match."""
    text = " ".join(part or "" for part in parts)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().replace("-", " ").replace("'", " ").split())


def email_key(email: str | None) -> str:
    return (email or "").strip().casefold()
