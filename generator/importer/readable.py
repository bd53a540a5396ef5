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

from generator.importer.draft_types import pretty_domains
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
        text = tidy(texts.get((kind, t.schema, t.name, name), expr.text), text_columns[t.qname])
        return expr if text == expr.text else Expr(text)

    def each(objects: tuple, change) -> tuple:
        new = tuple(change(o) for o in objects)
        return objects if all(a is b for a, b in zip(new, objects)) else new

    def column(c: m.Column, t: m.Table) -> m.Column:
        default = pretty(c.default, "default", t, c.name)
        generated = pretty(c.generated, "generated", t, c.name)
        return c if default is c.default and generated is c.generated else replace(
            c, default=default, generated=generated)

    def constraint(c: m.Constraint, t: m.Table) -> m.Constraint:
        if isinstance(c, m.Exclusion):  # its index has the constraint's name
            where = pretty(c.where, "where", t, c.name)
            elements = each(c.elements, lambda e: e if e.key.expression is None else replace(e, key=key(e.key, t)))
            return c if where is c.where and elements is c.elements else replace(c, where=where, elements=elements)
        if not isinstance(c, m.Check):
            return c
        expression = pretty(c.expression, "check", t, c.name)
        return c if expression is c.expression else replace(c, expression=expression)

    def key(k: m.IndexKey, t: m.Table) -> m.IndexKey:
        expression = pretty(k.expression, "key", t, "")
        return k if expression is k.expression else replace(k, expression=expression)

    def index(ix: m.Index, t: m.Table) -> m.Index:
        where, keys = pretty(ix.where, "where", t, ix.name), each(ix.keys, lambda k: key(k, t))
        return ix if where is ix.where and keys is ix.keys else replace(ix, where=where, keys=keys)

    def policy(p: m.Policy, t: m.Table) -> m.Policy:
        using, check = pretty(p.using, "using", t, p.name), pretty(p.with_check, "with_check", t, p.name)
        return p if using is p.using and check is p.with_check else replace(p, using=using, with_check=check)

    text_columns = {q: frozenset(c.name for c in t.columns if c.type.startswith(_TEXT_LIKE))
                    for q, t in model.tables.items()}
    tables = {}
    for q, t in model.tables.items():
        parts = dict(columns=each(t.columns, lambda c: column(c, t)),
                     constraints=each(t.constraints, lambda c: constraint(c, t)),
                     indexes=each(t.indexes, lambda ix: index(ix, t)),
                     policies=each(t.policies, lambda p: policy(p, t)))
        changed = any(parts[k] is not getattr(t, k) for k in parts)
        tables[q] = replace(t, **parts) if changed else t
    return replace(model, tables=tables, domains=pretty_domains(model, texts))
