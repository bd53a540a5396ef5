"""Compare views. A view is created, dropped, replaced in place or rebuilt (dropped and created
again, with its indexes, grants and comments).

- A changed definition is replaced in place (``CREATE OR REPLACE VIEW``) only when that is all
  Postgres allows: a plain view that keeps its columns (names and types) and appends new ones,
  with the same options, and that no other view reads (so that its down migration, which has to
  drop and create it to take the columns away, has no dependant in its way). Any other change,
  and every change of a materialized view, rebuilds it.
- Postgres refuses to drop or retype a column, or to drop a table or a view, that a view reads;
  and a view renamed under it would keep reading the old name. So a view that reads a table
  whose columns it mentions (or all of them, for ``*``) are retyped, dropped or renamed, a table
  that is dropped or renamed, a function that is dropped, or a view that is rebuilt or dropped,
  is rebuilt too. What it reads is found by parsing its query (``generator.model.view_query``).

The queries of two specs are equal when their keys are (``generator.model.expr``); drift asks
Postgres (``generator.diff.oracle``), which deparses both in the same server.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from generator.diff import changes as ch
from generator.model import objects as m
from generator.model.types import base_name
from generator.model.view_query import query_facts

if TYPE_CHECKING:
    from generator.diff.differ import _Differ


def create_view(differ: "_Differ", v: m.View) -> None:
    """The changes that create ``v`` whole: the view, its comments, indexes and grants."""
    differ.out.append(ch.Create(v))
    differ.comment(None, v)
    for c in v.columns:
        differ.comment(None, c, v.qname)
    children(differ, replace(v, indexes=(), grants=()), v)


def children(differ: "_Differ", a: m.View, b: m.View) -> None:
    q = b.qname
    differ.keyed({i.name: i for i in a.indexes}, {i.name: i for i in b.indexes}, q, alter=False)
    for role in sorted({r for r, _ in a.grants} | {r for r, _ in b.grants}):
        had = {p for r, p in a.grants if r == role}
        has = {p for r, p in b.grants if r == role}
        if had != has:
            differ.out.append(ch.SetGrants(q, role, tuple(sorted(has - had)), tuple(sorted(had - has))))


def compare_views(differ: "_Differ", old: m.Model, new: m.Model) -> None:
    """Append the view changes to ``differ.out`` (after the other objects were compared)."""
    rebuilt = _rebuilt(differ, old, new)
    for q in sorted(set(old.views) | set(new.views)):
        a, b = old.views.get(q), new.views.get(q)
        if a is None:
            create_view(differ, b)
        elif b is None:
            differ.out.append(ch.Drop(a))
        elif q in rebuilt:
            differ.out.append(ch.Drop(a))
            create_view(differ, b)
        else:
            if not _same_definition(differ, a, b):
                differ.out.append(ch.Alter(a, b))
            differ.comment(a, b)
            old_columns = {c.name: c for c in a.columns}
            for c in b.columns:
                differ.comment(old_columns.get(c.name), c, q)
            children(differ, a, b)


def part_of_view(c: ch.Change, views: set[m.QName]) -> bool:
    """Whether ``c`` is an index, grant or comment of one of ``views`` (not the view itself)."""
    if isinstance(c, (ch.Create, ch.Drop)) and isinstance(c.obj, m.View):
        return False
    if isinstance(c, ch.SetComment) and isinstance(c.obj, m.View):
        return c.obj.qname in views
    return ch.table_of(c) in views


def _definition(v: m.View) -> m.View:
    return replace(v, columns=tuple(replace(c, comment=None) for c in v.columns), indexes=(), grants=(),
                   comment=None)


def _same_definition(differ: "_Differ", a: m.View, b: m.View) -> bool:
    if _definition(a) == _definition(b):
        return True
    if _definition(replace(a, query=b.query)) != _definition(b):
        return False
    same_query = getattr(differ.oracle, "same_query", None)
    return same_query is not None and same_query(a.query.text, b.query.text)


def replaceable(a: m.View, b: m.View, readers: set[m.QName]) -> bool:
    """Whether ``CREATE OR REPLACE VIEW`` turns ``a`` into ``b``."""
    old_cols = [(c.name, c.type) for c in a.columns]
    new_cols = [(c.name, c.type) for c in b.columns]
    return (not a.materialized and not b.materialized and a.qname not in readers
            and new_cols[:len(old_cols)] == old_cols and len(new_cols) > len(old_cols)
            and _definition(replace(a, query=b.query, columns=b.columns)) == _definition(b))


def _rebuilt(differ: "_Differ", old: m.Model, new: m.Model) -> set[m.QName]:
    """The views of both models to drop and create again (see the module docs)."""
    changed_columns: set[tuple[str, str, str]] = set()
    gone_relations: set[m.QName] = set()
    gone_functions: set[str] = set()
    for c in differ.out:
        if isinstance(c, ch.Rename) and isinstance(c.obj, m.Table):
            gone_relations.add((c.obj.schema, c.old))
        elif isinstance(c, ch.Rename) and isinstance(c.obj, m.Column):
            changed_columns |= {(*c.table, c.old), (*c.table, c.new)}
        elif isinstance(c, ch.Drop) and isinstance(c.obj, m.Table):
            gone_relations.add(c.obj.qname)
        elif isinstance(c, ch.Drop) and isinstance(c.obj, m.Column):
            changed_columns.add((*c.table, c.obj.name))
        elif isinstance(c, ch.Drop) and isinstance(c.obj, m.Function):
            gone_functions.add(c.obj.name)
        elif isinstance(c, ch.Alter) and isinstance(c.new, m.Column) and c.old.type != c.new.type:
            changed_columns.add((*c.table, c.new.name))
    rebuilt_enums = {m.qname_text(k) for k, e in old.enums.items() if k in new.enums and e != new.enums[k]
                     and [v for v in new.enums[k].values if v in e.values] != list(e.values)}
    for t in old.tables.values():
        changed_columns |= {(*t.qname, c.name) for c in t.columns if base_name(c.type) in rebuilt_enums}
    readers = {r for v in {**old.views, **new.views}.values() for r in query_facts(v.query.text).relations}
    out: set[m.QName] = set()
    for q, a in old.views.items():
        b = new.views.get(q)
        if b is None:
            gone_relations.add(q)
        elif not _definition(a) == _definition(b) and not _same_definition(differ, a, b) \
                and not replaceable(a, b, readers):
            out.add(q)
        elif _reads_changed(a, old, changed_columns, gone_relations, gone_functions):
            out.add(q)
    while True:  # a view reading a rebuilt one is rebuilt too
        more = {q for q, a in old.views.items() if q in new.views and q not in out
                and query_facts(a.query.text).relations & out}
        if not more:
            return out
        out |= more


def _reads_changed(v: m.View, model: m.Model, columns: set[tuple[str, str, str]], relations: set[m.QName],
                   functions: set[str]) -> bool:
    facts = query_facts(v.query.text)
    if facts.relations & relations or facts.functions & functions:
        return True
    for q in facts.relations:
        relation = model.tables.get(q)
        names = {c.name for c in relation.columns} if relation is not None and facts.star else set()
        if any((*q, c) in columns for c in facts.columns | names):
            return True
    return False
