"""Renames the spec asks for (``renamed_from`` on a table or a column), applied before comparing.

The old model is rewritten under the new names (the renamed table or column, every column list,
expression and foreign key that names it, as Postgres itself follows a rename), so the comparison
that follows sees only what changed besides the name, and a down migration that recreates an
old object does so under the names it has at that point. A ``renamed_from`` whose old name is not in the
old model (the rename already happened) or is still in the new spec is ignored.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diff import changes as ch
from generator.emit.quoting import ident
from generator.model import objects as m
from generator.model.expr import Expr, rename_column

ColumnMoves = dict[m.QName, dict[str, str]]  # table (new name) → {old column name: new column name}


def apply_renames(old: m.Model, new: m.Model) -> tuple[list[ch.Rename], m.Model]:
    """The rename changes, and ``old`` as it is once they are applied."""
    renames: list[ch.Rename] = []
    tables = dict(old.tables)
    table_moves: dict[m.QName, m.QName] = {}
    for q, t in sorted(new.tables.items()):
        src = (t.schema, t.renamed_from)
        if t.renamed_from and q not in tables and src in tables and src not in new.tables:
            renames.append(ch.Rename(tables[src], src[1], t.name))
            table_moves[src] = q
            tables[q] = replace(tables.pop(src), name=t.name)
    column_moves: ColumnMoves = {}
    for q, t in sorted(new.tables.items()):
        a = tables.get(q)
        if a is None:
            continue
        for source, target in _column_moves(a, t).items():
            column_moves.setdefault(q, {})[source] = target
            renames.append(ch.Rename(a.column(source), source, target, q))
    if not renames:
        return [], old
    tables = {q: _renamed(t, column_moves.get(q, {}), table_moves, column_moves) for q, t in tables.items()}
    return renames, replace(old, tables=tables)


def _column_moves(a: m.Table, t: m.Table) -> dict[str, str]:
    """Old name → new name of the columns of ``t`` renamed from a column of ``a``. A chain (``b``
    renamed from ``a`` while a new ``a`` is renamed from ``c``) moves each column; a swap or any
    other cycle would need a temporary name and is not a rename (the columns differ in place)."""
    had, has = {c.name for c in a.columns}, {c.name for c in t.columns}
    moves = {c.renamed_from: c.name for c in t.columns
             if c.renamed_from and c.renamed_from in had and c.renamed_from != c.name}
    while True:  # until every source is free to go and every target free to take
        kept = {source: target for source, target in moves.items()
                if not (source in has and source not in moves.values())
                and not (target in had and target not in moves) and not _in_cycle(source, moves)}
        if kept == moves:
            return moves
        moves = kept


def _in_cycle(start: str, moves: dict[str, str]) -> bool:
    name, seen = moves[start], {start}
    while name in moves and name not in seen:
        seen.add(name)
        name = moves[name]
    return name == start


def _renamed(t: m.Table, own: dict[str, str], table_moves: dict[m.QName, m.QName],
             column_moves: ColumnMoves) -> m.Table:
    def cols(names: tuple[str, ...], moves: dict[str, str] = own) -> tuple[str, ...]:
        return tuple(moves.get(n, n) for n in names)

    def expr(e: Expr | None) -> Expr | None:
        if e is None:
            return None
        text = e.text
        for a, b in own.items():
            text = rename_column(text, a, b, ident)
        return e if text == e.text else Expr(text)

    constraints = []
    for c in t.constraints:
        if isinstance(c, (m.PrimaryKey, m.Unique)):
            c = replace(c, columns=cols(c.columns))
        elif isinstance(c, m.Check):
            c = replace(c, expression=expr(c.expression))
        elif isinstance(c, m.Exclusion):
            c = replace(c, elements=tuple(replace(e, key=replace(e.key, column=own.get(e.key.column, e.key.column),
                                                                 expression=expr(e.key.expression)))
                                          for e in c.elements), include=cols(c.include), where=expr(c.where))
        elif isinstance(c, m.ForeignKey):
            target = table_moves.get(c.ref_table, c.ref_table)
            c = replace(c, columns=cols(c.columns), ref_table=target,
                        ref_columns=cols(c.ref_columns, column_moves.get(target, {})))
        constraints.append(c)

    def key(k: m.PartitionKey | None) -> m.PartitionKey | None:  # Postgres renames key columns too
        return k and replace(k, keys=tuple(replace(x, column=own.get(x.column, x.column), expression=expr(x.expression))
                                           for x in k.keys))
    names = {p.name for p in t.partitions}  # a partition of a renamed table is a partition of its new name
    return replace(
        t,
        partition_by=key(t.partition_by),
        partitions=tuple(replace(p, parent=p.parent if p.parent in names else t.name, partition_by=key(p.partition_by))
                         for p in t.partitions),
        columns=tuple(replace(c, name=own.get(c.name, c.name)) for c in t.columns),
        constraints=tuple(constraints),
        indexes=tuple(replace(ix, keys=tuple(replace(k, column=own.get(k.column, k.column), expression=expr(k.expression))
                                             for k in ix.keys), include=cols(ix.include), where=expr(ix.where))
                      for ix in t.indexes),
        triggers=tuple(replace(x, update_columns=cols(x.update_columns), when=expr(x.when)) for x in t.triggers),
        policies=tuple(replace(p, using=expr(p.using), with_check=expr(p.with_check)) for p in t.policies))
