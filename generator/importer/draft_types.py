"""Domains and composite types → their spec mappings (``domains:``, ``composite_types:``).

A domain's checks and default are written as Postgres prints them, tidied (``VALUE ~ '@'``
rather than ``(VALUE ~ '@'::text)``); a default that is exactly a literal of the base type
becomes ``{value: ...}``. An attribute without a comment is written as its type alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.importer.tidy import tidy
from generator.introspect.catalog_types import CHECK, root_type, value_cast_removed
from generator.model import objects as m
from generator.model.expr import Expr


def pretty_domains(model: m.Model, texts: dict[tuple[str, str, str, str], str]) -> dict[m.QName, m.Domain]:
    """The domains with each check in Postgres's pretty form, tidied, where it is the same expression."""
    types = {m.qname_text(k): d.type for k, d in model.domains.items()}
    out = {}
    for k, d in model.domains.items():
        root = root_type(d.type, types)
        checks = []
        for c in d.checks:
            found = CHECK.match(texts.get(("domain_check", d.schema, d.name, c.name), ""))
            text = tidy(value_cast_removed(found.group(1), root)) if found else c.expression.text
            checks.append(replace(c, expression=Expr(text)) if Expr(text) == c.expression else c)
        out[k] = replace(d, checks=tuple(checks))
    return out


def domains_doc(model: m.Model, type_text, literal_value) -> dict[str, Any]:
    out = {}
    for d in sorted(model.domains.values(), key=lambda d: (d.name, d.schema)):
        doc: dict[str, Any] = {}
        if d.schema != "public":
            doc["schema"] = d.schema
        doc["type"] = type_text(d.type)
        if not d.nullable:
            doc["nullable"] = False
        if d.default is not None:
            is_literal, value = literal_value(d.default, d.type)
            doc["default"] = {"value": value} if is_literal else {"sql": tidy(d.default.text)}
        if d.collation is not None:
            doc["collation"] = d.collation
        if d.checks:
            doc["checks"] = {c.name: {"expression": tidy(c.expression.text), "comment": c.comment}
                             if c.comment is not None else tidy(c.expression.text) for c in d.checks}
        if d.comment is not None:
            doc["comment"] = d.comment
        out[d.name] = doc
    return out


def composites_doc(model: m.Model, type_text) -> dict[str, Any]:
    out = {}
    for c in sorted(model.composites.values(), key=lambda c: (c.name, c.schema)):
        doc: dict[str, Any] = {}
        if c.schema != "public":
            doc["schema"] = c.schema
        doc["attributes"] = {a.name: {"type": type_text(a.type), "comment": a.comment} if a.comment is not None
                             else type_text(a.type) for a in c.attributes}
        if c.comment is not None:
            doc["comment"] = c.comment
        out[c.name] = doc
    return out
