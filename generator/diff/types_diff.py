"""How domains and composite types change, and which changes Postgres cannot make in place.

A domain is altered in place (default, NOT NULL, checks added, dropped or renamed), except for
its base type or collation: Postgres has no ALTER DOMAIN for those, so the domain is dropped and
created again. A composite type is altered in place (attributes added at the end, dropped, given
a new type), except when the attributes that stay change order: it is dropped and created again.
Either rebuild fails while a column or another type uses the type, so ``generate`` refuses it
then (E185, E186); so it does a new attribute type of a composite that a table column holds,
which Postgres refuses too (E186), and an enum rebuilt (values removed) under a domain or an
attribute, which would keep the old type (E188). ``drift --sql`` shows the statements and
Postgres says no.

Domain checks read ``VALUE``, which the oracle's view probe cannot deparse: they are judged by
the oracle's ``domain_equivalent`` (a probe domain of the same base type), when it has one.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diff import changes as ch
from generator.model import objects as m
from generator.model.types import base_name


def rebuilt_domains(old: m.Model, new: m.Model) -> frozenset[m.QName]:
    return frozenset(k for k, d in old.domains.items() if k in new.domains
                     and (d.type, d.collation) != (new.domains[k].type, new.domains[k].collation))


def reordered(a: m.CompositeType, b: m.CompositeType) -> bool:
    """Whether ``b`` keeps attributes of ``a`` in another order, or adds one before a kept one."""
    before = [x.name for x in a.attributes]
    after = [x.name for x in b.attributes]
    kept = [n for n in after if n in before]
    first_new = next((i for i, n in enumerate(after) if n not in before), len(after))
    return kept != [n for n in before if n in after] or any(n in before for n in after[first_new:])


def rebuilt_composites(old: m.Model, new: m.Model) -> frozenset[m.QName]:
    return frozenset(k for k, c in old.composites.items() if k in new.composites and reordered(c, new.composites[k]))


def without_calls(d: m.Domain, functions: frozenset[str], calls) -> m.Domain:
    """``d`` without the checks and default that call a function in ``functions`` (dropped, maybe
    to be created again): they go before the function does and come back after (``calls(expr,
    functions)`` tells)."""
    checks = tuple(c for c in d.checks if not calls(c.expression, functions))
    default = None if calls(d.default, functions) else d.default
    return d if (checks, default) == (d.checks, d.default) else replace(d, checks=checks, default=default)


def same_domain(a: m.Domain, b: m.Domain, oracle) -> bool:
    """Equal domains, with expressions that differ in text put to the oracle."""
    if replace(a, default=None, checks=()) != replace(b, default=None, checks=()):
        return False
    if (a.default is None) != (b.default is None) or [c.name for c in a.checks] != [c.name for c in b.checks]:
        return False
    if a.default != b.default and not oracle.equivalent(a.default, b.default, None):
        return False
    judge = getattr(oracle, "domain_equivalent", None)
    for x, y in zip(a.checks, b.checks):
        if x.comment != y.comment:
            return False
        if x.expression != y.expression and (judge is None or not judge(x.expression, y.expression, b.type)):
            return False
    return True


def dropped_attributes(change: ch.Alter) -> str | None:
    """Why an altered composite type loses data: the values of the attributes it drops."""
    kept = {a.name for a in change.new.attributes}
    gone = [a.name for a in change.old.attributes if a.name not in kept]
    if not gone:
        return None
    return (f"drops attribute(s) {', '.join(gone)} of composite type "
            f"{m.qname_text((change.new.schema, change.new.name))} and their values")


def base_type(type_: str, model: m.Model) -> str:
    """The type under a domain (through domains over domains), arrays kept: what casts and hazards see."""
    domains = {m.qname_text(k): d for k, d in model.domains.items()}
    array = "[]" if type_.endswith("[]") else ""
    seen = set()
    while base_name(type_) in domains and type_ not in seen:
        seen.add(type_)
        type_ = domains[base_name(type_)].type
    return type_ + array if array and not type_.endswith("[]") else type_


def with_base_types(change: ch.Change, before: m.Model, after: m.Model) -> ch.Change:
    """A column type change seen through its domains, for the hazard checks: text → a domain over
    text loses nothing and needs no USING (Postgres coerces to and from a domain's base type)."""
    if not (isinstance(change, ch.Alter) and isinstance(change.new, m.Column)):
        return change
    if not (before.domains or after.domains):
        return change
    return replace(change, old=replace(change.old, type=base_type(change.old.type, before)),
                   new=replace(change.new, type=base_type(change.new.type, after)))


def users(model: m.Model, type_: m.QName) -> list[str]:
    """What uses the type: table columns, function arguments and results, attributes, domains."""
    name = m.qname_text(type_)
    out = [f"column {m.qname_text(t.qname)}.{c.name}" for t in model.tables.values() for c in t.columns
           if base_name(c.type) == name]
    out += [f"function {f.signature}" for f in model.functions.values()
            if name in {base_name(a.type) for a in f.args} | {base_name(f.returns.removeprefix("setof "))}]
    out += [f"composite type {m.qname_text(k)}" for k, c in model.composites.items()
            if name in {base_name(a.type) for a in c.attributes}]
    out += [f"domain {m.qname_text(k)}" for k, d in model.domains.items() if base_name(d.type) == name]
    return sorted(out)


def refusals(changes: list[ch.Change], before: m.Model) -> list[tuple[ch.Change, str, str]]:
    """(change, code, message) for each type change Postgres cannot make while the type is in use."""
    out = []
    dropped = {(c.obj.schema, c.obj.name) for c in changes if isinstance(c, ch.Drop)
               and isinstance(c.obj, (m.Domain, m.CompositeType))}
    for c in changes:
        if not isinstance(c, ch.Create) or (c.obj.__class__ not in (m.Domain, m.CompositeType)):
            continue
        q = (c.obj.schema, c.obj.name)
        used = users(before, q)
        if q not in dropped or not used:
            continue
        if isinstance(c.obj, m.Domain):
            old = before.domains[q]
            what = (f"base type {old.type} → {c.obj.type}" if old.type != c.obj.type
                    else f"collation {old.collation or 'default'} → {c.obj.collation or 'default'}")
            out.append((c, "E185", f"domain {m.qname_text(q)} changes its {what}: Postgres cannot alter that, and "
                        f"cannot drop the domain while {', '.join(used)} use(s) it; declare a new domain and move "
                        "its users to it (then drop the old one in a later change)"))
        else:
            out.append((c, "E186", f"composite type {m.qname_text(q)} changes the order of its attributes: Postgres "
                        f"only adds attributes at the end, and cannot drop the type while {', '.join(used)} "
                        "use(s) it; keep the order, adding new attributes last"))
    for c in changes:
        if isinstance(c, ch.RebuildEnum):
            q = (c.new.schema, c.new.name)
            types = [u for u in users(before, q) if u.startswith(("domain ", "composite type "))]
            if types:
                out.append((c, "E188", f"enum {m.qname_text(q)} loses or reorders values, which rebuilds the type, "
                            f"but {', '.join(types)} use(s) it and would keep the old one; change those users "
                            "first (or only add values)"))
        if isinstance(c, ch.Alter) and isinstance(c.new, m.CompositeType):
            q = (c.new.schema, c.new.name)
            old_types = {a.name: a.type for a in c.old.attributes}
            retyped = [a.name for a in c.new.attributes if a.name in old_types and old_types[a.name] != a.type]
            columns = [u for u in users(before, q) if u.startswith("column ")]
            if retyped and columns:
                out.append((c, "E186", f"composite type {m.qname_text(q)} changes the type of attribute(s) "
                            f"{', '.join(retyped)}: Postgres refuses that while {', '.join(columns)} hold(s) "
                            "values of it; add a new attribute instead"))
    return out
