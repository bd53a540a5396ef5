"""Catalog rows of views (``queries/views.sql``) and of their indexes → ``View`` objects.

The query is kept as ``pg_get_viewdef(..., true)`` prints it (the form import writes), without
its closing semicolon; drift has Postgres deparse the spec's query to compare
(``generator.diff.oracle``).
"""

from __future__ import annotations

from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.types import canonical_type


def read_views(model: m.Model, rows: list[dict], indexes: dict[m.QName, list[m.Index]]) -> None:
    for r in rows:
        q = (r["schema"], r["name"])
        options = dict(o.split("=", 1) for o in r["options"])
        columns = tuple(m.ViewColumn(name, canonical_type(type_), comment=comment)
                        for name, type_, comment in zip(r["column_names"], r["column_types"], r["column_comments"]))
        model.views[q] = m.View(
            q[0], q[1], Expr(r["query"].strip().rstrip(";")), columns, r["materialized"],
            tuple(sorted(indexes.get(q, ()), key=lambda i: i.name)),
            tuple(sorted({(role, privilege) for role, privilege in r["grants"]})),
            options.get("security_invoker") == "true", options.get("security_barrier") == "true",
            options.get("check_option"), r["populated"], r["comment"])
