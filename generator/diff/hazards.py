"""Which changes can lose data, and which type changes need the author's ``using:`` expression.

Destructive: dropping a table (also to change its partition key), a partition or a column (not a
generated one: its values are derived), narrowing a column's type (a change that cannot hold
every value of the old type), making a column generated (its values are replaced), removing an
enum value, and dropping an attribute of a composite type. ``generate`` refuses them unless the
author allows them (``--allow-destructive``); a down migration says at its top which of its
steps would lose data.

A type change needs ``using:`` when Postgres has no assignment cast between the two types (then
``ALTER COLUMN ... TYPE`` without ``USING`` fails): numbers convert among themselves, anything
converts to a string type, date and timestamps among themselves, json and jsonb both ways.
"""

from __future__ import annotations

import re

from generator.diff import changes as ch
from generator.diff.types_diff import dropped_attributes
from generator.model import objects as m
from generator.model.types import base_name, element_type

_NUMBERS = ["smallint", "integer", "bigint", "numeric"]  # each holds every value of those before it
_INTEGER_DIGITS = {"smallint": 5, "integer": 10, "bigint": 19}
_FLOATS = {"real", "double precision"}
_STRINGS = {"text", "character varying", "character"}
_TIMES = ["date", "timestamp without time zone", "timestamp with time zone"]


def destructive(change: ch.Change) -> str | None:
    """Why the change can lose data, or None when it cannot."""
    if isinstance(change, ch.Drop) and isinstance(change.obj, m.Table):
        return f"drops table {m.qname_text(change.obj.qname)} and its rows"
    if isinstance(change, ch.RegenerateColumn) and change.old.generated is None:
        return (f"replaces the values of column {change.new.name} of {m.qname_text(change.table)} with its "
                "generation expression")
    if isinstance(change, ch.Drop) and isinstance(change.obj, m.Partition) and change.mode != ch.IF_EMPTY:
        return f"drops partition {change.obj.name} of {m.qname_text(change.table)} and its rows"
    if isinstance(change, ch.Drop) and isinstance(change.obj, m.Column) and change.obj.generated is None:
        return f"drops column {change.obj.name} of {m.qname_text(change.table)} and its values"
    if isinstance(change, ch.Alter) and isinstance(change.new, m.Column) and change.old.type != change.new.type:
        if not widens(change.old.type, change.new.type):
            return (f"narrows column {change.new.name} of {m.qname_text(change.table)} from "
                    f"{change.old.type} to {change.new.type}")
    if isinstance(change, ch.Alter) and isinstance(change.new, m.CompositeType):
        return dropped_attributes(change)
    if isinstance(change, ch.RebuildEnum):
        gone = [v for v in change.old.values if v not in change.new.values]
        if gone:
            return f"removes value(s) {', '.join(gone)} from enum {m.qname_text((change.new.schema, change.new.name))}"
    return None


def needs_using(old: str, new: str) -> bool:
    """Whether ``ALTER COLUMN ... TYPE new`` from ``old`` needs a USING expression."""
    if old.endswith("[]") != new.endswith("[]"):
        return True
    a, b = base_name(element_type(old)), base_name(element_type(new))
    numeric = set(_NUMBERS) | _FLOATS
    return not (a == b or b in _STRINGS or {a, b} <= numeric or {a, b} <= set(_TIMES)
                or {a, b} <= {"json", "jsonb"})


def widens(old: str, new: str) -> bool:
    """Whether every value of type ``old`` is kept exactly by type ``new``."""
    if old.endswith("[]") != new.endswith("[]"):
        return False
    old, new = element_type(old), element_type(new)
    a, b = base_name(old), base_name(new)
    if b in ("text", "character varying") and _length(new) is None:
        return True  # every value has a text form
    if a in _STRINGS and b == "character varying":
        return _length(old) is not None and _length(new) >= _length(old)
    if a in _NUMBERS and b in _NUMBERS:
        if _number_digits(new) is None:
            return True  # unbounded numeric holds every number
        return (_number_digits(old) is not None and _number_digits(new) >= _number_digits(old)
                and _scale(new) >= _scale(old))
    if a in _TIMES and b in _TIMES:
        return _TIMES.index(b) >= _TIMES.index(a)
    return (a, b) in {("real", "double precision"), ("jsonb", "json")}


def _modifiers(t: str) -> list[int]:
    found = re.search(r"\(([-0-9, ]+)\)", t)
    return [int(x) for x in found.group(1).split(",")] if found else []


def _length(t: str) -> int | None:
    mods = _modifiers(t)
    return mods[0] if mods else None


def _number_digits(t: str) -> int | None:
    """Integer digits a number type holds; None for unbounded numeric."""
    name = base_name(t)
    if name in _INTEGER_DIGITS:
        return _INTEGER_DIGITS[name]
    mods = _modifiers(t)
    return (mods[0] - (mods[1] if len(mods) > 1 else 0)) if mods else None


def _scale(t: str) -> int:
    mods = _modifiers(t)
    return mods[1] if base_name(t) == "numeric" and len(mods) > 1 else 0
