"""Domains and composite types of a spec → model objects (called by ``spec.build``).

Both are named types: columns, function arguments and results, composite attributes and other
domains use them by name, resolved like enums (qualified by schema outside ``public``). A type
may not contain itself, through any chain of domains and attributes (E187): Postgres refuses it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from generator.emit.quoting import ident, literal
from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.types import base_name
from generator.spec.literals import literal_problem

if TYPE_CHECKING:
    from generator.spec.build import _Builder


def build_domains(b: "_Builder", model: m.Model) -> None:
    for name, (spec, o) in sorted(b.sec["domains"].items()):
        _plain_name(b, "domain", name, spec.schema_, o)
        type_, serial = b.type_(spec.type, o.at("type"))
        if serial:
            b.error(o.at("type"), "E112", f"domain {name!r}: serial is not a type (a domain cannot own a sequence)")
        default = None
        if spec.default is not None:
            if spec.default.sql is not None:
                default = b.expr(spec.default.sql, o.at("default", "sql"))
            elif spec.default.value is None:
                b.error(o.at("default", "value"), "E112", "a NULL default is the same as no default: omit it")
            else:
                base = underlying(b, type_)
                problem = literal_problem(spec.default.value, base, b.enum_values(base))
                if problem:
                    b.error(o.at("default", "value"), "E112", problem)
                else:
                    default = Expr(literal(spec.default.value, base))
        checks = []
        for cname, check in sorted(spec.checks.items()):
            co = o.at("checks", cname)
            e = b.expr(check.expression, co.at("expression") if isinstance(co.value(), dict) else co)
            if e is not None:
                checks.append(m.DomainCheck(b.name(cname, co), e, check.comment))
        domain = m.Domain(b.schema(spec.schema_, o.at("schema")), b.name(name, o), type_, spec.nullable, default,
                          tuple(checks), spec.collation, spec.comment)
        model.domains[(domain.schema, domain.name)] = domain
        b.origins[("domains", domain.schema, domain.name)] = o
    _inherit_defaults(model)


def _inherit_defaults(model: m.Model) -> None:
    """A domain over a domain without a default of its own has its base's, as Postgres records it."""
    by_name = {m.qname_text(k): k for k in model.domains}
    for _ in range(len(model.domains)):
        for k, d in list(model.domains.items()):
            base = model.domains.get(by_name.get(d.type))
            if d.default is None and base is not None and base.default is not None:
                model.domains[k] = replace(d, default=base.default)


def build_composites(b: "_Builder", model: m.Model) -> None:
    for name, (spec, o) in sorted(b.sec["composite_types"].items()):
        _plain_name(b, "composite type", name, spec.schema_, o)
        attributes = []
        for aname, attr in spec.attributes.items():
            ao = o.at("attributes", aname)
            type_, serial = b.type_(attr.type, ao.at("type") if isinstance(ao.value(), dict) else ao)
            if serial:
                b.error(ao, "E112", f"attribute {aname!r}: serial is not a type (an attribute has no default)")
            attributes.append(m.Attribute(b.name(aname, ao), type_, attr.comment))
        composite = m.CompositeType(b.schema(spec.schema_, o.at("schema")), b.name(name, o), tuple(attributes),
                                    spec.comment)
        model.composites[(composite.schema, composite.name)] = composite
        b.origins[("composite_types", composite.schema, composite.name)] = o
    _cycles(b, model)


def underlying(b: "_Builder", type_: str) -> str:
    """The type a literal of ``type_`` is judged by: a domain's base type (through domains over domains)."""
    seen = set()
    while True:
        found = b.sec["domains"].get(base_name(type_).rpartition(".")[2])
        if found is None or type_ in seen or type_.endswith("[]"):
            return type_
        seen.add(type_)
        type_ = found[0].type


def _plain_name(b: "_Builder", kind: str, name: str, schema: str, o) -> None:
    if ident(name) != name or ident(schema) != schema:
        b.error(o, "E112", f"{kind} {name!r} (schema {schema!r}): a type used by name needs a plain lower-case "
                "name and schema that SQL does not quote", key=True)


def _cycles(b: "_Builder", model: m.Model) -> None:
    """E187 for a domain or composite type that contains itself."""
    uses: dict[str, set[str]] = {}
    for d in model.domains.values():
        uses[m.qname_text((d.schema, d.name))] = {base_name(d.type)}
    for c in model.composites.values():
        uses[m.qname_text((c.schema, c.name))] = {base_name(a.type) for a in c.attributes}
    for start in sorted(uses):
        path, todo = {start: (start,)}, [start]
        while todo:
            here = todo.pop()
            for nxt in sorted(uses.get(here, ())):
                if nxt == start:
                    section = "domains" if start.rpartition(".")[2] in b.sec["domains"] else "composite_types"
                    chain = " → ".join(path[here] + (start,))
                    b.error(b.sec[section][start.rpartition(".")[2]][1], "E187",
                            f"type {start!r} contains itself ({chain}): Postgres cannot build it", key=True)
                    todo = []
                    break
                if nxt in uses and nxt not in path:
                    path[nxt] = path[here] + (nxt,)
                    todo.append(nxt)
