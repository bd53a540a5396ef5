"""Domains and composite types: builder errors, refused changes, snapshot, oracle and import.

The golden case ``tests/golden/domains_composites`` and evolution cases 55-57 cover the SQL and
the round trips; these tests cover what they cannot: errors, refusals and the oracle's judgement.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import psycopg
import pytest

from conftest import apply_sql
from generator.cli import main
from generator.diff.differ import diff
from generator.diff.oracle import PostgresOracle
from generator.errors import SpecError
from generator.importer.command import import_dsn
from generator.introspect.catalog import introspect
from generator.model import objects as m
from generator.model.snapshot import dumps, loads
from generator.spec.build import load_system
from test_typescript import TSC, needs_tsc

GOLDEN = Path(__file__).parent / "golden" / "domains_composites" / "spec" / "domains_composites"


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "s.yaml").write_text(textwrap.dedent(text))
    return folder


def _errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(SpecError) as e:
        load_system(_write(tmp_path / "spec" / "t", text))
    return [f"{d.line}:{d.code} {d.message}" for d in e.value.diagnostics]


def test_unknown_types_are_named_where_they_are_used(tmp_path):
    errors = _errors(tmp_path, """\
        domains:
          d: {type: no_such_base}
        composite_types:
          c: {attributes: {a: {type: int}, b: no_such_attr}}
        tables:
          t:
            columns:
              id: {type: missing_domain, primary_key: true}
        """)
    assert any(e.startswith("2:E130 unknown type 'no_such_base'") for e in errors), errors
    assert any(e.startswith("4:E130 unknown type 'no_such_attr'") for e in errors), errors
    assert any(e.startswith("8:E130 unknown type 'missing_domain'") for e in errors), errors


def test_a_type_containing_itself_is_refused(tmp_path):
    errors = _errors(tmp_path, """\
        domains:
          loop_domain: {type: loop_type}
        composite_types:
          loop_type: {attributes: {inner: "loop_domain[]"}}
        """)
    assert any("E187 type 'loop_domain' contains itself (loop_domain → loop_type → loop_domain)" in e
               for e in errors), errors


def test_names_literals_and_namespace(tmp_path):
    errors = _errors(tmp_path, """\
        domains:
          Mixed: {type: text}
          positive: {type: integer, default: {value: abc}, checks: {positive_check: VALUE > 0}}
        composite_types:
          t: {attributes: {a: integer}}
        tables:
          t:
            columns:
              id: {type: positive, primary_key: true, default: {value: also_not_a_number}}
        """)
    assert any(e.startswith("2:E112 domain 'Mixed'") for e in errors), errors
    assert any(e.startswith("3:E112 an integer column takes a whole number, not 'abc'") for e in errors), errors
    assert any(e.startswith("9:E112 an integer column takes a whole number") for e in errors), errors
    assert any("E120 table 't' has the name of composite type 't'" in e for e in errors), errors


def _project(tmp_path: Path, spec: str) -> Path:
    _write(tmp_path / "spec" / "p", spec)
    return tmp_path


USED = """\
    domains:
      code: {type: %s}
    composite_types:
      pair: {attributes: %s}
    tables:
      t:
        columns:
          id: {type: integer, primary_key: true}
          c: {type: code, nullable: true}
          p: {type: pair, nullable: true}
    """


def test_changes_postgres_cannot_make_on_used_types_are_refused(tmp_path, capsys):
    project = _project(tmp_path, USED % ("text", "{a: integer, b: text}"))
    assert main(["-C", str(project), "generate"]) == 0
    capsys.readouterr()
    cases = [(("varchar(5)", "{a: integer, b: text}"), "E185 domain code changes its base type text → "
              "character varying(5): Postgres cannot alter that, and cannot drop the domain while column t.c"),
             (("text", "{b: text, a: integer}"), "E186 composite type pair changes the order of its attributes"),
             (("text", "{a: bigint, b: text}"), "E186 composite type pair changes the type of attribute(s) a: "
              "Postgres refuses that while column t.p")]
    for (domain_type, attributes), expected in cases:
        _write(project / "spec" / "p", USED % (domain_type, attributes))
        assert main(["-C", str(project), "generate"]) == 2
        err = capsys.readouterr().err
        assert expected in err and "s.yaml:" in err, err


def test_an_unused_domain_is_rebuilt_for_a_new_base_type(tmp_path, capsys):
    project = _project(tmp_path, "domains:\n  code: {type: text}\n")
    assert main(["-C", str(project), "generate"]) == 0
    _write(project / "spec" / "p", "domains:\n  code: {type: varchar(5), collation: C}\n")
    assert main(["-C", str(project), "generate"]) == 0
    sql = (project / "generated" / "p" / "migrations" / "0002_drop_domain_code.sql").read_text()
    assert 'DROP DOMAIN code;\n' in sql and 'CREATE DOMAIN code AS character varying(5) COLLATE "C";' in sql


def test_snapshot_keeps_domains_and_reads_older_snapshots():
    model = load_system(GOLDEN).model
    text = dumps(model)
    assert '"domains"' in text and '"composites"' in text
    assert loads(text) == model
    plain = dumps(m.Model(system="x"))
    assert '"domains"' not in plain and loads(plain) == m.Model(system="x")


def test_oracle_judges_domain_checks_the_fast_path_cannot(fresh_db):
    apply_sql(fresh_db, "CREATE DOMAIN digit AS integer CONSTRAINT digit_range CHECK (VALUE BETWEEN 0 AND 9);\n"
                        "CREATE DOMAIN word AS text CONSTRAINT word_range CHECK (VALUE BETWEEN 'a' AND 'z');")
    spec = m.Model(domains={
        ("public", "digit"): m.Domain("public", "digit", "integer",
                                      checks=(m.DomainCheck("digit_range", m.Expr("VALUE >= 0 AND VALUE <= 9")),)),
        ("public", "word"): m.Domain("public", "word", "text",
                                     checks=(m.DomainCheck("word_range", m.Expr("VALUE >= 'a' AND VALUE <= 'y'")),))})
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        live = introspect(conn)
        assert [c.describe() for c in diff(live, spec)] != []  # sqlglot keeps BETWEEN apart
        judged = [c.describe() for c in diff(live, spec, PostgresOracle(conn))]
    assert judged == ["alter domain word: checks (word_range: ((VALUE >= 'a'::text) AND (VALUE <= 'z'::text))) → "
                      "(word_range: VALUE >= 'a' AND VALUE <= 'y')"]


def test_import_drafts_domains_and_composites_instead_of_warning(fresh_db):
    apply_sql(fresh_db, "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);\n"
                        "COMMENT ON DOMAIN positive IS 'More than zero.';\n"
                        "CREATE DOMAIN small AS positive CHECK (VALUE < 10 AND VALUE <> 5);\n"
                        "CREATE TYPE pair AS (a positive, b text);\n"
                        "COMMENT ON COLUMN pair.b IS 'A label.';\n"
                        "CREATE TABLE t (id integer PRIMARY KEY, p pair);")
    imported = import_dsn(fresh_db, "odd")
    assert [str(w) for w in imported.warnings] == []
    system = imported.files["system.yaml"]
    assert "domains:\n  positive: {type: integer, checks: {positive_check: VALUE > 0}, comment: More than zero.}" \
        in system, system
    # Postgres prints `(VALUE)::integer` in a check of a domain over a domain: the cast is its own
    assert "  small: {type: positive, checks: {small_check: VALUE < 10 AND VALUE <> 5}}" in system, system
    assert "composite_types:\n  pair: {attributes: {a: positive, b: {type: text, comment: A label.}}}" in system, system


USAGE_TS = """\
import type { CompositeTypes, Tables } from "./types"
const home: CompositeTypes<"address"> = { street: "Main St", city: null, zip: "1" }
const money: CompositeTypes<{ schema: "billing" }, "money"> = { amount: 1, currency: "eur" }
export const row: Tables<"customers"> = {
  id: 1, email: "a@b", home, balance: money, tip: 3, codes: ["A1"], pays_in: "usd",
}
// @ts-expect-error a domain over text is a string to a client
export const email: Tables<"customers">["email"] = 5
// @ts-expect-error an attribute of an enum type takes only its values
export const currency: CompositeTypes<{ schema: "billing" }, "money">["currency"] = "gbp"
"""


@needs_tsc
def test_typescript_of_domains_and_composites_compiles(tmp_path):
    (tmp_path / "types.ts").write_text((GOLDEN.parent.parent / "expected.types.ts").read_text())
    (tmp_path / "usage.ts").write_text(USAGE_TS)
    (tmp_path / "node_modules").symlink_to(TSC.parent.parent, target_is_directory=True)
    done = subprocess.run([str(TSC), "--strict", "--noEmit", "--skipLibCheck", "usage.ts"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_column_moved_to_a_domain_of_its_type_needs_no_using_and_loses_nothing(tmp_path):
    column = ("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      e: {type: %s, nullable: true}\n")
    domains = "domains:\n  email: {type: text, checks: {email_at: \"VALUE ~ '@'\"}}\n  short: {type: varchar(5)}\n"
    project = _project(tmp_path, domains + column % "text")
    assert main(["-C", str(project), "generate"]) == 0
    _write(project / "spec" / "p", domains + column % "email")
    assert main(["-C", str(project), "generate"]) == 0
    sql = (project / "generated" / "p" / "migrations" / "0002_alter_t.sql").read_text()
    assert "ALTER TABLE t ALTER COLUMN e TYPE email;" in sql and "Destructive" not in sql
    _write(project / "spec" / "p", domains + column % "short")
    assert main(["-C", str(project), "generate"]) == 2  # text → varchar(5) under the domain narrows
