"""What ``CREATE SEQUENCE`` chooses for options left out, for sequences and identity columns alike."""

from __future__ import annotations

from typing import Any

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
