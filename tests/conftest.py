"""Shared fixtures: one live PostgreSQL per test session, a fresh database per test, the CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from generator.migrate.files import list_migrations
from generator.pgserver import DEFAULT_PG_BIN, PostgresServer, running_server

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


PG_DUMP = Path(os.environ.get("PGSPEC_PG_BIN", DEFAULT_PG_BIN)) / "pg_dump"
_DUMP_HEADER = re.compile(r"^(-- Name: .*)$", re.M)
_DUMP_BODY = re.compile(r"\$(\w*)\$\s*(.*?)\s*\$\1\$", re.S)
_DUMP_NOISE = ("--", "SET ", "SELECT pg_catalog.set_config", "\\restrict ", "\\unrestrict ")


def schema_dump(dsn: str) -> list[str]:
    """``pg_dump --schema-only`` as a sorted list of statement blocks, to compare two databases:
    session settings left out, an ACL's statements sorted (their order is the order of the
    grants), function bodies without the white space at their edges (generate writes a body on
    lines of its own)."""
    done = subprocess.run([str(PG_DUMP), "--schema-only", "-d", dsn],
                          capture_output=True, text=True, timeout=120, check=True)
    parts = _DUMP_HEADER.split(done.stdout)[1:]
    blocks = []
    for header, part in zip(parts[::2], parts[1::2]):
        lines = [line for line in part.splitlines() if line.strip() and not line.startswith(_DUMP_NOISE)]
        if "; Type: ACL;" in header:
            lines.sort()
        blocks.append(_DUMP_BODY.sub(lambda m: f"${m[1]}${m[2]}${m[1]}$", "\n".join(lines)))
    return sorted(blocks)
