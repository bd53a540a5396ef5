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
        self.cache: dict[tuple[str, tuple | None], str | None] = {}

    def _probe(self, key: tuple[str, tuple | None], statements: list[str]) -> str | None:
        """What the last of ``statements`` returns, run in a transaction that is rolled back (None
        when Postgres refuses them)."""
        if key not in self.cache:
            try:
                with self.conn.transaction(force_rollback=True), self.conn.cursor() as cur:
                    cur.execute("SET LOCAL search_path TO public")
                    for statement in statements:
                        cur.execute(statement)
                    self.cache[key] = cur.fetchone()[0]
            except psycopg.Error:
                self.cache[key] = None
        return self.cache[key]

    def deparse(self, text: str, table: m.QName | None) -> str | None:
        source = f" FROM {qualified(*table)}" if table else ""
        return self._probe((text, table), [f"CREATE TEMP VIEW pgspec_probe AS SELECT ({text}) AS e{source}",
                                           "SELECT pg_get_viewdef('pgspec_probe'::regclass, true)"])

    def deparse_domain_check(self, text: str, base_type: str) -> str | None:
        """A domain check as Postgres prints it, on a probe domain of ``base_type``."""
        return self._probe((text, ("domain", base_type)), [
            f"CREATE DOMAIN pg_temp.pgspec_probe AS {base_type} CHECK ({text})",
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = 'pg_temp.pgspec_probe'::regtype"])

    def deparse_query(self, text: str) -> str | None:
        """A view query as Postgres prints it, as a temporary view."""
        return self._probe((text, ("", "query")), [f"CREATE TEMP VIEW pgspec_probe AS {text}",
                                                   "SELECT pg_get_viewdef('pgspec_probe'::regclass, true)"])

    def same_query(self, a: str, b: str) -> bool:
        """Whether two view queries mean the same."""
        da, db = self.deparse_query(a), self.deparse_query(b)
        return da is not None and da == db

    def domain_equivalent(self, a: Expr, b: Expr, base_type: str) -> bool:
        da, db = self.deparse_domain_check(a.text, base_type), self.deparse_domain_check(b.text, base_type)
        return da is not None and da == db

    def equivalent(self, a: Expr, b: Expr, table: m.QName | None) -> bool:
        da, db = self.deparse(a.text, table), self.deparse(b.text, table)
        return da is not None and da == db
