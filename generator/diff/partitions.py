"""The changes to a partitioned table's partitions (called by ``generator.diff.differ``).

Partitions are matched by name (list values in any order are the same bound). A new one is
created, a gone one dropped (with its rows: a destructive change), and one whose bound, parent or
sub-partitioning changes is dropped, after a check that it holds no rows (``IF_EMPTY``: moving
rows is the author's job), and created again; so are its sub-partitions, which Postgres would drop
with it. A changed partition key of the table itself is not a partition change: the differ drops
and creates the table.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diff import changes as ch
from generator.model import objects as m
from generator.model.partitions import same_bound


def partition_changes(a: m.Table | None, b: m.Table) -> list[ch.Change]:
    """Changes from the partitions of ``a`` (None: a new table) to those of ``b``."""
    q = b.qname
    old = {p.name: p for p in a.partitions} if a is not None else {}
    new = {p.name: p for p in b.partitions}
    out: list[ch.Change] = []
    replaced: set[str] = set()
    for p in b.partitions:  # parents come first
        was = old.get(p.name)
        if was is None:
            out.append(ch.Create(p, q))
        elif was.parent in replaced or replace(was, comment=None, bound=p.bound) != replace(p, comment=None) \
                or not same_bound(was.bound, p.bound):
            replaced.add(p.name)
            out += [ch.Drop(was, q, ch.IF_EMPTY), ch.Create(p, q)]
        had = None if was is None or p.name in replaced else was.comment
        if p.comment != had:
            out.append(ch.SetComment(p, q, had, p.comment))
    out += [ch.Drop(p, q) for p in old.values() if p.name not in new]  # sub-partitions first (deps)
    return out
