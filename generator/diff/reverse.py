"""The changes of a down migration: each change's reverse, newest first.

Reverses that dropping an object already carries out are left out: a table's comments, grants,
indexes, triggers, policies and constraints go with the table, an object's comment goes with it
(unless the object is created again).
Roles are left alone: they belong to the cluster, which other databases share, not to this one.
What is left is ordered by the same dependency graph as any diff, from ``after`` to ``before``.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diff import changes as ch
from generator.diff.deps import object_id
from generator.diff.differ import creation, rebuild_enums
from generator.diff.hazards import needs_using
from generator.diff.order import order
from generator.emit.quoting import ident
from generator.model import objects as m
from generator.model.expr import Expr


def reverse_changes(changes: list[ch.Change], before: m.Model, after: m.Model) -> list[ch.Change]:
    """The changes that undo ``changes`` (which turned ``before`` into ``after``), in an order Postgres
    accepts. What a change dropped is created again whole (a table with its indexes, policies,
    comments ...)."""
    down = []
    # What creates again what the changes dropped stays, even for a table the changes also created
    # (a new partition key drops and creates the table: the down drops it and creates the old one).
    remade: set[int] = set()
    for c in reversed(changes):
        r = c.reverse()
        if isinstance(c, ch.Drop) and c.mode in (ch.PLAIN, ch.IF_EMPTY):
            remade |= set(range(len(down), len(down) + len(made := creation(c.obj, c.table))))
            down += made
        elif isinstance(r, ch.Alter) and isinstance(r.new, m.Column) and r.new.generated is not None is r.old.generated:
            down.append(ch.RegenerateColumn(r.old, r.new, r.table))  # a column made generated again
        elif isinstance(r, ch.Alter) and isinstance(r.new, m.Column):
            down.append(_with_using(r))
        elif r is not None:
            down.append(r)
    down = rebuild_enums(down, after, before)
    dropped = {object_id(c.obj, c.table) for c in down if isinstance(c, ch.Drop)} - {
        object_id(c.obj, c.table) for c in down if isinstance(c, ch.Create)}
    dropped_tables = {c.obj.qname for c in down if isinstance(c, ch.Drop) and isinstance(c.obj, m.Table)}
    return order([c for i, c in enumerate(down) if i in remade or not _goes_with(c, dropped, dropped_tables)],
                 after, before)


def _goes_with(c: ch.Change, dropped: set, dropped_tables: set[m.QName]) -> bool:
    if isinstance(c, ch.Drop) and isinstance(c.obj, m.Role):
        return True
    if isinstance(c, ch.Drop) and isinstance(c.obj, m.Table):
        return False
    if ch.table_of(c) in dropped_tables:
        return True
    return isinstance(c, ch.SetComment) and object_id(c.obj, c.table) in dropped


def _with_using(c: ch.Alter) -> ch.Alter:
    """A reverse type change that Postgres cannot cast on its own converts through text (every
    type's text form is read back by its input function; a value that does not fit fails loudly)."""
    if c.old.type == c.new.type or not needs_using(c.old.type, c.new.type):
        return replace(c, new=replace(c.new, using=None))
    return replace(c, new=replace(c.new, using=Expr(f"{ident(c.new.name)}::text::{c.new.type}")))
