"""`pgspec migrate` on a live database: history and checksums, one run at a time, all or nothing,
retry after a failure, timeouts, up and down by version, dry runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from conftest import REPO, run_pgspec
from generator.cli import main
from generator.migrate.runner import HISTORY_SCHEMA, lock_key

V1 = """tables:
  items:
    columns:
      id: {type: bigint, primary_key: true}
      code: {type: text, nullable: false}
"""
V2 = V1 + """      label: {type: text, nullable: true}
"""
V3 = V2 + """    indexes:
      items_code: {columns: [code], unique: true}
"""


def _project(tmp_path: Path, *versions: str) -> Path:
    """A project with system ``shop`` whose migrations were generated from each spec version in turn."""
    project = tmp_path / "project"
    (project / "spec" / "shop").mkdir(parents=True)
    for text in versions:
        (project / "spec" / "shop" / "items.yaml").write_text(text)
        assert main(["-C", str(project), "generate"]) == 0
    return project


def _migrate(project: Path, dsn: str, *args: str) -> subprocess.CompletedProcess:
    return run_pgspec("migrate", *args, "spec/shop", "--dsn", dsn, cwd=project)


def _history(dsn: str) -> list[str]:
    with psycopg.connect(dsn) as conn:
        return [r[0] for r in conn.execute(f"SELECT name FROM {HISTORY_SCHEMA}.migrations ORDER BY version")]


def _columns(dsn: str) -> list[str]:
    with psycopg.connect(dsn) as conn:
        return [r[0] for r in conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = 'items'::regclass "
                                           "AND attnum > 0 AND NOT attisdropped ORDER BY attnum")]


def test_migrate_applies_once_and_records_history(tmp_path, fresh_db):
    project = _project(tmp_path, V1, V2, V3)
    first = _migrate(project, fresh_db)
    assert first.returncode == 0, first.stderr
    assert "ran 3 migration(s)" in first.stdout
    assert _history(fresh_db) == ["0001_initial", "0002_alter_items", "0003_alter_items_online"]
    again = _migrate(project, fresh_db)
    assert again.returncode == 0 and "the database is up to date" in again.stdout
    assert run_pgspec("drift", "--dsn", fresh_db, "spec/shop", cwd=project).returncode == 0


def test_dry_run_to_and_down(tmp_path, fresh_db):
    project = _project(tmp_path, V1, V2, V3)
    dry = _migrate(project, fresh_db, "--dry-run")
    assert dry.returncode == 0 and dry.stdout.count("would run up") == 3
    assert _history(fresh_db) == []
    assert _migrate(project, fresh_db, "--to", "2").returncode == 0
    assert _history(fresh_db) == ["0001_initial", "0002_alter_items"]
    assert _columns(fresh_db) == ["id", "code", "label"]
    assert _migrate(project, fresh_db).returncode == 0
    down = run_pgspec("migrate", "down", "spec/shop", "--to", "1", "--dsn", fresh_db, cwd=project)
    assert down.returncode == 0, down.stderr
    assert "running down 0003_alter_items_online.down.sql" in down.stdout
    assert _history(fresh_db) == ["0001_initial"]
    assert _columns(fresh_db) == ["id", "code"]
    refused = run_pgspec("migrate", "down", "spec/shop", "--dsn", fresh_db, cwd=project)
    assert refused.returncode != 0 and "--to NNNN is required" in refused.stderr


def test_edited_applied_migration_stops_the_run(tmp_path, fresh_db):
    project = _project(tmp_path, V1)
    assert _migrate(project, fresh_db).returncode == 0
    applied = project / "generated" / "shop" / "migrations" / "0001_initial.sql"
    applied.write_text(applied.read_text().replace("code text NOT NULL", "code varchar(10) NOT NULL"))
    (project / "spec" / "shop" / "items.yaml").write_text(V2)
    assert main(["-C", str(project), "generate"]) == 0
    result = _migrate(project, fresh_db)
    assert result.returncode == 2
    assert "0001_initial.sql was changed after it was applied" in result.stderr
    assert _history(fresh_db) == ["0001_initial"], "nothing may run after a checksum mismatch"


def test_failed_migration_leaves_nothing_and_the_next_run_completes(tmp_path, fresh_db):
    unique_code = V2 + """    unique:
      items_code_key: {columns: [code]}
