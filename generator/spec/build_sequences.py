"""Spec sequences → model sequences, and the checks of generated and collated columns.

A sequence's options are made concrete here the way ``CREATE SEQUENCE`` chooses them (an
ascending sequence runs from 1 to the type's highest value, a descending one from the type's
lowest to -1, and starts at its first value), so a spec and the catalog compare as values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.model import objects as m
from generator.model.sequences import RANGES, defaults, non_default, sequence_references, serial_sequences
from generator.model.types import base_name, element_type
from generator.spec import format as fmt

if TYPE_CHECKING:
    from generator.spec.build import _Builder
    from generator.spec.files import Origin

COLLATABLE = {"text", "character varying", "character", "citext", "name"}


def options(b: "_Builder", type_: str, spec: fmt.SequenceSpec | fmt.IdentitySpec,
            o: "Origin") -> tuple[int, int, int]:
    """(start, min, max) made concrete, each checked against the type and the others."""
    low, high = RANGES[type_]
    if spec.increment == 0:
        b.error(o.at("increment"), "E191", "a sequence's increment cannot be 0")
    lo, hi = defaults(type_, spec.increment or 1)
    lo = spec.min if spec.min is not None else lo
    hi = spec.max if spec.max is not None else hi
    for key, value in (("min", lo), ("max", hi), ("start", spec.start), ("increment", spec.increment)):
        if value is not None and not low <= value <= high:
            b.error(o.at(key), "E191", f"{key} {value} is out of range for a {type_} sequence ({low} to {high})")
    if lo >= hi:
        b.error(o, "E191", f"min ({lo}) must be less than max ({hi})")
    start = spec.start if spec.start is not None else (lo if spec.increment > 0 else hi)
    if lo < hi and not lo <= start <= hi:
        b.error(o.at("start"), "E191", f"start {start} is not between min ({lo}) and max ({hi})")
    return start, lo, hi


def identity_options(b: "_Builder", spec: fmt.IdentitySpec | None, type_: str, o: "Origin") -> tuple:
    """An identity column's sequence options that are not Postgres's defaults."""
    if spec is None or type_ not in RANGES:
        return ()
    start, lo, hi = options(b, type_, spec, o)
    return non_default(type_, start, spec.increment, lo, hi, spec.cache, spec.cycle)


def sequence(b: "_Builder", name: str, spec: fmt.SequenceSpec, o: "Origin", model: m.Model) -> m.Sequence:
    schema = b.schema(spec.schema_, o.at("schema"))
    start, lo, hi = options(b, spec.type, spec, o)
    for role in spec.grants:
        if role not in model.roles and role != "public":
            b.error(o.at("grants", role), "E130", f"unknown role {role!r}: declare it under 'roles'", key=True)
    grants = tuple(sorted({(r, p) for r, ps in spec.grants.items() for p in ps}))
    return m.Sequence(schema, b.name(name, o), spec.type, start, spec.increment, lo, hi, spec.cache, spec.cycle,
                      owner(b, name, schema, spec.owned_by, o.at("owned_by"), model), grants, spec.comment)


def owner(b: "_Builder", name: str, schema: str, text: str | None, o: "Origin",
          model: m.Model) -> tuple[str, str] | None:
    """``table.column`` → (table, column), both checked."""
    if text is None:
        return None
    table, _, column = text.partition(".")
    if not table or not column:
        b.error(o, "E192", f"owned_by {text!r}: write 'table.column' (a table of the sequence's schema)")
        return None
    found = model.tables.get((schema, table))
    if found is None:
        b.error(o, "E130", f"owned_by: no table {table!r} in schema {schema!r} (a sequence is owned by a "
                "column of its own schema)")
        return None
    if found.column(column) is None:
        b.error(o, "E130", f"owned_by: table {table!r} has no column {column!r}")
        return None
    if name == f"{table}_{column}_seq":
        b.error(o, "E192", f"sequence {name!r} is what a serial column {table}.{column} implies: make the "
                "column serial instead of declaring its sequence")
    return (table, column)


def unknown_sequences(b: "_Builder", model: m.Model) -> None:
    """A column default calling ``nextval('x')`` needs sequence x declared (or implied by a serial column)."""
    known = set(model.sequences) | serial_sequences(model.tables.values())
    for t in model.tables.values():
        for c in t.columns:
            for q in sorted(sequence_references(c.default.text if c.default else None) - known):
                b.error(b.origins[("column", t.schema, t.name, c.name)].at("default", "sql"), "E130",
                        f"unknown sequence {m.qname_text(q)!r}: declare it under 'sequences'")


def column_problems(b: "_Builder", spec: fmt.Column, type_: str, serial: bool, o: "Origin") -> None:
    """A generated column has no default and is no identity; a collation needs a type that has one."""
    if spec.generated is not None:
        for key, given in (("default", spec.default is not None), ("identity", spec.identity is not None),
                           ("type", serial)):
            if given:
                b.error(o.at(key), "E190", "a generated column has no default, identity or serial type: "
                        "its value is always the expression's")
    if spec.collation is not None:
        if spec.collation == "default":
            b.error(o.at("collation"), "E193", "collation 'default' is the type's own: leave 'collation' out")
        elif base_name(element_type(type_)) not in COLLATABLE:
            b.error(o.at("collation"), "E193", f"type {type_} has no collation (only text types do)")


def seed_problems(b: "_Builder", spec: fmt.TableSpec, o: "Origin", columns: dict[str, m.Column]) -> None:
    for i, row in enumerate(spec.seed):
        for cname in row:
            col = columns.get(cname)
            if col is not None and col.generated is not None:
                b.error(o.at("seed", i, cname), "E194", f"seed rows cannot set generated column {cname!r}: "
                        "Postgres computes it", key=True)
