"""Golden files of small specs (regenerate with `make golden`): migration, JSON Schema, models and
types; each migration is also applied to a live database and read back with no change."""

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


GOLDEN_ARTIFACTS = {"0001_initial.sql": "expected.sql", "0001_initial.down.sql": "expected.down.sql",
                    "schema.json": "expected.schema.json", "models.py": "expected.models.py",
                    "types.ts": "expected.types.ts"}


@pytest.mark.parametrize("case", CASES)
def test_golden_artifacts(case, request, tmp_path):
    """The migration (up and down), JSON Schema, Pydantic models and TypeScript types of each small spec."""
    for output in system_outputs(tmp_path, _built(case)):
        key = next((k for k in GOLDEN_ARTIFACTS if output.path.name == k), None)
        if key is None:
            continue
        expected = GOLDEN / case / GOLDEN_ARTIFACTS[key]
        if request.config.getoption("--update-golden"):
            expected.write_text(output.text)
        assert expected.is_file(), f"{expected} missing: run `make golden`"
        assert output.text == expected.read_text(), f"{expected} differs: review, then `make golden`"


@pytest.mark.parametrize("case", CASES)
def test_golden_round_trip(case, fresh_db):
    built = _built(case)
    apply_sql(fresh_db, (GOLDEN / case / "expected.sql").read_text())
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        live = introspect(conn, built.model.roles)
        fast = [c.describe() for c in diff(live, built.model)]
        assert [c.describe() for c in diff(live, built.model, PostgresOracle(conn))] == []
    assert fast == [], "equal after Postgres's judgement, but the fast path disagreed"


@pytest.mark.parametrize("case", CASES)
def test_a_model_has_no_difference_with_itself(case):
    model = _built(case).model
    assert diff(model, model) == []
    assert diff(Model(), Model()) == []
