"""Catalog rows of domains and composite types → model (``queries/domains.sql``, ``composites.sql``).

A domain's CHECK is stored as Postgres prints it (``CHECK ((VALUE > 0))``, maybe ``NOT VALID``):
the expression inside is kept, and ``generator.model.expr`` compares it with the spec's. A domain
over another domain inherits its default, as the spec builder has it too.
"""

from __future__ import annotations

import re

from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.types import base_name, canonical_type

CHECK = re.compile(r"^CHECK \((.*)\)(?: NOT VALID)?$", re.S)


def read_types(model: m.Model, rows: dict[str, list[dict]]) -> None:
    types = {m.qname_text((r["schema"], r["name"])): canonical_type(r["type"]) for r in rows.get("domains", ())}
    for r in rows.get("domains", ()):
        root = root_type(canonical_type(r["type"]), types)
        checks = tuple(m.DomainCheck(c["name"], Expr(value_cast_removed(CHECK.match(c["definition"])[1], root)),
                                     c["comment"]) for c in r["checks"])
        model.domains[(r["schema"], r["name"])] = m.Domain(
            r["schema"], r["name"], canonical_type(r["type"]), r["nullable"],
            Expr(r["default"]) if r["default"] else None, checks, r["collation"], r["comment"])
    for r in rows.get("composites", ()):
        attributes = tuple(m.Attribute(a["name"], canonical_type(a["type"]), a["comment"]) for a in r["attributes"])
        model.composites[(r["schema"], r["name"])] = m.CompositeType(r["schema"], r["name"], attributes, r["comment"])


def root_type(type_: str, domains: dict[str, str]) -> str | None:
    """The built-in type under a domain over domains; None for a domain over a built-in type."""
    if type_ not in domains:
        return None
    seen = set()
    while type_ in domains and type_ not in seen:
        seen.add(type_)
        type_ = domains[type_]
    return type_


def value_cast_removed(text: str, root: str | None) -> str:
    """A check of a domain over a domain reads VALUE as the type at the bottom, and Postgres prints
    that cast (``(VALUE)::integer``), which the author did not write: it is taken out."""
    if root is None:
        return text
    name = re.escape(base_name(root))
    return re.sub(rf"\(VALUE\)::{name}(?![\w(\[])|\bVALUE::{name}(?![\w(\[])", "VALUE", text)
