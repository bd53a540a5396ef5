"""pgspec import against a live database: every seed system round-trips, and the CLI behaves."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from conftest import REPO, SYSTEMS, apply_migrations, apply_sql, run_pgspec, schema_dump
from generator.drift import drift
from generator.importer.command import import_dsn
from generator.importer.layout import write_folder
from generator.migrate.plan import plan_migrations
from generator.model import objects as m
from generator.spec.build import load_system

INITIAL = Path("generated") / "{system}" / "migrations" / "0001_initial.sql"


@pytest.mark.parametrize("system", SYSTEMS)
def test_seed_system_round_trip(system, fresh_db, pg_server, tmp_path):
    """Import is the inverse of generate: the imported spec (seed rows read with ``--seed`` for the
    tables the spec seeds) gives the very same first migration, byte for byte."""
    apply_migrations(fresh_db, REPO / "generated" / system / "migrations")
    original = load_system(REPO / "spec" / system).model
    seeded = tuple(m.qname_text(q) for q, t in original.tables.items() if t.seed)
    imported = import_dsn(fresh_db, system, seed=seeded)
    assert imported.warnings == []
    folder = tmp_path / "spec" / system
    write_folder(folder, imported.files, force=False)
    built = load_system(folder)
    assert not [d for d in built.warnings if d.is_error]
    assert drift(fresh_db, built.model) == []  # the original database matches the imported spec

    plan = plan_migrations(tmp_path, Path("generated") / system / "migrations", built)
    regenerated = next(o.text for o in plan.outputs if o.path.name == "0001_initial.sql")
    second = pg_server.create_database()
    try:
        apply_sql(second, regenerated)
        assert drift(second, original) == []  # generate(import(db)) builds the original spec's schema
        assert drift(second, built.model) == []
        assert schema_dump(second) == schema_dump(fresh_db)
    finally:
        pg_server.drop_database(second)
    original_sql = (REPO / str(INITIAL).format(system=system)).read_text()
    assert regenerated == original_sql, "".join(difflib.unified_diff(
        original_sql.splitlines(True), regenerated.splitlines(True)))


def _cli(tmp_path, pg_server, monkeypatch, *args):
    monkeypatch.setenv("PGSPEC_TEST_DSN", pg_server.admin_dsn)
    return run_pgspec("import", *args, cwd=tmp_path)


SCHEMA_SQL = """
CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE);
COMMENT ON TABLE users IS 'People who sign in.';
"""
MORE_SQL = """
CREATE SCHEMA audit;
CREATE TABLE audit.events (id bigserial PRIMARY KEY, user_id bigint REFERENCES public.users (id),
                           happened timestamptz NOT NULL DEFAULT now());
