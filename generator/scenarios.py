"""Run a spec's behaviour scenarios against a live database built from its migrations.

Each scenario gets its own copy of the built database (``CREATE DATABASE ... TEMPLATE``). The
owner runs its ``setup``; then a login role that is neither superuser nor owner of anything
connects, ``SET ROLE``s to the scenario's role, applies its settings and runs each step, so row
level security and grants apply exactly as they would to the application.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

import secrets

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from generator.spec.format import ScenarioSpec, StepSpec

TESTER = "pgspec_scenario_tester"


@dataclass(frozen=True)
class Failure:
    system: str
    scenario: str
    step: int
    sql: str
    expected: str
    got: str

    def __str__(self) -> str:
        return (f"{self.system} / {self.scenario}, step {self.step}:\n  SQL:      {self.sql}\n"
                f"  expected: {self.expected}\n  got:      {self.got}")


def ensure_tester(admin_dsn: str, roles: list[str]) -> str:
    """Create (or refresh) the login role scenarios connect as, member of every role they run as;
    returns the connection parameters to add to a database's DSN."""
    password = secrets.token_hex(16)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [TESTER]).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD {}")
                     .format(sql.Identifier(TESTER), sql.Literal(password)))
        for role in roles:
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(TESTER)))
    return make_conninfo("", user=TESTER, password=password)


def _plain(value: Any) -> Any:
    """Database values in the terms a YAML expectation uses."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (uuid.UUID, datetime.date, datetime.time, datetime.timedelta)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _check(step: StepSpec, cur: psycopg.Cursor | None, error: psycopg.Error | None) -> tuple[str, str] | None:
    """(expected, got) when the step did not do what it expects, else None."""
    want = step.expect
    if error is not None:
        got = f"error {error.sqlstate}: {str(error).strip().splitlines()[0]}"
        if want.error and (want.error == error.sqlstate or want.error in str(error)):
            return None
        return (f"error {want.error}" if want.error else "success"), got
    if want.error:
        return f"error {want.error}", f"success ({cur.rowcount} row(s))"
    rows = [list(_plain(r)) for r in cur.fetchall()] if cur.description else []
    if want.rows is not None and rows != want.rows:
        return f"rows {want.rows}", f"rows {rows}"
    if want.count is not None and len(rows) != want.count:
        return f"{want.count} row(s)", f"{len(rows)} row(s): {rows[:5]}"
    if want.affected is not None and cur.rowcount != want.affected:
        return f"{want.affected} row(s) affected", f"{cur.rowcount} row(s) affected"
    if want.plan_contains is not None:
        plan = "\n".join(str(r[0]) for r in rows)
        if want.plan_contains not in plan:
            return f"a plan containing {want.plan_contains!r}", plan
    return None


def run_scenario(system: str, name: str, scenario: ScenarioSpec, owner_dsn: str, tester_dsn: str) -> Failure | None:
    """Run one scenario on a database of its own; the first step that fails is the failure."""
    with psycopg.connect(owner_dsn, autocommit=True) as owner, \
            psycopg.connect(tester_dsn, autocommit=True) as conn:
        for i, statement in enumerate(scenario.setup, 1):
            try:
                owner.execute(statement)
            except psycopg.Error as e:
                return Failure(system, name, 0, statement, f"setup statement {i} to succeed",
                               f"error {e.sqlstate}: {str(e).strip()}")
        who = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        owns = conn.execute("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
                            "WHERE rolname = current_user)").fetchone()
        assert who == (False,) and owns == (0,), "scenarios must run as a role that is no superuser nor owner"
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(scenario.role)))
        for key, value in scenario.settings.items():
            conn.execute("SELECT set_config(%s, %s, false)", [key, value])
        for i, step in enumerate(scenario.steps, 1):
            cur, error = (owner if step.owner else conn).cursor(), None
            try:
                cur.execute(step.sql)
            except psycopg.Error as e:
                error = e
            problem = _check(step, cur, error)
            if problem:
                return Failure(system, name, i, step.sql, *problem)
    return None
