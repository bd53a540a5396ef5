"""The generated Cortex models against the hand-written ones of the Cortex document
(``tests/cortex_document_models.py``) and a live database built from the generated migrations.

Each document model is mapped to the Insert model of its table (Info, Response and Create
models) or to its Update model (Update requests). For every payload of a set per model (a
representative payload, then each field varied over values at and beyond the column limits) that
the document's model accepts, its JSON dump is given to our model and to the database (INSERT,
or UPDATE of a row, on a copy of the table with its types, defaults and CHECKs but no foreign
keys): ours must accept exactly what the database accepts, so it accepts everything theirs
accepts that the database takes, and refuses what the database refuses even where theirs accepts.
"""

from __future__ import annotations

import typing
from datetime import datetime
from uuid import UUID

import psycopg
import pytest
from psycopg import sql
from pydantic import BaseModel, ValidationError

import cortex_document_models as theirs
from conftest import REPO, apply_migrations
from generator.emit.jsonschema import pascal
from generator.spec.build import load_system
from model_values import db_param, models_of, sample, schema_defs

TABLES = {  # document model → (table, our shape)
    "UserInfo": ("users", "Insert"), "UserResponse": ("users", "Insert"),
    "CreateUserRequest": ("users", "Insert"), "UpdateUserRequest": ("users", "Update"),
    "WorkspaceInfo": ("workspaces", "Insert"), "WorkspaceResponse": ("workspaces", "Insert"),
    "CreateWorkspaceRequest": ("workspaces", "Insert"), "UpdateWorkspaceRequest": ("workspaces", "Update"),
    "ConversationInfo": ("conversations", "Insert"), "Conversation": ("conversations", "Insert"),
    "ConversationSummaryResponse": ("conversations", "Insert"),
    "ConversationDetailResponse": ("conversations", "Insert"),
    "CreateConversationRequest": ("conversations", "Insert"),
    "UpdateConversationRequest": ("conversations", "Update"),
    "MessageInfo": ("messages", "Insert"), "MessageResponse": ("messages", "Insert"),
    "AddMessageRequest": ("messages", "Insert"),
    "MemoryItemInfo": ("memory_items", "Insert"), "MemoryItemResponse": ("memory_items", "Insert"),
    "CreateMemoryItemRequest": ("memory_items", "Insert"),
    "DomainExpertInfo": ("domain_experts", "Insert"), "DomainExpertResponse": ("domain_experts", "Insert"),
    "RegisterDomainExpertRequest": ("domain_experts", "Insert"),
    "DomainExpertToolInfo": ("domain_expert_tools", "Insert"),
    "DomainExpertToolResponse": ("domain_expert_tools", "Insert"),
}
NOT_TABLES = {"ExecuteToolRequest", "ToolExecutionResponse"}  # a call and its result, not rows
NOT_COLUMNS = {"messages", "message_count", "password"}  # relations, computed counts, the clear password
STAMP = "2026-01-02T03:04:05+00:00"  # a valid varchar and a valid timestamptz, so the base payload is valid
POOLS = {
    str: [STAMP, "", "user", "ü" * 50, "x" * 51, "x" * 100, "x" * 101, "é" * 255, "x" * 256, "not a time"],
    UUID: ["6f1f1a52-3c51-4d47-9a1c-3f1b8d0b7e21"],
    datetime: [STAMP, "2026-07-08T09:10:11.123456-07:00"],
    bool: [True, False],
    dict: [{}, {"a": 1, "b": [None, "x", {"c": 1.5}]}],
    bytes: [b"\x00\x01 binary", b""],
    list: [[]],
    int: [3],  # message_count, not a column
}


def _pool(annotation) -> list:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    optional = len(args) < len(typing.get_args(annotation))
    kind = typing.get_origin(args[0] if optional else annotation) or (args[0] if optional else annotation)
    return POOLS[kind] + ([None] if optional else [])


def _payloads(model: type[BaseModel]) -> list[dict]:
    """A base payload (the first value of every field), then every field varied over its pool."""
    pools = {name: _pool(f.annotation) for name, f in model.model_fields.items()}
    base = {name: pool[0] for name, pool in pools.items()}
    return [base] + [{**base, name: v} for name, pool in pools.items() for v in pool[1:]]


