"""What each model object needs to exist first: the edges of the dependency graph.

Object ids are tuples: ``("table", schema, name)``, ``("function", schema, name)``,
``("index", schema, table, name)`` ... References inside SQL expressions (functions called,
tables queried in a policy's subquery) are read from the sqlglot tree; a fragment sqlglot cannot
parse contributes no edges, and the database reports a wrong order loudly when the migration runs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

import sqlglot
from sqlglot import exp

from generator.model import objects as m
from generator.model.sequences import sequence_references
from generator.model.types import base_name
from generator.model.view_query import query_facts

ObjectId = tuple


def object_id(obj: Any, table: m.QName | None = None) -> ObjectId:
    """The graph id of a model object (child objects carry their table)."""
    if isinstance(obj, m.Schema):
        return ("schema", obj.name)
    if isinstance(obj, m.Extension):
        return ("extension", obj.name)
    if isinstance(obj, m.Role):
        return ("role", obj.name)
    if isinstance(obj, (m.Enum, m.Domain, m.CompositeType)):
        return ("type", obj.schema, obj.name)
    if isinstance(obj, m.Function):
        return ("function", obj.schema, obj.name)
    if isinstance(obj, m.Table):
        return ("table", obj.schema, obj.name)
    if isinstance(obj, m.Sequence):
        return ("sequence", obj.schema, obj.name)
    if isinstance(obj, m.SchemaGrant):
        return ("privilege", "schema", obj.schema, obj.role)
    if isinstance(obj, m.DefaultPrivilege):
        return ("privilege", "default", *obj.key)
    if isinstance(obj, m.View):
        return ("view", obj.schema, obj.name)
    if isinstance(obj, (m.Column, m.ViewColumn)):
        return ("column", *table, obj.name)
    if isinstance(obj, m.Partition):  # a table of its own, in its parent's schema
        return ("table", table[0], obj.name)
    if isinstance(obj, m.Index):
        return ("index", table[0], obj.name)
    kind = {m.Trigger: "trigger", m.Policy: "policy"}.get(type(obj), "constraint")
    return (kind, *table, obj.name)


@lru_cache(maxsize=16384)
def _references(text: str) -> tuple[frozenset[str], frozenset[tuple[str, str]], frozenset[str]]:
    """Function names, (schema, table) names and column names an SQL text refers to."""
    try:
        trees = [t for t in sqlglot.parse(text, read="postgres") if t is not None]
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError, ValueError):
        return frozenset(), frozenset(), frozenset()
    functions, tables, columns = set(), set(), set()
    for tree in trees:
        for node in tree.walk():
            if isinstance(node, exp.Anonymous) and isinstance(node.this, str):
                functions.add(node.this.lower())
            elif isinstance(node, exp.Table) and node.name:
                tables.add((node.db or "public", node.name))
            elif isinstance(node, exp.Column) and node.name:
                columns.add(node.name)
    return frozenset(functions), frozenset(tables), frozenset(columns)


def function_references(text: str | None) -> frozenset[str]:
    """The names of the functions an SQL text calls (other than SQL's own)."""
    return _references(text)[0] if text else frozenset()


def column_references(text: str | None) -> frozenset[str]:
    """The column names an SQL text mentions (of any table: callers intersect with their own)."""
    return _references(text)[2] if text else frozenset()


class Resolver:
    """Turns references found in a model into object ids of that model."""

    def __init__(self, model: m.Model):
        self.model = model
        self.functions: dict[str, list[m.Function]] = {}  # by name: a call names no schema to the parser
        for f in model.functions.values():
            self.functions.setdefault(f.name, []).append(f)
        self.enums = {m.qname_text(k): e for k, e in model.enums.items()}
        self.enums |= {m.qname_text(k): d for k, d in model.domains.items()}
        self.enums |= {m.qname_text(k): c for k, c in model.composites.items()}

    def exprs(self, texts: Iterable[str | None], own: m.QName | None = None) -> set[ObjectId]:
        """Functions, other tables, sequences, and columns of ``own`` the texts refer to."""
        out: set[ObjectId] = set()
        own_table = self.model.tables.get(own) if own else None
        for text in texts:
            if not text:
                continue
            functions, tables, columns = _references(text)
            out |= {("sequence", *q) for q in sequence_references(text) if q in self.model.sequences}
            if own_table is not None:
                out |= {("column", *own, c.name) for c in own_table.columns if c.name in columns}
            for name in functions:
                out |= {object_id(fn) for fn in self.functions.get(name, ())}
            for q in tables:
                if q in self.model.tables and q != own:
                    out.add(("table", *q))
        return out

    def type_(self, type_: str) -> set[ObjectId]:
        enum = self.enums.get(base_name(type_))
        if enum is not None:
            return {object_id(enum)}
        return {("extension", e) for e in self.model.extensions}  # extension types (vector ...)

    def requires(self, obj: Any, table: m.Table | None = None) -> set[ObjectId]:
        """Everything ``obj`` needs to exist before it is created."""
        model, out = self.model, set()
        tq = table.qname if table else None
        if tq is not None:
            out |= {("column", *tq, c) for c in _named_columns(obj)}
        if table is not None:
            out.add(object_id(table))
            if table.schema != "public":
                out.add(("schema", table.schema))
        if isinstance(obj, (m.Enum, m.Domain, m.CompositeType, m.Function, m.Table, m.Sequence, m.View)) \
                and obj.schema != "public":
            out.add(("schema", obj.schema))
        if isinstance(obj, m.Extension) and obj.schema and obj.schema != "public":
            out.add(("schema", obj.schema))
        if isinstance(obj, (m.SchemaGrant, m.DefaultPrivilege)):
            out |= {("schema", obj.schema)} if obj.schema not in (None, "public") else set()
            out |= {("role", r) for r in (obj.role, getattr(obj, "for_role", None)) if r in model.roles}
        if isinstance(obj, m.Domain):
            out |= self.type_(obj.type) | self.exprs([obj.default.text if obj.default else None]
                                                      + [c.expression.text for c in obj.checks])
            out.discard(object_id(obj))
        elif isinstance(obj, m.CompositeType):
            for a in obj.attributes:
                out |= self.type_(a.type)
            out.discard(object_id(obj))
        elif isinstance(obj, m.Function):
            for a in obj.args:
                out |= self.type_(a.type)
            out |= self.type_(obj.returns)
            out |= {("role", r) for r in obj.grants if r != "public"}
            if obj.language == "sql":  # Postgres checks SQL function bodies at CREATE time
                out |= self.exprs([obj.body])
            out.discard(object_id(obj))
        elif isinstance(obj, m.Table):
            for c in obj.columns:
                out |= self.type_(c.type)
                out |= self.exprs([c.default.text if c.default else None,
                                   c.generated.text if c.generated else None], obj.qname)
            for c in obj.constraints:
                if isinstance(c, m.Check):
                    out |= self.exprs([c.expression.text], obj.qname)
                elif isinstance(c, m.Exclusion):
                    out |= self.exprs([e.text for e in c.expressions], obj.qname)
            if obj.partition_by:
                out |= self.exprs([k.expression.text for k in obj.partition_by.keys if k.expression], obj.qname)
        elif isinstance(obj, m.View):
            out |= view_requires(self, obj)
        elif isinstance(obj, m.Column):
            out |= self.type_(obj.type) | self.exprs([obj.default.text if obj.default else None,
                                                      obj.generated.text if obj.generated else None], tq)
        elif isinstance(obj, m.Sequence):
            out |= {("role", r) for r, _ in obj.grants if r in model.roles}
        elif isinstance(obj, m.ForeignKey):
            target = model.tables.get(obj.ref_table)
            out.add(("table", *obj.ref_table))
            if target is not None:
                for c in target.constraints:
                    if isinstance(c, (m.PrimaryKey, m.Unique)) and set(c.columns) == set(obj.ref_columns):
                        out.add(object_id(c, obj.ref_table))
        elif isinstance(obj, m.Check):
            out |= self.exprs([obj.expression.text], tq)
        elif isinstance(obj, m.Exclusion):  # operator classes (btree_gist ...) come from extensions
            out |= {("extension", e) for e in model.extensions}
            out |= self.exprs([e.text for e in obj.expressions], tq)
        elif isinstance(obj, m.Index):
            out |= self.exprs([k.expression.text for k in obj.keys if k.expression] +
                              [obj.where.text if obj.where else None], tq)
        elif isinstance(obj, m.Trigger):
            out.add(("function", *obj.function))
            out |= self.exprs([obj.when.text if obj.when else None], tq)
        elif isinstance(obj, m.Partition):
            out.add(("table", tq[0], obj.parent))
            if obj.partition_by:
                out |= self.exprs([k.expression.text for k in obj.partition_by.keys if k.expression], tq)
        elif isinstance(obj, m.Policy):
            out |= {("role", r) for r in obj.roles if r in model.roles}
            out |= self.exprs([obj.using.text if obj.using else None,
                               obj.with_check.text if obj.with_check else None], tq)
        return out


def _named_columns(obj: Any) -> tuple[str, ...]:
    """The columns of its own table an object lists by name (not inside expressions)."""
    if isinstance(obj, (m.PrimaryKey, m.Unique, m.ForeignKey)):
        return obj.columns
    if isinstance(obj, m.Index):
        return tuple(k.column for k in obj.keys if k.column) + obj.include
    if isinstance(obj, m.Trigger):
        return obj.update_columns
    if isinstance(obj, m.Exclusion):
        return tuple(e.key.column for e in obj.elements if e.key.column) + obj.include
    return ()


def view_requires(resolver: Resolver, view: m.View) -> set[ObjectId]:
    """What a view's query reads: tables and views (named, whether or not the model has them, so
    that a view is dropped before a rename of what it reads), the columns of them it mentions (all
    of them for a ``*``), functions it calls, and the types of its columns."""
    facts = query_facts(view.query.text)
    out: set[ObjectId] = set()
    for q in facts.relations:
        out |= {("table", *q), ("view", *q)}
        out |= {("column", *q, c) for c in facts.columns}
        relation = resolver.model.tables.get(q) or resolver.model.views.get(q)
        if relation is not None and facts.star:
            out |= {("column", *q, c.name) for c in relation.columns}
    out |= {object_id(f) for name in facts.functions for f in resolver.functions.get(name, ())}
    for c in view.columns:
        out |= resolver.type_(c.type)
    out.discard(object_id(view))
    return out
