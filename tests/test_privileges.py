"""Schema grants, default privileges and schema-qualified keys: builder errors with positions,
what the model keeps (only differences from Postgres's defaults), the snapshot, the SQL of each
change and its reverse, and the catalog reader on a live database (the rest is in the golden case
``privileges``, evolution cases 75-78 and import corpus 16-18)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from conftest import apply_sql
from generator.diff.differ import diff
from generator.emit.sql import render
from generator.errors import SpecError
from generator.introspect.catalog import introspect
from generator.model import objects as m
from generator.model.snapshot import dumps, loads
from generator.spec.build import load_system

ROLES = "roles: {pv_app: {}, pv_owner: {}}\n"


def build(tmp_path: Path, text: str):
    folder = tmp_path / "spec" / "pv"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "s.yaml").write_text(text)
    return load_system(folder)


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(SpecError) as e:
        build(tmp_path, text)
    return [f"{d.line}:{d.col} {d.code} {d.message}" for d in e.value.diagnostics if d.is_error]


@pytest.mark.parametrize("entry, expected", [
    ("{on: tables, grant: [execute], to: pv_app}", "4:26 E215 'execute' does not apply to tables"),
    ("{on: schemas, schema: s, grant: [usage], to: pv_app}", "4:27 E216 default privileges on schemas"),
    ("{on: tables, to: pv_app}", "4:5 E217 a default privilege grants or revokes something"),
    ("{on: tables, grant: [select], revoke: [select], to: pv_app}", "4:5 E217"),
    ("{on: tables, grant: [select], to: nobody}", "4:39 E130 unknown role 'nobody'"),
    ("{for_role: ghost, on: tables, grant: [select], to: pv_app}", "4:16 E130 unknown role 'ghost'"),
    ("{schema: nowhere, on: tables, grant: [select], to: pv_app}", "4:14 E130 schema 'nowhere' is not declared"),
])
def test_default_privilege_errors(tmp_path, entry, expected):
    found = errors(tmp_path, ROLES + "schemas: {s: {}}\ndefault_privileges:\n  - " + entry + "\n")
    assert len(found) == 1 and found[0].startswith(expected), found


def test_schema_grant_and_qualified_key_errors(tmp_path):
    found = errors(tmp_path, ROLES + """schemas:
  public: {comment: mine, grants: {pv_app: [usage]}}
  audit: {grants: {ghost: [usage]}}
  other: {}
enums:
  audit.level: {schema: other, values: [a]}
  other.level: {values: [b]}
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      lvl: {type: level, nullable: false}
""")
    assert any(f.startswith("3:21 E218 the comment of schema 'public'") for f in found), found
    assert any(f.startswith("4:20 E130 unknown role 'ghost'") for f in found), found
    assert any(f.startswith("7:3 E218 key 'audit.level' names schema 'audit' but 'schema' says 'other'")
               for f in found), found
    assert any(" E219 type 'level' is declared in schemas audit, other" in f for f in found), found


def test_the_model_keeps_only_differences_from_the_defaults(tmp_path):
    model = build(tmp_path, ROLES + """schemas:
  public: {grants: {public: [usage], pv_app: [usage, create]}}
  audit: {grants: {pv_app: []}}
default_privileges:
  - {on: functions, revoke: [execute], to: public}
  - {on: functions, grant: [execute], to: public}
  - {for_role: pv_owner, schema: audit, on: tables, grant: [select], to: pv_app}
  - {on: tables, grant: [select, insert], to: pv_app}
  - {on: tables, revoke: [insert], to: pv_app}
functions:
  audit.f: {returns: integer, language: sql, body: SELECT 1}
tables:
  audit.t:
    columns:
      id: {type: integer, primary_key: true}
