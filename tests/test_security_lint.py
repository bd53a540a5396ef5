"""The security lints (generator/spec/security.py) on single expressions, and, live, the Postgres
behaviour each warning is about. End-to-end positions are in tests/malformed/security_*."""

from __future__ import annotations

import psycopg
import pytest

from generator.model import objects as m
from generator.spec.security import _parse, _queries_table, _unsafe_settings

TABLE = m.Table("public", "members", ())


def unsafe(text: str) -> list[str]:
    return list(_unsafe_settings(_parse(text), text))


def reads_self(text: str, table: m.Table = TABLE) -> bool:
    return _queries_table(_parse(text), text, table)


@pytest.mark.parametrize("text", [
    "org_id = current_setting('app.org')::uuid",
    "org_id = current_setting('app.org', false)::uuid",
    "NULLIF(current_setting('app.org'), '') IS NOT NULL",
    "x = 1 OR y = CURRENT_SETTING('app.org')",
    "(embedding <#> '[1,2]') < current_setting('app.limit')::float8",  # sqlglot cannot parse: tokens
    "(embedding <#> '[1,2]') < current_setting('app.limit', false)::float8",
])
def test_setting_that_raises_when_unset_is_found(text: str) -> None:
    assert unsafe(text)


@pytest.mark.parametrize("text", [
    "org_id = NULLIF(current_setting('app.org', true), '')::uuid",
    "org_id = current_setting('app.org', 't')::uuid",
    "(embedding <#> '[1,2]') < current_setting('app.limit', true)::float8",
    "owner = current_user",
])
def test_setting_read_with_missing_ok_passes(text: str) -> None:
    assert not unsafe(text)


@pytest.mark.parametrize("text,expected", [
    ("team_id IN (SELECT team_id FROM members)", True),
    ("EXISTS (SELECT 1 FROM public.members m JOIN teams t ON t.id = m.team_id)", True),
    ("EXISTS (SELECT 1 FROM teams t JOIN members m ON m.team_id = t.id)", True),
    ("EXISTS (SELECT 1 FROM other.members m)", False),  # another schema's table
    ("members.user_name = current_user", False),  # a column qualifier is not a read
    ("EXISTS (SELECT 1 FROM teams t WHERE t.id = members.team_id)", False),
    ("EXISTS (WITH members AS (SELECT 1 AS id) SELECT 1 FROM members)", False),  # a CTE of that name
    ("EXISTS (SELECT 1 FROM members m WHERE m.v <#> members.v)", True),  # tokens fallback
    ("EXISTS (SELECT 1 FROM teams t WHERE t.v <#> members.v)", False),
])
def test_policy_reading_its_own_table(text: str, expected: bool) -> None:
    assert reads_self(text) is expected


def test_the_warned_patterns_fail_in_postgres(fresh_db: str) -> None:
    """What W205 and W206 warn about: an unset setting raises; a self-reading policy recurses."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE ROLE pgspec_lint_reader")
        try:
            conn.execute("""
                CREATE TABLE members (id int PRIMARY KEY, team_id int, user_name text);
                ALTER TABLE members ENABLE ROW LEVEL SECURITY;
                CREATE POLICY same_team ON members FOR SELECT
                    USING (team_id IN (SELECT m.team_id FROM members m WHERE m.user_name = current_user));
                CREATE TABLE items (id int, org_id int);
                ALTER TABLE items ENABLE ROW LEVEL SECURITY;
                CREATE POLICY org ON items USING (org_id = current_setting('app.pgspec_lint_org')::int);
                GRANT SELECT ON members, items TO pgspec_lint_reader;
                INSERT INTO items VALUES (1, 1);
            """)
            conn.execute("SET ROLE pgspec_lint_reader")
            with pytest.raises(psycopg.errors.InvalidObjectDefinition, match="infinite recursion"):
                conn.execute("SELECT * FROM members").fetchall()
            with pytest.raises(psycopg.errors.UndefinedObject, match="unrecognized configuration parameter"):
                conn.execute("SELECT * FROM items").fetchall()
            conn.execute("RESET ROLE")
        finally:
            conn.execute("RESET ROLE")
            conn.execute("DROP OWNED BY pgspec_lint_reader")
            conn.execute("DROP ROLE pgspec_lint_reader")
