"""Postgres as the judge of expression equality, when the fast path (``model.expr``) says "differ".

Both texts are deparsed by the same server in the same context: each becomes the select list
of a temporary view over the table it belongs to, and ``pg_get_viewdef`` prints it. Equal
prints mean equal expressions. The probe runs in a transaction that is always rolled back, so
nothing is left behind and no lock outlives it (a temporary view takes only ACCESS SHARE on the
table it reads). A domain check reads VALUE, so it is deparsed on a temporary probe domain
instead. An expression the probe cannot handle (a trigger's WHEN reads NEW and OLD) counts as
different: drift is reported rather than hidden.
"""

from __future__ import annotations

import psycopg

from generator.emit.quoting import qualified
from generator.model import objects as m
from generator.model.expr import Expr


class PostgresOracle:
    """Decides expression equivalence by asking the connected server."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self.cache: dict[tuple[str, m.QName | None], str | None] = {}

    def deparse(self, text: str, table: m.QName | None) -> str | None:
        key = (text, table)
        if key not in self.cache:
            source = f" FROM {qualified(*table)}" if table else ""
            try:
                with self.conn.transaction(force_rollback=True), self.conn.cursor() as cur:
                    cur.execute("SET LOCAL search_path TO public")
                    cur.execute(f"CREATE TEMP VIEW pgspec_probe AS SELECT ({text}) AS e{source}")
                    cur.execute("SELECT pg_get_viewdef('pgspec_probe'::regclass, true)")
                    self.cache[key] = cur.fetchone()[0]
            except psycopg.Error:
                self.cache[key] = None
        return self.cache[key]

    def deparse_domain_check(self, text: str, base_type: str) -> str | None:
        """A domain check as Postgres prints it, on a probe domain of ``base_type`` (rolled back)."""
        key = (text, ("domain", base_type))
        if key not in self.cache:
            try:
                with self.conn.transaction(force_rollback=True), self.conn.cursor() as cur:
                    cur.execute("SET LOCAL search_path TO public")
                    cur.execute(f"CREATE DOMAIN pg_temp.pgspec_probe AS {base_type} CHECK ({text})")
                    cur.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                "WHERE contypid = 'pg_temp.pgspec_probe'::regtype")
                    self.cache[key] = cur.fetchone()[0]
            except psycopg.Error:
                self.cache[key] = None
        return self.cache[key]

    def domain_equivalent(self, a: Expr, b: Expr, base_type: str) -> bool:
        da, db = self.deparse_domain_check(a.text, base_type), self.deparse_domain_check(b.text, base_type)
        return da is not None and da == db

    def equivalent(self, a: Expr, b: Expr, table: m.QName | None) -> bool:
        da, db = self.deparse(a.text, table), self.deparse(b.text, table)
        return da is not None and da == db
