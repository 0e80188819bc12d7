"""The one rule for a request's client address, used by sign-in throttling and every rate limit.

Behind N reverse proxies we trust (`CTPS_TRUSTED_PROXY_COUNT`, default 0), each proxy appends
the address it received the request from to `X-Forwarded-For`; the client is therefore the
N-th entry from the right. Anything further left was written by the client and can be forged.
With 0 (no proxy) the header is ignored and the socket address is the client.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    """The client's address by the trusted-proxy rule; the socket address when in doubt."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "CTPS_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # the request did not come through every proxy we expect
    address = forwarded[-proxies]
    return address if _valid(address) else remote
