"""Partitioned tables: bound values in canonical form whoever wrote them, the partition key as
Postgres prints it, the snapshot and import round trips, the differ's partition changes, and the
migration that stops rather than drop a partition holding rows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from conftest import apply_sql
from generator.diff import changes as ch
from generator.diff.differ import diff
from generator.diff.hazards import destructive
from generator.diff.reverse import reverse_changes
from generator.emit.sql import render
from generator.errors import SpecError
from generator.importer.command import import_dsn, spec_files
from generator.introspect.partitions import partition_key
from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.partitions import Bound, canonical, normalize, same_bound
from generator.model.snapshot import dumps, loads
from generator.spec.build import load_system

GOLDEN = Path(__file__).parent / "golden" / "partitions" / "spec" / "partitions"
TZ = "timestamp with time zone"


@pytest.fixture(scope="module")
def golden() -> m.Model:
    return load_system(GOLDEN).model


@pytest.mark.parametrize("postgres, types, spec", [
    # Postgres prints time bounds in the session's time zone; the spec's midnight is UTC.
    ("FOR VALUES FROM ('2025-12-31 19:00:00-05') TO ('2026-01-31 19:00:00-05')", (TZ,),
     Bound(lower=("2026-01-01",), upper=("2026-02-01",))),
    ("FOR VALUES FROM ('2026-01-01 00:00:00') TO ('2026-01-01 12:30:00')", ("timestamp without time zone",),
     Bound(lower=("2026-01-01",), upper=("2026-01-01T12:30",))),
    ("FOR VALUES FROM (MINVALUE, MINVALUE) TO ('-5', 'it''s')", ("integer", "text"),
     Bound(lower=("MINVALUE", "MINVALUE"), upper=(-5, "it's"))),
    ("FOR VALUES IN (10, 2, NULL)", ("bigint",), Bound(values=("10", 2, None))),
    ("FOR VALUES IN ('b', 'a')", (None,), Bound(values=("b", "a"))),
    ("FOR VALUES WITH (modulus 4, remainder 3)", ("uuid",), Bound(modulus=4, remainder=3)),
    ("DEFAULT", ("date",), Bound(default=True)),
])
def test_bounds_compare_equal_in_canonical_form(postgres, types, spec):
    def values(vs, ts):
        return tuple(normalize(v, t) for v, t in zip(vs, ts))
    written = Bound(spec.default, values(spec.lower, types), values(spec.upper, types),
                    values(spec.values, types[:1] * len(spec.values)), spec.modulus, spec.remainder)
    assert canonical(postgres, types) == written.sql(types)
    assert canonical(written.sql(types), types) == written.sql(types)  # its own output reads back the same


def test_list_values_in_another_order_are_the_same_bound():
    assert same_bound("FOR VALUES IN ('b', NULL, 'a')", "FOR VALUES IN ('a', 'b', NULL)")
    assert not same_bound("FOR VALUES IN ('a', 'b')", "FOR VALUES IN ('a', 'c')")
    assert not same_bound("FOR VALUES FROM (1) TO (2)", "FOR VALUES FROM (2) TO (1)")


@pytest.mark.parametrize("value, type_", [("January", TZ), (2.5, "integer"), ("x", "date"), (True, "text")])
def test_a_value_of_another_type_is_refused(value, type_):
    with pytest.raises(ValueError):
        normalize(value, type_)


def test_partition_key_as_postgres_prints_it():
    key = partition_key('RANGE (season, lower(player), "Odd ""Col""", ((a + 1)))')
    assert key.method == "range"
    assert [k.column for k in key.keys] == ["season", None, 'Odd "Col"', None]
    assert key.keys[1].expression == Expr("lower(player)") and key.keys[3].expression == Expr("(a + 1)")


def test_snapshot_and_import_round_trip(golden, tmp_path):
    assert loads(dumps(golden)) == golden
    folder = tmp_path / "partitions"
    folder.mkdir()
    for name, text in spec_files(golden).items():
        (folder / name).write_text(text)
    assert "events_2026_01: {from: \"2026-01-01\", to: \"2026-02-01\"" in (folder / "events.yaml").read_text()
    assert load_system(folder).model == golden


def _with(model: m.Model, table: str, **changes) -> m.Model:
    t = model.tables[("public", table)]
    return replace(model, tables={**model.tables, t.qname: replace(t, **changes)})


def test_a_changed_bound_drops_if_empty_and_creates_again_with_sub_partitions(golden):
    readings = golden.tables[("public", "readings")]
    moved = tuple(m.Partition(p.name, p.parent, "FOR VALUES IN ('eu')", p.partition_by, p.comment)
                  if p.name == "readings_eu" else p for p in readings.partitions)
    changes = diff(golden, _with(golden, "readings", partitions=moved))
    described = [c.describe() for c in changes]
    assert described == [
        "drop partition readings_eu_0 on readings (if empty)", "drop partition readings_eu_1 on readings (if empty)",
        "drop partition readings_eu on readings (if empty)", "create partition readings_eu on readings",
        "create partition readings_eu_0 on readings", "create partition readings_eu_1 on readings"]
    assert not any(destructive(c) for c in changes)
    guard = render(changes[0])
    assert guard[0].startswith("DO $guard$") and "IF EXISTS (SELECT FROM readings_eu_0)" in guard[0]
    assert guard[1] == "DROP TABLE readings_eu_0"
    down = [c.describe() for c in reverse_changes(changes, golden, _with(golden, "readings", partitions=moved))]
    assert down[-3:] == ["create partition readings_eu on readings", "create partition readings_eu_0 on readings",
                         "create partition readings_eu_1 on readings"]