"""
    project = _project(tmp_path, V1, unique_code)
    assert _migrate(project, fresh_db, "--to", "1").returncode == 0
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("INSERT INTO items VALUES (1, 'dup'), (2, 'dup')")
    text = (project / "generated" / "shop" / "migrations" / "0002_alter_items.sql").read_text()
    assert text.index("ADD COLUMN label") < text.index("ADD CONSTRAINT items_code_key"), "the column comes first"
    failed = _migrate(project, fresh_db)
    assert failed.returncode == 2 and "0002_alter_items.sql" in failed.stderr and "items_code_key" in failed.stderr
    assert _history(fresh_db) == ["0001_initial"]
    assert _columns(fresh_db) == ["id", "code"], "the column added before the failure was rolled back"
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("UPDATE items SET code = 'other' WHERE id = 2")
    done = _migrate(project, fresh_db)
    assert done.returncode == 0, done.stderr
    assert _history(fresh_db) == ["0001_initial", "0002_alter_items"]
    assert _columns(fresh_db) == ["id", "code", "label"]


def test_online_step_is_retried_after_a_failure(tmp_path, fresh_db):
    project = _project(tmp_path, V1, V2, V3)
    assert _migrate(project, fresh_db, "--to", "2").returncode == 0
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("INSERT INTO items VALUES (1, 'dup'), (2, 'dup')")
    failed = _migrate(project, fresh_db)
    assert failed.returncode == 2 and "0003_alter_items_online.sql" in failed.stderr
    assert _history(fresh_db) == ["0001_initial", "0002_alter_items"]
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        invalid = conn.execute("SELECT count(*) FROM pg_index WHERE indexrelid = 'items_code'::regclass "
                               "AND NOT indisvalid").fetchone()[0]
        assert invalid == 1, "a failed CREATE INDEX CONCURRENTLY leaves an invalid index behind"
        conn.execute("UPDATE items SET code = 'other' WHERE id = 2")
    done = _migrate(project, fresh_db)
    assert done.returncode == 0, done.stderr
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_code'::regclass").fetchone() == (True,)
    assert run_pgspec("drift", "--dsn", fresh_db, "spec/shop", cwd=project).returncode == 0


def _waiting(dsn: str, wait_type: str, n: int, timeout: float = 30) -> None:
    """Wait until ``n`` other sessions wait on a lock of ``wait_type`` (advisory, relation ...)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            count = conn.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = %s",
                                 (wait_type,)).fetchone()[0]
            if count >= n:
                return
            time.sleep(0.05)
    raise AssertionError(f"{n} session(s) never waited on a {wait_type} lock")


def _spawn(project: Path, dsn: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "generator", "migrate", "spec/shop", "--dsn", dsn, *args],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_concurrent_runs_apply_each_migration_once(tmp_path, fresh_db):
    project = _project(tmp_path, V1, V2, V3)
    with psycopg.connect(fresh_db, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (lock_key("shop"),))
        runs = [_spawn(project, fresh_db) for _ in range(2)]
        for run in runs:  # both runs are queued behind the lock: a real race
            assert "waiting for another pgspec migrate" in run.stdout.readline()
        holder.execute("SELECT pg_advisory_unlock(%s)", (lock_key("shop"),))
        outputs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    ran = sum(out.count("running up") for out, _ in outputs)
    assert ran == 3, outputs
    assert _history(fresh_db) == ["0001_initial", "0002_alter_items", "0003_alter_items_online"]


def test_blocked_ddl_fails_fast_with_lock_timeout(tmp_path, fresh_db):
    project = _project(tmp_path, V1, V2)
    assert _migrate(project, fresh_db, "--to", "1").returncode == 0
    with psycopg.connect(fresh_db) as reader:
        reader.execute("SELECT * FROM items").fetchall()  # an open transaction holds ACCESS SHARE
        started = time.monotonic()
        result = _migrate(project, fresh_db, "--lock-timeout", "300ms")
        waited = time.monotonic() - started
        reader.rollback()
    assert result.returncode == 2 and "lock timeout" in result.stderr
    assert waited < 60
    assert _history(fresh_db) == ["0001_initial"]


def test_killed_run_leaves_the_previous_migration_and_the_next_run_completes(tmp_path, fresh_db):
    project = _project(tmp_path, V1, V2)
    assert _migrate(project, fresh_db, "--to", "1").returncode == 0
    with psycopg.connect(fresh_db) as reader:
        reader.execute("SELECT * FROM items").fetchall()
        run = _spawn(project, fresh_db, "--lock-timeout", "0")
        _waiting(fresh_db, "relation", 1)  # inside its transaction, blocked on ALTER TABLE
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        reader.rollback()
    assert _history(fresh_db) == ["0001_initial"]
    assert _columns(fresh_db) == ["id", "code"]
    done = _migrate(project, fresh_db)
    assert done.returncode == 0, done.stderr
    assert _history(fresh_db) == ["0001_initial", "0002_alter_items"]


@pytest.mark.parametrize("bad", ["5 seconds", "-1s", "1d"])
def test_timeouts_are_validated(tmp_path, bad):
    result = run_pgspec("migrate", "spec/shop", "--dsn", "dbname=x", f"--lock-timeout={bad}", cwd=tmp_path)
    assert result.returncode == 2 and "not a timeout" in result.stderr
