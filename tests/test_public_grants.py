"""Nothing is granted to PUBLIC unless the spec says so.

PostgreSQL grants EXECUTE on every new function to PUBLIC. The generated migrations revoke it
right after CREATE FUNCTION and grant EXECUTE to the roles of the function's ``grants`` only.
The live tests below show why that is safe and needed: a trigger fires for a role that may not
execute its function, while a policy calling a function its role may not execute fails every
query of that role (hence E171).
"""

from __future__ import annotations

import re

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from conftest import REPO, SYSTEMS, apply_migrations
from generator.migrate.files import list_migrations
from generator.scenarios import ensure_tester
from generator.spec.build import load_system

GRANT = re.compile(r"^\s*GRANT\s+(.+?)\s+ON\s+(\w+)\s+(.+?)\s+TO\s+(.+?);", re.I | re.M | re.S)


def _spec_public(model) -> set[tuple[str, str]]:
    """What the spec itself grants to PUBLIC: (kind, object) pairs."""
    out = {("TABLE", t.name) for t in model.tables.values() for r, _ in t.grants if r == "public"}
    return out | {("FUNCTION", f.name) for f in model.functions.values() if "public" in f.grants}


@pytest.mark.parametrize("system", SYSTEMS)
def test_generated_sql_grants_nothing_to_public(system: str) -> None:
    model = load_system(REPO / "spec" / system).model
    text = "\n".join(m.text() for m in list_migrations(REPO / "generated" / system / "migrations"))
    to_public = {(kind.upper(), re.split(r"[\s(]", target)[0].strip('"'))
                 for _, kind, target, grantees in GRANT.findall(text)
                 if "public" in [g.strip().lower() for g in grantees.split(",")]}
    assert to_public <= _spec_public(model), f"{system}: granted to PUBLIC without the spec: {to_public}"
    for fn in model.functions.values():
        if "public" not in fn.grants:
            assert re.search(rf"REVOKE EXECUTE ON FUNCTION {fn.name}\(.*\) FROM public;", text), \
                f"{system}: {fn.name}() keeps PostgreSQL's default EXECUTE for PUBLIC"


@pytest.fixture(scope="module")
def built_dbs(pg_server):
    dsns = {}
    try:
        for system in ("cortexos", "molecule"):
            dsns[system] = pg_server.create_database(f"public_{system}")
            apply_migrations(dsns[system], REPO / "generated" / system / "migrations")
        yield dsns
    finally:
        for dsn in dsns.values():
            pg_server.drop_database(dsn)


@pytest.mark.parametrize("system", ["cortexos", "molecule"])
def test_functions_are_executable_by_their_grants_only(built_dbs, system: str) -> None:
    model = load_system(REPO / "spec" / system).model
    with psycopg.connect(built_dbs[system], autocommit=True) as conn:
        for fn in model.functions.values():
            acl = conn.execute(
                "SELECT ARRAY(SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END"
                " FROM aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a"
                " WHERE a.grantee <> p.proowner ORDER BY 1) FROM pg_proc p WHERE p.proname = %s",
                [fn.name]).fetchone()[0]
            assert tuple(acl) == fn.grants, f"{system}: {fn.name}() is executable by {acl}, spec says {fn.grants}"


def test_trigger_fires_without_execute_but_policy_function_needs_it(built_dbs, pg_server) -> None:
    dsn = built_dbs["cortexos"]
    with psycopg.connect(dsn, autocommit=True) as owner:
        owner.execute("INSERT INTO users (username, role) VALUES ('alice', 'agent')")
        owner.execute("INSERT INTO tasks (goal, created_by, updated_at) VALUES ('t', 2, now() - interval '1 day')")
        assert owner.execute("SELECT has_function_privilege('cortex_app', 'update_updated_at_column()', 'EXECUTE')"
                             ).fetchone() == (False,)
    tester = ensure_tester(pg_server.admin_dsn, ["cortex_app"])
    with psycopg.connect(make_conninfo(dsn, **conninfo_to_dict(tester)), autocommit=True) as conn:
        conn.execute("SET ROLE cortex_app")
        conn.execute("SELECT set_config('app.current_user_id', '2', false)")
        cur = conn.execute("UPDATE tasks SET goal = 'done' WHERE created_by = 2 "
                           "RETURNING updated_at > now() - interval '1 minute'")
        assert cur.fetchall() == [(True,)], "the BEFORE UPDATE trigger did not run"
        with psycopg.connect(dsn, autocommit=True) as owner:
            owner.execute("REVOKE EXECUTE ON FUNCTION app_user_id() FROM cortex_app")
            try:
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for function"):
                    conn.execute("SELECT count(*) FROM tasks").fetchall()
            finally:
                owner.execute("GRANT EXECUTE ON FUNCTION app_user_id() TO cortex_app")
        assert conn.execute("SELECT count(*) FROM tasks").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the tester itself holds no grant
            conn.execute("RESET ROLE")
            conn.execute("SELECT app_is_master()")
