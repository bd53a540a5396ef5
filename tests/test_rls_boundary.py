"""Row level security at the tenant boundary, live, for every seed system with RLS.

Each system's database is built from its generated migrations (up files only) and filled, as
the owner, with the spec's own two-tenant fixture. A login role that is neither superuser nor
owner (``generator.scenarios.ensure_tester``, a member of the spec's application role) then
runs, per table under row level security, per command and per state of the session setting
(tenant A, another tenant C with no rows, unset, empty, malformed):

- SELECT sees none of tenant B's rows (and in state A, some of A's: the grants work);
- INSERT of a copy of one of B's rows is refused (the same INSERT succeeds as the owner, so
  the refusal is row level security, not a constraint);
- UPDATE and DELETE of B's rows, named by the keys the owner read, affect zero rows or fail;
- UPDATE moving one of A's rows across the boundary ("move") affects zero rows or fails.

Every case runs in a transaction that is rolled back; "unset" uses a connection on which the
setting was never set (a rolled-back ``set_config`` leaves the setting defined as '').

Orchestrator's policies let ``authenticated`` read every organization's rows (Phase 1 of its
document: "to be restricted to their organizations when user management arrives"), so only its
writes are checked; it has no session setting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import Jsonb

from conftest import REPO, apply_migrations
from generator.model import objects as m
from generator.scenarios import ensure_tester
from generator.spec.build import load_system
from generator.spec.files import read_folder

A_ORG, B_ORG = "a0000000-0000-0000-0000-000000000000", "b0000000-0000-0000-0000-000000000000"
B_NODES = "SELECT id FROM nodes WHERE org_id = '" + B_ORG + "'"
B_EXECUTIONS = f"SELECT id FROM agent_executions WHERE node_id IN ({B_NODES})"


@dataclass(frozen=True)
class Boundary:
    """How a system separates tenants: the role and setting its policies use, the fixture that
    holds two tenants, and per table which rows are B's (an owner's predicate), which are A's,
    and an assignment that moves a row to B."""

    role: str
    fixture: str
    setting: str | None
    states: dict[str, str | None]  # state name -> setting value (None: never set)
    tables: dict[str, tuple[str, str, str]]  # table -> (B's rows, A's rows, SET moving a row to B)
    setup: tuple[str, ...] = ()
    reads_checked: bool = True
    commands: tuple[str, ...] = ("select", "insert", "update", "delete", "move")


SETTING_STATES = {"tenant A": "A", "tenant C": "C", "unset": None, "empty": "", "malformed": "not-a-tenant"}

SYSTEMS: dict[str, Boundary] = {
    # users are the tenants: alice (2) is A, bob (3) is B, carol (4, no rows) is C; task 2 is bob's
    # but assigned to alice, so it and what hangs off it are shared, not B's.
    "cortexos": Boundary(
        role="cortex_app", fixture="team", setting="app.current_user_id",
        states={"tenant A": "2", "tenant C": "4", "unset": None, "empty": "", "malformed": "not-a-number"},
        setup=("INSERT INTO users (username, role) VALUES ('carol', 'agent')",),
        tables={
            "users": ("id = 3", "id = 2", "role = 'master'"),
            "tasks": ("id = 3", "id = 1", "created_by = 3"),
            "steps": ("task_id = 3", "task_id = 1", "task_id = 3"),
            "memories": ("task_id = 3", "task_id = 1", "user_id = 3, task_id = 3"),
            "logs": ("task_id = 3", "task_id = 1", "user_id = 3, task_id = 3"),
        }),
    "glassbox": Boundary(
        role="glassbox_app", fixture="tenants", setting="app.current_org_id",
        states={"tenant A": A_ORG, "tenant C": "c0000000-0000-0000-0000-000000000000", "unset": None,
                "empty": "", "malformed": "not-a-uuid"},
        tables={
            "organizations": (f"id = '{B_ORG}'", f"id = '{A_ORG}'", "id = 'c0000000-0000-0000-0000-000000000000'"),
            "projects": (f"org_id = '{B_ORG}'", f"org_id = '{A_ORG}'", f"org_id = '{B_ORG}'"),
            "nodes": (f"org_id = '{B_ORG}'", f"org_id = '{A_ORG}'",
                      f"org_id = '{B_ORG}', project_id = 'b2000000-0000-0000-0000-000000000000'"),
            "files": (f"org_id = '{B_ORG}'", f"org_id = '{A_ORG}'", f"org_id = '{B_ORG}'"),
            "templates": (f"org_id = '{B_ORG}'", f"org_id = '{A_ORG}'", f"org_id = '{B_ORG}'"),
            "audit_log": (f"org_id = '{B_ORG}'", f"org_id = '{A_ORG}'", f"org_id = '{B_ORG}'"),
            "notifications": (f"org_id = '{B_ORG}'", f"org_id = '{A_ORG}'", f"org_id = '{B_ORG}'"),
            "node_inputs": (f"node_id IN ({B_NODES})", f"node_id NOT IN ({B_NODES})",
                            "node_id = 'b3000000-0000-0000-0000-000000000001', file_id = NULL"),
            "node_outputs": (f"node_id IN ({B_NODES})", f"node_id NOT IN ({B_NODES})",
                             "node_id = 'b3000000-0000-0000-0000-000000000002', file_id = NULL"),
            "node_dependencies": (f"source_node_id IN ({B_NODES})", f"source_node_id NOT IN ({B_NODES})",
                                  "target_node_id = 'b3000000-0000-0000-0000-000000000001', "
                                  "target_input_id = NULL"),
            "agent_executions": (f"node_id IN ({B_NODES})", f"node_id NOT IN ({B_NODES})",
                                 "node_id = 'b3000000-0000-0000-0000-000000000001'"),
            "agent_trace_events": (f"execution_id IN ({B_EXECUTIONS})", f"execution_id NOT IN ({B_EXECUTIONS})",
                                   "execution_id = 'b8000000-0000-0000-0000-000000000000'"),
        }),
    "orchestrator": Boundary(
        role="authenticated", fixture="", setting=None, states={"no setting": None}, reads_checked=False,
        commands=("insert", "update", "delete"),
        setup=("INSERT INTO organizations (slug, name) VALUES ('other-org', 'Other')",
               "INSERT INTO agents SELECT * FROM jsonb_populate_record(NULL::agents, (SELECT to_jsonb(a) || "
               "'{\"slug\": \"other-agent\", \"organization_slug\": [\"other-org\"]}' FROM agents a "
               "WHERE slug = 'blog-post-writer'))"),
        tables={
            "organizations": ("slug = 'other-org'", "slug = 'demo-org'", "name = 'taken'"),
            "agents": ("slug = 'other-agent'", "slug = 'blog-post-writer'", "organization_slug = ARRAY['other-org']"),
        }),
}

CASES = [(s, t, c, st) for s, b in SYSTEMS.items() for t in b.tables for c in b.commands for st in b.states]


@dataclass
class SystemDb:
    """One system's database, its owner and application-role connections (one per state)."""

    system: str
    boundary: Boundary
    owner: psycopg.Connection
    tester_dsn: str
    model: m.Model
    keys: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # table -> {"A"|"B": keys}
    conns: dict[str, psycopg.Connection] = field(default_factory=dict)

    def key_sql(self, table: str) -> sql.Composable:
        pk = next(c for c in self.model.tables[("public", table)].constraints if isinstance(c, m.PrimaryKey))
        return sql.SQL("jsonb_build_array({})::text").format(sql.SQL(", ").join(map(sql.Identifier, pk.columns)))

    def app(self, state: str) -> psycopg.Connection:
        """The application role's connection for ``state``, SET ROLE done, the setting applied."""
        if state not in self.conns:
            conn = psycopg.connect(self.tester_dsn, autocommit=True)
            conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(self.boundary.role)))
            who = conn.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = session_user").fetchone()
            owns = conn.execute("SELECT count(*) FROM pg_class WHERE relowner = session_user::regrole").fetchone()
            assert who == (False, False) and owns == (0,), "must run as a role that is no superuser nor owner"
            value = self.boundary.states[state]
            if value is not None:
                conn.execute("SELECT set_config(%s, %s, false)", [self.boundary.setting, value])
            self.conns[state] = conn
        return self.conns[state]


