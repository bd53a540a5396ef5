"""Small canonical forms shared by the spec builder and the catalog reader."""

from __future__ import annotations


def search_path(value: str) -> str:
    """``pg_catalog,public`` and ``pg_catalog, public`` are the same setting."""
    return ", ".join(part.strip() for part in value.split(","))


def function_body(body: str) -> str:
    """Bodies are verbatim except for the blank lines around them, which carry no meaning."""
    return body.strip("\n")


def extension_schema(schema: str | None) -> str | None:
    """``public`` is where an extension goes when no schema is named."""
    return None if schema in (None, "public") else schema


def function_cost(cost: float | None, language: str) -> float | None:
    """None for PostgreSQL's default cost (1 for C and internal functions, else 100)."""
    return None if cost is None or cost == (1 if language in ("c", "internal") else 100) else _number(cost)


def function_rows(rows: float | None) -> float | None:
    """None for PostgreSQL's default row estimate of a set-returning function (1000; 0 when not one)."""
    return None if rows in (None, 0, 1000) else _number(rows)


def _number(value: float) -> float:
    """A whole number as an int, so that it prints as the author wrote it (``COST 10``, not ``10.0``)."""
    return int(value) if float(value).is_integer() else value