CREATE VIEW active_users AS SELECT id, email FROM users;
CREATE RULE users_kept AS ON DELETE TO users DO INSTEAD NOTHING;
CREATE VIEW audit.user_events AS SELECT e.id, u.email FROM audit.events e JOIN users u ON u.id = e.user_id;
CREATE TYPE level AS ENUM ('info', 'error');
ALTER TABLE audit.events ADD COLUMN lvl level;
"""


def test_cli_sql_files_strict_force_and_schema(tmp_path, pg_server, monkeypatch):
    (tmp_path / "a.sql").write_text(SCHEMA_SQL)
    (tmp_path / "b.sql").write_text(MORE_SQL)
    out = tmp_path / "spec" / "shop"

    strict = _cli(tmp_path, pg_server, monkeypatch, "--sql", "a.sql", "b.sql", "--out", "spec/shop", "--strict")
    assert strict.returncode == 2
    assert "W400 rule public.users.users_kept" in strict.stderr and "nothing written" in strict.stderr
    assert not out.exists()

    done = _cli(tmp_path, pg_server, monkeypatch, "--sql", "a.sql", "b.sql", "--out", "spec/shop")
    assert done.returncode == 0, done.stderr
    assert "W400 rule public.users.users_kept" in done.stderr and "active_users" not in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["audit.events.yaml", "system.yaml", "users.yaml"]
    users = (out / "users.yaml").read_text()
    assert users.startswith("# yaml-language-server: $schema=../../generated/spec.schema.json\n")
    assert "comment: People who sign in." in users and "email: {type: text, nullable: false, unique: true}" in users
    assert load_system(out).model.tables[("audit", "events")].schema == "audit"
    assert [c.name for c in load_system(out).model.views[("public", "active_users")].columns] == ["id", "email"]

    again = _cli(tmp_path, pg_server, monkeypatch, "--sql", "a.sql", "--out", "spec/shop")
    assert again.returncode == 2 and "not empty" in again.stderr and (out / "audit.events.yaml").exists()
    forced = _cli(tmp_path, pg_server, monkeypatch, "--sql", "a.sql", "--out", "spec/shop", "--force")
    assert forced.returncode == 0, forced.stderr
    assert sorted(p.name for p in out.iterdir()) == ["system.yaml", "users.yaml"]

    only = _cli(tmp_path, pg_server, monkeypatch, "--sql", "a.sql", "b.sql", "--out", "spec/audit", "--schema", "audit")
    assert only.returncode == 0, only.stderr
    assert sorted(p.name for p in (tmp_path / "spec" / "audit").iterdir()) == ["audit.events.yaml", "system.yaml"]
    assert "W403 foreign key audit.events.events_user_id_fkey references public.users" in only.stderr
    assert "W403 column audit.events.lvl has type public.level, which is not imported" in only.stderr
    assert "users_kept" not in only.stderr  # public is not selected
    assert "W403 view audit.user_events reads public.users, which is not imported" in only.stderr

    unknown = _cli(tmp_path, pg_server, monkeypatch, "--sql", "a.sql", "--out", "spec/y", "--schema", "nope")
    assert unknown.returncode == 2 and "no schema nope" in unknown.stderr and not (tmp_path / "spec" / "y").exists()

    broken = _cli(tmp_path, pg_server, monkeypatch, "--sql", "missing.sql", "--out", "spec/x")
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    unreachable = _cli(tmp_path, pg_server, monkeypatch, "--dsn", "host=/nonexistent dbname=x", "--out", "spec/x")
    assert unreachable.returncode == 2 and "database error" in unreachable.stderr and not (tmp_path / "spec" / "x").exists()


UNSUPPORTED_SQL = """
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TYPE pair AS (a integer, b integer);
CREATE SEQUENCE free_counter;
CREATE TABLE measurements (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX measurements_2024_id ON measurements_2024 (id);
CREATE TABLE base_log (id integer);
CREATE TABLE app_log (msg text) INHERITS (base_log);
CREATE TABLE slots (id serial PRIMARY KEY, during tsrange, EXCLUDE USING gist (during WITH &&),
                    label text COLLATE "C", doubled integer GENERATED ALWAYS AS (id * 2) STORED);
CREATE RULE no_delete AS ON DELETE TO slots DO INSTEAD NOTHING;
CREATE MATERIALIZED VIEW slot_count AS SELECT count(*) FROM slots;
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql AS 'SELECT a';
CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION g(a integer) RETURNS integer LANGUAGE sql STRICT PARALLEL SAFE AS 'SELECT a';
REVOKE EXECUTE ON FUNCTION g(integer) FROM PUBLIC;
GRANT USAGE ON SEQUENCE free_counter TO PUBLIC;
GRANT SELECT ON SEQUENCE slots_id_seq TO PUBLIC;
CREATE TABLE tickets (n integer GENERATED ALWAYS AS IDENTITY (START WITH 100));
CREATE UNIQUE INDEX slots_label ON slots (label) NULLS NOT DISTINCT;
"""


def test_unsupported_objects_are_named(fresh_db):
    apply_sql(fresh_db, UNSUPPORTED_SQL)
    imported = import_dsn(fresh_db, "odd")
    messages = [f"{w.code} {w.message}" for w in imported.warnings]
    g = imported.model.functions["g(integer)"]
    assert (g.strict, g.parallel, g.grants) == (True, "safe", ())
    for expected in ("W401 own index on a partition public.measurements_2024",
                     "W400 table (inherits) public.app_log",
                     "W400 rule public.slots.no_delete",
                     "W400 procedure public.p()",
                     "W401 function f(text) is not imported",
                     "W402 grant on sequence public.slots_id_seq"):
        assert any(m.startswith(expected) for m in messages), (expected, messages)
    assert not [m for m in messages if "free_counter" in m or ".doubled" in m or ".label " in m  # imported now
                or "tickets" in m or "slot_count" in m]


ODD_SQL = r"""
CREATE TYPE mood AS ENUM ('ok', 'not ok', 'yes', '#1', 'a: b');
CREATE TABLE "Odd Table" (
    "no" text PRIMARY KEY,
    "yes: really" integer DEFAULT -1 NOT NULL CHECK ("yes: really" <> 7),
    "#hash" boolean DEFAULT true,
    mood mood DEFAULT 'not ok' NOT NULL,
    note varchar(20) DEFAULT 'it''s ::text' CHECK (note IN ('it''s ::text', 'x, y')),
    tags text[] DEFAULT '{}' NOT NULL,
    at timestamp(3) with time zone DEFAULT (now() + '1 day'::interval)
);
COMMENT ON TABLE "Odd Table" IS E'Two lines:\nthe second one # not a comment';
COMMENT ON COLUMN "Odd Table"."no" IS 'null';
CREATE INDEX "Odd Index" ON "Odd Table" (lower(note) DESC NULLS LAST) WHERE mood <> 'ok';
"""


def test_odd_identifiers_and_texts_round_trip(fresh_db, tmp_path):
    apply_sql(fresh_db, ODD_SQL)
    imported = import_dsn(fresh_db, "odd")
    assert imported.warnings == []
    write_folder(tmp_path / "odd", imported.files, force=False)
    built = load_system(tmp_path / "odd")
    assert drift(fresh_db, built.model) == []
    table = built.model.tables[("public", "Odd Table")]
    assert table.comment == "Two lines:\nthe second one # not a comment"
    assert table.column("no").comment == "null" and table.column("yes: really").default.text == "'-1'::integer"


SEED_SQL = """
CREATE TYPE tier AS ENUM ('free', 'pro');
CREATE TABLE plans (
    id serial PRIMARY KEY,
    code text NOT NULL,
    tier tier NOT NULL DEFAULT 'free',
    price numeric(8, 2) NOT NULL DEFAULT 0,
    features text[] NOT NULL DEFAULT ARRAY[]::text[],
    limits jsonb,
    owner uuid DEFAULT gen_random_uuid(),
    note text DEFAULT 'none',
    created timestamptz NOT NULL DEFAULT now()
);
INSERT INTO plans (code, tier, price, features, limits, note) VALUES
    ('basic', 'free', 0, '{}', NULL, 'none'),
    ('team', 'pro', 9.99, '{sso,audit}', '{"seats": 10}', NULL);
UPDATE plans SET owner = NULL WHERE code = 'team';
CREATE TABLE regions (id integer PRIMARY KEY, name text NOT NULL, parent integer REFERENCES regions (id));
INSERT INTO regions VALUES (10, 'Europe', NULL), (11, 'France', 10);
"""


def test_seed_rows_say_only_what_the_defaults_do_not(fresh_db, tmp_path):
    apply_sql(fresh_db, SEED_SQL)
    imported = import_dsn(fresh_db, "shop", seed=("plans", "public.regions"))
    assert imported.model.tables[("public", "plans")].seed == (
        {"code": "basic"},
        {"code": "team", "tier": "pro", "price": 9.99, "features": ["sso", "audit"], "limits": {"seats": 10},
         "owner": None, "note": None})
    assert imported.model.tables[("public", "regions")].seed == (
        {"id": 10, "name": "Europe"}, {"id": 11, "name": "France", "parent": 10})
    write_folder(tmp_path / "shop", imported.files, force=False)
    built = load_system(tmp_path / "shop")
    assert built.model.tables[("public", "plans")].seed == imported.model.tables[("public", "plans")].seed
    assert "seed:" in imported.files["plans.yaml"]


def test_cli_seed_of_an_unknown_table_is_refused(tmp_path, pg_server, monkeypatch):
    (tmp_path / "a.sql").write_text(SCHEMA_SQL)
    done = _cli(tmp_path, pg_server, monkeypatch, "--sql", "a.sql", "--out", "spec/x", "--seed", "nope")
    assert done.returncode == 2 and "--seed nope: no such table" in done.stderr
    assert not (tmp_path / "spec" / "x").exists()
