"""Whether a YAML value can be a literal of a column type (defaults and seed rows).

Checked before any SQL is written: ``default: {value: abc}`` on an integer column, or ``5`` on a
text column (which Postgres would store as ``'5'::text`` and read back as a different default),
is an error at the value, not a failed migration later.
"""

from __future__ import annotations

from typing import Any

from generator.model.types import INTEGER_TYPES, base_name
from generator.redaction import shown

_NUMBERS = {"numeric", "real", "double precision", "money"}
_JSON = {"json", "jsonb"}


def _a(type_: str) -> str:
    return ("an " if type_[0] in "aeiou" else "a ") + type_


def literal_problem(value: Any, type_: str, enum_values: tuple[str, ...] | None = None, *,
                    sensitive: bool = False) -> str | None:
    """Why ``value`` cannot be written as a literal of ``type_``, or None when it can (or when
    there is no type to judge by: an unreadable type is reported on its own); the value of a
    ``sensitive`` column is not quoted."""
    if not type_.strip():
        return None
    if type_.endswith("[]"):
        if not isinstance(value, list):
            return f"{_a(type_)} value is a list"
        element = type_[:-2]
        for item in value:
            problem = item is not None and literal_problem(item, element, enum_values, sensitive=sensitive)
            if problem:
                return problem
        return None
    base = base_name(type_)
    if base in _JSON:
        return None
    if base == "boolean":
        return None if isinstance(value, bool) else \
            f"a boolean column takes true or false, not {shown(value, sensitive)}"
    if base in INTEGER_TYPES:
        return None if isinstance(value, int) and not isinstance(value, bool) else \
            f"{_a(base)} column takes a whole number, not {shown(value, sensitive)}"
    if base in _NUMBERS:
        return None if isinstance(value, (int, float)) and not isinstance(value, bool) else \
            f"{_a(base)} column takes a number, not {shown(value, sensitive)}"
    if not isinstance(value, str):
        return f"{_a(type_)} column takes a string, not {shown(value, sensitive)} (quote it in YAML)"
    if enum_values is not None and value not in enum_values:
        return f"{shown(value, sensitive)} is not a value of enum {type_} ({', '.join(enum_values)})"
    return None
