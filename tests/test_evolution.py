"""The evolution suite: every spec change becomes a migration that keeps the rows and can be undone.

Each folder under ``tests/evolution/`` is one case:

- ``before/*.yaml`` and ``after/*.yaml``: the spec of system ``evo`` before and after the change;
- ``data.sql`` (optional): rows inserted once the database is at ``before``;
- ``check.sql`` (optional): statements that must succeed once the migration is applied (an insert
  that takes the next value of a sequence ...), run in a transaction that is rolled back;
- ``args.txt`` (optional): arguments for the ``generate`` that writes the new migration, one per
  line (``--allow-destructive``: then ``generate`` without it must refuse the change);
- ``expected.sql``: the new migration files, concatenated (``pytest --update-golden`` rewrites it).

For each case, on a fresh database: ``migrate`` to ``before``, insert the rows, generate the new
migration from ``after``, ``migrate`` again; then ``drift`` against ``after`` is empty and every
table that is kept (or renamed) has as many rows as before, give or take the seed rows the spec
added or removed; ``migrate down`` to version 1, and
``drift`` against ``before`` is empty with the row counts of ``before`` again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from generator.cli import main
from generator.diff.differ import seed_change
from generator.drift import drift
from generator.migrate.files import list_migrations
from generator.migrate.runner import Runner
from generator.model import objects as m
from generator.spec.build import load_system

CORPUS = Path(__file__).resolve().parent / "evolution"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "before").is_dir())
SYSTEM = "evo"
MIN_CASES = 80


def _set_spec(project: Path, source: Path) -> None:
    folder = project / "spec" / SYSTEM
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder)


def _generate(project: Path, *args: str) -> int:
    return main(["-C", str(project), "generate", *args])


def _counts(dsn: str, model: m.Model) -> dict[m.QName, int]:
    with psycopg.connect(dsn) as conn:
        return {q: conn.execute(f'SELECT count(*) FROM "{q[0]}"."{q[1]}"').fetchone()[0] for q in model.tables}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_size():
    assert len(CASES) >= MIN_CASES, f"{len(CASES)} evolution cases, expected at least {MIN_CASES}"


@pytest.mark.parametrize("case", CASES)
def test_evolution(case: str, tmp_path: Path, fresh_db: str, request, capsys):
    source = CORPUS / case
    project = tmp_path / "project"
    migrations = project / "generated" / SYSTEM / "migrations"
    _set_spec(project, source / "before")
    assert _generate(project) == 0
    before = load_system(project / "spec" / SYSTEM).model
    runner = Runner(fresh_db, SYSTEM, migrations, log=lambda _: None)
    runner.up()
    if (source / "data.sql").is_file():
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute((source / "data.sql").read_text())
    counts_before = _counts(fresh_db, before)

    _set_spec(project, source / "after")
    args = [a for a in (source / "args.txt").read_text().split() if a] if (source / "args.txt").is_file() else []
    if "--allow-destructive" in args:
        unchanged = _tree(project / "generated")
        assert _generate(project) == 2, "a destructive change must be refused without --allow-destructive"
        assert _tree(project / "generated") == unchanged
    known = {mf.name for mf in list_migrations(migrations)}
    capsys.readouterr()
    assert _generate(project, *args) == 0, capsys.readouterr().err
    new = [mf for mf in list_migrations(migrations) if mf.name not in known]
    assert new, "the changed spec gave no migration"
    _golden(source / "expected.sql", "".join(mf.text() for mf in new), request)

    after = load_system(project / "spec" / SYSTEM).model
    applied = runner.up()
    assert [s.migration.name for s in applied] == [mf.name for mf in new]
    assert [c.describe() for c in drift(fresh_db, after)] == [], "drift after the migration"
    if (source / "check.sql").is_file():
        with psycopg.connect(fresh_db) as conn:
            conn.execute((source / "check.sql").read_text())
            conn.rollback()
    counts_after = _counts(fresh_db, after)
    for q, t in after.tables.items():
        was = (t.schema, t.renamed_from) if (t.schema, t.renamed_from) in before.tables and q not in before.tables else q
        if was in counts_before:
            seeds = seed_change(before.tables[was], t)
            expected = counts_before[was] + len(seeds.insert) - len(seeds.delete)
            assert counts_after[q] == expected, f"{m.qname_text(q)} lost rows"

    runner.down(to=1)
    assert [c.describe() for c in drift(fresh_db, before)] == [], "drift after the down migration"
    assert _counts(fresh_db, before) == counts_before


def _golden(path: Path, text: str, request) -> None:
    if request.config.getoption("--update-golden"):
        path.write_text(text)
    assert path.is_file(), f"{path} missing: run `pytest tests/test_evolution.py --update-golden` and review it"
    assert text == path.read_text(), f"{path} differs: review, then `pytest --update-golden`"
