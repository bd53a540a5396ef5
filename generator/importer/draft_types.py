"""Domains and composite types → their spec mappings (``domains:``, ``composite_types:``).

A domain's checks and default are written as Postgres prints them, tidied (``VALUE ~ '@'``
rather than ``(VALUE ~ '@'::text)``); a default that is exactly a literal of the base type
becomes ``{value: ...}``. An attribute without a comment is written as its type alone.
"""

from __future__ import annotations

from typing import Any

from generator.importer.tidy import tidy
from generator.model import objects as m


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
