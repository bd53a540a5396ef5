"""``generate`` refuses domain and composite type changes Postgres cannot make while the type is
in use (E185, E186; see ``generator.diff.types_diff``), at the type in the spec."""

from __future__ import annotations

from generator.diff import changes as ch
from generator.diff.types_diff import refusals
from generator.errors import Diagnostic, SpecError, display_path
from generator.model import objects as m
from generator.spec.build import Built


def refuse_type_changes(changes: list[ch.Change], before: m.Model, built: Built) -> None:
    diags = []
    for c, code, message in refusals(changes, before):
        obj = getattr(c, "new", None) or c.obj
        section = {m.Domain: "domains", m.Enum: "enum"}.get(type(obj), "composite_types")
        origin = built.origins.get((section, obj.schema, obj.name))
        diags.append(origin.diag(code, message, key=True) if origin is not None else
                     Diagnostic(display_path(built.folder), 1, 1, code, message))
    if diags:
        raise SpecError(diags)
