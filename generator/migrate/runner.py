"""Apply a system's migrations to a database, with the guarantees of Flyway and Atlas.

- History: ``pgspec.migrations`` records each applied migration's version, name, checksum and
  time. A file whose text no longer matches its recorded checksum stops the run, naming it.
- One run at a time: a session-level advisory lock (one key per system) makes a second run wait,
  then find the work done; nothing is applied twice. The waiting run polls with
  ``pg_try_advisory_lock`` instead of blocking in ``pg_advisory_lock``: a blocked call is an open
  transaction, which ``CREATE INDEX CONCURRENTLY`` in the first run would wait for (a deadlock).
- All or nothing: a transactional migration and its history row commit together, or neither
  does. A migration marked ``no-transaction`` runs statement by statement (each can run again)
  and is recorded when its last statement is done, so a run that fails part-way is completed by
  the next one.
- ``lock_timeout`` and ``statement_timeout`` are set for the session after the advisory lock is
  taken, so a DDL statement blocked behind a long transaction fails fast instead of queueing
  every other query on the table behind it.
- ``up(to=N)`` applies pending migrations up to version N; ``down(to=N)`` runs the down files of
  applied migrations above N, newest first.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg

from generator.errors import DatabaseError
from generator.migrate.files import (MigrationFile, checksum, list_migrations, statements, transaction_body,
                                     transactional)

LOCK_POLL_SECONDS = 0.2
HISTORY_SCHEMA = "pgspec"  # never introspected (see generator/introspect/queries)
_HISTORY_DDL = f"""
CREATE SCHEMA IF NOT EXISTS {HISTORY_SCHEMA};
CREATE TABLE IF NOT EXISTS {HISTORY_SCHEMA}.migrations (
    system text NOT NULL,
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    execution_ms integer NOT NULL,
    PRIMARY KEY (system, version)
)"""


class MigrationError(Exception):
    """The run stopped: a changed or missing file, or a statement the database refused."""


@dataclass(frozen=True)
class Step:
    """One migration to run: up (apply, record) or down (reverse, forget)."""

    migration: MigrationFile
    direction: str  # "up" | "down"

    @property
    def path(self) -> Path:
        return self.migration.path if self.direction == "up" else self.migration.down_path

    def describe(self) -> str:
        return f"{self.direction} {self.path.name}"


@dataclass(frozen=True)
class Settings:
    lock_timeout: str = "5s"
    statement_timeout: str = "15min"


def lock_key(system: str) -> int:
    """A stable signed 64-bit advisory lock key for the system."""
    return int.from_bytes(hashlib.sha256(f"pgspec:{system}".encode()).digest()[:8], "big", signed=True)


class Runner:
    def __init__(self, dsn: str, system: str, folder: Path, settings: Settings = Settings(),
                 log: Callable[[str], None] = lambda line: print(line, flush=True)):
        self.dsn, self.system, self.folder, self.settings, self.log = dsn, system, folder, settings, log

    def up(self, to: int | None = None, dry_run: bool = False) -> list[Step]:
        """Apply pending migrations (up to version ``to``); returns what ran (or would run)."""
        return self._run(lambda applied, files: [
            Step(mf, "up") for mf in files if mf.version not in applied and (to is None or mf.version <= to)],
            dry_run)

    def down(self, to: int, dry_run: bool = False) -> list[Step]:
        """Reverse applied migrations above version ``to``, newest first."""
        return self._run(lambda applied, files: [
            Step(mf, "down") for mf in reversed(files) if mf.version in applied and mf.version > to], dry_run)

    def _run(self, choose, dry_run: bool) -> list[Step]:
        files = list_migrations(self.folder)
        try:
            with psycopg.connect(self.dsn, autocommit=True, connect_timeout=10) as conn:
                self._lock(conn)
                try:
                    conn.execute(f"SET lock_timeout = '{timeout(self.settings.lock_timeout)}'")
                    conn.execute(f"SET statement_timeout = '{timeout(self.settings.statement_timeout)}'")
                    conn.execute(_HISTORY_DDL)
                    applied = self._verified_history(conn, files)
                    steps = choose(applied, files)
                    for step in steps:
                        self.log(("would run " if dry_run else "running ") + step.describe())
                        if not dry_run:
                            self._apply(conn, step)
                    return steps
                finally:
                    if not conn.closed:
                        conn.execute("SELECT pg_advisory_unlock(%s)", (lock_key(self.system),))
        except psycopg.OperationalError as e:
            raise DatabaseError(str(e).strip()) from e

    def _lock(self, conn: psycopg.Connection) -> None:
        key = lock_key(self.system)
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:
            self.log(f"waiting for another pgspec migrate of {self.system} to finish")
            while not conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:
                time.sleep(LOCK_POLL_SECONDS)

    def _verified_history(self, conn: psycopg.Connection, files: list[MigrationFile]) -> dict[int, str]:
        """The applied versions and their checksums, after checking that every file is unchanged."""
        rows = conn.execute(f"SELECT version, name, checksum FROM {HISTORY_SCHEMA}.migrations WHERE system = %s "
                            "ORDER BY version", (self.system,)).fetchall()
        by_version = {mf.version: mf for mf in files}
        for version, name, recorded in rows:
            mf = by_version.get(version)
            if mf is None or mf.name != name:
                raise MigrationError(f"migration {name} was applied to this database but its file is missing "
                                     f"from {self.folder}")
            if checksum(mf.text()) != recorded:
                raise MigrationError(f"migration {mf.path.name} was changed after it was applied (checksum "
                                     "mismatch): restore the applied text and put the change in a new migration")
        return {version: recorded for version, _, recorded in rows}

    def _apply(self, conn: psycopg.Connection, step: Step) -> None:
        mf = step.migration
        if step.direction == "down" and not mf.down_path.is_file():
            raise MigrationError(f"{mf.name} has no down migration ({mf.down_path.name})")
        text = step.path.read_text(encoding="utf-8")
        started = time.perf_counter()
        try:
            if transactional(text):
                with conn.transaction():
                    conn.execute(transaction_body(step.path, text))
                    self._record(conn, step, started)
            else:
                for statement in statements(text):
                    conn.execute(statement)
                self._record(conn, step, started)
        except psycopg.Error as e:
            raise MigrationError(f"{step.path.name}: {str(e).strip()}") from e

    def _record(self, conn: psycopg.Connection, step: Step, started: float) -> None:
        mf = step.migration
        if step.direction == "up":
            conn.execute(f"INSERT INTO {HISTORY_SCHEMA}.migrations (system, version, name, checksum, execution_ms) "
                         "VALUES (%s, %s, %s, %s, %s)",
                         (self.system, mf.version, mf.name, checksum(mf.text()),
                          round((time.perf_counter() - started) * 1000)))
        else:
            conn.execute(f"DELETE FROM {HISTORY_SCHEMA}.migrations WHERE system = %s AND version = %s",
                         (self.system, mf.version))


def timeout(text: str) -> str:
    """A timeout setting as Postgres reads it (``5s``, ``2min``, ``0``); anything else is refused."""
    if not re.fullmatch(r"[0-9]+\s*(ms|s|min|h)?", text.strip()):
        raise ValueError(f"not a timeout: {text!r} (examples: 5s, 500ms, 2min, 0 for none)")
    return text.strip()
