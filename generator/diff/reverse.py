"""The changes of a down migration: each change's reverse, newest first.

Reverses that dropping an object already carries out are left out: a table's comments, grants,
indexes, triggers, policies and constraints go with the table, an object's comment goes with it.
Roles are left alone: they belong to the cluster, which other databases share, not to this one.
What is left is ordered by the same dependency graph as any diff, from ``after`` to ``before``.
"""

from __future__ import annotations

from generator.diff import changes as ch
from generator.diff.deps import object_id
from generator.diff.differ import creation, rebuild_enums
from generator.diff.order import order
from generator.model import objects as m


def reverse_changes(changes: list[ch.Change], before: m.Model, after: m.Model) -> list[ch.Change]:
    """The changes that undo ``changes`` (which turned ``before`` into ``after``), in an order Postgres
    accepts. What a change dropped is created again whole (a table with its indexes, policies,
    comments ...)."""
    down = []
    for c in reversed(changes):
        r = c.reverse()
        if isinstance(c, ch.Drop) and c.mode == ch.PLAIN:
            down += creation(c.obj, c.table)
        elif r is not None:
            down.append(r)
    down = rebuild_enums(down, after)
    dropped = {object_id(c.obj, c.table) for c in down if isinstance(c, ch.Drop)}
    dropped_tables = {c.obj.qname for c in down if isinstance(c, ch.Drop) and isinstance(c.obj, m.Table)}
    return order([c for c in down if not _goes_with(c, dropped, dropped_tables)], after, before)


def _goes_with(c: ch.Change, dropped: set, dropped_tables: set[m.QName]) -> bool:
    if isinstance(c, ch.Drop) and isinstance(c.obj, m.Role):
        return True
    if isinstance(c, ch.Drop) and isinstance(c.obj, m.Table):
        return False
    if ch.table_of(c) in dropped_tables:
        return True
    return isinstance(c, ch.SetComment) and object_id(c.obj, c.table) in dropped
