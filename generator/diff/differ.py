"""Compare two models into ordered typed changes: ``diff(old, new)`` turns ``old`` into ``new``.

Migrations diff the previous model against the spec; drift diffs the live database against the
spec. Objects are matched by identity (name, or signature for functions) and compared by
value; when values differ only in SQL expressions, an optional oracle (Postgres, see
``generator.diff.oracle``) decides whether the expressions mean the same.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any, Protocol

from generator.diff import changes as ch
from generator.diff.order import order
from generator.model import objects as m
from generator.model.expr import Expr


class Oracle(Protocol):
    def equivalent(self, a: Expr, b: Expr, table: m.QName | None) -> bool: ...


def diff(old: m.Model, new: m.Model, oracle: Oracle | None = None) -> list[ch.Change]:
    """The ordered changes that turn ``old`` into ``new``."""
    return order(_Differ(oracle).compare(old, new), old, new)


class _Differ:
    def __init__(self, oracle: Oracle | None):
        self.oracle = oracle
        self.out: list[ch.Change] = []

    def same(self, a: Any, b: Any, table: m.QName | None = None) -> bool:
        """Semantic equality; expressions that differ in text are put to the oracle."""
        if a == b:
            return True
        if self.oracle is None:
            return False
        if isinstance(a, Expr) and isinstance(b, Expr):
            return self.oracle.equivalent(a, b, table)
        if is_dataclass(a) and type(a) is type(b):
            return all(self.same(getattr(a, f.name), getattr(b, f.name), table)
                       for f in fields(a) if f.compare)
        if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
            return all(self.same(x, y, table) for x, y in zip(a, b))
        return False

    def comment(self, old_obj, new_obj, table=None) -> None:
        if not type(new_obj).__dataclass_fields__["comment"].compare:
            return  # documentation only (an extension's comment belongs to the extension)
        old_c = getattr(old_obj, "comment", None) if old_obj is not None else None
        if old_c != new_obj.comment:
            self.out.append(ch.SetComment(new_obj, table, old_c, new_obj.comment))

    def keyed(self, old: dict, new: dict, table: m.QName | None = None, *, alter: bool) -> None:
        """Create, drop, alter (or replace) and re-comment objects matched by key."""
        for key in sorted(set(old) | set(new), key=str):
            a, b = old.get(key), new.get(key)
            if a is None:
                self.out.append(ch.Create(b, table))
                self.comment(None, b, table)
            elif b is None:
                self.out.append(ch.Drop(a, table))
            elif a != b:
                if not self.same(replace(a, comment=None), replace(b, comment=None), table):
                    if alter:
                        self.out.append(ch.Alter(a, b, table))
                    else:
                        self.out += [ch.Drop(a, table), ch.Create(b, table)]
                        self.comment(None, b, table)
                        continue
                self.comment(a, b, table)

    def compare(self, old: m.Model, new: m.Model) -> list[ch.Change]:
        self.keyed(old.schemas, new.schemas, alter=False)
        self.keyed(old.extensions, new.extensions, alter=False)
        self.keyed(old.roles, new.roles, alter=True)
        self.keyed(old.enums, new.enums, alter=True)
        self.keyed(old.functions, new.functions, alter=True)
        for key in sorted(set(old.tables) | set(new.tables)):
            a, b = old.tables.get(key), new.tables.get(key)
            if a is None:
                self.create_table(b)
            elif b is None:
                self.out.append(ch.Drop(a))
            else:
                self.alter_table(a, b)
        return self.out

    def create_table(self, t: m.Table) -> None:
        q = t.qname
        self.out.append(ch.Create(t))
        self.comment(None, t)
        for c in t.columns:
            self.comment(None, c, q)
        for c in t.constraints:
            if isinstance(c, m.ForeignKey):
                self.out.append(ch.Create(c, q))
            self.comment(None, c, q)
        self.children(m.Table(t.schema, t.name, ()), t)
        if t.seed:
            self.out.append(ch.InsertSeed(t))

    def alter_table(self, a: m.Table, b: m.Table) -> None:
        q = b.qname
        self.comment(a, b)
        self.keyed({c.name: c for c in a.columns}, {c.name: c for c in b.columns}, q, alter=True)
        self.keyed({c.name: c for c in a.constraints}, {c.name: c for c in b.constraints}, q, alter=False)
        self.children(a, b)

    def children(self, a: m.Table, b: m.Table) -> None:
        q = b.qname
        self.keyed({i.name: i for i in a.indexes}, {i.name: i for i in b.indexes}, q, alter=False)
        self.keyed({t.name: t for t in a.triggers}, {t.name: t for t in b.triggers}, q, alter=False)
        if (a.rls_enabled, a.rls_forced) != (b.rls_enabled, b.rls_forced):
            self.out.append(ch.SetRls(q, (a.rls_enabled, a.rls_forced), (b.rls_enabled, b.rls_forced)))
        self.keyed({p.name: p for p in a.policies}, {p.name: p for p in b.policies}, q, alter=False)
        sequences = tuple(f"{b.name}_{c.name}_seq" for c in b.columns if c.serial)
        for role in sorted({r for r, _ in a.grants} | {r for r, _ in b.grants}):
            had = {p for r, p in a.grants if r == role}
            has = {p for r, p in b.grants if r == role}
            if had != has:
                self.out.append(ch.SetGrants(q, role, tuple(sorted(has - had)), tuple(sorted(had - has)), sequences))