class _Probe:
    """A copy of one table (types, defaults, CHECKs, NOT NULL; no keys) holding one valid row."""

    def __init__(self, conn, table, defs):
        self.conn, self.table = conn, table
        self.columns = {c.name: c for c in table.columns}
        conn.execute(sql.SQL("CREATE TEMP TABLE {} (LIKE {} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)").format(
            sql.Identifier(f"probe_{table.name}"), sql.Identifier(table.name)))
        row = {c: sample(p) for c, p in defs[f"{pascal(table.name)}Insert"]["properties"].items()}
        self.run("INSERT", row)

    def run(self, verb: str, data: dict) -> None:
        names = [sql.Identifier(k) for k in data]
        params = [db_param(self.columns[k], v) for k, v in data.items()]
        target = sql.Identifier(f"probe_{self.table.name}")
        if verb == "INSERT":
            query = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                target, sql.SQL(", ").join(names), sql.SQL(", ").join(sql.Placeholder() * len(data)))
        else:
            query = sql.SQL("UPDATE {} SET ({}) = ROW({})").format(
                target, sql.SQL(", ").join(names), sql.SQL(", ").join(sql.Placeholder() * len(data)))
        self.conn.execute(query, params)

    def accepts(self, verb: str, data: dict) -> bool:
        if not data:
            return True
        try:
            with self.conn.transaction(force_rollback=True):
                self.run(verb, data)
        except (psycopg.errors.DataError, psycopg.errors.IntegrityError):
            return False
        return True


def test_document_models_are_all_mapped():
    documented = {n for n, v in vars(theirs).items() if isinstance(v, type) and issubclass(v, BaseModel)
                  and v is not BaseModel}
    assert documented == set(TABLES) | NOT_TABLES
    built = load_system(REPO / "spec" / "cortex")
    for name, (table, _) in TABLES.items():
        columns = {c.name for c in built.model.tables[("public", table)].columns}
        assert set(getattr(theirs, name).model_fields) - columns <= NOT_COLUMNS, name


def test_ours_accept_what_the_database_accepts(fresh_db):
    built = load_system(REPO / "spec" / "cortex")
    ours, defs = models_of("cortex"), schema_defs("cortex")
    apply_migrations(fresh_db, REPO / "generated" / "cortex" / "migrations")
    counts = {"both accept": 0, "both refuse": 0, "theirs accept, the database refuses": 0}
    refused_examples = set()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        probes = {t: _Probe(conn, built.model.tables[("public", t)], defs) for t in {t for t, _ in TABLES.values()}}
        for name, (table, shape) in sorted(TABLES.items()):
            their_model, our_model = getattr(theirs, name), getattr(ours, f"{pascal(table)}{shape}")
            verb = "INSERT" if shape == "Insert" else "UPDATE"
            for payload in _payloads(their_model):
                accepted = their_model.model_validate(payload)  # every payload is valid for theirs
                data = accepted.model_dump(exclude_unset=shape == "Update", exclude=NOT_COLUMNS)
                db_ok = probes[table].accepts(verb, data)
                try:
                    our_model.model_validate(data)
                    ours_ok = True
                except ValidationError:
                    ours_ok = False
                assert ours_ok == db_ok, f"{name} → {table} {shape}: ours {'accepts' if ours_ok else 'refuses'}" \
                    f" what the database {'accepts' if db_ok else 'refuses'}: {data}"
                counts["both accept" if db_ok else "both refuse"] += 1
                if not db_ok:
                    counts["theirs accept, the database refuses"] += 1
                    refused_examples.add(name)
    assert counts["both accept"] > 100 and counts["theirs accept, the database refuses"] > 50, counts
    # e.g. a 256-character title, None for a NOT NULL column in an update, an expires_at that is no time
    assert {"ConversationInfo", "UpdateWorkspaceRequest", "CreateMemoryItemRequest"} <= refused_examples


def test_a_naive_datetime_is_the_one_deliberate_difference(fresh_db):
    """Theirs and the database take a timestamp without offset for a timestamptz column (the
    database reads it in the session's TimeZone); ours refuse it, as the instant it names depends
    on a setting of the connection: shown here by two sessions storing two different instants."""
    ours = models_of("cortex")
    naive = "2026-01-02T03:04:05"
    their_dump = theirs.UserInfo(email="a@example.org", created_at=naive).model_dump(mode="json")
    assert their_dump["created_at"] == naive
    with pytest.raises(ValidationError, match="timezone"):
        ours.UsersInsert.model_validate({"email": "a@example.org", "created_at": naive})
    instants = set()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        for zone in ("UTC", "Asia/Tokyo"):
            conn.execute(sql.SQL("SET TimeZone = {}").format(sql.Literal(zone)))
            instants.add(conn.execute("SELECT %s::timestamptz", [naive]).fetchone()[0])
    assert len(instants) == 2
