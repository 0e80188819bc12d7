"""Local development: debug on, console email, a fixed throwaway key."""

from .base import *  # noqa: F403
from .base import os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["*"]
