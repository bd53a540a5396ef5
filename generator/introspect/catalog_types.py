"""Catalog rows of domains and composite types → model (``queries/domains.sql``, ``composites.sql``).

A domain's CHECK is stored as Postgres prints it (``CHECK ((VALUE > 0))``, maybe ``NOT VALID``):
the expression inside is kept, and ``generator.model.expr`` compares it with the spec's.
"""

from __future__ import annotations

import re

from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.types import canonical_type

_CHECK = re.compile(r"^CHECK \((.*)\)(?: NOT VALID)?$", re.S)


def read_types(model: m.Model, rows: dict[str, list[dict]]) -> None:
    for r in rows.get("domains", ()):
        checks = tuple(m.DomainCheck(c["name"], Expr(_CHECK.match(c["definition"]).group(1)), c["comment"])
                       for c in r["checks"])
        model.domains[(r["schema"], r["name"])] = m.Domain(
            r["schema"], r["name"], canonical_type(r["type"]), r["nullable"],
            Expr(r["default"]) if r["default"] else None, checks, r["collation"], r["comment"])
    for r in rows.get("composites", ()):
        attributes = tuple(m.Attribute(a["name"], canonical_type(a["type"]), a["comment"]) for a in r["attributes"])
        model.composites[(r["schema"], r["name"])] = m.CompositeType(r["schema"], r["name"], attributes, r["comment"])