def test_a_dropped_partition_is_destructive_and_a_new_key_rebuilds_the_table(golden):
    events = golden.tables[("public", "events")]
    fewer = tuple(p for p in events.partitions if p.name != "events_2026_02")
    (dropped,) = diff(golden, _with(golden, "events", partitions=fewer))
    assert destructive(dropped) == "drops partition events_2026_02 of events and its rows"
    hashed = m.PartitionKey("hash", (m.IndexKey("id"),))
    changes = diff(golden, _with(golden, "events", partition_by=hashed, partitions=()))
    assert isinstance(changes[0], ch.Drop) and isinstance(changes[0].obj, m.Table)
    assert any(isinstance(c, ch.Create) and isinstance(c.obj, m.Table) and c.obj.name == "events" for c in changes)


def test_the_guard_stops_a_migration_when_the_partition_holds_rows(golden, fresh_db):
    apply_sql(fresh_db, (GOLDEN.parent.parent / "expected.sql").read_text())
    apply_sql(fresh_db, "INSERT INTO readings VALUES ('uk', 7, 1.5)")
    readings = golden.tables[("public", "readings")]
    moved = tuple(m.Partition(p.name, p.parent, "FOR VALUES IN ('eu')", p.partition_by, p.comment)
                  if p.name == "readings_eu" else p for p in readings.partitions)
    sql = ";\n".join(s for c in diff(golden, _with(golden, "readings", partitions=moved)) for s in render(c))
    with pytest.raises(psycopg.errors.RaiseException, match="partition readings_eu_1 holds rows"):
        apply_sql(fresh_db, f"BEGIN;\n{sql};\nCOMMIT;")
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM readings_eu_1").fetchone() == (1,)


OWN_SQL = """
CREATE SCHEMA other;
CREATE TABLE parts (id integer NOT NULL, k integer NOT NULL DEFAULT 5, t text) PARTITION BY LIST (k);
CREATE TABLE parts_1 PARTITION OF parts FOR VALUES IN (1);
CREATE TABLE parts_2 (id integer NOT NULL DEFAULT 0, k integer NOT NULL DEFAULT 5, t text NOT NULL);
ALTER TABLE parts ATTACH PARTITION parts_2 FOR VALUES IN (2);
CREATE TABLE parts_3 PARTITION OF parts FOR VALUES IN (3);
CREATE INDEX parts_3_t ON parts_3 (t);
ALTER TABLE parts_3 ADD CONSTRAINT parts_3_id CHECK (id > 0);
CREATE TABLE other.parts_4 PARTITION OF parts FOR VALUES IN (4);
ALTER TABLE other.parts_4 ENABLE ROW LEVEL SECURITY;
CREATE ROLE parts_reader;
GRANT SELECT ON parts_1 TO parts_reader;
"""


def test_what_a_partition_has_of_its_own_is_named_on_import(fresh_db):
    apply_sql(fresh_db, OWN_SQL)
    try:
        imported = import_dsn(fresh_db, "parts")
    finally:
        apply_sql(fresh_db, "DROP OWNED BY parts_reader; DROP ROLE parts_reader")
    named = sorted(w.message.split(" is not imported")[0] for w in imported.warnings)
    assert named == ["grant on a partition public.parts_1", "own NOT NULL or default on a partition public.parts_2",
                     "own constraint on a partition public.parts_3", "own index on a partition public.parts_3",
                     "partition in another schema than its parent other.parts_4",
                     "row level security on a partition other.parts_4"]
    parts = imported.model.tables[("public", "parts")]
    assert [p.name for p in parts.partitions] == ["parts_1", "parts_2", "parts_3"]
    assert ("public", "parts_1") not in imported.model.tables


def _folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "s.yaml").write_text(text)
    return folder


def test_partition_names_and_keys_are_checked(tmp_path):
    folder = _folder(tmp_path, """
tables:
  a:
    columns:
      x: {type: integer, nullable: false}
    partition_by: {method: list, columns: [y]}
    partitions:
      b: {in: [1]}
  b:
    columns:
      x: {type: integer, nullable: false}
    partitions:
      b_1: {in: [1]}
""")
    with pytest.raises(SpecError) as e:
        load_system(folder)
    codes = sorted((d.line, d.code) for d in e.value.diagnostics)
    assert codes == [(6, "E130"), (9, "E120"), (12, "E210")], e.value


def test_renaming_a_table_or_a_key_column_keeps_its_partitions(golden):
    events = golden.tables[("public", "events")]
    renamed_col = replace(events.column("occurred_at"), name="at", renamed_from="occurred_at")
    key = m.PartitionKey("range", (m.IndexKey("at"),))
    after = replace(events, name="happenings", renamed_from="events", partition_by=key,
                    columns=tuple(renamed_col if c.name == "occurred_at" else c for c in events.columns),
                    constraints=tuple(replace(c, columns=tuple("at" if x == "occurred_at" else x for x in c.columns))
                                      if isinstance(c, m.PrimaryKey) else c for c in events.constraints),
                    indexes=(), partitions=tuple(replace(p, parent="happenings") for p in events.partitions))
    tables = {q: t for q, t in golden.tables.items() if q != events.qname} | {after.qname: after}
    tables = {q: replace(t, constraints=tuple(c for c in t.constraints if not isinstance(c, m.ForeignKey)))
              for q, t in tables.items()}
    before = replace(golden, tables={q: replace(t, constraints=tuple(c for c in t.constraints
                                                                       if not isinstance(c, m.ForeignKey)))
                                     for q, t in golden.tables.items()})
    described = [c.describe() for c in diff(before, replace(golden, tables=tables))]
    assert described == ["rename table events to happenings", "rename column occurred_at on happenings to at",
                         "drop index events_account_idx on happenings"]
