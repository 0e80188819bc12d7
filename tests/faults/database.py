"""Reading a server's database from the test, without Django: plain SQL over sqlite3 or
psycopg, so the test sees exactly what was committed."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlparse


class Probe:
    def __init__(self, url: str):
        self.url = url
        self.sqlite = url.startswith("sqlite")

    def _connect(self):
        if self.sqlite:
            # Opening the file rolls back what a killed writer left in its journal.
            return sqlite3.connect(urlparse(self.url).path, timeout=30, isolation_level=None)
        import psycopg

        return psycopg.connect(self.url, autocommit=True, connect_timeout=10)

    def rows(self, sql: str, *params) -> list[tuple]:
        connection = self._connect()
        try:
            if not self.sqlite:
                sql = sql.replace("?", "%s")
            return list(connection.execute(sql, params).fetchall())
        finally:
            connection.close()

    def count(self, table: str) -> int:
        return self.rows(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608 - our table names

    def writing(self, table: str) -> bool:
        """Another connection holds an open write transaction (on `table`, for PostgreSQL)."""
        if self.sqlite:
            connection = sqlite3.connect(urlparse(self.url).path, timeout=0, isolation_level=None)
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True  # "database is locked": a writer holds it
            else:
                connection.execute("ROLLBACK")
                return False
            finally:
                connection.close()
        return bool(
            self.rows(
                "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = ? AND l.mode = 'RowExclusiveLock' AND l.granted "
                "AND l.pid <> pg_backend_pid()",
                table,
            )[0][0]
        )
