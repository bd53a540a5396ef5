"""Generated Pydantic models against live rows: every row the database holds (seed rows and the
scenarios' test data: vectors, arrays, inet, bytea, numeric, jsonb, timestamps) validates as its
table's Row model, and values the database refuses are refused by the Insert models too."""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row
from pydantic import ValidationError

from conftest import REPO, SYSTEMS, apply_migrations, apply_sql
from generator.emit.jsonschema import definition_name
from generator.spec.build import load_system
from model_values import models_of

REFUSED = {"23514", "22001", "22000"}  # check_violation, string too long, data exception (vector dims)


@pytest.mark.parametrize("system", SYSTEMS)
def test_live_rows_validate_as_row_models(pg_server, system):
    built = load_system(REPO / "spec" / system)
    models = models_of(system)
    data_sets = sorted({tuple(s.setup) for s in built.scenarios.values()} | {()})
    checked = 0
    for setup in data_sets:
        dsn = pg_server.create_database(f"models_{system}")
        try:
            apply_migrations(dsn, REPO / "generated" / system / "migrations")
            for statement in setup:
                apply_sql(dsn, statement)
            with psycopg.connect(dsn, row_factory=dict_row) as conn:
                if "vector" in built.model.extensions:
                    from pgvector.psycopg import register_vector
                    register_vector(conn)
                for table in built.model.tables.values():
                    row_model = getattr(models, f"{definition_name(table)}Row")
                    query = sql.SQL("SELECT * FROM {}.{} LIMIT 100").format(
                        sql.Identifier(table.schema), sql.Identifier(table.name))
                    for row in conn.execute(query):
                        row = {k: v.to_list() if hasattr(v, "to_list") else v for k, v in row.items()}
                        try:
                            row_model.model_validate(row)
                        except ValidationError as e:
                            pytest.fail(f"{system}.{table.name}: a database row is refused by the model: {e}")
                        checked += 1
        finally:
            pg_server.drop_database(dsn)
    assert checked > 0


def _bad_value(prop: dict):
    """A value the column's schema forbids: outside an enum, one character too long, wrong dimension."""
    prop = next((p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"), prop)
    if "enum" in prop:
        return "not-a-listed-value"
    if prop.get("maxLength"):
        return "x" * (prop["maxLength"] + 1)
    if prop.get("maxItems") and prop.get("items", {}).get("type") == "number":
        return [0.5] * (prop["maxItems"] - 1)
    return None


@pytest.mark.parametrize("system", SYSTEMS)
def test_models_refuse_what_the_database_refuses(fresh_db, system):
    built = load_system(REPO / "spec" / system)
    models = models_of(system)
    schema = json.loads((REPO / "generated" / system / "schema.json").read_text())["$defs"]
    apply_migrations(fresh_db, REPO / "generated" / system / "migrations")
    cases = 0
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        for table in built.model.tables.values():
            name = definition_name(table)
            # a copy with the table's types and CHECKs but no NOT NULL: only the value itself is judged
            conn.execute(sql.SQL("CREATE TEMP TABLE probe (LIKE {}.{} INCLUDING CONSTRAINTS)").format(
                sql.Identifier(table.schema), sql.Identifier(table.name)))
            for c in table.columns:
                conn.execute(sql.SQL("ALTER TABLE probe ALTER COLUMN {} DROP NOT NULL").format(sql.Identifier(c.name)))
            for column, prop in schema[f"{name}Insert"]["properties"].items():
                bad = _bad_value(prop)
                if bad is None:
                    continue
                with pytest.raises(ValidationError):
                    getattr(models, f"{name}Insert").model_validate({column: bad})
                value = "[" + ",".join(map(str, bad)) + "]" if isinstance(bad, list) else bad
                with pytest.raises(psycopg.Error) as refused:
                    conn.execute(sql.SQL("INSERT INTO probe ({}) VALUES (%s)").format(sql.Identifier(column)), [value])
                assert refused.value.sqlstate in REFUSED, f"{table.name}.{column}: {refused.value}"
                cases += 1
            conn.execute("DROP TABLE probe")
    assert cases or system == "molecule", "every other system has varchar limits, CHECK lists or vectors"
