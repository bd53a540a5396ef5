"""Import without a database: mixin detection, stable ordering, YAML quoting, tidied expressions."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importer import draft, mixins
from generator.importer.command import spec_files
from generator.importer.tidy import tidy
from generator.importer.yaml_text import dump
from generator.model import objects as m
from generator.model.expr import Expr
from generator.spec.build import load_system


def _col(name, type_="text", nullable=False, default=None, comment=None):
    return m.Column(name, type_, nullable, Expr(default) if default else None, comment=comment)


def _table(name, *columns, triggers=()):
    cols = (m.Column("id", "integer", False, serial=True),) + columns
    return m.Table("public", name, cols, (m.PrimaryKey(f"{name}_pkey", ("id",)),), triggers=triggers)


def _model(*tables):
    touch = m.Function("public", "touch", (), "trigger", "plpgsql", "BEGIN RETURN NEW; END;")
    return m.Model(functions={touch.signature: touch}, tables={t.qname: t for t in tables}, system="demo")


STAMPS = (_col("created_at", "timestamp with time zone", default="now()"),
          _col("updated_at", "timestamp with time zone", default="now()"))


def test_mixins_for_repeated_leading_and_trailing_columns_and_triggers():
    trig = lambda t: m.Trigger(f"{t}_touch", "before", ("update",), ("public", "touch"))  # noqa: E731
    tables = {t.name: draft.table_doc(t) for t in (
        _table("a", _col("x"), *STAMPS, triggers=(trig("a"),)),
        _table("b", _col("y"), *STAMPS, triggers=(trig("b"),)),
        _table("c", _col("z")))}
    found, out = mixins.detect(tables)
    assert found == {
        "timestamps": {"placement": "last", "use": ["touch_trigger"], "columns": {
            "created_at": {"type": "timestamptz", "nullable": False, "default": {"sql": "now()"}},
            "updated_at": {"type": "timestamptz", "nullable": False, "default": {"sql": "now()"}}}},
        "touch_trigger": {"triggers": {"{table}_touch": {"timing": "before", "events": ["update"],
                                                         "function": "touch"}}}}
    assert out["a"]["use"] == ["timestamps"] and list(out["a"]["columns"]) == ["id", "x"]
    assert "triggers" not in out["a"] and "use" not in out["c"]


def test_a_trigger_shared_by_two_column_mixins_is_declared_once(tmp_path):
    trig = lambda t: m.Trigger(f"{t}_touch", "before", ("update",), ("public", "touch"))  # noqa: E731
    tables = [_table(n, _col("uuid", "uuid"), _col(f"{n}_own"), *STAMPS, triggers=(trig(n),)) for n in "abc"]
    for name, text in spec_files(_model(*tables)).items():
        (tmp_path / name).write_text(text)
    built = load_system(tmp_path)
    assert [t.triggers for t in built.model.tables.values()] == [t.triggers for t in tables]


def test_a_run_saving_too_little_is_no_mixin_and_a_table_keeps_a_column():
    one = {t.name: draft.table_doc(t) for t in (_table("a", _col("note")), _table("b", _col("note")))}
    assert mixins.detect(one)[0] == {}  # 2 tables x 1 column
    whole = {t.name: draft.table_doc(t) for t in (_table(n, *STAMPS) for n in "abc")}
    found, out = mixins.detect(whole)
    assert all(out[n]["columns"] for n in "abc")


def test_trigger_alone_repeated_becomes_a_trigger_mixin():
    trig = lambda t: m.Trigger(f"audit_{t}", "after", ("insert",), ("public", "touch"))  # noqa: E731
    tables = {n: draft.table_doc(_table(n, _col(f"{n}_v"), triggers=(trig(n),))) for n in ("ab", "cd")}
    found, out = mixins.detect(tables)
    assert list(found) == ["touch_trigger"] and list(found["touch_trigger"]["triggers"]) == ["audit_{table}"]
    assert out["ab"]["use"] == ["touch_trigger"]


def test_import_of_a_model_is_stable_and_loads_back(tmp_path):
    tables = [_table(n, _col("label", comment="Shown: to users # really"), *STAMPS) for n in ("zeta", "alpha")]
    first = spec_files(_model(*tables))
    assert first == spec_files(_model(*reversed(tables)))  # order of the catalog does not matter
    assert list(first) == ["system.yaml", "alpha.yaml", "zeta.yaml"]
    for name, text in first.items():
        (tmp_path / name).write_text(text)
    built = load_system(tmp_path)
    assert built.model.tables[("public", "alpha")] == tables[1]


ODD = ["no", "yes", "on", "null", "~", "1", "0x1F", "1e3", "1:20", "2024-01-01", "a: b", "#x", "x #y", "- x",
       "with space", "trailing ", " leading", "quote's", 'dq"', "{a}", "[a]", "a,b", "*ref", "&anchor", "!tag",
       "%x", "@x", "`x`", "|", ">", "é ü ✓", "", "line\nbreak", "tab\there", "ends:", "?", "\\back"]


def test_odd_strings_and_identifiers_round_trip_through_yaml():
    doc = {"tables": {name or "empty": {"comment": name, "columns": {name: {"type": "text", "comment": name}}}
                      for name in ODD}}
    assert yaml.safe_load(dump(doc)) == doc


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=12), st.one_of(
    st.text(max_size=120), st.booleans(), st.integers(), st.none(),
    st.lists(st.text(max_size=10), max_size=4), st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3)),
    max_size=6))
def test_any_document_round_trips(doc):
    assert yaml.safe_load(dump({"tables": {"t": doc}})) == {"tables": {"t": doc or {}}}


def test_tidy_takes_out_only_what_postgres_added():
    assert tidy("((status)::text = ANY ((ARRAY['a'::character varying, 'b''c'::character varying])::text[]))",
                frozenset({"status"})) == "(status)::text = ANY ((ARRAY['a', 'b''c'])::text[])"  # the plain form
    assert tidy("status::text = ANY (ARRAY['a'::character varying, 'b''c'::character varying]::text[])",
                frozenset({"status"})) == "status IN ('a', 'b''c')"
    assert tidy("(kind <> ALL (ARRAY['x'::text, 'y'::text])) OR n > 1") == "kind NOT IN ('x', 'y') OR n > 1"
    assert tidy("ARRAY[]::text[]") == "ARRAY[]::text[]"  # an empty array needs its type
    assert tidy("'a::text'::text") == "'a::text'"  # inside a literal nothing changes
    assert tidy("other::text = 'x'::text") == "other::text = 'x'"  # not a text column of the table
    assert tidy("to_tsvector('english'::regconfig, body)") == "to_tsvector('english', body)"
    assert tidy("(EXISTS ( SELECT 1\n   FROM t\n  WHERE t.id = a.id)) AND (b IN (1, 2))") == \
        "EXISTS (SELECT 1 FROM t WHERE t.id = a.id) AND b IN (1, 2)"
    assert tidy("a = 1 OR b = 2 AND c = 3") == "a = 1 OR (b = 2 AND c = 3)"
    assert tidy("a = 1 OR x BETWEEN 1 AND 2") == "a = 1 OR x BETWEEN 1 AND 2"
    assert tidy("CASE WHEN a OR b AND c THEN 1 END = 1") == "CASE WHEN a OR b AND c THEN 1 END = 1"


def test_literal_defaults_become_values():
    assert draft.literal_value(Expr("'pending'::character varying"), "character varying(50)") == (True, "pending")
    assert draft.literal_value(Expr("0"), "integer") == (True, 0)
    assert draft.literal_value(Expr("'-1'::integer"), "integer") == (True, -1)
    assert draft.literal_value(Expr("false"), "boolean") == (True, False)
    assert draft.literal_value(Expr("'{}'::jsonb"), "jsonb") == (True, {})
    assert draft.literal_value(Expr("now()"), "timestamp with time zone") == (False, None)
    assert draft.type_text("timestamp(3) with time zone") == "timestamptz(3)"
    assert draft.type_text("character(2)") == "char(2)" and draft.type_text("character varying[]") == "varchar[]"
