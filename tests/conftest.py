"""Shared fixtures: one live PostgreSQL per test session, a fresh database per test, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from generator.migrate.files import list_migrations
from generator.pgserver import PostgresServer, running_server

REPO = Path(__file__).resolve().parent.parent
SYSTEMS = sorted(p.name for p in (REPO / "spec").iterdir() if p.is_dir())  # the systems under spec/


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*/expected.sql")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    with running_server() as server:
        yield server


@pytest.fixture
def fresh_db(pg_server: PostgresServer) -> Iterator[str]:
    """The DSN of a new empty database, dropped after the test."""
    dsn = pg_server.create_database()
    try:
        yield dsn
    finally:
        pg_server.drop_database(dsn)


def apply_sql(dsn: str, sql: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


def apply_migrations(dsn: str, folder: Path) -> None:
    """Apply a system's up migrations (never its ``.down.sql`` files) in version order."""
    for migration in list_migrations(folder):
        apply_sql(dsn, migration.text())


def run_pgspec(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``python -m generator`` as a user would, in ``cwd``."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of this repository's spec/ and generated/ in a temporary project folder."""
    for folder in ("spec", "generated"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path
