"""Freshly migrated databases of the test run's kind (SQLite or PostgreSQL), for processes the
tests start: `manage.py migrate` runs once into a template, each test gets a copy of it.

On PostgreSQL the databases are created on the test run's server (CI's shared cluster too)
and dropped at the end; nothing else on that server is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    """`manage.py <args>` in a new process, with the test settings and `env`."""
    return subprocess.run(  # noqa: S603 - our own manage.py with the venv's python
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ctps.settings.test", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def python_module(module: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - a module of this repository
        [sys.executable, "-m", module, *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ctps.settings.test", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


class FreshDatabases:
    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        source = settings.DATABASES["default"]
        self.vendor = "postgresql" if source["ENGINE"].endswith("postgresql") else "sqlite"
        self.server = source
        self.prefix = f"ctps_fresh_{uuid.uuid4().hex[:8]}"
        self.created: list[str] = []
        self.template = self._new_name("template")
        url = self._create(self.template)
        result = manage("migrate", "--noinput", env={"DATABASE_URL": url})
        if result.returncode:
            raise RuntimeError(f"migrate failed:\n{result.stdout}\n{result.stderr}")

    def _new_name(self, label: str) -> str:
        return f"{self.prefix}_{label}"

    def _url(self, name: str) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self.workdir / f'{name}.sqlite3'}"
        s = self.server
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        s = self.server
        with psycopg.connect(
            host=s["HOST"],
            port=s["PORT"] or 5432,
            user=s["USER"],
            password=s.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(sql)

    def _create(self, name: str, template: str | None = None) -> str:
        self.created.append(name)
        if self.vendor == "sqlite":
            if template:
                shutil.copyfile(
                    self.workdir / f"{template}.sqlite3", self.workdir / f"{name}.sqlite3"
                )
        else:
            copy_of = f' TEMPLATE "{template}"' if template else ""
            self._admin(f'CREATE DATABASE "{name}"{copy_of}')
        return self._url(name)

    def copy(self, label: str) -> str:
        """A new database holding exactly what migrate wrote; returns its DATABASE_URL."""
        return self._create(self._new_name(label), template=self.template)

    def drop_all(self) -> None:
        if self.vendor == "postgresql":
            for name in reversed(self.created):
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
