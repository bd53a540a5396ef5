"""Insert models against a live database built from each system's generated migrations.

For every table: an Insert model filled with representative values of every writable column
(vectors, arrays, inet, bytea, numeric, jsonb, timestamps, enums, values at their length limit)
is dumped with ``model_dump(mode="json", exclude_unset=True)`` and inserted through a
parameterized INSERT; the row the database returns validates as the Row model, and bytea comes
back byte for byte from its base64 form. Then a table of values the database refuses
(too long, outside a CHECK list or enum type, wrong vector length, out of a numeric range,
None in a NOT NULL column with or without a default) is refused by the Insert model, and each
case is run against the database to show that it refuses it too. Foreign keys and triggers are
switched off for these inserts (``session_replication_role = replica``): the models cannot know
which parent rows exist, and that is not what is tested here.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row
from pydantic import ValidationError

from conftest import REPO, SYSTEMS, apply_migrations
from generator.emit.jsonschema import definition_name
from generator.spec.build import load_system
from model_values import db_param, models_of, not_null, reveal, sample, schema_defs


def _insert(conn: psycopg.Connection, table, payload: dict) -> dict:
    columns = {c.name: c for c in table.columns}
    query = sql.SQL("INSERT INTO {}.{} ({}) VALUES ({}) RETURNING *").format(
        sql.Identifier(table.schema), sql.Identifier(table.name),
        sql.SQL(", ").join(map(sql.Identifier, payload)), sql.SQL(", ").join(sql.Placeholder() * len(payload)))
    row = conn.execute(query, [db_param(columns[k], v) for k, v in payload.items()]).fetchone()
    return {k: v.to_list() if hasattr(v, "to_list") else v for k, v in row.items()}


def _refusals(prop: dict, required: bool) -> list[tuple[str, object]]:
    """(case, value) pairs the column's schema forbids and the database refuses."""
    nn = not_null(prop)
    cases = []
    if nn is prop:
        cases.append(("None in a NOT NULL column" + ("" if required else " with a default"), None))
    if "enum" in nn:
        cases.append(("outside the value list", "not-a-listed-value"))
    elif nn.get("maxLength"):
        cases.append(("one character too long", "x" * (nn["maxLength"] + 1)))
    if nn.get("type") == "array" and nn.get("maxItems") and nn.get("items", {}).get("type") == "number":
        cases.append(("wrong vector length", [0.5] * (nn["maxItems"] + 1)))
    for key, step in (("maximum", 1), ("exclusiveMaximum", 0), ("minimum", -1), ("exclusiveMinimum", 0)):
        if key in nn and abs(nn[key]) < 2**53:
            cases.append((f"{key} {nn[key]} crossed", nn[key] + step))
    return cases


def _candidates(shape: dict):
    """Representative values, then the same with other choices of listed values and with one
    nullable column null: CHECKs across columns (which the schema cannot state) may refuse some."""
    props = shape["properties"]
    nullable = [col for col, prop in props.items() if not_null(prop) is not prop]
    for choice in range(max([len(not_null(p).get("enum", ())) for p in props.values()] + [1])):
        values = {col: sample(prop, choice) for col, prop in props.items()}
        yield values
        for col in nullable:
            yield {**values, col: None}


def _accepted(conn, table, insert_model, shape) -> tuple[dict, dict, dict]:
    """The first candidate values the database accepts, their JSON dump and the row returned."""
    error = None
    for values in _candidates(shape):
        model = insert_model.model_validate(values)
        payload = reveal(model, model.model_dump(mode="json", exclude_unset=True))
        assert set(payload) == set(values)
        try:
            with conn.transaction(force_rollback=True):
                return values, payload, _insert(conn, table, payload)
        except psycopg.errors.CheckViolation as e:
            error = e
    pytest.fail(f"{table.name}: the database refuses every representative row: {error}")


@pytest.mark.parametrize("system", SYSTEMS)
def test_insert_models_match_the_database(pg_server, system):
    built = load_system(REPO / "spec" / system)
    models = models_of(system)
    defs = schema_defs(system)
    dsn = pg_server.create_database(f"inserts_{system}")
    inserted = refused = 0
    try:
        apply_migrations(dsn, REPO / "generated" / system / "migrations")
        with psycopg.connect(dsn, autocommit=True, row_factory=dict_row) as conn:
            if "vector" in built.model.extensions:
                from pgvector.psycopg import register_vector
                register_vector(conn)
            conn.execute("SET session_replication_role = replica")
            for table in sorted(built.model.tables.values(), key=lambda t: (t.schema, t.name)):
                name = definition_name(table)
                insert_model, row_model = getattr(models, f"{name}Insert"), getattr(models, f"{name}Row")
                shape = defs[f"{name}Insert"]
                values, payload, row = _accepted(conn, table, insert_model, shape)
                try:
                    read_back = row_model.model_validate(row)
                except ValidationError as e:
                    pytest.fail(f"{system}.{table.name}: the inserted row is refused by {name}Row: {e}")
                for col, value in values.items():
                    if isinstance(value, bytes):
                        assert row[col] == value, f"{table.name}.{col}: bytea changed on the way"
                        got = getattr(read_back, col)
                        assert (got.get_secret_value() if hasattr(got, "get_secret_value") else got) == value
                inserted += 1

                for col, prop in shape["properties"].items():
                    for case, bad in _refusals(prop, col in shape["required"]):
                        with pytest.raises(ValidationError):
                            insert_model.model_validate({**values, col: bad})
                        with pytest.raises(psycopg.Error) as db_error, conn.transaction():
                            _insert(conn, table, {**payload, col: bad})
                        assert db_error.value.sqlstate[:2] in ("22", "23"), \
                            f"{table.name}.{col} ({case}): {db_error.value}"
                        refused += 1
    finally:
        pg_server.drop_database(dsn)
    assert inserted == len(built.model.tables)
    assert refused >= len(built.model.tables), "every table has at least one NOT NULL column"
