"""A live PostgreSQL 15 server with pgvector for pgspec and its tests.

`running_server()` picks the first available source:

1. ``PGSPEC_TEST_DSN``: an existing server, given as a superuser DSN, used as is.
2. A running Docker engine: a ``pgvector/pgvector:pg15`` container via testcontainers.
3. An ephemeral local cluster made with ``initdb`` from ``PGSPEC_PG_BIN``
   (default ``/usr/lib/postgresql/15/bin``), reachable only through a unix socket.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

DEFAULT_PG_BIN = "/usr/lib/postgresql/15/bin"
DOCKER_IMAGE = "pgvector/pgvector:pg15"
# Seconds to wait for `docker info`; a missing or hung engine must not slow the fallback.
DOCKER_PROBE_TIMEOUT = 1.0
_INITDB_ARGS = (
    "-U postgres --auth=trust -E UTF8 --locale=C --no-sync --no-instructions".split()
)
_LOCAL_SETTINGS = {
    "listen_addresses": "",
    "port": "5432",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


@dataclass(frozen=True)
class PostgresServer:
    """A reachable server plus helpers to create and drop scratch databases."""

    admin_dsn: str
    """libpq DSN of a superuser connection (database ``postgres`` unless given otherwise)."""

    def dsn(self, dbname: str) -> str:
        """Return the DSN for database `dbname` on the same server."""
        return make_conninfo(self.admin_dsn, dbname=dbname)

    def create_database(self, prefix: str = "pgspec") -> str:
        """Create a database with a unique name starting with `prefix`; return its DSN."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.dsn(name)

    def drop_database(self, dsn_or_name: str) -> None:
        """Drop a database given by name or DSN, disconnecting its sessions; missing is fine."""
        name = _dbname(dsn_or_name)
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    """Yield a server from PGSPEC_TEST_DSN, Docker, or a local cluster, in that order."""
    external = os.environ.get("PGSPEC_TEST_DSN")
    if external:
        yield PostgresServer(external)
    elif _docker_available():
        with _docker_server() as server:
            yield server
    else:
        with _local_server() as server:
            yield server


def _docker_available(timeout: float = DOCKER_PROBE_TIMEOUT) -> bool:
    """Return whether a Docker engine answers `docker info` within `timeout` seconds."""
    if shutil.which("docker") is None:
        return False
    try:
        # No pipes: a killed CLI's lingering children would keep them open past the timeout.
        result = subprocess.run(
            ["docker", "info", "--format", "{{.ServerVersion}}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


@contextlib.contextmanager
def _docker_server() -> Iterator[PostgresServer]:
    """Run a pgvector container for the duration of the block."""
    try:
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:  # testcontainers < 4.14 only has the old module path
        from testcontainers.postgres import PostgresContainer

    password = secrets.token_hex(16)
    container = PostgresContainer(
        DOCKER_IMAGE,
        username="postgres",
        password=password,
        dbname="postgres",
        driver=None,
    )
    with container:
        yield PostgresServer(
            make_conninfo(
                host=container.get_container_host_ip(),
                port=str(container.get_exposed_port(5432)),
                user="postgres",
                password=password,
                dbname="postgres",
            )
        )


@contextlib.contextmanager
def _local_server() -> Iterator[PostgresServer]:
    """Run a throwaway cluster on a unix socket; stop it and delete its files on exit."""
    bin_dir = Path(os.environ.get("PGSPEC_PG_BIN", DEFAULT_PG_BIN))
    initdb, pg_ctl = bin_dir / "initdb", bin_dir / "pg_ctl"
    for tool in (initdb, pg_ctl):
        if not os.access(tool, os.X_OK):
            raise RuntimeError(
                f"{tool} not found or not executable (set PGSPEC_PG_BIN)"
            )

    # initdb refuses to run as root: act as the postgres OS user, who owns the files.
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    root = Path(tempfile.mkdtemp(prefix="pgspec-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    started = False
    try:
        sockets.mkdir()
        if as_root:
            for path in (root, sockets):
                shutil.chown(path, "postgres", "postgres")
        _run(prefix + [str(initdb), "-D", str(data), *_INITDB_ARGS], "initdb", log)
        settings = {**_LOCAL_SETTINGS, "unix_socket_directories": str(sockets)}
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "".join(f"{k} = {_conf_quote(v)}\n" for k, v in settings.items())
            )
        # From here on a postmaster may be running, so always try to stop it.
        started = True
        _run(
            prefix
            + [str(pg_ctl), "start", "-D", str(data), "-l", str(log), "-w", "-t", "60"],
            "pg_ctl start",
            log,
        )
        yield PostgresServer(
            make_conninfo(
                host=str(sockets), port="5432", user="postgres", dbname="postgres"
            )
        )
    finally:
        if started:
            subprocess.run(
                prefix
                + [str(pg_ctl), "stop", "-D", str(data), "-m", "immediate", "-w"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


def _run(cmd: list[str], what: str, log: Path) -> None:
    """Run `cmd`; on failure raise RuntimeError with its output and the server log tail."""
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise RuntimeError(
            f"{what} failed (exit {result.returncode}): {output}\n"
            f"--- server log tail ---\n{_tail(log)}"
        )


def _tail(path: Path, lines: int = 30) -> str:
    """Return the last `lines` lines of `path`, or a note when it cannot be read."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(no log: {exc})"


def _conf_quote(value: str) -> str:
    """Quote `value` as a postgresql.conf string literal."""
    return "'" + value.replace("'", "''") + "'"


def _dbname(dsn_or_name: str) -> str:
    """Return the database name of a DSN (key=value or URI), or the argument itself."""
    if "=" in dsn_or_name or dsn_or_name.startswith(("postgres://", "postgresql://")):
        name = conninfo_to_dict(dsn_or_name).get("dbname")
        if not name:
            raise ValueError(f"DSN names no database: {dsn_or_name!r}")
        return str(name)
    return dsn_or_name