@pytest.fixture(scope="module")
def system_dbs(pg_server):
    out: dict[str, SystemDb] = {}
    dsns = []
    try:
        for system, boundary in SYSTEMS.items():
            built = load_system(REPO / "spec" / system)
            dsn = pg_server.create_database(f"rls_{system}")
            dsns.append(dsn)
            apply_migrations(dsn, REPO / "generated" / system / "migrations")
            owner = psycopg.connect(dsn, autocommit=True)
            fixtures = read_folder(REPO / "spec" / system)[0].sections["fixtures"]
            for statement in (fixtures[boundary.fixture][0] if boundary.fixture else []) + list(boundary.setup):
                owner.execute(statement)
            tester = ensure_tester(pg_server.admin_dsn, sorted(built.model.roles))
            db = SystemDb(system, boundary, owner, make_conninfo(dsn, **conninfo_to_dict(tester)), built.model)
            for table, (b_rows, a_rows, _) in boundary.tables.items():
                db.keys[table] = {
                    side: [r[0] for r in owner.execute(sql.SQL("SELECT {} FROM {} WHERE {}").format(
                        db.key_sql(table), sql.Identifier(table), sql.SQL(pred))).fetchall()]
                    for side, pred in (("B", b_rows), ("A", a_rows))}
                assert db.keys[table]["B"] and db.keys[table]["A"], f"{system}.{table}: no row of A or B to test with"
            out[system] = db
        yield out
    finally:
        for db in out.values():
            for conn in [db.owner, *db.conns.values()]:
                conn.close()
        for dsn in dsns:
            pg_server.drop_database(dsn)