""").model
    assert list(model.schema_grants.values()) == [m.SchemaGrant("public", "pv_app", ("create", "usage"))]
    assert sorted(model.default_privileges) == [("", "", "tables", "pv_app"), ("pv_owner", "audit", "tables", "pv_app")]
    assert model.default_privileges[("", "", "tables", "pv_app")].privileges == ("select",)
    assert model.tables[("audit", "t")].grants == (("pv_app", "select"),)  # the migrating role's defaults apply
    assert loads(dumps(model)) == model


def test_sql_of_each_change_and_its_reverse():
    old, new = m.Model(), m.Model()
    new.schema_grants[("public", "public")] = m.SchemaGrant("public", "public", ())
    d = m.DefaultPrivilege("pv_owner", "audit", "tables", "pv_app", ("insert", "select"))
    new.default_privileges[d.key] = d
    up = [s for c in diff(old, new) for s in render(c)]
    assert up == ['ALTER DEFAULT PRIVILEGES FOR ROLE pv_owner IN SCHEMA audit GRANT INSERT, SELECT ON TABLES TO pv_app',
                  "REVOKE USAGE ON SCHEMA public FROM public"]
    down = [s for c in diff(new, old) for s in render(c)]
    assert down == ['ALTER DEFAULT PRIVILEGES FOR ROLE pv_owner IN SCHEMA audit REVOKE INSERT, SELECT ON TABLES FROM pv_app',
                    "GRANT USAGE ON SCHEMA public TO public"]
    assert dumps(m.Model()) == dumps(m.Model(system=""))  # no new sections in snapshots without them
    assert "schema_grants" not in dumps(old)


def test_catalog_reads_what_pg_default_acl_and_schema_acls_hold(fresh_db):
    apply_sql(fresh_db, """
        DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pv_app') THEN CREATE ROLE pv_app; END IF;
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pv_owner') THEN CREATE ROLE pv_owner; END IF;
        END $$;
        CREATE SCHEMA audit;
        GRANT USAGE ON SCHEMA audit TO pv_app;
        REVOKE USAGE ON SCHEMA public FROM PUBLIC;
        ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
        ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO pv_app;
        ALTER DEFAULT PRIVILEGES FOR ROLE pv_owner IN SCHEMA audit GRANT USAGE ON SEQUENCES TO pv_app;
        ALTER DEFAULT PRIVILEGES FOR ROLE pv_owner GRANT ALL ON TYPES TO pv_app;
        ALTER DEFAULT PRIVILEGES FOR ROLE pv_owner REVOKE ALL ON TYPES FROM pv_app;
    """)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        model = introspect(conn)
    assert sorted(model.schema_grants.values(), key=lambda g: g.schema) == [
        m.SchemaGrant("audit", "pv_app", ("usage",)), m.SchemaGrant("public", "public", ())]
    assert sorted(model.default_privileges.values(), key=lambda d: d.key) == [
        m.DefaultPrivilege(None, None, "functions", "public", ()),
        m.DefaultPrivilege(None, None, "tables", "pv_app", ("select",)),
        m.DefaultPrivilege("pv_owner", "audit", "sequences", "pv_app", ("usage",))]


def test_import_leaves_out_implied_grants_and_warns_about_missing_ones(fresh_db):
    from generator.importer.command import import_dsn

    apply_sql(fresh_db, """
        DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pv_app') THEN CREATE ROLE pv_app; END IF;
        END $$;
        CREATE TABLE early (id integer PRIMARY KEY);
        ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO pv_app;
        CREATE TABLE later (id integer PRIMARY KEY);
        GRANT INSERT ON later TO pv_app;
    """)
    imported = import_dsn(fresh_db, "pv")
    assert [f"{w.code} {w.message}" for w in imported.warnings] == [
        "W212 table public.early lacks select for pv_app, which the default privileges give new tables; "
        "the spec gives them too"]
    assert "grants: {pv_app: [insert]}" in imported.files["later.yaml"]  # select is implied
    assert "grants" not in imported.files["early.yaml"]


def test_a_qualified_key_and_a_schema_field_cannot_declare_one_object_twice(tmp_path):
    found = errors(tmp_path, """schemas: {audit: {}}
enums:
  audit.level: {values: [a]}
  level: {schema: audit, values: [b]}
functions:
  audit.f: {returns: integer, language: sql, body: SELECT 1}
  f: {schema: audit, returns: integer, language: sql, body: SELECT 2}
""")
    assert sorted(f.split(" ", 1)[1] for f in found) == [
        "E120 enum 'level' is declared twice in schema 'audit'", "E120 function audit.f() is declared twice"]
