"""Live tests for generator.pgserver: they start (or reach) a real PostgreSQL server."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from generator import pgserver
from generator.pgserver import PostgresServer, running_server


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    with running_server() as srv:
        yield srv


@pytest.fixture
def local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Force running_server() onto the local-cluster branch."""
    monkeypatch.delenv("PGSPEC_TEST_DSN", raising=False)
    monkeypatch.setattr(pgserver, "_docker_available", lambda: False)


def _scalar(dsn: str, query: str) -> object:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()
    assert row is not None
    return row[0]


def _database_exists(server: PostgresServer, name: str) -> bool:
    with psycopg.connect(server.admin_dsn) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
    return row == (1,)


def test_server_answers_version(server: PostgresServer) -> None:
    assert str(_scalar(server.admin_dsn, "SELECT version()")).startswith("PostgreSQL ")
    if not os.environ.get(
        "PGSPEC_TEST_DSN"
    ):  # an external server may be another version
        assert (
            int(str(_scalar(server.admin_dsn, "SHOW server_version_num"))) // 10000
            == 15
        )


def test_vector_extension_in_created_database(server: PostgresServer) -> None:
    dsn = server.create_database()
    try:
        with psycopg.connect(dsn) as conn:
            conn.execute("CREATE EXTENSION vector")
            row = conn.execute(
                "SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector"
            ).fetchone()
        assert row == (1.0,)
    finally:
        server.drop_database(dsn)


def test_created_databases_are_distinct_and_droppable(server: PostgresServer) -> None:
    first, second = server.create_database(), server.create_database("other")
    names = [conninfo_to_dict(dsn)["dbname"] for dsn in (first, second)]
    assert names[0] != names[1]
    assert str(names[0]).startswith("pgspec_") and str(names[1]).startswith("other_")
    assert [
        _scalar(dsn, "SELECT current_database()") for dsn in (first, second)
    ] == names

    with psycopg.connect(first):  # an open session must not block the drop (WITH FORCE)
        server.drop_database(first)
    server.drop_database(str(names[1]))  # by name
    assert not any(_database_exists(server, str(name)) for name in names)
    server.drop_database(first)  # dropping again is harmless


def test_dsn_points_at_named_database(server: PostgresServer) -> None:
    assert _scalar(server.dsn("template1"), "SELECT current_database()") == "template1"


def test_local_cluster_is_removed_on_exit(local_only: None) -> None:
    with running_server() as srv:
        data_dir = Path(str(_scalar(srv.admin_dsn, "SHOW data_directory")))
        socket_dir = Path(str(conninfo_to_dict(srv.admin_dsn)["host"]))
        assert (data_dir / "PG_VERSION").is_file()
        assert socket_dir.is_dir()
        assert _scalar(srv.admin_dsn, "SHOW listen_addresses") == ""
        assert _scalar(srv.admin_dsn, "SHOW fsync") == "off"
    assert not data_dir.exists()
    assert not socket_dir.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(srv.admin_dsn, connect_timeout=2)


def test_local_cluster_is_removed_after_exception(local_only: None) -> None:
    with pytest.raises(KeyError, match="boom"):
        with running_server() as srv:
            data_dir = Path(str(_scalar(srv.admin_dsn, "SHOW data_directory")))
            raise KeyError("boom")
    assert not data_dir.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(srv.admin_dsn, connect_timeout=2)


def test_missing_initdb_raises(
    local_only: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGSPEC_PG_BIN", str(tmp_path))
    with pytest.raises(RuntimeError, match="initdb"):
        with running_server():
            pass


def test_start_failure_reports_server_log(
    local_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_bin = os.environ.get("PGSPEC_PG_BIN", pgserver.DEFAULT_PG_BIN)
    # Not tmp_path: when run as root the wrappers are executed by the postgres user.
    with tempfile.TemporaryDirectory() as bin_dir:
        os.chmod(bin_dir, 0o755)
        wrappers = {
            "initdb": f'exec {real_bin}/initdb "$@"\n',
            "pg_ctl": f'exec {real_bin}/pg_ctl "$@" -o "-c no_such_setting=1"\n',
        }
        for name, body in wrappers.items():
            path = Path(bin_dir, name)
            path.write_text("#!/bin/sh\n" + body)
            path.chmod(
                path.stat().st_mode
                | stat.S_IXUSR
                | stat.S_IXGRP
                | stat.S_IXOTH
                | stat.S_IROTH
            )
        monkeypatch.setenv("PGSPEC_PG_BIN", bin_dir)
        with pytest.raises(RuntimeError, match="pg_ctl start failed") as info:
            with running_server():
                pass
    assert 'unrecognized configuration parameter "no_such_setting"' in str(info.value)


def test_docker_probe_is_fast() -> None:
    started = time.monotonic()
    pgserver._docker_available()
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize(
    "script", ["exec sleep 30", "echo 'Cannot connect' >&2; exit 1"]
)
def test_docker_probe_falls_through_on_unresponsive_engine(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "docker"
    fake.write_text(f"#!/bin/sh\n{script}\n")
    fake.chmod(0o755)
    monkeypatch.setenv(
        "PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}"
    )  # shadow the real CLI
    started = time.monotonic()
    assert pgserver._docker_available() is False
    assert time.monotonic() - started < 2.0
