"""Golden SQL for small specs (regenerate with `make golden`), each also applied to a live database
and read back: applying the migration, introspecting and diffing gives no change."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from conftest import apply_sql
from generator.diff.differ import diff
from generator.diff.oracle import PostgresOracle
from generator.introspect.catalog import introspect
from generator.model.objects import Model
from generator.project import system_outputs
from generator.spec.build import load_system

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec").is_dir())


def _built(case: str):
    return load_system(GOLDEN / case / "spec" / case)


@pytest.mark.parametrize("case", CASES)
def test_golden_sql(case, request):
    (migration,) = [o for o in system_outputs(_built(case)) if o.path.suffix == ".sql"]
    expected = GOLDEN / case / "expected.sql"
    if request.config.getoption("--update-golden"):
        expected.write_text(migration.text)
    assert expected.is_file(), f"{expected} missing: run `make golden`"
    assert migration.text == expected.read_text()


@pytest.mark.parametrize("case", CASES)
def test_golden_round_trip(case, fresh_db):
    built = _built(case)
    apply_sql(fresh_db, (GOLDEN / case / "expected.sql").read_text())
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        live = introspect(conn, built.model.roles)
        fast = [c.describe() for c in diff(live, built.model)]
        assert [c.describe() for c in diff(live, built.model, PostgresOracle(conn))] == []
    assert fast == [], "equal after Postgres's judgement, but the fast path disagreed"


def test_every_case_is_applied_from_an_empty_model():
    for case in CASES:
        assert diff(Model(), Model()) == []
        assert diff(_built(case).model, _built(case).model) == []
