"""Hazards that are legal SQL: warnings (errors under ``--strict``) at the node concerned."""

from __future__ import annotations

from generator.emit.quoting import ident
from generator.errors import Diagnostic
from generator.model import objects as m
from generator.model.expr import Expr
from generator.spec.security import function_errors, functions_by_name, sql_functions, table_warnings


def lint(model: m.Model, origins: dict, allowed: dict[m.QName, set[str]]) -> list[Diagnostic]:
    """Security errors of functions, and warnings for every table less those the table accepts
    (``allow_warnings``)."""
    by_name = functions_by_name(model)
    out = function_errors(model, origins, by_name)
    called = sql_functions(by_name)
    for table in model.tables.values():
        found = _table_warnings(table, origins) + table_warnings(table, origins, called)
        out += [d for d in found if d.code not in allowed.get(table.qname, ())]
    return out


def _serves_lookups(ix: m.Index, column: str) -> bool:
    """A foreign key's ``WHERE col = $1`` can use an index only if its predicate follows from that:
    no predicate, or ``col IS NOT NULL``."""
    return ix.where is None or ix.where == Expr(f"{ident(column)} IS NOT NULL")


def _table_warnings(table: m.Table, origins: dict) -> list[Diagnostic]:
    out = []
    o = origins[("table", table.schema, table.name)]
    if table.policies and not table.rls_enabled:
        out.append(o.diag("W200", f"table {table.name!r} has policies but row level security is not "
                          "enabled, so they have no effect (add 'rls: {enabled: true}')", key=True))
    if table.rls_enabled and not table.policies:
        out.append(o.diag("W201", f"table {table.name!r} enables row level security with no policy: "
                          "every row is hidden from non-owners", key=True))
    indexed = [c.columns for c in table.constraints if isinstance(c, (m.PrimaryKey, m.Unique))]
    indexed += [tuple(k.column for k in ix.keys) for ix in table.indexes
                if ix.keys[0].column and _serves_lookups(ix, ix.keys[0].column)]
    indexed += [tuple(e.key.column for e in x.elements) for x in table.constraints  # its index serves them too
                if isinstance(x, m.Exclusion) and x.where is None and x.elements[0].key.column]
    for fk in table.constraints:
        if isinstance(fk, m.ForeignKey) and not any(
                tuple(cols[: len(fk.columns)]) == fk.columns for cols in indexed):
            co = origins.get(("constraint", table.name, fk.name), o)
            out.append(co.diag("W202", f"foreign key {fk.name!r} ({', '.join(fk.columns)}) has no index "
                               "starting with its columns: deletes on the referenced table scan "
                               f"{table.name!r}", key=True))
    return out
