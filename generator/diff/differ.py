"""Compare two models into ordered typed changes: ``diff(old, new)`` turns ``old`` into ``new``.

Migrations diff the previous model against the spec; drift diffs the live database against the
spec. Objects are matched by identity (name, or signature for functions) and compared by
value; when values differ only in SQL expressions, an optional oracle (Postgres, see
``generator.diff.oracle``) decides whether the expressions mean the same.

Renames are never guessed for what holds data: a table or column is renamed only when the spec
says ``renamed_from`` (``generator.diff.renames``); without it, the change is a drop and an add.
A constraint or index whose only difference is its name is renamed, as that loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass, replace
from typing import Any, Protocol

from generator.diff import changes as ch
from generator.diff import generated
from generator.diff import sequences as sequence_diff
from generator.diff import privileges
from generator.diff.deps import column_references, function_references
from generator.diff.alter_constraints import alter_deferral_in_place
from generator.diff.key_dependents import with_dependent_foreign_keys
from generator.diff.order import order
from generator.diff.partitions import partition_changes
from generator.diff.renames import apply_renames
from generator.diff.types_diff import rebuilt_composites, rebuilt_domains, same_domain, without_calls
from generator.diff.views import compare_views, create_view
from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.types import base_name


class Oracle(Protocol):
    def equivalent(self, a: Expr, b: Expr, table: m.QName | None) -> bool: ...


def diff(old: m.Model, new: m.Model, oracle: Oracle | None = None, *, seeds: bool = False) -> list[ch.Change]:
    """The ordered changes that turn ``old`` into ``new``; ``seeds`` also compares the seed rows of
    tables that exist in both (migrations do; a live database's rows are not the model's business)."""
    renames, old = apply_renames(old, new)
    differ = _Differ(oracle, seeds)
    differ.out += renames
    changes = alter_deferral_in_place(with_dependent_foreign_keys(differ.compare(old, new), old, new))
    return order(rebuild_enums(changes, old, new), old, new)


def creation(obj, table: m.QName | None = None) -> list[ch.Change]:
    """The changes that create ``obj`` whole: a table with its foreign keys, indexes, triggers,
    policies, grants, comments and seed rows; any other object with its comment."""
    differ = _Differ(None, seeds=False)
    if isinstance(obj, m.Table):
        differ.create_table(obj)
    elif isinstance(obj, m.View):
        create_view(differ, obj)
    else:
        differ.out.append(ch.Create(obj, table))
        differ.comment(None, obj, table)
    return differ.out


def rebuild_enums(changes: list[ch.Change], before: m.Model, after: m.Model) -> list[ch.Change]:
    """Enum changes that remove or reorder values become rebuilds of the type and of the columns
    that use it (as ``before`` has them, with the default ``after`` gives them, which the new type
    can hold): Postgres can only add values in place."""
    out = []
    for c in changes:
        if isinstance(c, ch.Alter) and isinstance(c.new, m.Enum) and rebuilt(c.old, c.new):
            name = m.qname_text((c.new.schema, c.new.name))
            columns = tuple((t.qname, _with_default_of(col, after.tables.get(t.qname)))
                            for t in before.tables.values() for col in t.columns if base_name(col.type) == name)
            c = ch.RebuildEnum(c.old, c.new, columns)
        out.append(c)
    return out


def rebuilt(a: m.Enum, b: m.Enum) -> bool:
    """Whether ``b`` removes or reorders values of ``a`` (the type is built again, not altered)."""
    return [v for v in b.values if v in a.values] != list(a.values)


def _with_default_of(col: m.Column, table: m.Table | None) -> m.Column:
    target = table.column(col.name) if table is not None else None
    return col if target is None else replace(col, default=target.default)


class _Differ:
    def __init__(self, oracle: Oracle | None, seeds: bool):
        self.oracle = oracle
        self.seeds = seeds
        self.out: list[ch.Change] = []

    def same(self, a: Any, b: Any, table: m.QName | None = None) -> bool:
        """Semantic equality; expressions that differ in text are put to the oracle."""
        if a == b:
            return True
        if self.oracle is None:
            return False
        if isinstance(a, Expr) and isinstance(b, Expr):
            return self.oracle.equivalent(a, b, table)
        if isinstance(a, m.Domain) and isinstance(b, m.Domain):
            return same_domain(a, b, self.oracle)
        if is_dataclass(a) and type(a) is type(b):
            return all(self.same(getattr(a, f.name), getattr(b, f.name), table)
                       for f in fields(a) if f.compare)
        if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
            return all(self.same(x, y, table) for x, y in zip(a, b))
        return False

    def comment(self, old_obj, new_obj, table=None) -> None:
        field = type(new_obj).__dataclass_fields__.get("comment")
        if field is None or not field.compare:
            return  # documentation only (an extension's comment belongs to the extension)
        old_c = getattr(old_obj, "comment", None) if old_obj is not None else None
        if old_c != new_obj.comment:
            self.out.append(ch.SetComment(new_obj, table, old_c, new_obj.comment))

    def keyed(self, old: dict, new: dict, table: m.QName | None = None, *, alter: bool,
              replace_keys: frozenset = frozenset()) -> None:
        """Create, drop, alter (or replace) and re-comment objects matched by key; ``replace_keys``
        are dropped and created again even when unchanged (they depend on a column whose type changes)."""
        renamed = {} if alter or table is None else self.renamed_by_name(old, new, table)
        for key in sorted(set(old) | set(new), key=str):
            a, b = old.get(key), new.get(key)
            if key in renamed or key in renamed.values():
                continue
            if a is None:
                self.out.append(ch.Create(b, table))
                self.comment(None, b, table)
            elif b is None:
                self.out.append(ch.Drop(a, table))
            elif key in replace_keys:
                self.out += [ch.Drop(a, table), ch.Create(b, table)]
                self.comment(None, b, table)
            elif a != b:
                if not self.same(replace(a, comment=None), replace(b, comment=None), table):
                    if alter:
                        self.out.append(ch.Alter(a, b, table))
                    else:
                        self.out += [ch.Drop(a, table), ch.Create(b, table)]
                        self.comment(None, b, table)
                        continue
                self.comment(a, b, table)
        for old_key, new_key in renamed.items():
            self.out.append(ch.Rename(old[old_key], old_key, new_key, table))
            self.comment(old[old_key], new[new_key], table)

    def renamed_by_name(self, old: dict, new: dict, table: m.QName) -> dict[str, str]:
        """Constraints and indexes that differ in name only, when the match is one to one."""
        gone = [k for k in old if k not in new]
        added = [k for k in new if k not in old]
        pairs = {}
        for k in gone:
            same = [n for n in added if replace(old[k], name=n, comment=None) == replace(new[n], comment=None)]
            if len(same) == 1 and sum(replace(old[g], name=same[0], comment=None) == replace(new[same[0]], comment=None)
                                      for g in gone) == 1:
                pairs[k] = same[0]
        return pairs

    def compare(self, old: m.Model, new: m.Model) -> list[ch.Change]:
        self.keyed(old.schemas, new.schemas, alter=False)
        self.keyed(old.extensions, new.extensions, alter=False)
        self.keyed(old.roles, new.roles, alter=True)
        self.out += privileges.compare(old, new)
        self.keyed(old.enums, new.enums, alter=True)
        self.keyed(old.composites, new.composites, alter=True, replace_keys=rebuilt_composites(old, new))
        self.keyed(old.functions, new.functions, alter=True, replace_keys=frozenset(
            k for k, f in old.functions.items() if k in new.functions and not replaceable(f, new.functions[k])))
        gone = frozenset(c.obj.name for c in self.out if isinstance(c, ch.Drop) and isinstance(c.obj, m.Function))
        domains = {k: without_calls(d, gone, _calls) for k, d in old.domains.items()}
        self.out += [ch.Alter(old.domains[k], d) for k, d in sorted(domains.items()) if d != old.domains[k]
                     and k in new.domains and k not in rebuilt_domains(old, new)]
        self.keyed({k: d if k in new.domains else old.domains[k] for k, d in domains.items()}, new.domains,
                   alter=True, replace_keys=rebuilt_domains(old, new))
        rebuilt_enums = frozenset(m.qname_text(k) for k, e in old.enums.items() if k in new.enums
                                  and rebuilt(e, new.enums[k]))
        for key in sorted(set(old.tables) | set(new.tables)):
            a, b = old.tables.get(key), new.tables.get(key)
            if a is None:
                self.create_table(b)
            elif b is None:
                self.out.append(ch.Drop(a))
            elif a.partition_by != b.partition_by:  # Postgres cannot change how a table is partitioned
                self.out.append(ch.Drop(a))
                self.create_table(b)
            else:
                self.alter_table(a, b, gone, rebuilt_enums)
        sequence_diff.compare(self, old.sequences, new.sequences)
        compare_views(self, old, new)
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
        self.out += partition_changes(None, t)
        if t.seed:
            self.out.append(ch.InsertSeed(t))

    def alter_table(self, a: m.Table, b: m.Table, gone: frozenset[str] = frozenset(),
                    rebuilt_enums: frozenset[str] = frozenset()) -> None:
        """``gone``: names of functions dropped (or dropped and created again): what calls them in
        ``a`` goes first and comes back after (a default is dropped and set again). Columns of an
        enum in ``rebuilt_enums`` change type: what reads them goes first and comes back after (a
        check or index predicate compares them with values of the old type)."""
        q = b.qname
        self.comment(a, b)
        columns = {c.name: c for c in a.columns}
        for c in b.columns:
            old = columns.get(c.name)
            if old is not None and _calls(old.default, gone) and _calls(c.default, gone):
                columns[c.name] = replace(old, default=None)
                self.out.append(ch.Alter(old, columns[c.name], q))
        regenerated = generated.regenerate(self, a, b, columns)  # what reads them goes, then comes back
        self.keyed(columns, {c.name: c for c in b.columns if c.name in columns or c.name not in regenerated}, q,
                   alter=True)
        of_rebuilt = {c.name for c in a.columns if base_name(c.type) in rebuilt_enums}
        self.keyed({c.name: c for c in a.constraints}, {c.name: c for c in b.constraints}, q, alter=False,
                   replace_keys=frozenset(c.name for c in a.constraints if isinstance(c, m.Check) and (
                       _calls(c.expression, gone) or of_rebuilt & column_references(c.expression.text))
                       or _reads(c, regenerated)
                       or isinstance(c, m.Exclusion) and any(_calls(e, gone) for e in c.expressions)))
        retyped = {c.name for c in b.columns if (old := a.column(c.name)) is not None
                   and (old.type, old.collation) != (c.type, c.collation)}
        self.children(a, b, retyped | of_rebuilt | regenerated, gone, of_rebuilt, regenerated)
        self.out += partition_changes(a, b)
        if self.seeds and a.seed != b.seed:
            self.out.append(seed_change(a, b))

    def children(self, a: m.Table, b: m.Table, retyped: set[str] = frozenset(),
                 gone: frozenset[str] = frozenset(), of_rebuilt: set[str] = frozenset(),
                 regenerated: set[str] = frozenset()) -> None:
        """Indexes, triggers, RLS, policies and grants; triggers and policies that read a column whose
        type changes are dropped and created again (Postgres refuses to retype a column they use), and
        so are those that call a function in ``gone``, and indexes whose expressions read a column of
        a rebuilt enum (``of_rebuilt``), and indexes on a column dropped and added again (``regenerated``)."""
        q = b.qname
        self.keyed({i.name: i for i in a.indexes}, {i.name: i for i in b.indexes}, q, alter=False,
                   replace_keys=frozenset(i.name for i in a.indexes if any(
                       _calls(e, gone) or (of_rebuilt | regenerated) & column_references(e.text if e else None)
                       for e in (i.where, *(k.expression for k in i.keys)))
                       or regenerated & {*(k.column for k in i.keys), *i.include}))
        self.keyed({t.name: t for t in a.triggers}, {t.name: t for t in b.triggers}, q, alter=False,
                   replace_keys=frozenset(t.name for t in a.triggers if retyped & _trigger_columns(t)
                                          or _calls(t.when, gone)))
        if (a.rls_enabled, a.rls_forced) != (b.rls_enabled, b.rls_forced):
            self.out.append(ch.SetRls(q, (a.rls_enabled, a.rls_forced), (b.rls_enabled, b.rls_forced)))
        self.keyed({p.name: p for p in a.policies}, {p.name: p for p in b.policies}, q, alter=False,
                   replace_keys=frozenset(p.name for p in a.policies if retyped & _policy_columns(p)
                                          or _calls(p.using, gone) or _calls(p.with_check, gone)))
        sequences = tuple(f"{b.name}_{c.name}_seq" for c in b.columns if c.serial)
        for role in sorted({r for r, _ in a.grants} | {r for r, _ in b.grants}):
            had = {p for r, p in a.grants if r == role}
            has = {p for r, p in b.grants if r == role}
            if had != has:
                self.out.append(ch.SetGrants(q, role, tuple(sorted(has - had)), tuple(sorted(had - has)), sequences))


def _reads(c: m.Constraint, columns: set[str]) -> bool:
    """Whether a constraint uses one of ``columns`` (dropping a column drops such constraints)."""
    if not columns:
        return False
    named = set(c.columns) if isinstance(c, (m.PrimaryKey, m.Unique, m.ForeignKey)) else set()
    return bool(columns & (named | set(column_references(c.expression.text if isinstance(c, m.Check) else None))))


def replaceable(a: m.Function, b: m.Function) -> bool:
    """Whether ``CREATE OR REPLACE`` turns ``a`` into ``b``; Postgres refuses a new return type,
    new argument names or a removed argument default, so the function is dropped and created again."""
    return (a.returns == b.returns and [x.name for x in a.args] == [x.name for x in b.args]
            and not any(x.default is not None and y.default is None for x, y in zip(a.args, b.args)))


def _calls(e: Expr | None, functions: frozenset[str]) -> bool:
    return e is not None and bool(functions) and bool(functions & function_references(e.text))


def _policy_columns(p: m.Policy) -> set[str]:
    return set(column_references(p.using.text if p.using else None)) | set(
        column_references(p.with_check.text if p.with_check else None))


def _trigger_columns(t: m.Trigger) -> set[str]:
    return set(t.update_columns) | set(column_references(t.when.text if t.when else None))


def seed_change(a: m.Table, b: m.Table) -> ch.ChangeSeed:
    """The seed rows to delete, insert and update, matched by primary key (by the whole row without one)."""
    pk = next((c.columns for c in b.constraints if isinstance(c, m.PrimaryKey)), None)

    def key(row: dict) -> str:
        return json.dumps([row.get(k) for k in pk] if pk else row, sort_keys=True)

    old = {key(r): r for r in a.seed}
    new = {key(r): r for r in b.seed}
    return ch.ChangeSeed(b, tuple(r for k, r in old.items() if k not in new),
                         tuple(r for k, r in new.items() if k not in old),
                         tuple((old[k], r) for k, r in new.items() if k in old and old[k] != r))
