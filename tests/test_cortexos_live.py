"""CortexOS on a live database: its seed row, and hand edits found as drift (the clean apply and
empty drift of every system is tests/test_systems_live.py)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from conftest import REPO, apply_sql, run_pgspec
from generator.spec.build import load_system

SPEC = REPO / "spec" / "cortexos"
MIGRATION = REPO / "generated" / "cortexos" / "migrations" / "0001_initial.sql"


@pytest.fixture(scope="module")
def model():
    return load_system(SPEC).model


@pytest.fixture
def cortexos_db(fresh_db: str) -> str:
    apply_sql(fresh_db, MIGRATION.read_text())
    return fresh_db


def test_seed_master_user_exists(cortexos_db):
    with psycopg.connect(cortexos_db) as conn:
        row = conn.execute("SELECT username, role, permissions, uuid IS NOT NULL FROM users").fetchall()
    assert row == [("master", "master", {"all": True}, True)]


HAND_EDITS = {
    "drop index": ("DROP INDEX idx_tasks_status", "create index idx_tasks_status on tasks"),
    "change column type": ("ALTER TABLE steps ALTER COLUMN retry_count TYPE bigint",
                           "alter column retry_count on steps: type bigint → integer"),
    "drop policy": ("DROP POLICY memories_select_own ON memories",
                    "create policy memories_select_own on memories"),
    "disable rls": ("ALTER TABLE logs DISABLE ROW LEVEL SECURITY", "enable row level security on logs"),
    "drop trigger": ("DROP TRIGGER logs_append_only ON logs", "create trigger logs_append_only on logs"),
    "change check": ("ALTER TABLE users DROP CONSTRAINT users_role_check, ADD CONSTRAINT users_role_check "
                     "CHECK (role IN ('master', 'agent'))", "create check constraint users_role_check on users"),
    "change default": ("ALTER TABLE tasks ALTER COLUMN priority SET DEFAULT 5",
                       "alter column priority on tasks: default 5 → 0"),
    "drop not null": ("ALTER TABLE tasks ALTER COLUMN goal DROP NOT NULL",
                      "alter column goal on tasks: nullable True → False"),
    "change policy expression": ("ALTER POLICY users_select_self ON users USING (id = app_user_id() + 1)",
                                 "create policy users_select_self on users"),
    "extra table": ("CREATE TABLE scratch (id int)", "drop table scratch"),
}


@pytest.mark.parametrize("edit", HAND_EDITS, ids=list(HAND_EDITS))
def test_hand_edit_is_reported_as_drift(cortexos_db, edit):
    statement, expected = HAND_EDITS[edit]
    apply_sql(cortexos_db, statement)
    result = run_pgspec("drift", "--dsn", cortexos_db, "spec/cortexos", cwd=REPO)
    assert result.returncode == 1, result.stdout + result.stderr
    reported = [line.strip()[2:] for line in result.stdout.splitlines() if line.strip().startswith("- ")]
    assert expected in reported, result.stdout
    names = expected.split(" on ")[0].split()[-1]
    assert all(names in line for line in reported), f"drift names other objects too: {reported}"


def test_drift_on_unreachable_database_exits_2(tmp_path: Path):
    result = run_pgspec("drift", "--dsn", f"host={tmp_path} dbname=nope connect_timeout=2", "spec/cortexos",
                        cwd=REPO)
    assert result.returncode == 2
    assert "database error" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("edit", HAND_EDITS, ids=list(HAND_EDITS))
def test_drift_fix_sql_restores_the_spec(cortexos_db, model, edit):
    """The SQL drift prints for a difference, applied, leaves no drift (every renderer is exercised)."""
    from generator.drift import drift
    from generator.emit.sql import render

    apply_sql(cortexos_db, HAND_EDITS[edit][0])
    changes = drift(cortexos_db, model)
    assert changes
    apply_sql(cortexos_db, ";\n".join(s for c in changes for s in render(c)))
    assert drift(cortexos_db, model) == []


def test_drift_json_and_sql_reports(cortexos_db):
    """--json: a machine-readable report grouped by object; --sql: only the SQL, which fixes it."""
    import json

    apply_sql(cortexos_db, "DROP INDEX idx_tasks_status; ALTER TABLE logs DISABLE ROW LEVEL SECURITY")
    report = run_pgspec("drift", "--dsn", cortexos_db, "spec/cortexos", "--json", cwd=REPO)
    assert report.returncode == 1
    data = json.loads(report.stdout)
    assert data["system"] == "cortexos" and data["drift"] is True
    assert {(c["object"], c["change"]) for c in data["changes"]} == {
        ("table tasks", "create index idx_tasks_status on tasks"),
        ("table logs", "enable row level security on logs")}
    assert all(c["sql"] for c in data["changes"])
    fix = run_pgspec("drift", "--dsn", cortexos_db, "spec/cortexos", "--sql", cwd=REPO)
    assert fix.returncode == 1 and fix.stdout.startswith("-- Brings the database to spec/cortexos")
    apply_sql(cortexos_db, fix.stdout)
    clean = run_pgspec("drift", "--dsn", cortexos_db, "spec/cortexos", "--json", cwd=REPO)
    assert clean.returncode == 0 and json.loads(clean.stdout) == {"system": "cortexos", "drift": False, "changes": []}
