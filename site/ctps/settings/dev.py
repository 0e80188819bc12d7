"""Local development: debug on, console email, a fixed throwaway key, and the site's base URL
(links in e-mails, certificate QR codes, xAPI IRIs) taken from the port `runserver` serves."""

import sys

from .base import *  # noqa: F403
from .base import os


def runserver_base_url(argv: list[str]) -> str:
    """`http://<host>:<port>` of `manage.py runserver [addr:]port`; 127.0.0.1:8000 otherwise.

    A wildcard address (0.0.0.0, ::) is reached on this machine as 127.0.0.1.
    """
    host, port = "127.0.0.1", "8000"
    if "runserver" in argv:
        rest = [arg for arg in argv[argv.index("runserver") + 1 :] if not arg.startswith("-")]
        if rest:
            address = rest[0]
            if address.startswith("["):  # [::1]:8001
                bracketed, _, after = address.partition("]")
                host = bracketed + "]"
                port = after.lstrip(":") or port
            elif ":" in address:
                host, port = address.rsplit(":", 1)
            elif address.isdigit():
                port = address
            else:
                host = address
    if host in ("0.0.0.0", "[::]", "", "0"):  # noqa: S104 (a name, not a bind)
        host = "127.0.0.1"
    return f"http://{host}:{port}"


DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or runserver_base_url(sys.argv)
