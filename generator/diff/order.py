"""Order changes by the dependency graph (Kahn's algorithm), never by fixed phases.

A change that creates an object runs before every change that needs it; a change that drops an
object runs after every change that needs the object as it was (dropping it too, altering what
used it, or, when nothing creates it again, commenting on or renaming it); an object dropped and
created again is dropped first; a rename runs after the rename that gives its table its new name,
and before the rename that gives its old name to another object.
Among changes free to run, a stable priority (drops before creates, then by kind and name) only
decides ties, so the order is deterministic and reads naturally.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field, replace

from generator.diff import changes as ch
from generator.diff.deps import ObjectId, Resolver, object_id
from generator.model import objects as m

_KIND_RANK = ["schema", "extension", "role", "type", "function", "sequence", "table", "column", "constraint",
              "index", "trigger", "policy", "privilege"]


@dataclass
class Node:
    change: ch.Change
    creates: set[ObjectId] = field(default_factory=set)
    drops: set[ObjectId] = field(default_factory=set)
    requires: set[ObjectId] = field(default_factory=set)
    alters: set[ObjectId] = field(default_factory=set)  # changed in place: readers drop before, create after
    releases: set[ObjectId] = field(default_factory=set)  # needed as it was, no longer: dropped after
    rank: tuple = ()


class CycleError(Exception):
    """The changes depend on each other in a circle."""


def _node(change: ch.Change, old: Resolver, new: Resolver) -> Node:
    n = Node(change)
    if isinstance(change, (ch.Create, ch.Drop)):
        obj, tq = change.obj, change.table
        resolver = new if isinstance(change, ch.Create) else old
        table = resolver.model.tables.get(tq) if tq else None
        oid = object_id(obj, tq)
        ids = {oid}
        if isinstance(obj, m.Table):
            ids |= {object_id(c, obj.qname) for c in obj.columns}
            ids |= {object_id(c, obj.qname) for c in obj.constraints if not isinstance(c, m.ForeignKey)}
        requires = resolver.requires(obj, table) - ids
        if isinstance(change, ch.Create):
            n.creates = ids
        else:
            n.drops = ids
            if isinstance(obj, m.Table):  # a table goes before the tables its foreign keys point to
                requires |= {("table", *c.ref_table) for c in obj.constraints
                             if isinstance(c, m.ForeignKey) and c.ref_table != obj.qname}
        n.requires = requires
        drop = isinstance(change, ch.Drop)
        kind_rank = _KIND_RANK.index(oid[0])
        n.rank = (0, -kind_rank) if drop else (1, kind_rank, isinstance(obj, m.ForeignKey))
        if isinstance(change, ch.Create) and isinstance(obj, m.DefaultPrivilege):  # early: what follows gets them
            n.rank = (1, _KIND_RANK.index("role") + 0.5)
    elif isinstance(change, ch.Alter):
        table = new.model.tables.get(change.table) if change.table else None
        oid = object_id(change.new, change.table)
        n.requires = new.requires(change.new, table) - {oid}
        n.releases = old.requires(change.old, old.model.tables.get(change.table) if change.table else None) - {oid}
        if isinstance(change.new, m.Column):
            n.requires.add(oid)
            n.alters = {oid}
        n.rank = (1, _KIND_RANK.index(oid[0]), 0.5)
    elif isinstance(change, ch.RegenerateColumn):
        oid = object_id(change.new, change.table)
        n.requires = new.requires(change.new, new.model.tables.get(change.table)) | {oid}
        n.releases = old.requires(change.old, old.model.tables.get(change.table)) - {oid}
        n.alters = {oid}
        n.rank = (1, _KIND_RANK.index("column"), 0.5)
    elif isinstance(change, ch.SetOwnedBy):
        seq = change.obj
        n.requires = {object_id(seq)} | ({("column", seq.schema, *change.new)} if change.new else set())
        n.releases = {("column", seq.schema, *change.old)} if change.old else set()
        n.rank = (2, 0.5)
    elif isinstance(change, ch.RebuildEnum):
        n.alters = {("column", *q, c.name) for q, c in change.columns}
        n.requires = {("table", *q) for q, _ in change.columns} | n.alters
        n.rank = (1, _KIND_RANK.index("type"), 0.5)
    elif isinstance(change, ch.Rename):
        old_obj, new_obj = replace(change.obj, name=change.old), replace(change.obj, name=change.new)
        n.drops = {object_id(old_obj, change.table)}
        n.requires = set(n.drops)  # what it renames: after the rename that names it so
        n.creates = {object_id(new_obj, change.table)}
        if isinstance(old_obj, m.Table):
            n.creates |= {object_id(c, new_obj.qname) for c in old_obj.columns}
        elif change.table is not None:
            n.requires.add(("table", *change.table))
        n.rank = (-1, _KIND_RANK.index(object_id(old_obj, change.table)[0]))
    elif isinstance(change, (ch.Validate, ch.SetNotNull)):
        n.requires = {("table", *change.table)}
        n.rank = (4,)
    elif isinstance(change, ch.SetComment):
        n.requires = {object_id(change.obj, change.table)}
        n.rank = (2, 1)
    elif isinstance(change, ch.SetRls):
        n.requires = {("table", *change.table)}
        n.rank = (1, _KIND_RANK.index("policy") - 0.5)
    elif isinstance(change, ch.SetGrants):
        n.requires = {("table", *change.table)} | ({("role", change.role)} if change.role in new.model.roles else set())
        n.rank = (2, 0)
    elif isinstance(change, (ch.InsertSeed, ch.ChangeSeed)):
        t = change.table
        n.creates = {("seed", *t.qname)}
        n.requires = {object_id(t)} | {object_id(c, t.qname) for c in t.constraints}
        n.requires |= {object_id(x, t.qname) for x in t.triggers}
        n.requires |= {object_id(p, t.qname) for p in t.partitions}  # the rows go into them
        n.requires |= {("seed", *c.ref_table) for c in t.constraints
                       if isinstance(c, m.ForeignKey) and c.ref_table != t.qname}
        n.rank = (3,)
    return n


def _renames_to(n: Node, oid: ObjectId) -> bool:
    """Whether ``n`` renames an object (not a table, whose columns it also moves) to ``oid``."""
    return isinstance(n.change, ch.Rename) and not isinstance(n.change.obj, m.Table) and oid in n.creates


def order(changes: list[ch.Change], old: m.Model, new: m.Model) -> list[ch.Change]:
    """The changes in an order Postgres accepts, the same every time."""
    old_r, new_r = Resolver(old), Resolver(new)
    nodes = [_node(c, old_r, new_r) for c in changes]
    creators, droppers, alterers = defaultdict(list), defaultdict(list), defaultdict(list)
    for i, n in enumerate(nodes):
        for oid in n.creates:
            creators[oid].append(i)
        for oid in n.drops:
            droppers[oid].append(i)
        for oid in n.alters:
            alterers[oid].append(i)
    after: dict[int, set[int]] = defaultdict(set)  # i → changes that must come after i
    for i, n in enumerate(nodes):
        pure_drop = n.drops and not n.creates  # what it needs existed before: no creator to wait for
        for r in n.requires:
            renamed_away = isinstance(n.change, ch.Rename) and r in n.drops  # its old name, given to another
            for p in () if pure_drop else creators.get(r, ()):
                if p != i:
                    after[i].add(p) if renamed_away and _renames_to(nodes[p], r) else after[p].add(i)
            if n.drops or r not in creators:  # what it needs goes away: it runs first
                for d in droppers.get(r, ()):
                    if d != i:
                        after[i].add(d)
            for a in alterers.get(r, ()):  # a column changed in place: its readers go, then come back
                if a != i and r not in n.alters:
                    after[i].add(a) if pure_drop else after[a].add(i)
        for r in n.releases:
            for d in droppers.get(r, ()):
                if d != i:
                    after[i].add(d)
        for oid in n.creates:
            for d in droppers.get(oid, ()):
                if d != i and oid not in nodes[d].requires:  # not a rename of what this creates
                    after[d].add(i)
    indegree = [0] * len(nodes)
    for i, succ in after.items():
        for j in succ:
            indegree[j] += 1
    keys = [(n.rank, n.change.describe(), i) for i, n in enumerate(nodes)]
    ready = [keys[i] for i in range(len(nodes)) if indegree[i] == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        *_, i = heapq.heappop(ready)
        out.append(nodes[i].change)
        for j in after.get(i, ()):
            indegree[j] -= 1
            if indegree[j] == 0:
                heapq.heappush(ready, keys[j])
    if len(out) != len(nodes):
        stuck = sorted(nodes[i].change.describe() for i in range(len(nodes)) if indegree[i] > 0)
        raise CycleError("changes depend on each other in a cycle: " + "; ".join(stuck))
    return out
