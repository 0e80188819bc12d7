"""Production settings refuse to start, each with a sentence saying what to set, when a value
only the deployment knows is missing; Sentry only with a DSN; HSTS preload only when asked;
the development server's base URL follows the port it serves."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

COMPLETE = {
    "SECRET_KEY": "a-long-random-production-key-" + "x7Kq9" * 10,
    "ALLOWED_HOSTS": "learning.example.org",
    "WAGTAILADMIN_BASE_URL": "https://learning.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "CT Public Spaces <learning@example.org>",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
# Variables of the developer's shell that would hide a missing one.
# DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest when they share the worker;
# a production process never has it (the deploy check refuses it).
CLEARED = (
    *COMPLETE,
    "EMAIL_BACKEND",
    "SENTRY_DSN",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)

SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.WAGTAILADMIN_BASE_URL, s.EMAIL_BACKEND, s.SECURE_HSTS_PRELOAD, s.ALLOWED_HOSTS)"
)


def production(code: str = SHOW, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(DJANGO_SETTINGS_MODULE="ctps.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def test_complete_settings_start():
    result = production(**COMPLETE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://learning.example.org",
        "django.core.mail.backends.smtp.EmailBackend",
        "False",
        "['learning.example.org']",
    ]


@pytest.mark.parametrize(
    ("missing", "sentence"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set in the environment for production"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set in the environment for production"),
        (
            "WAGTAILADMIN_BASE_URL",
            "WAGTAILADMIN_BASE_URL must be set in the environment for production: the site's "
            "public address",
        ),
        ("EMAIL_HOST", "EMAIL_HOST must be set in the environment for production"),
        ("DEFAULT_FROM_EMAIL", "DEFAULT_FROM_EMAIL must be set in the environment"),
        ("REDIS_URL", "REDIS_URL must be set in the environment for production"),
    ],
)
def test_each_missing_value_is_refused_with_what_to_set(missing, sentence):
    result = production(**{k: v for k, v in COMPLETE.items() if k != missing})
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: " + sentence in result.stderr


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    ],
)
def test_an_email_backend_that_delivers_nothing_is_refused(backend):
    result = production(**COMPLETE, EMAIL_BACKEND=backend)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: EMAIL_BACKEND is {backend}, which delivers no e-mail" in (
        result.stderr
    )


@pytest.mark.parametrize("url", ["learning.example.org", "ftp://learning.example.org", "https://"])
def test_a_base_url_without_scheme_or_host_is_refused(url):
    result = production(**{**COMPLETE, "WAGTAILADMIN_BASE_URL": url})
    assert result.returncode != 0
    assert "ImproperlyConfigured: WAGTAILADMIN_BASE_URL must be a full address" in result.stderr


def test_hsts_preload_only_when_asked():
    assert production(**COMPLETE).stdout.split()[2] == "False"
    asked = production(**COMPLETE, SECURE_HSTS_PRELOAD="true")
    assert asked.stdout.split()[2] == "True"


def test_sentry_only_with_a_dsn():
    code = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.is_initialized())"
    assert production(code, **COMPLETE).stdout.strip() == "False"
    reporting = production(code, **COMPLETE, SENTRY_DSN="https://key@sentry.example.org/42")
    assert reporting.returncode == 0, reporting.stderr
    assert reporting.stdout.strip() == "True"


def test_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in CLEARED},
            "DJANGO_SETTINGS_MODULE": "ctps.settings.production",
            **COMPLETE,
        },
        timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("argv", "url"),
    [
        (["manage.py", "runserver"], "http://127.0.0.1:8000"),
        (["manage.py", "runserver", "8001"], "http://127.0.0.1:8001"),
        (["manage.py", "runserver", "127.0.0.1:8001"], "http://127.0.0.1:8001"),
        (["manage.py", "runserver", "--noreload", "0.0.0.0:9000"], "http://127.0.0.1:9000"),
        (["manage.py", "runserver", "[::1]:8002"], "http://[::1]:8002"),
        (["manage.py", "runserver", "learning.local:8003"], "http://learning.local:8003"),
        (["manage.py", "migrate"], "http://127.0.0.1:8000"),
    ],
)
def test_dev_base_url_follows_the_runserver_port(argv, url):
    from ctps.settings.dev import runserver_base_url

    assert runserver_base_url(argv) == url


def test_make_run_port_reaches_the_dev_settings():
    """`make run PORT=8001` runs `runserver 127.0.0.1:8001`: the settings it loads put :8001
    in every link (certificate QR codes, e-mails, xAPI IRIs)."""
    code = (
        "import sys; sys.argv = ['manage.py', 'runserver', '127.0.0.1:8001']; "
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.WAGTAILADMIN_BASE_URL)"
    )
    environment = {k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "ctps.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, cwd=ROOT
    )
    assert result.stdout.strip() == "http://127.0.0.1:8001", result.stderr
    makefile = (ROOT / "Makefile").read_text()
    assert "manage.py runserver $(HOST):$(PORT)" in makefile
