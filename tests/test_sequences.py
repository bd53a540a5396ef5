"""Sequences, stored generated columns, column collations and identity options beyond the golden
case: import gives back the spec, snapshots keep them, the docs show them, the differ orders them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import apply_sql
from generator.diff.differ import diff
from generator.drift import drift
from generator.emit.docs import readme
from generator.emit.sql import render
from generator.importer.command import import_dsn
from generator.importer.layout import write_folder
from generator.model import snapshot
from generator.model.objects import Model
from generator.model.sequences import sequence_references
from generator.spec.build import load_system

CASE = Path(__file__).parent / "golden" / "sequences"


def _built():
    return load_system(CASE / "spec" / "sequences")


def test_import_gives_back_the_spec(fresh_db, tmp_path):
    """Options, owners, grants and comments of sequences, identity options, generation expressions
    and collations all survive database → import → spec."""
    built = _built()
    apply_sql(fresh_db, (CASE / "expected.sql").read_text())
    imported = import_dsn(fresh_db, "sequences")
    assert imported.warnings == []
    write_folder(tmp_path / "spec", imported.files, force=False)
    again = load_system(tmp_path / "spec").model
    assert [c.describe() for c in diff(again, built.model)] == []
    assert drift(fresh_db, again) == []
    system = imported.files["system.yaml"]
    assert "owned_by: tickets.number" in system and "start: 1000" in system
    tickets = next(text for name, text in imported.files.items() if name.startswith("tickets"))
    assert "identity: {kind: always, increment: 10, start: 10, cache: 5}" in tickets
    assert "generated: lower(title)}" in tickets


def test_snapshot_keeps_them_and_reads_older_snapshots():
    model = _built().model
    text = snapshot.dumps(model)
    assert snapshot.loads(text) == model
    assert snapshot.loads(text).sequences == model.sequences
    empty = snapshot.dumps(Model(system="x"))
    assert '"sequences"' not in empty  # snapshots of systems without sequences do not change
    assert snapshot.loads(empty).sequences == {}


def test_readme_shows_sequences_and_column_kinds():
    built = _built()
    text = readme(built, [])
    assert "| `billing.invoice_number` | bigint | 1000 | 10 |" in text
    assert "app: select, usage; auditor: select" in text
    assert "`text collate C`" in text
    assert "generated always as (lower(title)) stored" in text
    assert "generated always as identity (increment 10, start 10, cache 5)" in text


def test_nextval_names_the_sequence():
    assert sequence_references("nextval('billing.\"Odd Seq\"'::regclass)") == {("billing", "Odd Seq")}
    assert sequence_references("coalesce(x, nextval('Counter'))") == {("public", "counter")}
    assert sequence_references("next_val('x')") == frozenset()


def test_a_sequence_comes_before_the_column_that_calls_it_and_is_owned_after():
    model = _built().model
    changes = diff(Model(), model)
    at = {c.describe(): i for i, c in enumerate(changes)}
    assert at["create sequence ticket_no"] < at["create table tickets"] < at[
        "set owner of sequence ticket_no to tickets.number"]
    assert at["create sequence billing.invoice_number"] < at["create table billing.invoices"]
    down = diff(model, Model())
    at = {c.describe(): i for i, c in enumerate(down)}
    assert at["set owner of sequence ticket_no to none"] < at["drop table tickets"] < at["drop sequence ticket_no"]


@pytest.mark.parametrize("increment, expected", [(1, "START WITH 1"), (-1, "START WITH -1")])
def test_a_sequence_starts_where_postgres_would(increment, expected, tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "s.yaml").write_text(f"sequences:\n  s: {{increment: {increment}}}\n")
    seq = load_system(folder).model.sequences[("public", "s")]
    assert expected in render(diff(Model(), Model(sequences={("public", "s"): seq}))[0])[0]


def test_import_names_a_sequence_left_out_by_schema(fresh_db):
    apply_sql(fresh_db, "CREATE SCHEMA counters; CREATE SEQUENCE counters.n; "
                        "CREATE TABLE t (id bigint DEFAULT nextval('counters.n') PRIMARY KEY);")
    imported = import_dsn(fresh_db, "x", {"public"})
    assert [w.message for w in imported.warnings] == [
        "column public.t.id calls sequence counters.n, which is not imported: the spec will not load until it is"]
    assert imported.model.sequences == {}


def test_seed_rows_leave_generated_columns_and_sequence_defaults_out(fresh_db, tmp_path):
    apply_sql(fresh_db, "CREATE SEQUENCE n START 7; CREATE TABLE t (id bigint PRIMARY KEY DEFAULT nextval('n'), "
                        "a integer NOT NULL, twice integer GENERATED ALWAYS AS (a * 2) STORED); "
                        "INSERT INTO t (a) VALUES (1), (2);")
    imported = import_dsn(fresh_db, "x", seed=("t",))
    assert imported.model.tables[("public", "t")].seed == ({"a": 1}, {"a": 2})
    write_folder(tmp_path / "x", imported.files, force=False)
    assert load_system(tmp_path / "x").model.tables[("public", "t")].seed == ({"a": 1}, {"a": 2})


def test_owner_follows_a_renamed_table_and_column(tmp_path):
    before = """
sequences:
  n: {owned_by: items.num}
tables:
  items:
    columns:
      num: {type: bigint, primary_key: true, default: {sql: "nextval('n')"}}
"""
    after = """
sequences:
  n: {owned_by: goods.number}
tables:
  goods:
    renamed_from: items
    columns:
      number: {type: bigint, primary_key: true, default: {sql: "nextval('n')"}, renamed_from: num}
"""
    models = []
    for name, text in (("before", before), ("after", after)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "s.yaml").write_text(text)
        models.append(load_system(tmp_path / name).model)
    steps = [c.describe() for c in diff(*models)]
    assert steps.index("rename table items to goods") < steps.index("rename column num on goods to number") < \
        steps.index("set owner of sequence n to goods.number")
