"""Views and materialized views: what the differ decides, drift through Postgres's deparse, and
the generated types read by supabase-js. (Golden: tests/golden/views; evolution: cases 50-53;
builder errors: tests/malformed/views_E18*; import: tests/import_corpus/0[1-3]_views_*.)"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from conftest import apply_sql
from generator.diff import changes as ch
from generator.diff.differ import diff
from generator.diff.oracle import PostgresOracle
from generator.diff.reverse import reverse_changes
from generator.drift import drift
from generator.emit.sql import render
from generator.emit.typescript import typescript_types
from generator.introspect.catalog import introspect
from generator.model import objects as m
from generator.model import snapshot
from generator.model.expr import Expr
from generator.model.view_query import query_facts
from generator.spec.build import load_system
from test_typescript import TS_DIR, needs_tsc, tsc

GOLDEN = Path(__file__).parent / "golden" / "views" / "spec" / "views"


def _model() -> m.Model:
    return load_system(GOLDEN).model


def _sql(changes) -> list[str]:
    return [s for c in changes for s in render(c)]


def _with_view(model: m.Model, view: m.View) -> m.Model:
    return replace(model, views={**model.views, view.qname: view})


def test_query_facts():
    facts = query_facts("WITH recent AS (SELECT * FROM orders) SELECT r.id, count(*) AS n, lower(x.email) "
                        "FROM recent r JOIN Billing.Accounts x ON true GROUP BY r.id")
    assert facts.relations == {("public", "orders"), ("billing", "accounts")}  # the CTE is not a relation
    assert facts.outputs == ("id", "n", None)  # Postgres names the third column
    assert facts.star  # the CTE reads every column of orders
    assert not query_facts("SELECT count(*) AS n FROM orders").star
    assert query_facts("SELECT a FROM t UNION SELECT b FROM u").outputs == ("a",)
    assert not query_facts("DELETE FROM t").is_query


def test_appended_column_is_replaced_in_place_and_its_down_migration_rebuilds():
    before = _model()
    q = ("public", "open_orders")
    view = before.views[q]
    wider = replace(view, query=Expr(view.query.text.replace("orders.total FROM", "orders.total, orders.status FROM")),
                    columns=view.columns + (m.ViewColumn("status", "order_status"),))
    after = _with_view(before, wider)
    up = diff(before, after)
    assert [c.describe() for c in up] == ["alter view open_orders: query "
                                          f"{view.query.text} → {wider.query.text}, columns (id, customer_id, total)"
                                          " → (id, customer_id, total, status)"]
    assert _sql(up)[0].startswith("CREATE OR REPLACE VIEW open_orders WITH (security_invoker = true) AS\n")
    down = reverse_changes(up, before, after)
    assert [type(c).__name__ for c in down] == ["Drop", "Create"]  # Postgres cannot take a column away in place


def test_changed_view_rebuilds_what_reads_it_with_indexes_grants_and_comments():
    before = _model()
    q = ("public", "active_customers")
    narrower = replace(before.views[q], query=Expr("SELECT customers.id, customers.email FROM customers"))
    after = _with_view(before, narrower)
    up = diff(before, after)
    described = [c.describe() for c in up]
    assert "alter view active_customers" not in " ".join(described)  # customer_totals reads it: no replace
    assert described.index("drop materialized view customer_totals") < described.index("drop view active_customers")
    assert described.index("create view active_customers") < described.index("create materialized view customer_totals")
    assert {"create index customer_totals_customer_idx on customer_totals",
            "create index customer_totals_revenue_idx on customer_totals",
            "grant select on customer_totals to app",
            "set comment on materialized view customer_totals"} <= set(described)
    assert "open_orders" not in " ".join(described)
    down = reverse_changes(up, before, after)
    assert sorted(c.describe() for c in down if "grant" in c.describe()) == [
        "grant select on active_customers to app", "grant select on customer_totals to app"]


def test_retyped_column_rebuilds_only_the_views_reading_it():
    before = _model()
    orders = before.tables[("public", "orders")]
    retyped = replace(orders, columns=tuple(replace(c, type="numeric(12,2)") if c.name == "total" else c
                                            for c in orders.columns))
    after = replace(before, tables={**before.tables, orders.qname: retyped})
    described = [c.describe() for c in diff(before, after)]
    alter = described.index("alter column total on orders: type numeric(10,2) → numeric(12,2)")
    assert described.index("drop view open_orders") < alter < described.index("create view open_orders")
    assert described.index("drop materialized view customer_totals") < alter  # reads orders.total too
    assert not any("active_customers" in d for d in described)


def test_snapshot_keeps_views_and_omits_the_section_when_there_are_none():
    model = _model()
    assert snapshot.loads(snapshot.dumps(model)) == model
    assert '\n "views": [' in snapshot.dumps(model)
    assert '\n "views":' not in snapshot.dumps(replace(model, views={}))


def test_drift_asks_postgres_about_the_query(fresh_db):
    model = _model()
    apply_sql(fresh_db, "\n".join(s + ";" for s in _sql(diff(m.Model(), model))))
    assert drift(fresh_db, model) == []
    q = ("public", "open_orders")
    spelled = replace(model.views[q], query=Expr("select Orders.id, orders.customer_id, orders.total\n"
                                                 "from public.orders where (status = 'open')"))
    assert spelled.query != model.views[q].query  # the fast path cannot tell
    assert drift(fresh_db, _with_view(model, spelled)) == []  # same query, other words: no drift
    apply_sql(fresh_db, "CREATE OR REPLACE VIEW open_orders WITH (security_invoker = true) AS SELECT orders.id, "
                        "orders.customer_id, orders.total FROM orders WHERE orders.status = 'paid'")
    assert [c.describe() for c in drift(fresh_db, model)] == ["drop view open_orders", "create view open_orders"]
    retyped = replace(model.views[q], columns=tuple(replace(c, type="bigint") if c.name == "id" else c
                                                    for c in model.views[q].columns))
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        live = introspect(conn)
        found = diff(live, _with_view(model, retyped), PostgresOracle(conn))
    assert "drop view open_orders" in [c.describe() for c in found]


USAGE = """\
import { createClient } from "@supabase/supabase-js"
import type { Database, Tables } from "../generated/views/types"

