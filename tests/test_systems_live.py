"""Every system under spec/: its migration applies to an empty database, reads back equal to the
spec on the fast path, and `pgspec drift` against it exits 0."""

from __future__ import annotations

import psycopg
import pytest

from conftest import REPO, SYSTEMS, apply_migrations, run_pgspec
from generator.diff.differ import diff
from generator.introspect.catalog import introspect
from generator.spec.build import load_system



@pytest.mark.parametrize("system", SYSTEMS)
def test_system_applies_and_has_no_drift(fresh_db, system):
    apply_migrations(fresh_db, REPO / "generated" / system / "migrations")
    model = load_system(REPO / "spec" / system).model
    with psycopg.connect(fresh_db) as conn:
        live = introspect(conn, model.roles)
    assert [c.describe() for c in diff(live, model)] == [], "the fast path alone must find no difference"
    result = run_pgspec("drift", "--dsn", fresh_db, f"spec/{system}", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
