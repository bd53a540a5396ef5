"""The ``<View>Row`` definitions of ``schema.json`` (and so the Pydantic Row model of each view):
a view is read, never written, so it has no Insert or Update shape."""

from __future__ import annotations

from typing import Any

from generator.emit.jsonschema import column_schema, pascal
from generator.model import objects as m


def view_definitions(model: m.Model) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for v in sorted(model.views.values(), key=lambda v: (v.schema, v.name)):
        props = {c.name: column_schema(m.Column(c.name, c.type, c.nullable, comment=c.comment,
                                                sensitive=c.sensitive), None, model, {}) for c in v.columns}
        name = pascal(v.name) if v.schema == "public" else pascal(v.schema, v.name)
        described = {"description": " ".join(v.comment.split())} if v.comment else {}
        defs[f"{name}Row"] = {"type": "object", "title": f"{name}Row", **described, "properties": props,
                              "required": [c.name for c in v.columns], "additionalProperties": False}
    return defs
