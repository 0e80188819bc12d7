"""French typography, applied when a French page is rendered rather than typed by hand.

French puts a narrow no-break space (U+202F) before `:`, `;`, `?` and `!`, inside « » and
before `%`. Authors and translators type an ordinary space, a no-break space or none; the
middleware rewrites the text of every French HTML page (never tags, attributes, scripts,
styles or preformatted text), so a line never breaks before the sign and every page agrees.
"""

import re

NNBSP = "\u202f"
# Tags and character references ("&amp;", "&#x27;") are copied as they are.
_TAG = re.compile(r"(<[^>]*>|&#?\w+;)")
_RAW = re.compile(r"<(/?)(script|style|pre|code|textarea)\b", re.I)
# A sign after a word, a closing mark or a space, and followed by a space, the end of the
# text or a closing mark: not "10:30", "http://", "?page=2".
_SIGN = re.compile(r"(?<=[\w»)\]”’.…])[ \u00a0\u202f]?([:;?!]+)(?=[\s»)\]”’]|$)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]?")
_CLOSE_QUOTE = re.compile(r"(?<=\S)[ \u00a0\u202f]?»")
_PERCENT = re.compile(r"(?<=\d)[ \u00a0]%")


def french_text(text: str) -> str:
    """One run of text (no markup) with French spacing."""
    text = _SIGN.sub(lambda m: NNBSP + m.group(1), text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    return _PERCENT.sub(NNBSP + "%", text)


def french_html(html: str) -> str:
    """An HTML document with French spacing in its text, its markup unchanged."""
    parts = _TAG.split(html)
    raw_depth = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag or a character reference
            match = _RAW.match(part)
            if match:
                raw_depth = max(0, raw_depth + (-1 if match.group(1) else 1))
        elif part and not raw_depth:
            parts[index] = french_text(part)
    return "".join(parts)


class FrenchTypographyMiddleware:
    """Rewrite French HTML pages of the public site (the Wagtail admin is left alone)."""

    skip_prefixes = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "LANGUAGE_CODE", "") == "fr"
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Encoding")
            and not request.path.startswith(self.skip_prefixes)
        ):
            charset = response.charset or "utf-8"
            response.content = french_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
