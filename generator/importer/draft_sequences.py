"""Sequences as spec mappings: options at Postgres's default value are left out."""

from __future__ import annotations

from typing import Any

from generator.model import objects as m
from generator.model.sequences import defaults

PRIVILEGES = ("usage", "select", "update")


def sequence_doc(s: m.Sequence) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if s.schema != "public":
        doc["schema"] = s.schema
    if s.type != "bigint":
        doc["type"] = s.type
    low, high = defaults(s.type, s.increment)
    if s.start != (s.min if s.increment > 0 else s.max):  # the builder's default start
        doc["start"] = s.start
    if s.increment != 1:
        doc["increment"] = s.increment
    if s.min != low:
        doc["min"] = s.min
    if s.max != high:
        doc["max"] = s.max
    if s.cache != 1:
        doc["cache"] = s.cache
    if s.cycle:
        doc["cycle"] = True
    if s.owned_by:
        doc["owned_by"] = ".".join(s.owned_by)
    if s.grants:
        roles: dict[str, list[str]] = {}
        for role, privilege in s.grants:
            roles.setdefault(role, []).append(privilege)
        doc["grants"] = {r: sorted(ps, key=PRIVILEGES.index) for r, ps in sorted(roles.items())}
    if s.comment is not None:
        doc["comment"] = s.comment
    return doc


def sequences_doc(model: m.Model) -> dict[str, Any]:
    return {s.name: sequence_doc(s) for s in sorted(model.sequences.values(), key=lambda s: (s.name, s.schema))}