const supabase = createClient<Database>("http://localhost:54321", "anon-key")

export async function read(): Promise<number> {
  const { data } = await supabase.from("customer_totals").select("customer_id, revenue").gte("revenue", 10)
  const first: { customer_id: number; revenue: number } | undefined = data?.[0]
  const row: Tables<"active_customers"> = { id: 1, email: "a@example.org" }
  const open = await supabase.from("open_orders").select("*")
  const total: number | undefined = open.data?.[0]?.total
  return (first?.revenue ?? 0) + row.id + (total ?? 0)
}
"""


@needs_tsc
def test_view_types_compile_with_supabase_client(tmp_path: Path):
    shutil.copy(TS_DIR / "tsconfig.json", tmp_path / "tsconfig.json")
    (tmp_path / "node_modules").symlink_to(TS_DIR / "node_modules", target_is_directory=True)
    (tmp_path / "generated" / "views").mkdir(parents=True)
    (tmp_path / "generated" / "views" / "types.ts").write_text(typescript_types(load_system(GOLDEN)))
    (tmp_path / "usage").mkdir()
    (tmp_path / "usage" / "views.ts").write_text(USAGE)
    result, _ = tsc(tmp_path, "usage/views.ts")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("change", ["rename", "materialize"])
def test_materialized_or_renamed_view_is_dropped_and_created(change):
    before = _model()
    view = before.views[("public", "open_orders")]
    new = replace(view, security_invoker=False, materialized=True) if change == "materialize" else \
        replace(view, name="pending_orders")
    after = replace(before, views={**{q: v for q, v in before.views.items() if v is not view}, new.qname: new})
    kinds = [(type(c).__name__, c.obj.name) for c in diff(before, after) if isinstance(c, (ch.Create, ch.Drop))]
    assert kinds == [("Drop", "open_orders"), ("Create", new.name)]


def test_import_keeps_one_view_per_name(fresh_db):
    from generator.importer.command import import_dsn

    apply_sql(fresh_db, "CREATE SCHEMA b; CREATE TABLE t (id integer PRIMARY KEY);"
                        "CREATE VIEW v AS SELECT id FROM t; CREATE VIEW b.v AS SELECT id + 1 AS id FROM t;")
    imported = import_dsn(fresh_db, "two")
    assert [f"{w.code} {w.message}" for w in imported.warnings] == [
        "W401 view public.v is not imported: another view named 'v' is, and the spec format keys views by name"]
    assert list(imported.model.views) == [("b", "v")]  # the first by schema, as for tables
    assert "views:\n  v:\n    schema: b\n    query: |-\n      SELECT t.id + 1 AS id\n" in imported.files["system.yaml"]


def test_a_view_column_giving_a_sensitive_column_is_hidden_too(tmp_path: Path):
    from generator.emit.jsonschema import SENSITIVE, schema_json

    folder = tmp_path / "spec" / "keys"
    folder.mkdir(parents=True)
    (folder / "keys.yaml").write_text("""\
tables:
  api_keys:
    columns:
      id: {type: integer, primary_key: true}
      secret: {type: text, nullable: false, sensitive: true}
views:
  key_list:
    query: SELECT id, secret FROM api_keys
    columns:
      id: {type: integer}
      secret: {type: text}
""")
    model = load_system(folder).model
    assert [c.sensitive for c in model.views[("public", "key_list")].columns] == [False, True]
    assert f'"{SENSITIVE}": true' in schema_json(model).split('"KeyListRow"', 1)[1]
