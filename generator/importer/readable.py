"""Put the pretty-printed text of each expression into the model import writes.

The catalog reader keeps Postgres's plain deparse (``((status)::text = ANY (...))``), the form
drift compares; a spec is read by people, so import writes ``pg_get_expr(..., true)``'s form
(``status::text = ANY (...)``): the same expression, with fewer parentheses and casts, then
tidied (``generator.importer.tidy``) to ``status IN (...)``.
"""

from __future__ import annotations

from dataclasses import replace

import psycopg
from psycopg.rows import dict_row

from generator.importer.tidy import tidy
from generator.introspect.catalog import query
from generator.model import objects as m
from generator.model.expr import Expr


_TEXT_LIKE = ("text", "character varying", "character")


def fetch(conn: psycopg.Connection) -> dict[tuple[str, str, str, str], str]:
    """(kind, schema, table, name) → pretty text."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query("readable")).fetchall()
    return {(r["kind"], r["schema"], r["table"], r["name"]): r["text"] for r in rows}


def apply(model: m.Model, texts: dict[tuple[str, str, str, str], str]) -> m.Model:
    """``model`` with every default, check, index expression and policy expression pretty-printed."""
    def pretty(expr: Expr | None, kind: str, t: m.Table, name: str) -> Expr | None:
        if expr is None:
            return None
        text = texts.get((kind, t.schema, t.name, name), expr.text)
        return Expr(tidy(text, text_columns[t.qname]))

    text_columns = {q: frozenset(c.name for c in t.columns if c.type.startswith(_TEXT_LIKE))
                    for q, t in model.tables.items()}
    tables = {}
    for q, t in model.tables.items():
        columns = tuple(replace(c, default=pretty(c.default, "default", t, c.name)) for c in t.columns)
        constraints = tuple(replace(c, expression=pretty(c.expression, "check", t, c.name))
                            if isinstance(c, m.Check) else c for c in t.constraints)
        indexes = tuple(replace(ix, where=pretty(ix.where, "where", t, ix.name), keys=tuple(
            replace(k, expression=Expr(tidy(k.expression.text, text_columns[q]))) if k.expression else k
            for k in ix.keys)) for ix in t.indexes)
        policies = tuple(replace(p, using=pretty(p.using, "using", t, p.name),
                                 with_check=pretty(p.with_check, "with_check", t, p.name)) for p in t.policies)
        tables[q] = replace(t, columns=columns, constraints=constraints, indexes=indexes, policies=policies)
    return replace(model, tables=tables)
