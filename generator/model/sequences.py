"""What ``CREATE SEQUENCE`` chooses for options left out (for sequences and identity columns alike),
which sequences serial columns imply, and which sequences an SQL text calls (``nextval('name')``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from generator.model.objects import QName, Table

_CALL = re.compile(r"\b(?:nextval|currval|setval)\s*\(\s*'((?:[^']|'')+)'", re.IGNORECASE)
_PART = re.compile(r'"((?:[^"]|"")*)"|([^".]+)')
RANGES = {"smallint": (-2 ** 15, 2 ** 15 - 1), "integer": (-2 ** 31, 2 ** 31 - 1), "bigint": (-2 ** 63, 2 ** 63 - 1)}


def defaults(type_: str, increment: int) -> tuple[int, int]:
    """(min, max) that Postgres gives a sequence of ``type_`` left without them: an ascending one
    runs from 1 to the type's highest value, a descending one from the type's lowest to -1."""
    low, high = RANGES[type_]
    return (1, high) if increment > 0 else (low, -1)


def non_default(type_: str, start: int, increment: int, min_: int, max_: int, cache: int,
                cycle: bool) -> tuple[tuple[str, Any], ...]:
    """The options that differ from what Postgres would choose, in ``CREATE SEQUENCE`` order."""
    low, high = defaults(type_, increment)
    first = min_ if increment > 0 else max_  # the start a sequence left without one gets
    return tuple((k, v) for k, v, d in (("increment", increment, 1), ("min", min_, low), ("max", max_, high),
                                        ("start", start, first), ("cache", cache, 1), ("cycle", cycle, False))
                 if v != d)


def serial_sequences(tables: Iterable[Table]) -> set[QName]:
    """The sequences the serial columns of ``tables`` imply: ``<table>_<column>_seq`` in their schema."""
    return {(t.schema, f"{t.name}_{c.name}_seq") for t in tables for c in t.columns if c.serial}


@lru_cache(maxsize=4096)
def sequence_references(text: str | None) -> frozenset[QName]:
    """The sequences ``nextval``/``currval``/``setval`` name in an SQL text, as (schema, name)."""
    out = set()
    for found in _CALL.finditer(text or ""):
        parts = [p.group(1).replace('""', '"') if p.group(1) is not None else p.group(2).strip().lower()
                 for p in _PART.finditer(found.group(1).replace("''", "'"))]
        if len(parts) in (1, 2):
            out.add(tuple(parts) if len(parts) == 2 else ("public", parts[0]))
    return frozenset(out)