def test_every_rls_table_is_covered() -> None:
    """A table that gains row level security must be added here; one that loses it is noticed."""
    for system, boundary in SYSTEMS.items():
        model = load_system(REPO / "spec" / system).model
        with_rls = {t.name for t in model.tables.values() if t.rls_enabled}
        assert with_rls == set(boundary.tables), f"{system}: tables under RLS {sorted(with_rls)}"
    others = {p.name for p in (REPO / "spec").iterdir() if p.is_dir()} - set(SYSTEMS)
    for system in others:
        model = load_system(REPO / "spec" / system).model
        assert not any(t.rls_enabled for t in model.tables.values()), f"{system} has RLS: add it to SYSTEMS"


def _run(conn: psycopg.Connection, statement: sql.Composable, params=None) -> tuple[int | None, psycopg.Error | None,
                                                                                     list]:
    """(rowcount, error, rows) of one statement run in a transaction that is rolled back."""
    try:
        with conn.transaction(force_rollback=True):
            cur = conn.execute(statement, params)
            return cur.rowcount, None, cur.fetchall() if cur.description else []
    except psycopg.Error as e:
        return None, e, []


def _insert_copy(db: SystemDb, table: str) -> tuple[sql.Composable, list]:
    """An INSERT of a copy of one of B's rows, with a new key and new values for unique columns."""
    t = db.model.tables[("public", table)]
    row = db.owner.execute(sql.SQL("SELECT to_jsonb(t) FROM {} t WHERE {} = %s").format(
        sql.Identifier(table), db.key_sql(table)), [db.keys[table]["B"][0]]).fetchone()[0]
    pk = next(c for c in t.constraints if isinstance(c, m.PrimaryKey))
    unique = set(pk.columns) | {c for u in t.constraints if isinstance(u, m.Unique) for c in u.columns}
    unique |= {k.column for ix in t.indexes if ix.unique for k in ix.keys if k.column}
    fks = {c for f in t.constraints if isinstance(f, m.ForeignKey) for c in f.columns}
    for name in sorted(unique - fks):
        col = t.column(name)
        if col.serial or col.identity:
            del row[name]
        elif col.type == "uuid":
            row[name] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{table}.{name}"))
        elif col.type in ("text", "character varying") or col.type.startswith("character varying"):
            row[name] = f"{row[name]}-copy"
    for u in t.constraints:  # a unique key made of foreign keys: NULLs are distinct
        if isinstance(u, m.Unique) and set(u.columns) <= fks:
            row[next(c for c in u.columns if t.column(c).nullable)] = None
    cols = sql.SQL(", ").join(map(sql.Identifier, row))
    statement = sql.SQL("INSERT INTO {t} ({cols}) SELECT {cols} FROM jsonb_populate_record(NULL::{t}, %s::jsonb)")
    return statement.format(t=sql.Identifier(table), cols=cols), [Jsonb(row)]


@pytest.mark.parametrize("system,table,command,state", CASES, ids=[":".join(c) for c in CASES])
def test_boundary(system_dbs, system: str, table: str, command: str, state: str) -> None:
    db = system_dbs[system]
    conn = db.app(state)
    key = db.key_sql(table)
    b_keys, a_keys = db.keys[table]["B"], db.keys[table]["A"]
    where = sql.SQL("WHERE {} = ANY(%s)").format(key)
    refused = f"{system}.{table} {command} as {db.boundary.role} with the setting {state}"
    if command == "select":
        count, error, rows = _run(conn, sql.SQL("SELECT {} FROM {}").format(key, sql.Identifier(table)))
        seen = {r[0] for r in rows}
        assert not seen & set(b_keys), f"{refused}: tenant B's rows leak: {sorted(seen & set(b_keys))}"
        if state == "tenant A":
            assert error is None and seen & set(a_keys), f"{refused}: tenant A sees none of its rows ({error})"
    elif command == "insert":
        statement, params = _insert_copy(db, table)
        control, error, _ = _run(db.owner, statement, params)
        assert control == 1, f"{system}.{table}: the owner cannot insert the copy of B's row either: {error}"
        count, error, _ = _run(conn, statement, params)
        assert error is not None, f"{refused}: a row of tenant B was inserted"
        assert error.sqlstate in ("42501", "22P02"), f"{refused}: refused for another reason: {error}"
    else:
        if command == "move":
            statement = sql.SQL("UPDATE {} SET {} ").format(sql.Identifier(table),
                                                               sql.SQL(db.boundary.tables[table][2])) + where
            targets = a_keys
        else:
            verb = "UPDATE {} SET {} = {} " if command == "update" else "DELETE FROM {} "
            pk0 = next(c for c in db.model.tables[("public", table)].constraints if isinstance(c, m.PrimaryKey))
            col = sql.Identifier(next(c.name for c in db.model.tables[("public", table)].columns
                                      if c.name not in pk0.columns))
            statement = sql.SQL(verb).format(sql.Identifier(table), col, col) + where
            targets = b_keys
        count, error, _ = _run(conn, statement, [targets])
        assert error is not None or count == 0, f"{refused}: {count} row(s) across the boundary were written"

