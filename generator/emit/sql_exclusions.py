"""SQL of exclusion constraints and of the deferrable clause keys share with foreign keys."""

from __future__ import annotations

from typing import Callable

from generator.emit.quoting import ident
from generator.model import objects as m


def deferrable_sql(c: m.Constraint) -> str:
    """`` DEFERRABLE INITIALLY ...`` for a deferrable constraint, else nothing (Postgres's default)."""
    if not getattr(c, "deferrable", False):
        return ""
    return " DEFERRABLE INITIALLY " + ("DEFERRED" if c.initially_deferred else "IMMEDIATE")


def exclusion_body(x: m.Exclusion, key_sql: Callable[[m.IndexKey], str]) -> str:
    """``EXCLUDE USING gist (room_id WITH =, during WITH &&) ...`` (keys rendered by ``key_sql``)."""
    sql = f"EXCLUDE USING {x.method} (" + ", ".join(f"{key_sql(e.key)} WITH {e.operator}" for e in x.elements) + ")"
    if x.include:
        sql += " INCLUDE (" + ", ".join(ident(c) for c in x.include) + ")"
    if x.where is not None:
        sql += f" WHERE ({x.where.text})"
    return sql + deferrable_sql(x)
