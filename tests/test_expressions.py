"""Expression equality: the spec's text and the catalog's text of the same expression are equal,
different expressions are not, and Postgres settles what the fast path cannot."""

from __future__ import annotations

import psycopg
import pytest

from conftest import apply_sql
from generator.diff.oracle import PostgresOracle
from generator.introspect.catalog import introspect
from generator.model.expr import Expr, split_list

# (as an author writes it, as pg_get_expr prints it after CREATE)
SAME = [
    ("org_id = current_setting('app.current_org_id')::uuid",
     "(org_id = (current_setting('app.current_org_id'::text))::uuid)"),
    ("user_id = current_setting('app.current_user_id', true)::integer",
     "(user_id = (current_setting('app.current_user_id'::text, true))::integer)"),
    ("status IN ('pending', 'done')",
     "((status)::text = ANY ((ARRAY['pending'::character varying, 'done'::character varying])::text[]))"),
    ("status IN ('a', 'b')", "(status = ANY (ARRAY['a'::text, 'b'::text]))"),
    ("agent_type NOT IN ('api', 'external')",
     "(agent_type <> ALL (ARRAY['api'::text, 'external'::text]))"),
    ("'draft'", "'draft'::character varying"),
    ("'draft'", "'draft'::text"),
    ("now()", "now()"),
    ("now()", "CURRENT_TIMESTAMP"),
    ("nextval('users_id_seq')", "nextval('users_id_seq'::regclass)"),
    ("to_tsvector('english', content)", "to_tsvector('english'::regconfig, content)"),
    ("deleted_at IS NULL", "(deleted_at IS NULL)"),
    ("retry_count >= 0", "(retry_count >= 0)"),
    ("Price > 0 AND price < 100", "((price > (0)::numeric) AND (price < (100)::numeric))"),
    ("EXISTS (SELECT 1 FROM tasks t WHERE t.id = steps.task_id)",
     "(EXISTS ( SELECT 1\n   FROM tasks t\n  WHERE (t.id = steps.task_id)))"),
    ("id = app_user_id() AND role <> 'master'",
     "((id = app_user_id()) AND ((role)::text <> 'master'::text))"),
    ('"timestamp" > now() - interval \'7 days\'',
     "(\"timestamp\" > (now() - '7 days'::interval))"),
]

DIFFERENT = [
    ("(a OR b) AND c", "a OR (b AND c)"),
    ("x = 1", "x = 2"),
    ("x = 'a'", "x = 'A'"),
    ('"Foo" = 1', "foo = 1"),
    ("status IN ('a', 'b')", "status IN ('a', 'b', 'c')"),
    ("status NOT IN ('a', 'b')", "status IN ('a', 'b')"),
    ("status NOT IN ('a', 'b')", "status <> ANY (ARRAY['a', 'b'])"),
    ("embedding <=> '[1,2]'", "embedding IS NOT DISTINCT FROM '[1,2]'"),
    ("x::integer = 1", "x::bigint = 1"),
    ("current_setting('a')", "current_setting('a', true)"),
    ("a < b", "a <= b"),
    ("deleted_at IS NULL", "deleted_at IS NOT NULL"),
]


@pytest.mark.parametrize("spec_text,catalog_text", SAME)
def test_fast_path_equal(spec_text, catalog_text):
    assert Expr(spec_text) == Expr(catalog_text)


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_fast_path_keeps_real_differences(a, b):
    assert Expr(a) != Expr(b)


def test_unparseable_but_balanced_fragment_is_kept():
    e = Expr("embedding <#> '[1,2,3]'")
    assert e.text == "embedding <#> '[1,2,3]'" and e.key.startswith("tokens:")


SCHEMA = """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE items (id int, price numeric, status varchar(10), embedding vector(3), body text,
                    "timestamp" timestamp);
"""


@pytest.fixture
def oracle(fresh_db):
    apply_sql(fresh_db, SCHEMA)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        yield PostgresOracle(conn)


@pytest.mark.parametrize("a,b,same", [
    # the fast path cannot see these are equal; Postgres can
    ("price BETWEEN 1 AND 2", "price >= 1 AND price <= 2", True),
    ("embedding <=> '[1,2,3]'", "(embedding <=> '[1,2,3]'::vector)", True),
    ("status = 'x'", "'x' = status", False),
    ("embedding <#> '[1,2,3]'", "embedding <-> '[1,2,3]'", False),
    ("body ~~ 'a%'", "body LIKE 'a%'", True),
    ("price > 0", "price > 1", False),
    ("NOT (price > 0)", "price <= 0", False),
])
def test_oracle_decides(oracle, a, b, same):
    assert oracle.equivalent(Expr(a), Expr(b), ("public", "items")) is same


def test_oracle_leaves_no_trace(oracle):
    oracle.equivalent(Expr("price > 0"), Expr("price > 1"), ("public", "items"))
    assert oracle.deparse("price >", ("public", "items")) is None
    views = oracle.conn.execute("SELECT count(*) FROM pg_class WHERE relname = 'pgspec_probe'").fetchone()[0]
    assert views == 0


def test_function_argument_defaults_are_read_back_one_per_argument(fresh_db):
    apply_sql(fresh_db, """CREATE FUNCTION f(a integer, b text DEFAULT 'x,y', c integer[] DEFAULT ARRAY[1, 2],
                                            d numeric DEFAULT round(1.25, 1)) RETURNS integer
                           LANGUAGE sql AS 'SELECT a'""")
    with psycopg.connect(fresh_db) as conn:
        args = introspect(conn).functions["f(integer, text, integer[], numeric)"].args
    assert [a.default.text if a.default else None for a in args] == [
        None, "'x,y'::text", "ARRAY[1, 2]", "round(1.25, 1)"]
    assert split_list("") == [] and split_list(" 1 ") == ["1"]
